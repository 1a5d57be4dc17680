//! Many seeded playthroughs with a simple policy, summarised for balancing: ChoiceScript's
//! `randomtest`, but thousands of times faster.

use serde::Serialize;

use crate::format::Rating;
use crate::rng::Rng;
use crate::scenario::{Choice, Effect, Scenario};
use crate::score::score;
use crate::state::{Pick, State, Status};

/// A run that goes on this long is reported as stuck in a loop.
pub const MAX_DECISIONS: u32 = 1_000;
/// At most this many failed runs are listed one by one.
const MAX_LISTED_FAILURES: usize = 20;

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
    /// The choice with the largest immediate gain in the meters' score.
    Greedy,
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
            Policy::Position(n) => write!(f, "always choice {n}"),
        }
    }
}

impl Policy {
    /// `random`, `first`, `last`, `greedy`, or a position such as `2`.
    pub fn parse(name: &str) -> Option<Policy> {
        match name {
            "random" => Some(Policy::Random),
            "first" => Some(Policy::First),
            "last" => Some(Policy::Last),
            "greedy" => Some(Policy::Greedy),
            n => n.parse().ok().filter(|&n| n >= 1).map(Policy::Position),
        }
    }

    /// Pick among `available` (indices into the node's choices, never empty).
    pub fn pick(
        self,
        scenario: &Scenario,
        state: &State,
        available: &[usize],
        rng: &mut Rng,
    ) -> usize {
        match self {
            Policy::Random => available[rng.below(available.len() as u32) as usize],
            Policy::First => available[0],
            Policy::Last => available[available.len() - 1],
            Policy::Position(n) => available[(usize::from(n) - 1).min(available.len() - 1)],
            Policy::Greedy => {
                let choices = &scenario.node(state.node()).choices;
                let mut best = available[0];
                let mut best_gain = f64::NEG_INFINITY;
                for &i in available {
                    let gain = immediate_gain(scenario, state, &choices[i]);
                    if gain > best_gain {
                        best = i;
                        best_gain = gain;
                    }
                }
                best
            }
        }
    }
}

/// The change in the weighted meter score a choice brings at once: its own effects plus the
/// expected effects of its random outcomes (delayed effects are, by nature, not seen).
pub fn immediate_gain(scenario: &Scenario, state: &State, choice: &Choice) -> f64 {
    let gain_of = |effects: &[Effect]| -> f64 {
        effects
            .iter()
            .map(|e| match *e {
                Effect::Meter(m, op) => {
                    let def = &scenario.meters[usize::from(m)];
                    let value = state.meter(m);
                    let after = crate::state::apply_op(value, op, def.min, def.max);
                    let sign = if def.higher_is_better { 1.0 } else { -1.0 };
                    sign * f64::from(def.weight) * f64::from(after - value)
                        / f64::from(def.max - def.min)
                }
                _ => 0.0,
            })
            .sum()
    };
    let mut gain = gain_of(&choice.effects);
    if choice.total_weight > 0 {
        for o in &choice.outcomes {
            gain += gain_of(&o.effects) * f64::from(o.weight) / f64::from(choice.total_weight);
        }
    }
    gain
}

/// How a single simulated run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    Ended,
    /// A node where no choice was available.
    Stuck,
    /// Finished but no ending's condition held.
    NoEnding,
    /// Still going after [`MAX_DECISIONS`].
    TooLong,
}

/// Play one run from `state` (already reset) to its end, calling `visit` before each decision
/// with the node and the choice taken.
pub fn play_out(
    scenario: &Scenario,
    state: &mut State,
    policy: Policy,
    rng: &mut Rng,
    available: &mut Vec<usize>,
    mut visit: impl FnMut(&State, usize),
) -> RunEnd {
    while state.is_playing() {
        if state.decisions() >= MAX_DECISIONS {
            return RunEnd::TooLong;
        }
        available.clear();
        let node = scenario.node(state.node());
        available.extend(
            node.choices
                .iter()
                .enumerate()
                .filter(|(_, c)| state.is_available(c))
                .map(|(i, _)| i),
        );
        if available.is_empty() {
            return RunEnd::Stuck;
        }
        let choice = policy.pick(scenario, state, available, rng);
        visit(state, choice);
        state.step(scenario, choice, Pick::Draw, &mut ());
    }
    match state.status() {
        Status::NoEnding => RunEnd::NoEnding,
        _ => RunEnd::Ended,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: String,
    pub runs: u32,
    pub seed: u64,
    pub policy: Policy,
    pub endings: Vec<EndingCount>,
    pub scores: Distribution,
    /// The score histogram: runs per band of ten points (0–9, …, 90–100).
    pub histogram: [u32; 10],
    pub decisions: Distribution,
    /// Each meter's final values.
    pub meters: Vec<MeterRange>,
    pub nodes: Vec<Coverage>,
    pub choices: Vec<Coverage>,
    pub failed: u32,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndingCount {
    pub id: String,
    pub title: String,
    pub rating: Rating,
    pub runs: u32,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Distribution {
    pub min: i32,
    pub median: i32,
    pub max: i32,
}

impl Distribution {
    fn of(values: &mut [i32]) -> Distribution {
        if values.is_empty() {
            return Distribution::default();
        }
        values.sort_unstable();
        Distribution {
            min: values[0],
            median: values[values.len() / 2],
            max: values[values.len() - 1],
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MeterRange {
    pub id: String,
    pub label: String,
    pub visible: bool,
    pub finals: Distribution,
}

/// How many runs passed through a node, or took a choice (`node.choice`).
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub id: String,
    pub runs: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The seed that replays this run: `promoted simulate PATH --runs 1 --seed SEED`.
    pub seed: u64,
    pub problem: String,
}

impl Report {
    pub fn node_coverage(&self) -> (usize, usize) {
        (
            self.nodes.iter().filter(|c| c.runs > 0).count(),
            self.nodes.len(),
        )
    }
    pub fn choice_coverage(&self) -> (usize, usize) {
        (
            self.choices.iter().filter(|c| c.runs > 0).count(),
            self.choices.len(),
        )
    }
    pub fn ending_runs(&self, id: &str) -> u32 {
        self.endings
            .iter()
            .find(|e| e.id == id)
            .map_or(0, |e| e.runs)
    }
}

/// Run `runs` playthroughs; run `i` uses seed `seed + i`, so any one can be replayed alone.
pub fn simulate(scenario: &Scenario, runs: u32, seed: u64, policy: Policy) -> Report {
    let choice_offsets: Vec<usize> = scenario
        .nodes
        .iter()
        .scan(0, |acc, n| {
            let start = *acc;
            *acc += n.choices.len();
            Some(start)
        })
        .collect();
    let total_choices: usize = scenario.nodes.iter().map(|n| n.choices.len()).sum();
    let mut node_runs = vec![0u32; scenario.nodes.len()];
    let mut choice_runs = vec![0u32; total_choices];
    // Marks of the run that last counted each node and choice, so a loop counts once.
    let mut node_mark = vec![u32::MAX; scenario.nodes.len()];
    let mut choice_mark = vec![u32::MAX; total_choices];
    let mut ending_runs = vec![0u32; scenario.endings.len()];
    let mut scores = Vec::with_capacity(runs as usize);
    let mut lengths = Vec::with_capacity(runs as usize);
    let mut finals: Vec<Vec<i32>> = vec![Vec::with_capacity(runs as usize); scenario.meters.len()];
    let mut histogram = [0u32; 10];
    let mut failures = Vec::new();
    let mut failed = 0;

    let mut state = State::new(scenario, seed);
    let mut available = Vec::new();
    for i in 0..runs {
        let run_seed = seed.wrapping_add(u64::from(i));
        state.reset(scenario, run_seed);
        let mut rng = Rng::side_stream(run_seed);
        let end = play_out(
            scenario,
            &mut state,
            policy,
            &mut rng,
            &mut available,
            |s, choice| {
                let n = usize::from(s.node());
                if node_mark[n] != i {
                    node_mark[n] = i;
                    node_runs[n] += 1;
                }
                let c = choice_offsets[n] + choice;
                if choice_mark[c] != i {
                    choice_mark[c] = i;
                    choice_runs[c] += 1;
                }
            },
        );
        let problem = match end {
            RunEnd::Ended => None,
            RunEnd::Stuck => Some(format!(
                "stuck at node `{}`: no choice is available",
                scenario.node(state.node()).id
            )),
            RunEnd::NoEnding => Some("finished, but no ending's condition held".to_owned()),
            RunEnd::TooLong => Some(format!(
                "no ending after {MAX_DECISIONS} decisions: a loop with no way out"
            )),
        };
        if let Some(problem) = problem {
            failed += 1;
            if failures.len() < MAX_LISTED_FAILURES {
                failures.push(Failure {
                    seed: run_seed,
                    problem,
                });
            }
            continue;
        }
        if let Status::Ended(e) = state.status() {
            ending_runs[usize::from(e)] += 1;
        }
        if let Some(s) = score(scenario, &state) {
            histogram[(s.overall as usize / 10).min(9)] += 1;
            scores.push(s.overall as i32);
        }
        lengths.push(state.decisions() as i32);
        for (m, &v) in state.meters().iter().enumerate() {
            finals[m].push(v);
        }
    }

    Report {
        scenario: scenario.id.clone(),
        runs,
        seed,
        policy,
        endings: scenario
            .endings
            .iter()
            .zip(&ending_runs)
            .map(|(e, &runs)| EndingCount {
                id: e.id.clone(),
                title: e.title.clone(),
                rating: e.rating,
                runs,
            })
            .collect(),
        scores: Distribution::of(&mut scores),
        histogram,
        decisions: Distribution::of(&mut lengths),
        meters: scenario
            .meters
            .iter()
            .zip(&mut finals)
            .map(|(m, values)| MeterRange {
                id: m.id.clone(),
                label: m.label.clone(),
                visible: m.visible,
                finals: Distribution::of(values),
            })
            .collect(),
        nodes: scenario
            .nodes
            .iter()
            .zip(&node_runs)
            .map(|(n, &runs)| Coverage {
                id: n.id.clone(),
                runs,
            })
            .collect(),
        choices: scenario
            .nodes
            .iter()
            .flat_map(|n| n.choices.iter().map(move |c| format!("{}.{}", n.id, c.id)))
            .zip(&choice_runs)
            .map(|(id, &runs)| Coverage { id, runs })
            .collect(),
        failed,
        failures,
    }
}
