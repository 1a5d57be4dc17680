//! Breadth-first exploration of a scenario's states: every available choice and every
//! outcome that can happen, from every distinct state, up to a budget.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::fast::FixedState;

use crate::model::{ChoiceIdx, NodeId, Scenario};
use crate::state::{Pick, RunStatus, State};

/// A hash of everything about a state that matters for what can happen next: not the random
/// generator (exploration visits every outcome instead of drawing one), not the points
/// (they change the score, not the story), and with due dates relative to now, so the same
/// situation reached by paths of different lengths is one state. Two different states
/// sharing a 64-bit hash is too unlikely to matter for a check. The hasher is fast and
/// seeded the same every time, so a check finds the same things on every run.
pub fn situation(s: &State) -> u64 {
    let mut h = FixedState::default().build_hasher();
    (
        s.node, s.status, &s.meters, s.flags, s.fired, s.day, s.deadline, s.resume,
    )
        .hash(&mut h);
    for p in &s.pending {
        (p.due.saturating_sub(s.decisions), p.node, p.choice, p.later).hash(&mut h);
    }
    h.finish()
}

/// One step of a path: the choice made, and the outcome it fell on when it has several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub choice: ChoiceIdx,
    pub outcome: Option<u16>,
}

/// Every outcome of `choice` that can happen in `state` (one `None` when it has none).
pub(crate) fn outcomes(scenario: &Scenario, state: &State, choice: ChoiceIdx) -> Vec<Option<u16>> {
    let def = scenario.choice(state.node(), choice);
    if def.outcomes.is_empty() {
        return vec![None];
    }
    // Weights are worked out after the choice's own effects, as the step does.
    let mut after = state.clone();
    after.apply(scenario, &def.effects);
    let weights = after.weights(scenario, def);
    (0..def.outcomes.len())
        .filter(|&o| weights.possible(o))
        .map(|o| Some(o as u16))
        .collect()
}

/// What exploration visited.
pub struct Exploration {
    pub states: Vec<State>,
    /// For each state: the state it was first reached from, and the step that led here.
    pub parent: Vec<Option<(u32, Step)>>,
    /// Every reachable state was visited: the findings are exact.
    pub exhaustive: bool,
    /// The first state where no choice is available.
    pub stuck: Option<u32>,
    /// A state from which no ending can be reached (known only when exhaustive).
    pub looping: Option<u32>,
    /// For each node, whether each choice was ever available there.
    pub available: Vec<Vec<bool>>,
    /// For each node, the first state reached by entering it (routing nodes included).
    pub entered: Vec<Option<u32>>,
}

/// The nodes a step enters.
#[derive(Default)]
struct Entered(Vec<NodeId>);

impl crate::state::Observer for Entered {
    fn entered(&mut self, node: NodeId, _decisions: u32) {
        self.0.push(node);
    }
}

impl Exploration {
    /// The steps from the start to state `at`, and the node each was taken at.
    pub fn path(&self, scenario: &Scenario, at: u32) -> Vec<String> {
        let mut steps = Vec::new();
        let mut at = at;
        while let Some((from, step)) = self.parent[at as usize] {
            steps.push(step_text(scenario, &self.states[from as usize], step));
            at = from;
        }
        steps.reverse();
        steps
    }
}

/// `choice` or `choice:2`: how `promoted play --path` takes a step.
pub fn step_text(scenario: &Scenario, before: &State, step: Step) -> String {
    let id = &scenario.choice(before.node(), step.choice).id;
    match step.outcome {
        Some(o) => format!("{id}:{}", o + 1),
        None => id.clone(),
    }
}

/// Explore from the start, visiting at most `budget` distinct states.
pub fn explore(scenario: &Scenario, budget: usize) -> Exploration {
    let mut start = State::new(scenario, 0);
    let mut entered = Entered::default();
    start.reset_observed(scenario, 0, &mut entered);
    let mut index: HashMap<u64, u32, FixedState> = HashMap::default();
    let mut exploration = Exploration {
        states: Vec::new(),
        parent: Vec::new(),
        exhaustive: true,
        stuck: None,
        looping: None,
        available: scenario
            .nodes
            .iter()
            .map(|n| vec![false; n.choices.len()])
            .collect(),
        entered: vec![None; scenario.nodes.len()],
    };
    for n in entered.0.drain(..) {
        exploration.entered[n.index()].get_or_insert(0);
    }
    // Edges for the loop analysis, bounded so a scenario of huge nodes cannot fill memory.
    let max_edges = budget.saturating_mul(16);
    let mut edges: Vec<(u32, u32)> = Vec::new();
    index.insert(situation(&start), 0);
    exploration.parent.push(None);
    exploration.states.push(start);
    let mut cursor = 0;
    while cursor < exploration.states.len() {
        let from = cursor as u32;
        let state = exploration.states[cursor].clone();
        cursor += 1;
        if !state.is_playing() {
            continue;
        }
        let node = scenario.node(state.node());
        let mut any = false;
        for (c, choice) in node.choices.iter().enumerate() {
            if !state.is_available(choice) {
                continue;
            }
            any = true;
            exploration.available[state.node().index()][c] = true;
            // Once the budget is spent no new state can be recorded, and the edges only
            // serve an exhaustive exploration: what is left to learn is what is available.
            if !exploration.exhaustive {
                continue;
            }
            let choice = ChoiceIdx::at(c);
            for outcome in outcomes(scenario, &state, choice) {
                let mut next = state.clone();
                let pick = outcome.map_or(Pick::Draw, |o| Pick::Outcome(usize::from(o)));
                entered.0.clear();
                next.step(scenario, choice, pick, &mut entered);
                let to = match index.entry(situation(&next)) {
                    Entry::Occupied(e) => *e.get(),
                    Entry::Vacant(e) => {
                        if exploration.states.len() >= budget {
                            exploration.exhaustive = false;
                            continue;
                        }
                        let to = exploration.states.len() as u32;
                        e.insert(to);
                        exploration
                            .parent
                            .push(Some((from, Step { choice, outcome })));
                        exploration.states.push(next);
                        to
                    }
                };
                for n in entered.0.drain(..) {
                    exploration.entered[n.index()].get_or_insert(to);
                }
                if edges.len() < max_edges {
                    edges.push((from, to));
                } else {
                    exploration.exhaustive = false;
                }
            }
        }
        if !any {
            exploration.stuck.get_or_insert(from);
        }
    }
    if exploration.exhaustive {
        exploration.looping = trapped(&exploration.states, &edges);
    }
    exploration
}

/// A state from which a run can neither finish nor get stuck, if there is one: a loop.
fn trapped(states: &[State], edges: &[(u32, u32)]) -> Option<u32> {
    let mut reverse: Vec<Vec<u32>> = vec![Vec::new(); states.len()];
    let mut goes_on = vec![false; states.len()];
    for &(from, to) in edges {
        reverse[to as usize].push(from);
        goes_on[from as usize] = true;
    }
    // Back from every state where a run stops: finished, or stuck (a fault reported on its
    // own). What cannot get to one of them goes round for ever.
    let mut stops = vec![false; states.len()];
    let mut stack: Vec<u32> = (0..states.len() as u32)
        .filter(|&s| !states[s as usize].is_playing() || !goes_on[s as usize])
        .collect();
    while let Some(s) = stack.pop() {
        if std::mem::replace(&mut stops[s as usize], true) {
            continue;
        }
        stack.extend(&reverse[s as usize]);
    }
    (0..states.len() as u32).find(|&s| !stops[s as usize])
}

/// Whether a finished state can be reached from `state`: `Some(false)` when every state
/// reachable from it was visited and none finishes, `None` when the budget ran out first.
pub fn can_finish(scenario: &Scenario, state: &State, budget: usize) -> Option<bool> {
    let mut seen: HashSet<u64, FixedState> = HashSet::default();
    let mut queue = vec![state.clone()];
    seen.insert(situation(state));
    while let Some(state) = queue.pop() {
        if state.status() != RunStatus::Playing {
            return Some(true);
        }
        let node = scenario.node(state.node());
        for (c, choice) in node.choices.iter().enumerate() {
            if !state.is_available(choice) {
                continue;
            }
            let choice = ChoiceIdx::at(c);
            for outcome in outcomes(scenario, &state, choice) {
                let mut next = state.clone();
                let pick = outcome.map_or(Pick::Draw, |o| Pick::Outcome(usize::from(o)));
                next.step(scenario, choice, pick, &mut ());
                if seen.insert(situation(&next)) {
                    if seen.len() > budget {
                        return None;
                    }
                    queue.push(next);
                }
            }
        }
    }
    Some(false)
}
