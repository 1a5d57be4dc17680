//! `cargo bench -p promoted-engine`: random playthroughs per second, `check` of the whole
//! library and of a 15,000-node chain declared either way, and the road not taken a workshop
//! works out at each decision. Criterion's "thrpt" line for `playthroughs/*` is
//! playthroughs per second.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use promoted_engine::analysis::{analyse, default_budget};
use promoted_engine::model::ChoiceIdx;
use promoted_engine::rng::Rng;
use promoted_engine::simulate::{Policy, play_out};
use promoted_engine::workshop::Road;
use promoted_engine::{Scenario, State, load};

/// A format-2 scenario of exactly 20 decisions with conditions in every node: passages
/// shown by condition, an option that needs trust, effects that branch on the state, odds
/// that depend on a meter every fourth node, delayed effects, arrival effects and events.
/// The shape of a real scenario, at the length the target names.
fn twenty_decisions() -> String {
    let mut nodes = Vec::new();
    for i in 0..20 {
        let next = if i == 19 {
            "end".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        let outcomes = if i % 4 == 0 {
            r#"outcomes: [
                Outcome(weight: IfElse(Meter("quality", AtLeast(50)), 3, 1), text: "Fine.", effects: [Meter("morale", Add(2))]),
                Outcome(weight: 1, text: "Not fine.", effects: [Meter("quality", Sub(3))]),
            ],"#
        } else {
            ""
        };
        nodes.push(format!(
            r#"Node(id: "n{i}", speaker: "ana", enter: [Meter("burnout", Add(1))],
            text: ["Step {i}: {{ana}} asks; {{days_left}} days left.", If(Flag("pushed"), "She has not forgotten the last push."), IfElse(Trust("ana", AtLeast(50)), "{{ana}} listens.", "{{ana}} waits for you to finish.")],
            choices: [
                Choice(id: "push", text: "Push.", effects: [Meter("morale", Sub(4)), Trust("ana", Add(3)), Days(1), SetFlag("pushed"), If(Meter("burnout", AtLeast(30)), [Points(Motivation, -1)])], {outcomes} note: "N.", competencies: {{Planning: -1, Communication: 1}}, next: "{next}"),
                Choice(id: "protect", text: "Protect.", effects: [Meter("morale", FairAdd(10)), IfElse(Flag("pushed"), [Trust("ana", Sub(5))], [Trust("ana", Sub(2))])], later: [Later(after: 2, text: "It shows.", effects: [Meter("quality", Add(2))])], note: ["N.", If(Flag("pushed"), "After a push, it lands as relief.")], competencies: {{Motivation: 1}}, next: "{next}"),
                Choice(id: "talk", text: "Talk.", condition: Trust("ana", AtLeast(45)), disabled: "Ana is not listening.", effects: [Meter("quality", Sub(1)), ClearFlag("pushed")], note: "N.", competencies: {{Communication: 2}}, next: "{next}"),
            ])"#
        ));
    }
    format!(
        r#"Scenario(format: 2, id: "bench", title: "Bench", summary: "Twenty decisions.", minutes: 10, difficulty: Intermediate,
    competencies: [Communication, Planning, Motivation],
    cast: [Stakeholder(id: "ana", name: "Ana Ruiz", role: "PM", wants: "Everything.", trust: 50)],
    meters: [
        Meter(id: "morale", label: "Morale", min: 0, max: 100, start: 60, description: "M."),
        Meter(id: "quality", label: "Quality", min: 0, max: 100, start: 50, description: "Q."),
        Meter(id: "burnout", label: "Burnout", min: 0, max: 100, start: 10, visible: false, higher_is_better: false, description: "B."),
    ],
    flags: [Flag(id: "pushed", description: "P.")],
    clock: Clock(start: 1, deadline: 15, label: "the release"),
    start: "n0",
    nodes: [{}],
    events: [
        Event(id: "tired", when: Meter("morale", Below(30)), text: "Tired.", effects: [Meter("burnout", Add(10))]),
        Event(id: "late", when: DaysLeft(Below(3)), text: "Late.", effects: [Trust("ana", Sub(5))]),
    ],
    endings: [
        Ending(id: "good", condition: Sum([Meter("morale"), Trust("ana")], AtLeast(100)), title: "Good", epilogue: "G.", rating: Good),
        Ending(id: "pushed", condition: Flag("pushed"), title: "Pushed", epilogue: "P.", rating: Poor),
        Ending(id: "meh", title: "Meh", epilogue: "M.", rating: Mixed),
    ],
)"#,
        nodes.join(",\n")
    )
}

/// A chain of `n` nodes, each with one choice to the next, declared first to last or last to
/// first: the shape that once made `check` quadratic.
fn chain(n: usize, backwards: bool) -> String {
    let mut nodes: Vec<String> = (0..n)
        .map(|i| {
            let next = if i + 1 == n {
                "end".to_owned()
            } else {
                format!("c{}", i + 1)
            };
            format!(
                r#"Node(id: "c{i}", text: "Step {i}.", choices: [Choice(id: "on", text: "On.", effects: [Meter("m", Add(1))], note: "N.", competencies: {{Planning: 1}}, next: "{next}")])"#
            )
        })
        .collect();
    if backwards {
        nodes.reverse();
    }
    format!(
        r#"Scenario(format: 2, id: "chain", title: "Chain", summary: "A long road.", minutes: 10, difficulty: Introductory,
    competencies: [Planning],
    meters: [Meter(id: "m", label: "M", min: 0, max: 100000, start: 0, description: "M.")],
    start: "c0",
    nodes: [{}],
    endings: [Ending(id: "done", title: "Done", epilogue: "D.", rating: Good)],
)"#,
        nodes.join(",\n")
    )
}

fn library() -> Vec<(String, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".scenario.ron"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().replace(".scenario.ron", ""))
                .unwrap_or_default();
            (name, std::fs::read(&p).expect("readable"))
        })
        .collect()
}

fn bench_playthroughs(c: &mut Criterion) {
    let mut scenarios: Vec<(String, Scenario)> = vec![(
        "twenty-decisions".to_owned(),
        load(twenty_decisions().as_bytes())
            .expect("bench scenario loads")
            .0,
    )];
    for (name, bytes) in library() {
        scenarios.push((name, load(&bytes).expect("library scenario loads").0));
    }
    let mut group = c.benchmark_group("playthroughs");
    group.throughput(Throughput::Elements(1));
    for (name, scenario) in &scenarios {
        let mut state = State::new(scenario, 0);
        let mut available = Vec::new();
        let mut seed = 0u64;
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                seed += 1;
                state.reset(scenario, seed);
                let mut rng = Rng::side_stream(seed);
                black_box(play_out(
                    scenario,
                    &mut state,
                    Policy::Random,
                    &mut rng,
                    &mut available,
                    |_, _, _| {},
                ));
                black_box(state.decisions())
            })
        });
    }
    group.finish();
}

/// `check` as the CLI runs it: load, compile and analyse every file.
fn bench_check(c: &mut Criterion) {
    let library = library();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    group.bench_function("library", |b| {
        b.iter(|| {
            for (_, bytes) in &library {
                let (scenario, _) = load(black_box(bytes)).expect("loads");
                black_box(
                    analyse(&scenario, default_budget(&scenario))
                        .diagnostics
                        .len(),
                );
            }
        })
    });
    for (name, backwards) in [
        ("chain-15000-forward", false),
        ("chain-15000-backward", true),
    ] {
        let text = chain(15_000, backwards);
        group.bench_function(name, |b| {
            b.iter(|| {
                let (scenario, _) = load(black_box(text.as_bytes())).expect("the chain loads");
                black_box(
                    analyse(&scenario, default_budget(&scenario))
                        .diagnostics
                        .len(),
                );
            })
        });
    }
    group.finish();
}

/// The road not taken at the first decision of each library scenario: 2 × 200 continuations,
/// computed on the game's thread when the room's vote is in.
fn bench_road_not_taken(c: &mut Criterion) {
    let mut group = c.benchmark_group("road-not-taken");
    for (name, bytes) in library() {
        let scenario = load(&bytes).expect("library scenario loads").0;
        let state = State::new(&scenario, 7);
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                black_box(Road::explore(
                    &scenario,
                    black_box(&state),
                    ChoiceIdx(0),
                    ChoiceIdx(1),
                ))
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_playthroughs,
    bench_check,
    bench_road_not_taken
);
criterion_main!(benches);
