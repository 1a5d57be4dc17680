//! How a simulated player picks: at random, by position, by length, or greedily.

use serde::Serialize;

use crate::analysis::tells::Appraiser;
use crate::model::{ChoiceIdx, Scenario};
use crate::rng::Rng;
use crate::state::State;

/// How a simulated player picks among the available choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Uniformly at random.
    Random,
    /// Always the first available choice.
    First,
    /// Always the last available choice.
    Last,
    /// The choice that raises the visible meters most at once, as a player who reads only
    /// the numbers on screen would.
    Greedy,
    /// The choice with the longest text: the tell of an answer key.
    Longest,
    /// The choice with the shortest text.
    Shortest,
    /// Always the choice at this position (1-based) among those available, or the last.
    Position(u8),
}

impl std::fmt::Display for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Policy::Random => f.write_str("random"),
            Policy::First => f.write_str("first"),
            Policy::Last => f.write_str("last"),
            Policy::Greedy => f.write_str("greedy"),
            Policy::Longest => f.write_str("longest"),
            Policy::Shortest => f.write_str("shortest"),
            Policy::Position(n) => write!(f, "always choice {n}"),
        }
    }
}

impl Policy {
    /// `random`, `first`, `last`, `greedy`, `longest`, `shortest`, or a position such as `2`.
    pub fn parse(name: &str) -> Option<Policy> {
        match name {
            "random" => Some(Policy::Random),
            "first" => Some(Policy::First),
            "last" => Some(Policy::Last),
            "greedy" => Some(Policy::Greedy),
            "longest" => Some(Policy::Longest),
            "shortest" => Some(Policy::Shortest),
            n => n.parse().ok().filter(|&n| n >= 1).map(Policy::Position),
        }
    }

    /// Pick among `available` (never empty), in the node's order.
    pub fn pick(
        self,
        scenario: &Scenario,
        state: &State,
        available: &[ChoiceIdx],
        rng: &mut Rng,
        appraiser: &mut Option<Appraiser>,
    ) -> ChoiceIdx {
        let last = available.len() - 1;
        match self {
            Policy::Random => available[rng.below(available.len() as u32) as usize],
            Policy::First => available[0],
            Policy::Last => available[last],
            Policy::Position(n) => available[(usize::from(n) - 1).min(last)],
            Policy::Greedy => {
                let appraiser = appraiser.get_or_insert_with(|| Appraiser::new(scenario));
                best_by(available, |c| {
                    appraiser.appraise(scenario, state, c).visible_gain
                })
            }
            Policy::Longest => best_by(available, |c| length(scenario, state, c) as f64),
            Policy::Shortest => best_by(available, |c| -(length(scenario, state, c) as f64)),
        }
    }
}

/// The choice text's length as shown now.
fn length(scenario: &Scenario, state: &State, choice: ChoiceIdx) -> usize {
    scenario
        .choice(state.node(), choice)
        .shown_length(scenario, state)
}

/// The choice with the highest `key`; the first listed among equals.
fn best_by(available: &[ChoiceIdx], mut key: impl FnMut(ChoiceIdx) -> f64) -> ChoiceIdx {
    let mut best = available[0];
    let mut best_key = f64::NEG_INFINITY;
    for &c in available {
        let k = key(c);
        if k > best_key {
            best = c;
            best_key = k;
        }
    }
    best
}
