//! Reflection beside the score: the mentor's questions a player asked, and the priorities
//! they named at the start, set beside what their choices protected. Neither is scored: the
//! training pairs new leads with mentors and asks them to reflect, and a number would turn
//! both into one more thing to optimise.

use serde::{Deserialize, Serialize};

use crate::format::Priority;
use crate::model::{MeterId, NodeId, Scenario};
use crate::state::State;

/// How often a player may ask the mentor in one run: rare enough to choose the moment.
pub const MENTOR_QUESTIONS: usize = 2;

/// How many priorities a player names at the start.
pub const PRIORITIES: usize = 2;

/// What a run keeps for the debrief's reflection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub priorities: Vec<Priority>,
    pub asked: Vec<Asked>,
}

/// Where the player asked the mentor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub node: NodeId,
    /// How many decisions had been made: the question belongs to the next one.
    pub decision: u32,
}

/// A mentor's question as the debrief shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedView {
    pub node: NodeId,
    pub question: String,
    /// What the player chose right after asking, if they have chosen yet.
    pub chosen: Option<String>,
}

/// How one priority fared: the change its meters saw from the start, as a share of their
/// ranges, with bad news negative (a meter that is better low counts its rise as a loss).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protected {
    pub priority: Priority,
    /// Whether the player named it at the start.
    pub named: bool,
    /// The average change, in points of 100.
    pub change: i32,
}

impl Protected {
    /// How the debrief says it, without a grade.
    pub fn verdict(&self) -> &'static str {
        match self.change {
            c if c >= 3 => "your choices protected it",
            c if c <= -3 => "your choices spent it",
            _ => "it came out about where it started",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentorError {
    Finished,
    /// The author wrote no question for this decision.
    NoQuestion,
    /// Both questions have been asked.
    NoneLeft,
}

impl std::fmt::Display for MentorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MentorError::Finished => write!(f, "the run is over"),
            MentorError::NoQuestion => write!(f, "your mentor has nothing to ask at this decision"),
            MentorError::NoneLeft => write!(
                f,
                "you have asked your mentor {MENTOR_QUESTIONS} times in this run"
            ),
        }
    }
}

impl std::error::Error for MentorError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriorityError {
    /// Not exactly [`PRIORITIES`] distinct ones.
    Count(usize),
    /// One this scenario does not offer.
    NotOffered(Priority),
    /// Named after the first decision, when it would describe the past.
    Started,
}

impl std::fmt::Display for PriorityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PriorityError::Count(n) => {
                write!(f, "name {PRIORITIES} different priorities, not {n}")
            }
            PriorityError::NotOffered(p) => {
                write!(f, "this scenario does not offer `{}`", p.key())
            }
            PriorityError::Started => write!(f, "priorities are named before the first decision"),
        }
    }
}

impl std::error::Error for PriorityError {}

/// Check a choice of priorities against what the scenario offers.
pub fn check_priorities(scenario: &Scenario, chosen: &[Priority]) -> Result<(), PriorityError> {
    let distinct = chosen
        .iter()
        .enumerate()
        .all(|(i, p)| !chosen[..i].contains(p));
    if chosen.len() != PRIORITIES || !distinct {
        return Err(PriorityError::Count(chosen.len()));
    }
    match chosen.iter().find(|p| scenario.stakes(**p).is_none()) {
        Some(&p) => Err(PriorityError::NotOffered(p)),
        None => Ok(()),
    }
}

/// Each offered priority's change from `first` to `last`, best kept first.
pub fn protected(
    scenario: &Scenario,
    named: &[Priority],
    first: &State,
    last: &State,
) -> Vec<Protected> {
    let mut all: Vec<Protected> = scenario
        .priorities
        .iter()
        .map(|(priority, meters)| Protected {
            priority: *priority,
            named: named.contains(priority),
            change: average_change(scenario, meters, first, last),
        })
        .collect();
    all.sort_by_key(|p| std::cmp::Reverse(p.change));
    all
}

fn average_change(scenario: &Scenario, meters: &[MeterId], first: &State, last: &State) -> i32 {
    if meters.is_empty() {
        return 0;
    }
    let total: i64 = meters
        .iter()
        .map(|&m| {
            let meter = scenario.meter(m);
            let range = (i64::from(meter.max) - i64::from(meter.min)).max(1);
            let change = (i64::from(last.meter(m)) - i64::from(first.meter(m))) * 100 / range;
            if meter.higher_is_better {
                change
            } else {
                -change
            }
        })
        .sum();
    // Each change is within ±100, so the average is too.
    i32::try_from(total / meters.len() as i64).unwrap_or_default()
}

impl Scenario {
    /// The meters that stand for a priority here, or `None` when it is not offered.
    pub fn stakes(&self, priority: Priority) -> Option<&[MeterId]> {
        self.priorities
            .iter()
            .find(|(p, _)| *p == priority)
            .map(|(_, m)| m.as_slice())
    }
}
