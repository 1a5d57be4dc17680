//! `promoted check`: what can go wrong in a scenario beyond its references, and what gives
//! its answers away.
//!
//! Three passes. The graph pass looks at the links: unreachable nodes and loops with no way
//! to an ending. The exploration pass plays every choice and every outcome that can happen
//! from every distinct state, up to a budget: where the state space fits, its findings are
//! exact (stuck runs, endings never reached, choices never available, loops); where it does
//! not, random runs add coverage and the findings say they are not proven. The tells pass
//! plays as a sceptic would. Every "never reached", "never available" and "stuck" finding
//! comes with a way there from the start that `promoted play --path` replays.

pub mod explore;
mod graph;
pub mod reading;
pub mod rejoins;
pub mod tells;

use crate::diagnostic::Diagnostic;
use crate::model::{ChoiceIdx, EndingId, EventId, Item, NodeId, Scenario};
use crate::rng::Rng;
use crate::simulate::{Policy, RunEnd, play_observed, problem};
use crate::source::shown;
use crate::state::{Observer, Pick, RunStatus, State};

pub use graph::{Links, graph_pass};

/// The number of distinct states explored before giving up on exhaustiveness, at least.
pub const DEFAULT_STATE_BUDGET: usize = 1_500;
/// Random runs that add coverage, and the decisions they may spend in all.
const SAMPLE: tells::Budget = tells::Budget {
    runs: 400,
    decisions: 100_000,
};
/// Of those, the runs whose decisions measure the tells: some 4,000 decisions in a
/// scenario of the usual length, plenty for a share, at half the cost of all of them.
const TELL_RUNS: u32 = 200;
/// Runs of each fixed policy looking for one that wins.
const POLICY: tells::Budget = tells::Budget {
    runs: 30,
    decisions: 12_000,
};
/// A tell is worth a warning where it gives the answer at more than this share of decisions,
/// measured over at least this many.
const TELL_SHARE: f64 = 0.5;
/// Below this share of value conflicts among decisions, most of them are quizzes.
pub const DILEMMA_SHARE: f64 = 1.0 / 3.0;

const TELL_MIN_DECISIONS: u32 = 20;

#[derive(Debug, Clone)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct states visited by the exploration.
    pub states: usize,
    /// Whether every reachable state was visited, making the findings exact.
    pub exhaustive: bool,
    pub tells: tells::Tells,
}

/// The exploration budget for a scenario when none is given: enough to walk a long chain
/// exhaustively, and the default for anything smaller.
pub fn default_budget(scenario: &Scenario) -> usize {
    DEFAULT_STATE_BUDGET.max(scenario.nodes.len().saturating_mul(4))
}

/// Where something was first seen: a state of the exploration, or a decision of a random run.
#[derive(Debug, Clone, Copy)]
enum Origin {
    Explored(u32),
    /// Seed of the run, and how many decisions it had made.
    Sampled {
        seed: u64,
        decisions: u32,
    },
}

/// What was seen, by exploration and sampling together.
struct Coverage {
    nodes: Vec<Option<Origin>>,
    choices: Vec<Vec<bool>>,
    endings: Vec<bool>,
    events: Vec<bool>,
    /// The first finished run, to show a way to the end.
    finished: Option<Origin>,
}

impl Coverage {
    fn new(s: &Scenario) -> Coverage {
        Coverage {
            nodes: vec![None; s.nodes.len()],
            choices: s
                .nodes
                .iter()
                .map(|n| vec![false; n.choices.len()])
                .collect(),
            endings: vec![false; s.endings.len()],
            events: vec![false; s.events.len()],
            finished: None,
        }
    }

    /// How a state ended, and the events it fired.
    fn see(&mut self, s: &State, origin: Origin) {
        if let RunStatus::Ended(e) = s.status() {
            self.endings[e.index()] = true;
            self.finished.get_or_insert(origin);
        }
        for (i, seen) in self.events.iter_mut().enumerate() {
            *seen |= s.fired.contains(i as u16);
        }
    }
}

/// Marks the nodes a random run enters, routing nodes included, with where it was.
struct Entering<'a> {
    nodes: &'a mut [Option<Origin>],
    seed: u64,
}

impl Observer for Entering<'_> {
    fn entered(&mut self, node: NodeId, decisions: u32) {
        self.nodes[node.index()].get_or_insert(Origin::Sampled {
            seed: self.seed,
            decisions,
        });
    }
}

pub fn analyse(scenario: &Scenario, budget: usize) -> Analysis {
    let links = Links::of(scenario);
    let mut diagnostics = graph_pass(scenario, &links);
    let mut coverage = Coverage::new(scenario);
    let exploration = explore::explore(scenario, budget);
    for (i, state) in exploration.states.iter().enumerate() {
        coverage.see(state, Origin::Explored(i as u32));
    }
    for (node, &at) in exploration.entered.iter().enumerate() {
        if let Some(at) = at {
            coverage.nodes[node].get_or_insert(Origin::Explored(at));
        }
    }
    for (seen, available) in coverage.choices.iter_mut().zip(&exploration.available) {
        for (s, a) in seen.iter_mut().zip(available) {
            *s |= a;
        }
    }
    let paths = Paths {
        scenario,
        exploration: &exploration,
    };
    if let Some(s) = exploration.stuck {
        let node = &scenario.node(exploration.states[s as usize].node()).id;
        diagnostics.push(
            Diagnostic::error(
                format!("node `{}`", shown(node)),
                "a run gets stuck here, with no available choice",
            )
            .spanned(scenario.node(exploration.states[s as usize].node()).span)
            .with_path(paths.of(Origin::Explored(s))),
        );
    }
    if let Some(s) = exploration
        .states
        .iter()
        .position(|st| st.status() == RunStatus::NoEnding)
    {
        diagnostics.push(
            Diagnostic::error(
                "endings",
                "a run finishes with no ending whose condition holds; give the last ending no condition",
            )
            .spanned(scenario.endings_span)
            .with_path(paths.of(Origin::Explored(s as u32))),
        );
    }
    if let Some(s) = exploration.looping {
        let node = scenario.node(exploration.states[s as usize].node());
        diagnostics.push(
            Diagnostic::error(
                format!("node `{}`", shown(&node.id)),
                "a run can loop here forever: no ending is reachable from this state",
            )
            .spanned(node.span)
            .with_path(paths.of(Origin::Explored(s))),
        );
    }

    // Random runs: coverage where exploration ran out, and the tells.
    let mut tells = tells::Tells::new(scenario);
    let mut reader = reading::Reader::new(scenario);
    let sampled = sample(
        scenario,
        &mut coverage,
        (&mut tells, &mut reader),
        &mut diagnostics,
        &paths,
    );
    let how = if exploration.exhaustive {
        String::new()
    } else {
        format!(
            " (not proven: {} states explored, the budget, and {sampled} random runs)",
            exploration.states.len()
        )
    };
    coverage_findings(scenario, &links, &coverage, &paths, &how, &mut diagnostics);
    tell_findings(scenario, &tells, &mut diagnostics);
    reading_findings(scenario, &reader.finish(), &mut diagnostics);
    Analysis {
        diagnostics,
        states: exploration.states.len(),
        exhaustive: exploration.exhaustive,
        tells,
    }
}

/// Turns where something was seen into a way there.
struct Paths<'a> {
    scenario: &'a Scenario,
    exploration: &'a explore::Exploration,
}

impl Paths<'_> {
    fn of(&self, origin: Origin) -> Vec<String> {
        match origin {
            Origin::Explored(s) => self.exploration.path(self.scenario, s),
            Origin::Sampled { seed, decisions } => sampled_path(self.scenario, seed, decisions),
        }
    }
}

/// The steps of random run `seed` up to its `decisions`th decision, replayed: the same
/// generator streams make the same picks and draws as the sampling did.
fn sampled_path(scenario: &Scenario, seed: u64, decisions: u32) -> Vec<String> {
    struct Drawn(Option<usize>);
    impl Observer for Drawn {
        fn outcome(&mut self, outcome: usize, _: Option<u32>) {
            self.0 = Some(outcome);
        }
    }
    let mut state = State::new(scenario, seed);
    let mut rng = Rng::side_stream(seed);
    let mut steps = Vec::new();
    while state.is_playing() && state.decisions() < decisions {
        let available = crate::run::available(scenario, &state);
        if available.is_empty() {
            break;
        }
        let choice = Policy::Random.pick(scenario, &state, &available, &mut rng, &mut None);
        let before = state.clone();
        let mut drawn = Drawn(None);
        state.step(scenario, choice, Pick::Draw, &mut drawn);
        let step = explore::Step {
            choice,
            outcome: drawn.0.map(|o| o as u16),
        };
        steps.push(explore::step_text(scenario, &before, step));
    }
    steps
}

/// Random runs that add coverage, measure the tells and read the screens; returns how many. A run that goes
/// wrong is reported where the exploration was not exhaustive (otherwise it has found every
/// stuck run, missing ending and loop exactly), or when it goes on past the limit, which no
/// exploration sees.
fn sample(
    scenario: &Scenario,
    coverage: &mut Coverage,
    (tells, reader): (&mut tells::Tells, &mut reading::Reader),
    diagnostics: &mut Vec<Diagnostic>,
    paths: &Paths,
) -> u32 {
    let mut state = State::new(scenario, 0);
    let mut available = Vec::new();
    let mut appraiser = tells::Appraiser::new(scenario);
    let mut reported = false;
    let (mut runs, mut decisions) = (0, 0u64);
    while SAMPLE.allows(runs, decisions) {
        let seed = u64::from(runs);
        let measures_tells = runs < TELL_RUNS;
        let mut entering = Entering {
            nodes: &mut coverage.nodes,
            seed,
        };
        state.reset_observed(scenario, seed, &mut entering);
        let mut rng = Rng::side_stream(seed);
        let choices = &mut coverage.choices;
        let end = play_observed(
            scenario,
            &mut state,
            Policy::Random,
            &mut rng,
            &mut available,
            |s, _, available| {
                for &c in available {
                    choices[s.node().index()][c.index()] = true;
                }
                if measures_tells {
                    tells.add(s, &appraiser.point(scenario, s, available));
                }
                reader.read(scenario, s);
            },
            &mut entering,
        );
        runs += 1;
        decisions += u64::from(state.decisions());
        coverage.see(
            &state,
            Origin::Sampled {
                seed,
                decisions: state.decisions(),
            },
        );
        if end != RunEnd::Ended
            && !reported
            && (end == RunEnd::TooLong || !paths.exploration.exhaustive)
            && let Some(problem) = problem(scenario, &state, end)
        {
            reported = true;
            let node = scenario.node(state.node());
            diagnostics.push(
                Diagnostic::error(
                    format!("node `{}`", shown(&node.id)),
                    format!("a random run: {problem}"),
                )
                .spanned(node.span)
                .with_path(paths.of(Origin::Sampled {
                    seed,
                    decisions: state.decisions(),
                })),
            );
        }
    }
    runs
}

fn coverage_findings(
    scenario: &Scenario,
    links: &Links,
    coverage: &Coverage,
    paths: &Paths,
    how: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let reachable = links.reachable(scenario);
    for (i, node) in scenario.nodes.iter().enumerate() {
        let id = NodeId::at(i);
        let place = format!("node `{}`", shown(&node.id));
        match coverage.nodes[i] {
            None if reachable[i] => {
                if scenario.allows(Item::Node(id), "never-reached") {
                    continue;
                }
                // A way to the nearest place a run could have come in from.
                let from = links.into(i).find_map(|p| Some((p, coverage.nodes[p]?)));
                let (message, path) = match from {
                    Some((p, origin)) => (
                        format!(
                            "never reached: the conditions along every way in exclude it; a run reaches `{}`, which leads here, but never takes that way{how}",
                            shown(&scenario.nodes[p].id)
                        ),
                        Some(paths.of(origin)),
                    ),
                    None => (
                        format!("never reached: nothing that leads here is ever reached{how}"),
                        None,
                    ),
                };
                let mut d = Diagnostic::warning("never-reached", place, message).spanned(node.span);
                d.path = path;
                diagnostics.push(d);
            }
            None => {}
            Some(origin) => {
                for (j, choice) in node.choices.iter().enumerate() {
                    let item = Item::Choice(id, ChoiceIdx::at(j));
                    if !coverage.choices[i][j] && !scenario.allows(item, "never-available") {
                        diagnostics.push(
                            Diagnostic::warning(
                                "never-available",
                                format!("node `{}`, choice `{}`", shown(&node.id), shown(&choice.id)),
                                format!("never available: its condition is false whenever the node is reached{how}"),
                            )
                            .spanned(choice.span)
                            .with_path(paths.of(origin)),
                        );
                    }
                }
            }
        }
    }
    for (i, ending) in scenario.endings.iter().enumerate() {
        if !coverage.endings[i] && !scenario.allows(Item::Ending(EndingId::at(i)), "never-reached")
        {
            let mut d = Diagnostic::warning(
                "never-reached",
                format!("ending `{}`", shown(&ending.id)),
                format!("never reached: runs end with the endings before it, or none holds{how}"),
            )
            .spanned(ending.span);
            d.path = coverage.finished.map(|o| paths.of(o));
            diagnostics.push(d);
        }
    }
    for (i, event) in scenario.events.iter().enumerate() {
        if !coverage.events[i] && !scenario.allows(Item::Event(EventId::at(i)), "never-fires") {
            diagnostics.push(
                Diagnostic::warning(
                    "never-fires",
                    format!("event `{}`", shown(&event.id)),
                    format!("never fires: its condition never holds after a decision{how}"),
                )
                .spanned(event.span),
            );
        }
    }
}

/// Warnings where a screen asks too much reading of a room.
fn reading_findings(
    scenario: &Scenario,
    reading: &reading::Reading,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (id, words) in reading.too_long() {
        if scenario.allows(Item::Node(id), "long-screen") {
            continue;
        }
        let node = scenario.node(id);
        diagnostics.push(
            Diagnostic::warning(
                "long-screen",
                format!("node `{}`", shown(&node.id)),
                format!(
                    "this screen holds {words} words with its options, over {}: move context into an earlier node or a passage",
                    reading::SCREEN_WORDS
                ),
            )
            .spanned(node.span),
        );
    }
    let median = reading.median();
    if median > reading::MEDIAN_WORDS && !scenario.allows(Item::Scenario, "long-screen") {
        diagnostics.push(
            Diagnostic::warning(
                "long-screen",
                "the scenario",
                format!(
                    "half its screens hold {median} words or more, over {}: a room on a projector skims, and skimming finds the tells",
                    reading::MEDIAN_WORDS
                ),
            )
            .spanned(scenario.id_span),
        );
    }
}

/// Warnings where the scenario gives its answers away.
fn tell_findings(scenario: &Scenario, tells: &tells::Tells, diagnostics: &mut Vec<Diagnostic>) {
    let percent = |share: f64| (share * 100.0).round();
    let per_node = |code: &'static str,
                    count: fn(&tells::NodeTells) -> u32,
                    what: &str,
                    diagnostics: &mut Vec<Diagnostic>| {
        for (i, t) in tells.nodes.iter().enumerate() {
            let id = NodeId::at(i);
            if t.decisions > 0
                && f64::from(count(t)) > TELL_SHARE * f64::from(t.decisions)
                && !scenario.allows(Item::Node(id), code)
            {
                let node = scenario.node(id);
                diagnostics.push(
                    Diagnostic::warning(
                        code,
                        format!("node `{}`", shown(&node.id)),
                        format!("{what} at {} of {} random visits", count(t), t.decisions),
                    )
                    .spanned(node.span),
                );
            }
        }
    };
    if tells.decisions >= TELL_MIN_DECISIONS {
        if tells.longest_share() > TELL_SHARE && !scenario.allows(Item::Scenario, "longest-is-best")
        {
            diagnostics.push(Diagnostic::warning(
                "longest-is-best",
                "the scenario",
                format!(
                    "the highest-scoring option is the longest at {}% of decisions: a player who picks the longest wins without weighing anything; make some best options short and blunt, and some weak ones long and reasonable",
                    percent(tells.longest_share())
                ),
            ).spanned(scenario.id_span));
            per_node(
                "longest-is-best",
                |t| t.best_is_longest,
                "the highest-scoring option is the longest",
                diagnostics,
            );
        }
        if tells.free_share() > TELL_SHARE && !scenario.allows(Item::Scenario, "free-best-option") {
            diagnostics.push(Diagnostic::warning(
                "free-best-option",
                "the scenario",
                format!(
                    "the highest-scoring option costs nothing at {}% of decisions: no dilemma there, only a right answer",
                    percent(tells.free_share())
                ),
            ).spanned(scenario.id_span));
            per_node(
                "free-best-option",
                |t| t.best_is_free,
                "the highest-scoring option costs nothing",
                diagnostics,
            );
        }
    }
    if tells.choices >= TELL_MIN_DECISIONS
        && tells.conflict_share() < DILEMMA_SHARE
        && !scenario.allows(Item::Scenario, "few-dilemmas")
    {
        diagnostics.push(Diagnostic::warning(
            "few-dilemmas",
            "the scenario",
            format!(
                "only {}% of decisions set two options against each other (points in different competencies, or different people's trust): the rest are quizzes with a right answer",
                percent(tells.conflict_share())
            ),
        ).spanned(scenario.id_span));
    }
    if !scenario.allows(Item::Scenario, "fixed-policy-wins") {
        for policy in tells::FIXED {
            let result = tells::try_policy(scenario, policy, POLICY, 1);
            if result.best_endings > 0 {
                diagnostics.push(Diagnostic::warning(
                    "fixed-policy-wins",
                    "the scenario",
                    format!(
                        "a player who always picks `{policy}` reaches a best-rated ending ({:?}) in {} of {} runs",
                        scenario.best_rating().unwrap_or(crate::format::Rating::Excellent),
                        result.best_endings,
                        result.runs
                    ),
                ).spanned(scenario.id_span));
            }
        }
    }
}
