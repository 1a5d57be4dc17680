//! Tells: what gives a scenario's answers away. A sceptical player does not weigh the
//! dilemma; they pick the longest option, or the first, or whatever raises the numbers they
//! can see. If that wins, the score teaches nothing.
//!
//! An option's worth at a decision is what it adds to the final score directly: its
//! competency points, and the expected immediate change of the meters (random outcomes
//! weighed by their odds, delayed effects counted as if they came due), in score points.
//! The highest-scoring option is the one worth most; when two share the top, there is no
//! answer to give away and the decision is not counted.

use serde::Serialize;

use crate::format::Rating;
use crate::model::{ChoiceIdx, Scenario};
use crate::rng::Rng;
use crate::simulate::{Policy, RunEnd, play_out};
use crate::state::State;

/// What one option at one decision is worth, and how it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Appraisal {
    /// Score points it adds directly.
    pub worth: f64,
    /// It costs something: a point lost, or a meter moved the bad way.
    pub costs: bool,
    /// The immediate gain in the visible meters (random outcomes by their odds, nothing of
    /// what comes later), as a greedy player sees it.
    pub visible_gain: f64,
    /// Its text's length in characters, as shown.
    pub length: usize,
    /// The competencies it earns points in, one bit each.
    pub earns: u32,
    /// The stakeholders whose trust it is expected to cost, one bit each.
    pub costs_people: u64,
}

impl Appraisal {
    /// Whether two options spend or reward different things: positive points in different
    /// competencies, or different people's trust. Such a decision is a dilemma, not a quiz.
    pub fn conflicts_with(&self, other: &Appraisal) -> bool {
        let different = |a: u64, b: u64| a & !b != 0 && b & !a != 0;
        different(u64::from(self.earns), u64::from(other.earns))
            || different(self.costs_people, other.costs_people)
    }
}

/// Appraises options, with scratch states and buffers it keeps between calls: the checks and
/// the greedy bot appraise every option at every decision of thousands of runs.
pub struct Appraiser {
    /// Per meter: 1 where higher is better, -1 where lower is, so a change times it is
    /// positive the good way; score points per unit of change; the greedy bot's weight per
    /// unit (zero for a hidden meter). Worked out once, as they are the same at every call.
    good_way: Vec<f64>,
    worth_per_unit: Vec<f64>,
    seen_per_unit: Vec<f64>,
    /// Score points per competency point, for the competencies the scenario lists.
    worth_per_point: f64,
    after: State,
    branch: State,
    delayed: State,
    expected: Vec<f64>,
    immediate: Vec<f64>,
    appraisals: Vec<Appraisal>,
}

impl Appraiser {
    pub fn new(scenario: &Scenario) -> Appraiser {
        let scoring = &scenario.scoring;
        let weight_sum: f64 = scenario.meters.iter().map(|m| f64::from(m.weight)).sum();
        let range = |m: &crate::model::Meter| f64::from(m.max - m.min);
        let good_way = scenario
            .meters
            .iter()
            .map(|m| if m.higher_is_better { 1.0 } else { -1.0 })
            .collect();
        let worth_per_unit = scenario
            .meters
            .iter()
            .map(|m| {
                if weight_sum > 0.0 {
                    f64::from(m.weight) / (weight_sum * range(m)) * f64::from(scoring.meters)
                } else {
                    0.0
                }
            })
            .collect();
        let seen_per_unit = scenario
            .meters
            .iter()
            .map(|m| {
                if m.visible {
                    f64::from(m.weight) / range(m)
                } else {
                    0.0
                }
            })
            .collect();
        let listed = scenario.competencies.len().max(1) as f64;
        let scale = f64::from(scoring.competency_scale.max(1));
        Appraiser {
            good_way,
            worth_per_unit,
            seen_per_unit,
            worth_per_point: 50.0 / scale / listed * f64::from(scoring.competencies) / 100.0,
            after: State::blank(),
            branch: State::blank(),
            delayed: State::blank(),
            expected: Vec::new(),
            immediate: Vec::new(),
            appraisals: Vec::new(),
        }
    }

    /// Appraise an available choice in `state`.
    pub fn appraise(&mut self, scenario: &Scenario, state: &State, index: ChoiceIdx) -> Appraisal {
        let choice = scenario.choice(state.node(), index);
        let after = &mut self.after;
        after.clone_from(state);
        after.apply(scenario, &choice.effects);
        // Expected meters after the random outcome, by the odds as they stand.
        let expected = &mut self.expected;
        expected.clear();
        if choice.outcomes.is_empty() {
            expected.extend(after.meters().iter().map(|&v| f64::from(v)));
        } else {
            expected.resize(after.meters().len(), 0.0);
            let weights = after.weights(scenario, choice);
            let possible = (0..choice.outcomes.len())
                .filter(|&o| weights.possible(o))
                .count();
            for (o, outcome) in choice.outcomes.iter().enumerate() {
                if !weights.possible(o) {
                    continue;
                }
                let share = match weights.total() {
                    0 => 1.0 / possible as f64,
                    total => f64::from(weights.get(o)) / f64::from(total),
                };
                self.branch.clone_from(after);
                self.branch.apply(scenario, &outcome.effects);
                for (e, &v) in expected.iter_mut().zip(self.branch.meters()) {
                    *e += share * f64::from(v);
                }
            }
        }
        // What a greedy player sees: the visible meters right after the decision.
        self.immediate.clone_from(expected);
        // Delayed effects count as if they came due now: a cost that arrives later is a cost.
        if !choice.later.is_empty() {
            let delayed = &mut self.delayed;
            delayed.clone_from(after);
            for later in &choice.later {
                if later.condition.as_ref().is_none_or(|c| delayed.holds(c)) {
                    delayed.apply(scenario, &later.effects);
                }
            }
            for ((e, &d), &a) in expected
                .iter_mut()
                .zip(delayed.meters())
                .zip(after.meters())
            {
                *e += f64::from(d - a);
            }
        }
        let mut worth = 0.0;
        let mut visible_gain = 0.0;
        let mut costs = false;
        let mut costs_people = 0u64;
        for (m, &before) in state.meters().iter().enumerate() {
            let before = f64::from(before);
            let good = (expected[m] - before) * self.good_way[m];
            worth += good * self.worth_per_unit[m];
            visible_gain += (self.immediate[m] - before) * self.good_way[m] * self.seen_per_unit[m];
            costs |= good < -1e-9;
            if good < -1e-9
                && let Some(person) = scenario.meters[m].stakeholder
            {
                costs_people |= 1u64.checked_shl(person.index() as u32).unwrap_or(0);
            }
        }
        let points = state.points_of(choice);
        let mut earns = 0u32;
        for c in &scenario.competencies {
            let p = points[*c as usize];
            worth += f64::from(p) * self.worth_per_point;
            if p > 0 {
                earns |= 1 << (*c as u32);
            }
        }
        costs |= points.iter().any(|&p| p < 0);
        Appraisal {
            worth,
            costs,
            visible_gain,
            length: choice.shown_length(scenario, state),
            earns,
            costs_people,
        }
    }

    /// Look at a decision: `available` in the node's order.
    pub fn point(&mut self, scenario: &Scenario, state: &State, available: &[ChoiceIdx]) -> Point {
        if available.len() < 2 {
            return Point {
                options: available.len(),
                ..Point::default()
            };
        }
        let mut appraisals = std::mem::take(&mut self.appraisals);
        appraisals.clear();
        for &c in available {
            appraisals.push(self.appraise(scenario, state, c));
        }
        let top = appraisals
            .iter()
            .map(|a| a.worth)
            .fold(f64::NEG_INFINITY, f64::max);
        let mut at_top = appraisals
            .iter()
            .enumerate()
            .filter(|(_, a)| (a.worth - top).abs() < 1e-9)
            .map(|(i, _)| i);
        let best = match (at_top.next(), at_top.next()) {
            (Some(only), None) if appraisals.len() > 1 => Some(only),
            _ => None,
        };
        let longest = appraisals.iter().map(|a| a.length).max().unwrap_or(0);
        let conflict = appraisals
            .iter()
            .enumerate()
            .any(|(i, a)| appraisals[i + 1..].iter().any(|b| a.conflicts_with(b)));
        let point = Point {
            conflict,
            best,
            best_is_longest: best.is_some_and(|b| appraisals[b].length == longest),
            best_costs: best.is_some_and(|b| appraisals[b].costs),
            options: appraisals.len(),
        };
        self.appraisals = appraisals;
        point
    }
}

/// Which option at a decision is worth most, and how it reads: the raw material of the
/// tells.
#[derive(Debug, Clone, Default)]
pub struct Point {
    /// Two options spend or reward different things (see [`Appraisal::conflicts_with`]).
    pub conflict: bool,
    /// The single highest-scoring option, if one stands out.
    pub best: Option<usize>,
    /// It is the longest (or shares the longest length).
    pub best_is_longest: bool,
    pub best_costs: bool,
    /// How many options were available.
    pub options: usize,
}

/// The tells, summed over the decisions of many runs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tells {
    /// Decisions with more than one option, and those among them that are value conflicts.
    pub choices: u32,
    pub conflicts: u32,
    /// Decisions with a single highest-scoring option, among more than one.
    pub decisions: u32,
    /// … of which that option is the longest (or shares the longest length).
    pub best_is_longest: u32,
    pub best_is_first: u32,
    pub best_is_last: u32,
    /// … of which that option costs nothing.
    pub best_is_free: u32,
    /// The same counts per node, by node index.
    #[serde(skip)]
    pub nodes: Vec<NodeTells>,
}

/// The tells at one node.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeTells {
    pub decisions: u32,
    pub best_is_longest: u32,
    pub best_is_free: u32,
}

impl Tells {
    pub fn new(scenario: &Scenario) -> Tells {
        Tells {
            nodes: vec![NodeTells::default(); scenario.nodes.len()],
            ..Tells::default()
        }
    }

    pub fn add(&mut self, state: &State, p: &Point) {
        if p.options > 1 {
            self.choices += 1;
            self.conflicts += u32::from(p.conflict);
        }
        let Some(best) = p.best else {
            return;
        };
        let longest = p.best_is_longest;
        self.decisions += 1;
        self.best_is_longest += u32::from(longest);
        self.best_is_free += u32::from(!p.best_costs);
        self.best_is_first += u32::from(best == 0);
        self.best_is_last += u32::from(best + 1 == p.options);
        if let Some(node) = self.nodes.get_mut(state.node().index()) {
            node.decisions += 1;
            node.best_is_longest += u32::from(longest);
            node.best_is_free += u32::from(!p.best_costs);
        }
    }

    fn share(&self, n: u32) -> f64 {
        f64::from(n) / f64::from(self.decisions.max(1))
    }

    pub fn longest_share(&self) -> f64 {
        self.share(self.best_is_longest)
    }
    pub fn first_share(&self) -> f64 {
        self.share(self.best_is_first)
    }
    pub fn last_share(&self) -> f64 {
        self.share(self.best_is_last)
    }
    pub fn free_share(&self) -> f64 {
        self.share(self.best_is_free)
    }
    /// The share of decisions (with more than one option) that are value conflicts.
    pub fn conflict_share(&self) -> f64 {
        f64::from(self.conflicts) / f64::from(self.choices.max(1))
    }
}

/// How much play a measurement may spend: so many runs, or so many decisions in all,
/// whichever comes first, so a scenario of 15,000 decisions is measured on a few runs
/// rather than hanging the tool.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub runs: u32,
    pub decisions: u64,
}

impl Budget {
    /// Whether run `i` may start, after `decisions` in all (the first run always may).
    pub fn allows(&self, i: u32, decisions: u64) -> bool {
        i < self.runs && (i == 0 || decisions < self.decisions)
    }

    /// Play random runs from `seed` (run `i` from `seed + i`) within the budget, showing
    /// `visit` every decision: the state before it and the choices available.
    pub fn random_runs(
        &self,
        scenario: &Scenario,
        seed: u64,
        mut visit: impl FnMut(&State, &[ChoiceIdx]),
    ) {
        let mut state = State::new(scenario, seed);
        let mut available = Vec::new();
        let (mut i, mut decisions) = (0, 0u64);
        while self.allows(i, decisions) {
            let run_seed = seed.wrapping_add(u64::from(i));
            state.reset(scenario, run_seed);
            let mut rng = Rng::side_stream(run_seed);
            play_out(
                scenario,
                &mut state,
                Policy::Random,
                &mut rng,
                &mut available,
                |s, _, available| visit(s, available),
            );
            decisions += u64::from(state.decisions());
            i += 1;
        }
    }
}

/// The tells over random runs from `seed`, within `budget`.
pub fn measure(scenario: &Scenario, budget: Budget, seed: u64) -> Tells {
    let mut tells = Tells::new(scenario);
    let mut appraiser = Appraiser::new(scenario);
    budget.random_runs(scenario, seed, |s, available| {
        tells.add(s, &appraiser.point(scenario, s, available));
    });
    tells
}

/// How a fixed policy fares: its median score and how often it reaches the best rating.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyResult {
    pub policy: Policy,
    pub runs: u32,
    pub median_score: u32,
    /// Runs that reached an ending of the scenario's best rating.
    pub best_endings: u32,
}

/// The fixed policies a sceptic tries: position, length and greed.
pub const FIXED: [Policy; 7] = [
    Policy::First,
    Policy::Last,
    Policy::Position(2),
    Policy::Position(3),
    Policy::Greedy,
    Policy::Longest,
    Policy::Shortest,
];

/// Play runs of a policy from `seed`, within `budget`.
pub fn try_policy(scenario: &Scenario, policy: Policy, budget: Budget, seed: u64) -> PolicyResult {
    let best = scenario.best_rating().unwrap_or(Rating::Excellent);
    let mut state = State::new(scenario, seed);
    let mut available = Vec::new();
    let mut scores = [0u32; 101];
    let mut best_endings = 0;
    let mut finished = 0u32;
    let (mut runs, mut decisions) = (0, 0u64);
    while budget.allows(runs, decisions) {
        let run_seed = seed.wrapping_add(u64::from(runs));
        state.reset(scenario, run_seed);
        let mut rng = Rng::side_stream(run_seed);
        let end = play_out(
            scenario,
            &mut state,
            policy,
            &mut rng,
            &mut available,
            |_, _, _| {},
        );
        runs += 1;
        decisions += u64::from(state.decisions());
        if end != RunEnd::Ended {
            continue;
        }
        if let Some(score) = crate::score::score(scenario, &state) {
            scores[score.overall.min(100) as usize] += 1;
            finished += 1;
        }
        if let crate::state::RunStatus::Ended(e) = state.status()
            && scenario.ending(e).rating == best
        {
            best_endings += 1;
        }
    }
    PolicyResult {
        policy,
        runs,
        median_score: median_of_counts(&scores, finished),
        best_endings,
    }
}

/// The median of values given as counts per value.
pub(crate) fn median_of_counts(counts: &[u32], total: u32) -> u32 {
    if total == 0 {
        return 0;
    }
    let middle = total / 2;
    let mut seen = 0;
    for (value, &n) in counts.iter().enumerate() {
        seen += n;
        if seen > middle {
            return value as u32;
        }
    }
    0
}
