//! The report as Markdown: the results, side by side, the close calls, each team's timeline
//! with its votes and roads not taken, and the questions for discussion.

use std::fmt::Write;

use super::{DecisionReport, TeamReport, WorkshopReport};
use crate::workshop::{Length, Voting};

impl WorkshopReport {
    /// The debrief as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        // Writing to a `String` cannot fail.
        let _ = self.write_markdown(&mut md);
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
            Voting::Phones => "anonymous votes on the room's phones, with hands added",
        };
        let length = match s.length {
            Length::Full => "every decision voted",
            Length::Cut => "the 60-minute cut (pivotal decisions voted, the rest by default)",
        };
        writeln!(
            md,
            "Scenario `{}` · seed {} · {} · {} · {} · {}.\n",
            self.scenario,
            s.seed,
            plural(s.teams.len(), "team"),
            length,
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
            self.teams.iter().map(|t| {
                let voted = t.decisions.iter().filter(|d| !d.meanwhile).count();
                match t.decisions.len() {
                    all if all == voted => all.to_string(),
                    all => format!("{all} ({voted} voted)"),
                }
            }),
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
            let how = d.close_call_words();
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
                if d.meanwhile {
                    let chosen = d.chosen_option().map_or("", |o| o.text.as_str());
                    writeln!(
                        md,
                        "### {}. Meanwhile: {who} (`{}`)\n\nTaken by default: “{chosen}”\n",
                        i + 1,
                        d.node
                    )?;
                    for line in &d.consequences {
                        writeln!(md, "> {line}")?;
                    }
                    if !d.consequences.is_empty() {
                        writeln!(md)?;
                    }
                    continue;
                }
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

        if !self.commitments.is_empty() {
            writeln!(md, "## What we will try differently on Monday\n")?;
            for c in &self.commitments {
                writeln!(md, "- {c}")?;
            }
            writeln!(md)?;
        }
        if !self.debrief.is_empty() {
            writeln!(md, "## Debrief questions\n")?;
            for (phase, questions) in &self.debrief {
                writeln!(md, "### {phase}\n")?;
                for q in questions {
                    writeln!(md, "- {q}")?;
                }
                writeln!(md)?;
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
