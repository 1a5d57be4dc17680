//! The workshop's report: everything the debrief shows, as JSON (which replays the session
//! exactly) and as Markdown (which a facilitator pastes into their notes).

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::{Ballot, ROAD_POLICY, Setup, Voting, Workshop, WorkshopError};
use crate::format::Rating;
use crate::run::Run;
use crate::scenario::Scenario;

/// The report format's version; a reader refuses others.
pub const REPORT_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub format: u32,
    pub scenario: String,
    pub title: String,
    /// The scenario file's fingerprint, so a replay can tell the scenario has changed.
    pub fingerprint: u64,
    pub setup: Setup,
    /// The team that made each decision, in order.
    pub order: Vec<usize>,
    pub teams: Vec<TeamReport>,
    /// The first decision (1-based) at which the teams chose differently.
    pub diverged_at: Option<usize>,
    pub discussion: Vec<String>,
    pub road_policy: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamReport {
    pub name: String,
    pub colour: String,
    pub decisions: Vec<DecisionReport>,
    pub ending: Option<String>,
    pub ending_title: Option<String>,
    pub rating: Option<Rating>,
    pub score: Option<ScoreReport>,
    /// Every meter's final value, hidden ones included.
    pub meters: Vec<MeterValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreReport {
    pub overall: u32,
    pub grade: String,
    pub competencies: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeterValue {
    pub label: String,
    pub value: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionReport {
    pub node: String,
    /// Who spoke, or `None` for narration.
    pub speaker: Option<String>,
    /// The options the room could choose, with their votes.
    pub options: Vec<OptionReport>,
    /// The chosen option's id.
    pub chosen: String,
    pub tie_break: bool,
    pub close_call: bool,
    pub consequences: Vec<String>,
    pub road: Option<RoadReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionReport {
    pub id: String,
    pub text: String,
    pub votes: u32,
}

/// The road not taken at one decision, in words the room understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadReport {
    pub choice: String,
    pub text: String,
    pub ending: String,
    pub reached: u32,
    pub playthroughs: u32,
    pub score: u32,
    pub meters: Vec<MeterValue>,
    /// The room's own choice, by the same measure.
    pub taken_ending: String,
    pub taken_reached: u32,
    pub taken_score: u32,
    pub taken_meters: Vec<MeterValue>,
}

impl DecisionReport {
    /// The ballot this decision stands for, as indices into its node's choices.
    pub fn ballot(&self, scenario: &Scenario) -> Result<Ballot, String> {
        let node = scenario
            .node_index(&self.node)
            .map(|n| scenario.node(n))
            .ok_or_else(|| format!("the scenario has no node `{}`", self.node))?;
        let index = |id: &str| {
            node.choices
                .iter()
                .position(|c| c.id == id)
                .ok_or_else(|| format!("`{}` has no choice `{id}`", node.id))
        };
        let mut counts = vec![0; node.choices.len()];
        for option in &self.options {
            counts[index(&option.id)?] = option.votes;
        }
        let tie_break = if self.tie_break {
            Some(index(&self.chosen)?)
        } else {
            None
        };
        Ok(Ballot { counts, tie_break })
    }

    pub fn chosen_option(&self) -> Option<&OptionReport> {
        self.options.iter().find(|o| o.id == self.chosen)
    }

    /// "5–4" style: the winner's votes, then the runner-up's.
    pub fn split(&self) -> String {
        let mut votes: Vec<u32> = self.options.iter().map(|o| o.votes).collect();
        votes.sort_unstable_by(|a, b| b.cmp(a));
        votes
            .iter()
            .take_while(|&&v| v > 0)
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("–")
    }
}

impl Report {
    pub fn new(workshop: &Workshop, scenario: &Scenario) -> Report {
        let teams: Vec<TeamReport> = workshop
            .teams()
            .iter()
            .map(|play| team_report(scenario, play))
            .collect();
        Report {
            format: REPORT_FORMAT,
            scenario: scenario.id.clone(),
            title: scenario.title.clone(),
            fingerprint: scenario.fingerprint,
            setup: workshop.setup.clone(),
            order: workshop.order().to_vec(),
            diverged_at: divergence(&teams),
            teams,
            discussion: scenario.discussion.clone(),
            road_policy: ROAD_POLICY.to_owned(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Report, ReplayError> {
        let report: Report =
            serde_json::from_str(text).map_err(|e| ReplayError::Format(e.to_string()))?;
        if report.format != REPORT_FORMAT {
            return Err(ReplayError::Format(format!(
                "report format {} is not the supported {REPORT_FORMAT}",
                report.format
            )));
        }
        Ok(report)
    }

    /// Each team's recorded ballots, in order: what a replay in the game puts up at each vote.
    pub fn ballots(&self, scenario: &Scenario) -> Result<Vec<Vec<Ballot>>, ReplayError> {
        self.teams
            .iter()
            .map(|team| {
                team.decisions
                    .iter()
                    .map(|d| d.ballot(scenario).map_err(ReplayError::Diverged))
                    .collect()
            })
            .collect()
    }

    /// The debrief as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        self.write_markdown(&mut md)
            .expect("writing to a String cannot fail");
        md
    }

    fn write_markdown(&self, md: &mut String) -> std::fmt::Result {
        let s = &self.setup;
        writeln!(md, "# Workshop report: {}\n", self.title)?;
        let discussion = match s.discussion_seconds {
            0 => "no timer".to_owned(),
            n => format!("{n} s of discussion per decision"),
        };
        let voting = match s.voting {
            Voting::Counts => "show-of-hands counts",
            Voting::Majority => "majority picked by the facilitator",
        };
        writeln!(
            md,
            "Scenario `{}` · seed {} · {} · {} · {}.\n",
            self.scenario,
            s.seed,
            plural(s.teams.len(), "team"),
            voting,
            discussion
        )?;
        writeln!(
            md,
            "Replay this session exactly with `promoted play --replay <this report>.json`, \
             or from the game's title screen.\n"
        )?;

        writeln!(md, "## Results\n")?;
        let names: Vec<&str> = self.teams.iter().map(|t| t.name.as_str()).collect();
        table_header(md, "", &names)?;
        table_row(
            md,
            "Ending",
            self.teams.iter().map(|t| {
                t.ending_title
                    .clone()
                    .unwrap_or_else(|| "not finished".into())
            }),
        )?;
        table_row(
            md,
            "Score",
            self.teams.iter().map(|t| {
                t.score
                    .as_ref()
                    .map_or("—".into(), |s| format!("{} ({})", s.overall, s.grade))
            }),
        )?;
        table_row(
            md,
            "Decisions",
            self.teams.iter().map(|t| t.decisions.len().to_string()),
        )?;
        if let Some(first) = self.teams.first() {
            writeln!(md, "\n### Final meters (hidden ones included)\n")?;
            table_header(md, "", &names)?;
            for (m, meter) in first.meters.iter().enumerate() {
                table_row(
                    md,
                    &meter.label,
                    self.teams
                        .iter()
                        .map(|t| t.meters.get(m).map_or("—".into(), |v| v.value.to_string())),
                )?;
            }
            let competencies = first.score.iter().flat_map(|s| s.competencies.iter());
            if competencies.clone().next().is_some() {
                writeln!(md, "\n### Competencies (0–100)\n")?;
                table_header(md, "", &names)?;
            }
            for (c, (name, _)) in competencies.enumerate() {
                table_row(
                    md,
                    name,
                    self.teams.iter().map(|t| {
                        t.score
                            .as_ref()
                            .and_then(|s| s.competencies.get(c))
                            .map_or("—".into(), |(_, v)| v.to_string())
                    }),
                )?;
            }
        }
        writeln!(md)?;

        if self.teams.len() > 1 {
            writeln!(md, "## Side by side\n")?;
            match self.diverged_at {
                Some(n) => writeln!(md, "The teams first chose differently at decision {n}.\n")?,
                None => writeln!(md, "The teams made the same choices throughout.\n")?,
            }
            let longest = self
                .teams
                .iter()
                .map(|t| t.decisions.len())
                .max()
                .unwrap_or(0);
            table_header(md, "#", &names)?;
            for i in 0..longest {
                let marker = if Some(i + 1) == self.diverged_at {
                    " ←"
                } else {
                    ""
                };
                table_row(
                    md,
                    &format!("{}{marker}", i + 1),
                    self.teams.iter().map(|t| {
                        t.decisions
                            .get(i)
                            .and_then(DecisionReport::chosen_option)
                            .map_or(String::new(), |o| o.text.clone())
                    }),
                )?;
            }
            writeln!(md)?;
        }

        let close: Vec<(usize, &TeamReport, &DecisionReport)> = self
            .teams
            .iter()
            .flat_map(|t| {
                t.decisions
                    .iter()
                    .enumerate()
                    .map(move |(i, d)| (i + 1, t, d))
            })
            .filter(|(.., d)| d.close_call)
            .collect();
        writeln!(md, "## Close calls\n")?;
        if close.is_empty() {
            writeln!(md, "None: every decision was won by more than one vote.\n")?;
        }
        for (n, team, d) in &close {
            let how = if d.tie_break {
                format!("a tie ({}) broken by the facilitator", d.split())
            } else {
                format!("won by one vote, {}", d.split())
            };
            let chosen = d.chosen_option().map_or("", |o| o.text.as_str());
            writeln!(md, "- {}, decision {n}: “{chosen}”, {how}.", team.name)?;
        }
        if !close.is_empty() {
            writeln!(md)?;
        }

        for team in &self.teams {
            writeln!(md, "## {}: the timeline\n", team.name)?;
            for (i, d) in team.decisions.iter().enumerate() {
                let who = d.speaker.as_deref().unwrap_or("What happens");
                writeln!(md, "### {}. {who} (`{}`)\n", i + 1, d.node)?;
                writeln!(md, "| Option | Votes |\n|---|---|")?;
                for (o, option) in d.options.iter().enumerate() {
                    let text = cell(&option.text);
                    if option.id == d.chosen {
                        writeln!(md, "| **{}. {text}** (chosen) | {} |", o + 1, option.votes)?;
                    } else {
                        writeln!(md, "| {}. {text} | {} |", o + 1, option.votes)?;
                    }
                }
                writeln!(md)?;
                if d.tie_break {
                    writeln!(md, "A tie, broken by the facilitator.\n")?;
                } else if d.close_call {
                    writeln!(md, "Won by one vote.\n")?;
                }
                for line in &d.consequences {
                    writeln!(md, "> {line}")?;
                }
                if !d.consequences.is_empty() {
                    writeln!(md)?;
                }
                if let Some(road) = &d.road {
                    writeln!(md, "{}\n", road.sentence())?;
                }
            }
        }

        if !self.discussion.is_empty() {
            writeln!(md, "## For discussion\n")?;
            for (i, q) in self.discussion.iter().enumerate() {
                writeln!(md, "{}. {q}", i + 1)?;
            }
            writeln!(md)?;
        }
        writeln!(md, "## How the road not taken is worked out\n")?;
        writeln!(md, "{}", self.road_policy)
    }
}

impl RoadReport {
    /// "Had the room chosen …, it would most likely have ended at …".
    pub fn sentence(&self) -> String {
        format!(
            "Road not taken: had the room chosen “{}”, it would most likely have ended at “{}” \
             ({} of {} playthroughs, median score {}){}. The room's choice most likely leads to “{}” \
             ({} of {}, median score {}){}.",
            self.text,
            self.ending,
            self.reached,
            self.playthroughs,
            self.score,
            with_meters(&self.meters),
            self.taken_ending,
            self.taken_reached,
            self.playthroughs,
            self.taken_score,
            with_meters(&self.taken_meters),
        )
    }
}

fn with_meters(meters: &[MeterValue]) -> String {
    if meters.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = meters
        .iter()
        .map(|m| format!("{} {}", m.label.to_lowercase(), m.value))
        .collect();
    format!(", with {}", parts.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Table cells cannot hold pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn table_header(md: &mut String, first: &str, names: &[&str]) -> std::fmt::Result {
    write!(md, "| {first} |")?;
    for name in names {
        write!(md, " {} |", cell(name))?;
    }
    write!(md, "\n|---|")?;
    for _ in names {
        write!(md, "---|")?;
    }
    writeln!(md)
}

fn table_row(
    md: &mut String,
    label: &str,
    values: impl Iterator<Item = String>,
) -> std::fmt::Result {
    write!(md, "| {} |", cell(label))?;
    for v in values {
        write!(md, " {} |", cell(&v))?;
    }
    writeln!(md)
}

/// The meters a road sentence names: the visible ones that are not a stakeholder's trust.
fn road_meters(scenario: &Scenario, values: &[i32]) -> Vec<MeterValue> {
    scenario
        .meters
        .iter()
        .zip(values)
        .filter(|(m, _)| m.visible && m.stakeholder.is_none())
        .map(|(m, &value)| MeterValue {
            label: m.label.clone(),
            value,
        })
        .collect()
}

fn team_report(scenario: &Scenario, play: &super::TeamPlay) -> TeamReport {
    let run = &play.run;
    let decisions = run
        .history()
        .iter()
        .zip(&play.votes)
        .map(|(decision, vote)| {
            let node = scenario.node(decision.node);
            let options: Vec<OptionReport> = node
                .choices
                .iter()
                .enumerate()
                .filter(|(_, c)| decision.before.is_available(c))
                .map(|(i, c)| OptionReport {
                    id: c.id.clone(),
                    text: c.text.render(scenario, &decision.before),
                    votes: vote.counts.get(i).copied().unwrap_or(0),
                })
                .collect();
            let road = vote.road.as_ref().map(|road| {
                let other = &node.choices[road.choice];
                RoadReport {
                    choice: other.id.clone(),
                    text: other.text.render(scenario, &decision.before),
                    ending: scenario.endings[road.not_taken.ending].title.clone(),
                    reached: road.not_taken.reached,
                    playthroughs: road.not_taken.playthroughs,
                    score: road.not_taken.score,
                    meters: road_meters(scenario, &road.not_taken.meters),
                    taken_ending: scenario.endings[road.taken.ending].title.clone(),
                    taken_reached: road.taken.reached,
                    taken_score: road.taken.score,
                    taken_meters: road_meters(scenario, &road.taken.meters),
                }
            });
            DecisionReport {
                node: node.id.clone(),
                speaker: node.speaker.map(|s| scenario.cast[s].name.clone()),
                options,
                chosen: node.choices[vote.chosen].id.clone(),
                tie_break: vote.tie_break,
                close_call: vote.is_close_call(),
                consequences: run.consequences(scenario, decision),
                road,
            }
        })
        .collect();
    let ending = run.ending(scenario);
    TeamReport {
        name: play.team.name.clone(),
        colour: play.team.colour.clone(),
        decisions,
        ending: ending.map(|e| e.id.clone()),
        ending_title: ending.map(|e| e.title.clone()),
        rating: ending.map(|e| e.rating),
        score: run.score(scenario).map(|s| ScoreReport {
            overall: s.overall,
            grade: s.grade.to_string(),
            competencies: s
                .competencies
                .iter()
                .map(|c| (c.competency.label().to_owned(), c.score))
                .collect(),
        }),
        meters: scenario
            .meters
            .iter()
            .zip(run.state().meters())
            .map(|(m, &value)| MeterValue {
                label: m.label.clone(),
                value,
            })
            .collect(),
    }
}

/// The first decision (1-based) where two teams chose differently.
fn divergence(teams: &[TeamReport]) -> Option<usize> {
    if teams.len() < 2 {
        return None;
    }
    let longest = teams.iter().map(|t| t.decisions.len()).max().unwrap_or(0);
    (0..longest)
        .find(|&i| {
            let first = teams[0].decisions.get(i).map(|d| (&d.node, &d.chosen));
            teams[1..]
                .iter()
                .any(|t| t.decisions.get(i).map(|d| (&d.node, &d.chosen)) != first)
        })
        .map(|i| i + 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// Not a report this version can read.
    Format(String),
    OtherScenario {
        report: String,
    },
    ScenarioChanged,
    /// The recorded votes no longer lead where they did.
    Diverged(String),
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayError::Format(why) => write!(f, "not a workshop report: {why}"),
            ReplayError::OtherScenario { report } => {
                write!(f, "the report is of scenario `{report}`")
            }
            ReplayError::ScenarioChanged => {
                write!(f, "the scenario has changed since this session was played")
            }
            ReplayError::Diverged(why) => write!(f, "the replay went another way: {why}"),
        }
    }
}

impl std::error::Error for ReplayError {}

/// Play a recorded session again — the same setup, the same votes in the same order —
/// checking at each step and at the end that it goes exactly where the report says it went.
pub fn replay(scenario: &Scenario, report: &Report) -> Result<Workshop, ReplayError> {
    if report.scenario != scenario.id {
        return Err(ReplayError::OtherScenario {
            report: report.scenario.clone(),
        });
    }
    if report.fingerprint != scenario.fingerprint {
        return Err(ReplayError::ScenarioChanged);
    }
    let mut workshop = Workshop::new(scenario, report.setup.clone())
        .map_err(|e| ReplayError::Format(e.to_string()))?;
    let mut next = vec![0usize; report.teams.len()];
    for (step, &team) in report.order.iter().enumerate() {
        let diverged = |why: String| {
            ReplayError::Diverged(format!("decision {} of the session: {why}", step + 1))
        };
        if workshop.current() != Some(team) {
            return Err(diverged(format!("it was not team {}'s turn", team + 1)));
        }
        let recorded = report
            .teams
            .get(team)
            .and_then(|t| t.decisions.get(next[team]))
            .ok_or_else(|| diverged("the report lists no such decision".into()))?;
        next[team] += 1;
        let run: &Run = &workshop.teams()[team].run;
        let at = &scenario.node(run.state().node()).id;
        if *at != recorded.node {
            return Err(diverged(format!("at `{at}`, not `{}`", recorded.node)));
        }
        let ballot = recorded.ballot(scenario).map_err(diverged)?;
        let decision = workshop
            .decide(scenario, &ballot)
            .map_err(|e: WorkshopError| diverged(e.to_string()))?;
        let node = scenario.node(decision.node);
        if node.id != recorded.node
            || node.choices[usize::from(decision.choice)].id != recorded.chosen
        {
            return Err(diverged(format!(
                "expected `{}.{}`, got `{}.{}`",
                recorded.node,
                recorded.chosen,
                node.id,
                node.choices[usize::from(decision.choice)].id
            )));
        }
    }
    let replayed = Report::new(&workshop, scenario);
    for (was, now) in report.teams.iter().zip(&replayed.teams) {
        if was.ending != now.ending || was.score != now.score {
            return Err(ReplayError::Diverged(format!(
                "{} ended at {:?} with {:?}, not {:?} with {:?}",
                was.name,
                now.ending,
                now.score.as_ref().map(|s| s.overall),
                was.ending,
                was.score.as_ref().map(|s| s.overall)
            )));
        }
    }
    Ok(workshop)
}
