//! Many seeded playthroughs with a simple policy, summarised for balancing: ChoiceScript's
//! `randomtest`, but thousands of times faster, with the tells that give an answer key away.
//!
//! Memory does not grow with the number of runs: scores, lengths and final meter values are
//! counted, not kept.

mod campaign;
mod cut;
mod policy;

use std::collections::{BTreeMap, HashSet};

use foldhash::fast::FixedState;
use serde::Serialize;

pub use campaign::{
    CampaignEndingCount, CampaignPolicyResult, CampaignSummary, ChapterSummary, campaign_policies,
    simulate_campaign,
};
pub use cut::{CUT_ENDINGS, CutSummary, simulate_cut};
pub use policy::Policy;

use crate::analysis::explore::{can_finish, situation};
use crate::analysis::tells::{self, Appraiser, Budget, PolicyResult, Tells, median_of_counts};
use crate::format::Rating;
use crate::model::{ChoiceIdx, Scenario};
use crate::rng::Rng;
use crate::score::score;
use crate::state::{Pick, RunStatus, State};

/// After this many decisions a run is watched for a state that repeats with no way out.
pub const LOOP_WATCH: u32 = 1_000;
/// A run still going after this many decisions is stopped: it goes round a loop it could
/// leave but never does.
pub const MAX_DECISIONS: u32 = 100_000;
/// The most runs one simulation plays.
pub const MAX_RUNS: u32 = 10_000_000;
/// States explored to decide whether a repeating run can still reach an ending.
const LOOP_BUDGET: usize = 20_000;
/// At most this many failed runs are listed one by one.
const MAX_LISTED_FAILURES: usize = 20;
/// Random runs the tells are measured over, and runs per fixed policy, at most, and the
/// decisions each may spend.
const TELL_RUNS: u32 = 2_000;
const POLICY_RUNS: u32 = 1_000;
const TELL_DECISIONS: u64 = 1_000_000;

/// How a single simulated run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    Ended,
    /// A node where no choice was available.
    Stuck,
    /// Finished but no ending's condition held.
    NoEnding,
    /// A state came round again from which no ending can be reached: a real loop.
    Loop,
    /// Still going after [`MAX_DECISIONS`], though an ending could be reached.
    TooLong,
}

/// Play one run from `state` (already reset) to its end, calling `visit` before each decision
/// with the state, the choice taken and the choices available.
pub fn play_out(
    scenario: &Scenario,
    state: &mut State,
    policy: Policy,
    rng: &mut Rng,
    available: &mut Vec<ChoiceIdx>,
    visit: impl FnMut(&State, ChoiceIdx, &[ChoiceIdx]),
) -> RunEnd {
    play_observed(scenario, state, policy, rng, available, visit, &mut ())
}

/// [`play_out`], telling `observer` what each step does.
pub fn play_observed(
    scenario: &Scenario,
    state: &mut State,
    policy: Policy,
    rng: &mut Rng,
    available: &mut Vec<ChoiceIdx>,
    mut visit: impl FnMut(&State, ChoiceIdx, &[ChoiceIdx]),
    observer: &mut impl crate::state::Observer,
) -> RunEnd {
    let mut seen: Option<HashSet<u64, FixedState>> = None;
    let mut loop_checked = false;
    // Made at the first decision that needs one: only the greedy bot does.
    let mut appraiser: Option<Appraiser> = None;
    while state.is_playing() {
        if state.decisions() >= LOOP_WATCH {
            if state.decisions() >= MAX_DECISIONS {
                return RunEnd::TooLong;
            }
            let repeated = !seen
                .get_or_insert_with(HashSet::default)
                .insert(situation(state));
            if repeated && !loop_checked {
                loop_checked = true;
                if can_finish(scenario, state, LOOP_BUDGET) == Some(false) {
                    return RunEnd::Loop;
                }
            }
        }
        state.available_into(scenario, available);
        if available.is_empty() {
            return RunEnd::Stuck;
        }
        let choice = policy.pick(scenario, state, available, rng, &mut appraiser);
        visit(state, choice, available);
        state.step(scenario, choice, Pick::Draw, observer);
    }
    match state.status() {
        RunStatus::NoEnding => RunEnd::NoEnding,
        _ => RunEnd::Ended,
    }
}

/// Counts the runs that enter each node, once per run however often it comes round.
struct Visits<'a> {
    runs: &'a mut [u32],
    marks: &'a mut [u32],
    run: u32,
}

impl crate::state::Observer for Visits<'_> {
    fn entered(&mut self, node: crate::model::NodeId, _decisions: u32) {
        let n = node.index();
        if self.marks[n] != self.run {
            self.marks[n] = self.run;
            self.runs[n] += 1;
        }
    }
}

/// What a simulation found.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
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

/// The tells: how often the answer is given away by length or position, and how the
/// sceptic's fixed policies fare beside random play. Measured apart from a simulation's own
/// runs, since they need runs of every policy.
#[derive(Debug, Clone, Serialize)]
pub struct TellsSummary {
    /// Decisions (of random runs) with a single highest-scoring option.
    pub decisions: u32,
    /// Shares of those decisions where that option is the longest, the first, the last,
    /// and where it costs nothing.
    pub best_is_longest: f64,
    pub best_is_first: f64,
    pub best_is_last: f64,
    pub best_is_free: f64,
    /// The share of decisions with more than one option where two of them spend or reward
    /// different things: dilemmas rather than quizzes.
    pub conflicts: f64,
    /// Words per screen (node text and options): the median over nodes, and the longest.
    pub words_median: u32,
    pub longest_screen: Option<(String, u32)>,
    pub random: PolicyResult,
    pub policies: Vec<PolicyResult>,
}

impl TellsSummary {
    pub fn measure(scenario: &Scenario, runs: u32, seed: u64) -> TellsSummary {
        // One set of random runs measures the tells and reads the screens.
        let mut tells = Tells::new(scenario);
        let mut appraiser = tells::Appraiser::new(scenario);
        let mut reader = crate::analysis::reading::Reader::new(scenario);
        let sample = Budget {
            runs: runs.min(TELL_RUNS),
            decisions: TELL_DECISIONS,
        };
        sample.random_runs(scenario, seed, |s, available| {
            tells.add(s, &appraiser.point(scenario, s, available));
            reader.read(scenario, s);
        });
        let reading = reader.finish();
        let policy_runs = Budget {
            runs: runs.min(POLICY_RUNS),
            decisions: TELL_DECISIONS,
        };
        TellsSummary {
            conflicts: tells.conflict_share(),
            words_median: reading.median(),
            longest_screen: reading
                .longest()
                .map(|(n, w)| (scenario.node(n).id.clone(), w)),
            decisions: tells.decisions,
            best_is_longest: tells.longest_share(),
            best_is_first: tells.first_share(),
            best_is_last: tells.last_share(),
            best_is_free: tells.free_share(),
            random: tells::try_policy(scenario, Policy::Random, policy_runs, seed),
            policies: tells::FIXED
                .iter()
                .map(|&p| tells::try_policy(scenario, p, policy_runs, seed))
                .collect(),
        }
    }
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
    pub min: i64,
    pub median: i64,
    pub max: i64,
}

/// Values counted by value: bounded memory however many runs there are.
#[derive(Debug, Clone, Default)]
struct Counts(BTreeMap<i64, u32>);

impl Counts {
    fn add(&mut self, value: i64) {
        *self.0.entry(value).or_insert(0) += 1;
    }

    fn distribution(&self) -> Distribution {
        let total: u64 = self.0.values().map(|&n| u64::from(n)).sum();
        let (Some((&min, _)), Some((&max, _))) =
            (self.0.first_key_value(), self.0.last_key_value())
        else {
            return Distribution::default();
        };
        let middle = total / 2;
        let mut seen = 0u64;
        let median = self
            .0
            .iter()
            .find(|&(_, &n)| {
                seen += u64::from(n);
                seen > middle
            })
            .map_or(min, |(&v, _)| v);
        Distribution { min, median, max }
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

impl Summary {
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
    /// The last seed used: runs use `seed`, `seed + 1`, … wrapping past the largest.
    pub fn last_seed(&self) -> u64 {
        self.seed
            .wrapping_add(u64::from(self.runs.saturating_sub(1)))
    }
}

/// What a failed run's problem is, in words; `None` when it ended well.
pub fn problem(scenario: &Scenario, state: &State, end: RunEnd) -> Option<String> {
    match end {
        RunEnd::Ended => None,
        RunEnd::Stuck => Some(format!(
            "stuck at node `{}`: no choice is available",
            crate::source::shown(&scenario.node(state.node()).id)
        )),
        RunEnd::NoEnding => Some("finished, but no ending's condition held".to_owned()),
        RunEnd::Loop => Some(format!(
            "a loop with no way out at node `{}`: a state came round again from which no ending can be reached",
            crate::source::shown(&scenario.node(state.node()).id)
        )),
        RunEnd::TooLong => Some(format!(
            "still going after {MAX_DECISIONS} decisions, round a loop it could leave"
        )),
    }
}

/// Run `runs` playthroughs; run `i` uses seed `seed + i`, so any one can be replayed alone.
pub fn simulate(scenario: &Scenario, runs: u32, seed: u64, policy: Policy) -> Summary {
    let runs = runs.min(MAX_RUNS);
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
    let mut scores = [0u32; 101];
    let mut finished = 0u32;
    let mut lengths = Counts::default();
    let mut finals: Vec<Counts> = vec![Counts::default(); scenario.meters.len()];
    let mut histogram = [0u32; 10];
    let mut failures = Vec::new();
    let mut failed = 0;

    let mut state = State::new(scenario, seed);
    let mut available = Vec::new();
    for i in 0..runs {
        let run_seed = seed.wrapping_add(u64::from(i));
        // Nodes count where the run enters them, routing nodes included.
        let mut entering = Visits {
            runs: &mut node_runs,
            marks: &mut node_mark,
            run: i,
        };
        state.reset_observed(scenario, run_seed, &mut entering);
        let mut rng = Rng::side_stream(run_seed);
        let end = play_observed(
            scenario,
            &mut state,
            policy,
            &mut rng,
            &mut available,
            |s, choice, _| {
                let c = choice_offsets[s.node().index()] + choice.index();
                if choice_mark[c] != i {
                    choice_mark[c] = i;
                    choice_runs[c] += 1;
                }
            },
            &mut entering,
        );
        if let Some(problem) = problem(scenario, &state, end) {
            failed += 1;
            if failures.len() < MAX_LISTED_FAILURES {
                failures.push(Failure {
                    seed: run_seed,
                    problem,
                });
            }
            continue;
        }
        if let RunStatus::Ended(e) = state.status() {
            ending_runs[e.index()] += 1;
        }
        if let Some(s) = score(scenario, &state) {
            histogram[(s.overall as usize / 10).min(9)] += 1;
            scores[s.overall.min(100) as usize] += 1;
            finished += 1;
        }
        lengths.add(i64::from(state.decisions()));
        for (m, &v) in state.meters().iter().enumerate() {
            finals[m].add(i64::from(v));
        }
    }
    let score_distribution = {
        let min = scores.iter().position(|&n| n > 0).unwrap_or(0);
        let max = scores.iter().rposition(|&n| n > 0).unwrap_or(0);
        Distribution {
            min: min as i64,
            median: i64::from(median_of_counts(&scores, finished)),
            max: max as i64,
        }
    };

    Summary {
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
        scores: score_distribution,
        histogram,
        decisions: lengths.distribution(),
        meters: scenario
            .meters
            .iter()
            .zip(&finals)
            .map(|(m, values)| MeterRange {
                id: m.id.clone(),
                label: m.label.clone(),
                visible: m.visible,
                finals: values.distribution(),
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
