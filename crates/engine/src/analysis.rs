//! `promoted check`: what can go wrong in a scenario beyond its references.
//!
//! Two passes. The graph pass looks at the nodes and their links: unreachable nodes and
//! loops with no way to an ending. The exploration pass plays every choice and every random
//! outcome from every distinct state, up to a budget: where the state space fits, its
//! findings are exact (stuck runs, endings never reached, choices never available); where it
//! does not, random runs add coverage and the findings are marked as not proven.

use std::collections::HashMap;
use std::collections::hash_map::{DefaultHasher, Entry};
use std::hash::{Hash, Hasher};

use crate::diagnostic::Diagnostic;
use crate::rng::Rng;
use crate::scenario::{NodeIdx, Scenario, Target};
use crate::simulate::{Policy, RunEnd, play_out};
use crate::state::{Pick, State, Status};

/// The number of distinct states explored before giving up on exhaustiveness.
pub const DEFAULT_STATE_BUDGET: usize = 1_500;
/// Random runs that add coverage when exploration is not exhaustive.
const SAMPLE_RUNS: u32 = 400;

#[derive(Debug, Clone)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct states visited by the exploration.
    pub states: usize,
    /// Whether every reachable state was visited, making the findings exact.
    pub exhaustive: bool,
}

/// A hash of everything about a state that matters for what can happen next: not the random
/// generator (exploration visits every outcome instead of drawing one), and with due dates
/// relative to now, so the same situation reached by paths of different lengths is one state.
/// Two different states sharing a 64-bit hash is too unlikely to matter for a check.
fn situation(s: &State) -> u64 {
    let mut h = DefaultHasher::new();
    (
        s.node, s.status, &s.meters, s.flags, s.fired, s.day, s.deadline, s.resume,
    )
        .hash(&mut h);
    for p in &s.pending {
        (p.due - s.decisions, p.node, p.choice, p.later).hash(&mut h);
    }
    h.finish()
}

/// What was seen, by exploration and sampling together.
struct Coverage {
    nodes: Vec<bool>,
    choices: Vec<Vec<bool>>,
    endings: Vec<bool>,
    events: Vec<bool>,
}

impl Coverage {
    fn new(s: &Scenario) -> Coverage {
        Coverage {
            nodes: vec![false; s.nodes.len()],
            choices: s
                .nodes
                .iter()
                .map(|n| vec![false; n.choices.len()])
                .collect(),
            endings: vec![false; s.endings.len()],
            events: vec![false; s.events.len()],
        }
    }

    fn see(&mut self, s: &State) {
        match s.status {
            Status::Playing => self.nodes[usize::from(s.node)] = true,
            Status::Ended(e) => self.endings[usize::from(e)] = true,
            Status::NoEnding => {}
        }
        for (i, seen) in self.events.iter_mut().enumerate() {
            *seen |= s.fired.contains(i as u16);
        }
    }
}

pub fn analyse(scenario: &Scenario, budget: usize) -> Analysis {
    let mut diagnostics = graph_pass(scenario);
    let mut coverage = Coverage::new(scenario);
    let exploration = explore(scenario, budget, &mut coverage);
    diagnostics.extend(exploration.problems);
    let sampled = if exploration.exhaustive {
        0
    } else {
        sample(scenario, &mut coverage, &mut diagnostics)
    };
    let how = if exploration.exhaustive {
        String::new()
    } else {
        format!(
            " (not proven: {} states explored, the budget, and {sampled} random runs)",
            exploration.states
        )
    };
    let reachable = static_reachable(scenario);
    for (i, node) in scenario.nodes.iter().enumerate() {
        if reachable[i] && !coverage.nodes[i] {
            diagnostics.push(Diagnostic::warning(
                format!("node `{}`", node.id),
                format!("never reached: the conditions along every way to it exclude it{how}"),
            ));
            continue;
        }
        if !coverage.nodes[i] {
            continue;
        }
        for (j, choice) in node.choices.iter().enumerate() {
            if !coverage.choices[i][j] {
                diagnostics.push(Diagnostic::warning(
                    format!("node `{}`, choice `{}`", node.id, choice.id),
                    format!(
                        "never available: its condition is false whenever the node is reached{how}"
                    ),
                ));
            }
        }
    }
    for (i, ending) in scenario.endings.iter().enumerate() {
        if !coverage.endings[i] {
            diagnostics.push(Diagnostic::warning(
                format!("ending `{}`", ending.id),
                format!("never reached{how}"),
            ));
        }
    }
    for (i, event) in scenario.events.iter().enumerate() {
        if !coverage.events[i] {
            diagnostics.push(Diagnostic::warning(
                format!("event `{}`", event.id),
                format!("never fires: its condition never holds after a decision{how}"),
            ));
        }
    }
    Analysis {
        diagnostics,
        states: exploration.states,
        exhaustive: exploration.exhaustive,
    }
}

/// Where each node's choices (and random outcomes) can lead.
fn successors(scenario: &Scenario) -> Vec<Vec<Target>> {
    // A choice that resumes may go anywhere an event could have interrupted.
    let resumable: Vec<Target> = scenario
        .nodes
        .iter()
        .flat_map(|n| &n.choices)
        .flat_map(|c| std::iter::once(c.next).chain(c.outcomes.iter().filter_map(|o| o.next)))
        .filter(|t| *t != Target::Resume)
        .chain([Target::End])
        .collect();
    scenario
        .nodes
        .iter()
        .map(|n| {
            let mut out = Vec::new();
            for c in &n.choices {
                for t in std::iter::once(c.next).chain(c.outcomes.iter().filter_map(|o| o.next)) {
                    match t {
                        Target::Resume => out.extend(&resumable),
                        t => out.push(t),
                    }
                }
            }
            // An event may divert the run after any decision.
            out.extend(
                scenario
                    .events
                    .iter()
                    .filter_map(|e| e.goto.map(Target::Node)),
            );
            out
        })
        .collect()
}

fn static_reachable(scenario: &Scenario) -> Vec<bool> {
    let next = successors(scenario);
    let mut seen = vec![false; scenario.nodes.len()];
    let mut stack = vec![scenario.start];
    while let Some(n) = stack.pop() {
        if std::mem::replace(&mut seen[usize::from(n)], true) {
            continue;
        }
        stack.extend(next[usize::from(n)].iter().filter_map(|t| match t {
            Target::Node(m) => Some(*m),
            _ => None,
        }));
    }
    seen
}

/// Unreachable nodes and loops with no way to an ending, from the links alone.
fn graph_pass(scenario: &Scenario) -> Vec<Diagnostic> {
    let next = successors(scenario);
    let reachable = static_reachable(scenario);
    let mut diagnostics = Vec::new();
    // Nodes from which `end` can be reached, by a fixed point over the links.
    let mut finishes = vec![false; scenario.nodes.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for (i, targets) in next.iter().enumerate() {
            if !finishes[i]
                && targets.iter().any(|t| match t {
                    Target::End | Target::Resume => true,
                    Target::Node(m) => finishes[usize::from(*m)],
                })
            {
                finishes[i] = true;
                changed = true;
            }
        }
    }
    let trapped: Vec<&str> = scenario
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| reachable[*i] && !finishes[*i])
        .map(|(_, n)| n.id.as_str())
        .collect();
    if !trapped.is_empty() {
        diagnostics.push(Diagnostic::error(
            format!("node `{}`", trapped[0]),
            format!(
                "a loop with no exit: no ending can be reached from {}",
                trapped
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    for (i, node) in scenario.nodes.iter().enumerate() {
        if !reachable[i] {
            diagnostics.push(Diagnostic::warning(
                format!("node `{}`", node.id),
                "unreachable: no choice or event leads here",
            ));
        }
        let resumes = node.choices.iter().any(|c| {
            c.next == Target::Resume || c.outcomes.iter().any(|o| o.next == Some(Target::Resume))
        });
        let detour = scenario.events.iter().any(|e| e.goto == Some(i as NodeIdx));
        if resumes && !detour {
            diagnostics.push(Diagnostic::warning(
                format!("node `{}`", node.id),
                "`next: \"resume\"` here, but no event's `goto` leads to this node: resuming with nowhere to go back to finishes the run",
            ));
        }
    }
    diagnostics
}

struct Exploration {
    states: usize,
    exhaustive: bool,
    problems: Vec<Diagnostic>,
}

/// Breadth-first over distinct states, every available choice and every outcome.
fn explore(scenario: &Scenario, budget: usize, coverage: &mut Coverage) -> Exploration {
    let start = State::new(scenario, 0);
    let mut index: HashMap<u64, u32> = HashMap::new();
    // For each state: the state it was first reached from, and by which choice.
    let mut parent: Vec<Option<(u32, u16)>> = Vec::new();
    let mut states: Vec<State> = Vec::new();
    let mut edges: Vec<(u32, u32)> = Vec::new();
    index.insert(situation(&start), 0);
    parent.push(None);
    states.push(start);
    let mut exhaustive = true;
    let mut stuck = None;
    let mut no_ending = None;
    let mut cursor = 0;
    while cursor < states.len() {
        let from = cursor as u32;
        let state = states[cursor].clone();
        cursor += 1;
        coverage.see(&state);
        match state.status {
            Status::NoEnding => {
                no_ending.get_or_insert(from);
                continue;
            }
            Status::Ended(_) => continue,
            Status::Playing => {}
        }
        let node = scenario.node(state.node);
        let mut any = false;
        for (c, choice) in node.choices.iter().enumerate() {
            if !state.is_available(choice) {
                continue;
            }
            any = true;
            coverage.choices[usize::from(state.node)][c] = true;
            for outcome in 0..choice.outcomes.len().max(1) {
                let mut next = state.clone();
                next.step(scenario, c, Pick::Outcome(outcome), &mut ());
                let to = match index.entry(situation(&next)) {
                    Entry::Occupied(e) => *e.get(),
                    Entry::Vacant(e) => {
                        if states.len() >= budget {
                            exhaustive = false;
                            continue;
                        }
                        let to = states.len() as u32;
                        e.insert(to);
                        parent.push(Some((from, c as u16)));
                        states.push(next);
                        to
                    }
                };
                edges.push((from, to));
            }
        }
        if !any {
            stuck.get_or_insert(from);
        }
    }

    let path = |mut at: u32| -> String {
        let mut steps = Vec::new();
        while let Some((p, c)) = parent[at as usize] {
            let node = scenario.node(states[p as usize].node);
            steps.push(format!("{}.{}", node.id, node.choices[usize::from(c)].id));
            at = p;
        }
        steps.reverse();
        if steps.is_empty() {
            "at the start".to_owned()
        } else {
            format!("after {}", steps.join(" → "))
        }
    };
    let mut problems = Vec::new();
    if let Some(s) = stuck {
        let node = &scenario.node(states[s as usize].node).id;
        problems.push(Diagnostic::error(
            format!("node `{node}`"),
            format!(
                "a run gets stuck here, with no available choice, {}",
                path(s)
            ),
        ));
    }
    if let Some(s) = no_ending {
        problems.push(Diagnostic::error(
            "endings",
            format!("a run finishes with no ending whose condition holds, {}; give the last ending no condition", path(s)),
        ));
    }
    if exhaustive {
        // States from which no finished state can be reached are caught in a loop.
        let mut reverse: Vec<Vec<u32>> = vec![Vec::new(); states.len()];
        for &(from, to) in &edges {
            reverse[to as usize].push(from);
        }
        let mut finishes = vec![false; states.len()];
        let mut stack: Vec<u32> = (0..states.len() as u32)
            .filter(|&s| !states[s as usize].is_playing())
            .collect();
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut finishes[s as usize], true) {
                continue;
            }
            stack.extend(&reverse[s as usize]);
        }
        if let Some(s) = (0..states.len() as u32)
            .find(|&s| !finishes[s as usize] && states[s as usize].is_playing() && Some(s) != stuck)
        {
            let node = &scenario.node(states[s as usize].node).id;
            problems.push(Diagnostic::error(
                format!("node `{node}`"),
                format!(
                    "a run can loop here forever, {}: no ending is reachable",
                    path(s)
                ),
            ));
        }
    }
    Exploration {
        states: states.len(),
        exhaustive,
        problems,
    }
}

/// Random runs that add coverage where exploration ran out of budget; returns how many.
fn sample(scenario: &Scenario, coverage: &mut Coverage, problems: &mut Vec<Diagnostic>) -> u32 {
    let mut state = State::new(scenario, 0);
    let mut available = Vec::new();
    let mut reported = false;
    for seed in 0..u64::from(SAMPLE_RUNS) {
        state.reset(scenario, seed);
        let mut rng = Rng::side_stream(seed);
        let end = play_out(
            scenario,
            &mut state,
            Policy::Random,
            &mut rng,
            &mut available,
            |s, c| {
                coverage.nodes[usize::from(s.node)] = true;
                coverage.choices[usize::from(s.node)][c] = true;
            },
        );
        coverage.see(&state);
        let problem = match end {
            RunEnd::Ended => continue,
            RunEnd::Stuck => "gets stuck with no available choice",
            RunEnd::NoEnding => "finishes with no ending whose condition holds",
            RunEnd::TooLong => "loops without reaching an ending",
        };
        if !reported {
            reported = true;
            problems.push(Diagnostic::error(
                format!("node `{}`", scenario.node(state.node).id),
                format!("a random run {problem}; replay it with `promoted simulate FILE --runs 1 --seed {seed}`"),
            ));
        }
    }
    SAMPLE_RUNS
}
