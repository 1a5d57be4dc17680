//! The road not taken: where the room's runner-up would most likely have led.

use serde::{Deserialize, Serialize};

use crate::model::{ChoiceIdx, Scenario};
use crate::rng::Rng;
use crate::run::Decision;
use crate::score::score;
use crate::simulate::{Policy, play_out};
use crate::state::{Pick, RunStatus, State};

/// How many continuations are played from each side of a decision.
pub const PLAYTHROUGHS: u32 = 200;

/// The policy, in words, for the debrief and the report.
pub const ROAD_POLICY: &str = "From the state just before each decision, the engine takes the runner-up \
(the option with the most votes after the winner; among equals, or when no other option got a vote, \
the one listed first) with the same dice the room had, then plays 200 continuations in which every \
later choice is picked at random among those available. The ending most of them reach is the most \
likely one; its meters are the medians of the continuations that reach it. The room's own choice \
gets the same treatment, so the two are compared on equal terms.";

/// The runner-up among `available` choices: the most votes after `chosen`, the first listed
/// among equals. `None` when there was no other option.
pub fn runner_up(counts: &[u32], chosen: ChoiceIdx, available: &[ChoiceIdx]) -> Option<ChoiceIdx> {
    let count = |i: ChoiceIdx| super::votes(counts, i);
    let mut best: Option<ChoiceIdx> = None;
    for &i in available.iter().filter(|&&i| i != chosen) {
        if best.is_none_or(|b| count(i) > count(b)) {
            best = Some(i);
        }
    }
    best
}

/// The runner-up played out beside the room's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Road {
    /// The runner-up's index in the node's choices.
    pub choice: ChoiceIdx,
    /// Where the runner-up most likely leads.
    pub not_taken: Branch,
    /// Where the room's choice most likely leads, by the same measure.
    pub taken: Branch,
}

/// Where one choice most likely leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    /// The most frequent ending's index.
    pub ending: usize,
    /// How many of the continuations reached it.
    pub reached: u32,
    pub playthroughs: u32,
    /// The median score of all continuations.
    pub score: u32,
    /// Each meter's median among the continuations that reached the ending.
    pub meters: Vec<i32>,
}

impl Road {
    /// Play out `other` and `chosen` from `state` (the state before the decision).
    pub fn explore(
        scenario: &Scenario,
        state: &State,
        chosen: ChoiceIdx,
        other: ChoiceIdx,
    ) -> Road {
        Road {
            choice: other,
            not_taken: Branch::explore(scenario, state, other),
            taken: Branch::explore(scenario, state, chosen),
        }
    }

    /// Whether a restored road refers only to what the decision's node and the scenario have.
    pub(crate) fn fits(&self, scenario: &Scenario, decision: &Decision) -> bool {
        let branch_fits = |b: &Branch| {
            b.ending < scenario.endings.len() && b.meters.len() == scenario.meters.len()
        };
        self.choice.index() < scenario.node(decision.node).choices.len()
            && branch_fits(&self.not_taken)
            && branch_fits(&self.taken)
    }
}

impl Branch {
    fn explore(scenario: &Scenario, state: &State, choice: ChoiceIdx) -> Branch {
        let mut after = state.clone();
        after.step(scenario, choice, Pick::Draw, &mut ());
        // The continuations' own picks come from side streams seeded by where the decision
        // falls, so the same session always gives the same roads.
        let base = u64::from(state.decisions()) << 32 | u64::from(choice.0);
        let mut finals: Vec<(usize, u32, Vec<i32>)> = Vec::with_capacity(PLAYTHROUGHS as usize);
        let mut available = Vec::new();
        let mut playout = after.clone();
        for i in 0..PLAYTHROUGHS {
            playout.clone_from(&after);
            let mut rng = Rng::side_stream(base ^ u64::from(i).wrapping_mul(0x9e37_79b9));
            play_out(
                scenario,
                &mut playout,
                Policy::Random,
                &mut rng,
                &mut available,
                |_, _, _| {},
            );
            if let (RunStatus::Ended(e), Some(s)) = (playout.status(), score(scenario, &playout)) {
                finals.push((e.index(), s.overall, playout.meters().to_vec()));
            }
        }
        let mut reached = vec![0u32; scenario.endings.len()];
        for (e, ..) in &finals {
            reached[*e] += 1;
        }
        // The most frequent ending; among equals, the one listed first.
        let ending = (0..reached.len())
            .max_by_key(|&e| (reached[e], std::cmp::Reverse(e)))
            .unwrap_or(0);
        let mut scores: Vec<u32> = finals.iter().map(|f| f.1).collect();
        let meters = (0..scenario.meters.len())
            .map(|m| {
                let mut values: Vec<i32> = finals
                    .iter()
                    .filter(|f| f.0 == ending)
                    .map(|f| f.2[m])
                    .collect();
                median(&mut values).unwrap_or(after.meters()[m])
            })
            .collect();
        Branch {
            ending,
            reached: reached.get(ending).copied().unwrap_or(0),
            playthroughs: PLAYTHROUGHS,
            score: median(&mut scores).unwrap_or(0),
            meters,
        }
    }
}

fn median<T: Ord + Copy>(values: &mut [T]) -> Option<T> {
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(i: u16) -> ChoiceIdx {
        ChoiceIdx(i)
    }

    #[test]
    fn the_runner_up_has_the_most_votes_after_the_winner() {
        let all = [c(0), c(1), c(2)];
        assert_eq!(runner_up(&[5, 2, 4], c(0), &all), Some(c(2)));
        // Equal counts, or no votes at all: the first listed.
        assert_eq!(runner_up(&[5, 2, 2], c(0), &all), Some(c(1)));
        assert_eq!(runner_up(&[0, 1, 0], c(1), &all), Some(c(0)));
        // Only available choices count.
        assert_eq!(runner_up(&[5, 9, 2], c(0), &[c(0), c(2)]), Some(c(2)));
        assert_eq!(runner_up(&[5], c(0), &[c(0)]), None);
    }
}
