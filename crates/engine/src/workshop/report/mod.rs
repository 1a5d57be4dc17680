//! The workshop's report: everything the debrief shows, as JSON (which replays the session
//! exactly) and as Markdown (which a facilitator pastes into their notes). The model is
//! here; `build` makes it from a session, `markdown` writes it out, `replay` plays it again.

mod build;
mod markdown;
mod replay;

use serde::{Deserialize, Serialize};

pub use replay::{ReplayError, replay};

use super::{Ballot, Setup, Split};
use crate::format::Rating;
use crate::model::{ChoiceIdx, Scenario};

/// The report format's version; a reader refuses others.
pub const REPORT_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkshopReport {
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
    /// The facilitation block's debrief questions, by phase (format 2).
    #[serde(default)]
    pub debrief: Vec<(String, Vec<String>)>,
    pub road_policy: String,
    /// What the room will try differently on Monday, as the facilitator typed it.
    #[serde(default)]
    pub commitments: Vec<String>,
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
    /// Every meter's value at the start and after each decision, in the order of `meters`:
    /// what the debrief's chart draws.
    #[serde(default)]
    pub trajectory: Vec<Vec<i32>>,
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
    /// Taken by the author's default in a cut session, not voted.
    #[serde(default)]
    pub meanwhile: bool,
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
                .map(|i| ChoiceIdx(i as u16))
                .ok_or_else(|| format!("`{}` has no choice `{id}`", node.id))
        };
        let mut counts = vec![0; node.choices.len()];
        for option in &self.options {
            counts[index(&option.id)?.index()] = option.votes;
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

    /// The votes as a [`Split`], for the words every view of a vote shares.
    fn with_split<R>(&self, words: impl FnOnce(&Split) -> R) -> R {
        let counts: Vec<u32> = self.options.iter().map(|o| o.votes).collect();
        let chosen = self
            .options
            .iter()
            .position(|o| o.id == self.chosen)
            .unwrap_or(0);
        words(&Split {
            counts: &counts,
            chosen: ChoiceIdx(chosen as u16),
            tie_break: self.tie_break,
        })
    }

    /// "5–4" style: the counts above zero, highest first.
    pub fn split(&self) -> String {
        self.with_split(|s| s.figures())
    }

    /// "won by one vote, 5–4" or "a tie (3–3) broken by the facilitator".
    pub fn close_call_words(&self) -> String {
        self.with_split(|s| s.close_call_words())
    }
}

impl WorkshopReport {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<WorkshopReport, ReplayError> {
        let report: WorkshopReport =
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
