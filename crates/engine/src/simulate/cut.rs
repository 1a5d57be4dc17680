//! The 60-minute cut played many times: a policy decides the pivotal nodes, the author's
//! default every other one, as a cut workshop does. What it shows is whether the cut still
//! leads to several endings (a cut that always ends the same way has nothing to debrief)
//! and how many decisions a room meets, which the agenda clock paces by.

use serde::Serialize;

use super::{Counts, Distribution, MAX_DECISIONS, MAX_RUNS, Policy};
use crate::model::{ChoiceIdx, Scenario};
use crate::rng::Rng;
use crate::state::{Pick, RunStatus, State};

/// The fewest endings a cut must be able to reach to be worth a debrief.
pub const CUT_ENDINGS: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct CutSummary {
    pub scenario: String,
    pub runs: u32,
    pub seed: u64,
    pub policy: Policy,
    /// Runs ending at each ending, in the scenario's order (title, runs).
    pub endings: Vec<(String, u32)>,
    /// Decisions put to the room per run.
    pub pivotal: Distribution,
    /// Decisions of any kind per run.
    pub decisions: Distribution,
    /// Runs that stopped before an ending: stuck, or going on past every bound.
    pub failed: u32,
}

impl CutSummary {
    /// How many different endings the cut reached.
    pub fn endings_reached(&self) -> usize {
        self.endings.iter().filter(|(_, n)| *n > 0).count()
    }
}

/// Play `runs` cut runs from consecutive seeds.
pub fn simulate_cut(scenario: &Scenario, runs: u32, seed: u64, policy: Policy) -> CutSummary {
    let runs = runs.min(MAX_RUNS);
    let mut endings = vec![0u32; scenario.endings.len()];
    let mut pivotal = Counts::default();
    let mut decisions = Counts::default();
    let mut failed = 0;
    let mut state = State::new(scenario, seed);
    let mut available: Vec<ChoiceIdx> = Vec::new();
    let mut appraiser = None;
    for i in 0..runs {
        let run_seed = seed.wrapping_add(u64::from(i));
        state.reset(scenario, run_seed);
        let mut rng = Rng::side_stream(run_seed);
        let mut voted = 0i64;
        let mut stuck = false;
        while state.is_playing() && state.decisions() < MAX_DECISIONS {
            state.available_into(scenario, &mut available);
            let node = scenario.node(state.node());
            let choice = if node.pivotal {
                voted += 1;
                available
                    .first()
                    .map(|_| policy.pick(scenario, &state, &available, &mut rng, &mut appraiser))
            } else {
                node.default_choice(&available)
            };
            let Some(choice) = choice else {
                stuck = true;
                break;
            };
            state.step(scenario, choice, Pick::Draw, &mut ());
        }
        match state.status() {
            RunStatus::Ended(e) if !stuck => {
                endings[e.index()] += 1;
                pivotal.add(voted);
                decisions.add(i64::from(state.decisions()));
            }
            _ => failed += 1,
        }
    }
    CutSummary {
        scenario: scenario.id.clone(),
        runs,
        seed,
        policy,
        endings: scenario
            .endings
            .iter()
            .zip(endings)
            .map(|(e, n)| (e.title.clone(), n))
            .collect(),
        pivotal: pivotal.distribution(),
        decisions: decisions.distribution(),
        failed,
    }
}
