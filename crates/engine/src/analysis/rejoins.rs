//! Where branches rejoin, and what the player read on each way in. Text that is true on one
//! way and false on another is the commonest fault of a branching story; it is found by
//! reading each way in beside the node it leads to, which this gathers from random runs.

use crate::model::{ChoiceIdx, EventId, NodeId, Scenario};
use crate::rng::Rng;
use crate::run::Run;
use crate::simulate::Policy;
use crate::state::Pick;

/// A node reached in more than one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejoin {
    pub node: NodeId,
    pub ways: Vec<WayIn>,
}

/// One way into a node: the decision before it, and everything the player read from there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WayIn {
    pub from: NodeId,
    pub choice: ChoiceIdx,
    /// The random outcome, from 0, when the choice has them.
    pub outcome: Option<u16>,
    /// Events that fired on the way, in order: a detour is a different way in.
    pub events: Vec<EventId>,
    /// The choice as the player read it, and what followed from it.
    pub chosen: String,
    pub consequences: Vec<String>,
    /// The node's text as it reads on arriving this way.
    pub text: String,
    /// A way there from the start, as `play --path` takes it (`id:n` forces an outcome).
    pub path: Vec<String>,
    /// How many of the runs came in this way.
    pub runs: u32,
}

/// The nodes that random runs from `seed` reach in more than one way, in the scenario's
/// order, each way with the first run that came in by it. `only` keeps one node.
pub fn rejoins(scenario: &Scenario, runs: u32, seed: u64, only: Option<NodeId>) -> Vec<Rejoin> {
    let mut ways: Vec<Vec<WayIn>> = vec![Vec::new(); scenario.nodes.len()];
    let mut available = Vec::new();
    for i in 0..runs {
        let run_seed = seed.wrapping_add(u64::from(i));
        let mut run = Run::new(scenario, run_seed);
        let mut rng = Rng::side_stream(run_seed);
        while !run.is_finished() {
            run.state().available_into(scenario, &mut available);
            if available.is_empty() {
                break;
            }
            let choice =
                Policy::Random.pick(scenario, run.state(), &available, &mut rng, &mut None);
            if run.choose_with(scenario, choice, Pick::Draw).is_err() || run.is_finished() {
                break;
            }
            let n = run.history().len() - 1;
            let node = run.state().node();
            if only.is_some_and(|o| o != node) {
                continue;
            }
            let Some(decision) = run.history().last() else {
                break;
            };
            let known = &mut ways[node.index()];
            let same = |w: &WayIn| {
                w.from == decision.node
                    && w.choice == decision.choice
                    && w.outcome == decision.outcome
                    && w.events == decision.events
            };
            if let Some(way) = known.iter_mut().find(|w| same(w)) {
                way.runs += 1;
                continue;
            }
            known.push(WayIn {
                from: decision.node,
                choice: decision.choice,
                outcome: decision.outcome,
                events: decision.events.clone(),
                chosen: run.chosen_text(scenario, decision),
                consequences: run.consequences(scenario, n),
                text: run.text(scenario),
                path: path_of(scenario, &run),
                runs: 1,
            });
        }
    }
    ways.into_iter()
        .enumerate()
        .filter(|(_, w)| w.len() > 1)
        .map(|(i, ways)| Rejoin {
            node: NodeId::at(i),
            ways,
        })
        .collect()
}

/// The run's decisions as `play --path` steps, every random outcome forced.
fn path_of(scenario: &Scenario, run: &Run) -> Vec<String> {
    run.history()
        .iter()
        .map(|d| {
            let id = &scenario.choice(d.node, d.choice).id;
            match d.outcome {
                Some(o) => format!("{id}:{}", o + 1),
                None => id.clone(),
            }
        })
        .collect()
}
