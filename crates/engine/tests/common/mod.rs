//! Small scenarios written inline, for tests of one rule at a time.
#![allow(dead_code)]

use promoted_engine::state::Pick;
use promoted_engine::{Diagnostic, Run, Scenario, load};

/// A scenario with a meter `morale` (0..=100, start 50), a meter `debt` (lower is better,
/// start 20), a stakeholder `ana` (trust 50), flags `a` and `b`, a clock (day 1, deadline
/// 10), and the given nodes, events and endings.
pub fn scenario_text(nodes: &str, events: &str, endings: &str) -> String {
    format!(
        r#"Scenario(
    format: 1, id: "test", title: "Test", summary: "A test.", minutes: 1,
    difficulty: Introductory, competencies: [Communication, Planning],
    cast: [Stakeholder(id: "ana", name: "Ana", role: "PM", wants: "Things.", trust: 50)],
    meters: [
        Meter(id: "morale", label: "Morale", min: 0, max: 100, start: 50, description: "Mood."),
        Meter(id: "debt", label: "Debt", min: 0, max: 100, start: 20, higher_is_better: false, description: "Debt."),
    ],
    flags: [Flag(id: "a", description: "A."), Flag(id: "b", description: "B.")],
    clock: Clock(start: 1, deadline: 10, label: "the release"),
    start: "n1",
    nodes: [{nodes}],
    events: [{events}],
    endings: [{endings}],
)"#
    )
}

pub const FALLBACK: &str =
    r#"Ending(id: "done", title: "Done", epilogue: "It is done.", rating: Mixed)"#;

/// A choice with the given id, effects and next, and nothing else special.
pub fn choice(id: &str, effects: &str, next: &str) -> String {
    format!(
        r#"Choice(id: "{id}", text: "Do {id}.", effects: [{effects}], note: "A trade.", next: "{next}")"#
    )
}

pub fn node(id: &str, choices: &[String]) -> String {
    format!(
        r#"Node(id: "{id}", text: "At {id}.", choices: [{}])"#,
        choices.join(", ")
    )
}

pub fn build(nodes: &str, events: &str, endings: &str) -> Scenario {
    match load(scenario_text(nodes, events, endings).as_bytes()) {
        Ok((scenario, _)) => scenario,
        Err(errors) => panic!("test scenario does not load: {errors:#?}"),
    }
}

pub fn errors_of(text: &str) -> Vec<Diagnostic> {
    match load(text.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

pub fn warnings_of(text: &str) -> Vec<Diagnostic> {
    match load(text.as_bytes()) {
        Ok((_, warnings)) => warnings,
        Err(errors) => panic!("expected warnings only, got errors: {errors:#?}"),
    }
}

/// The example in docs/scenario-format.md.
pub fn documented_example() -> String {
    let doc = include_str!("../../../../docs/scenario-format.md");
    let section = doc
        .find("## Complete annotated example")
        .expect("the example section");
    let start = section
        + doc[section..]
            .find("```ron\n")
            .expect("the doc has a ron example")
        + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("the example is closed");
    doc[start..end].to_owned()
}

/// Every scenario in the repository's `scenarios/` folder, and the documented example.
pub fn library() -> Vec<(String, Scenario)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.to_string_lossy().ends_with(".scenario.ron"))
        .collect();
    files.sort();
    let mut all: Vec<(String, Scenario)> = files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable");
            let name = p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            match load(&bytes) {
                Ok((s, _)) => (name, s),
                Err(e) => panic!("{name} does not load: {e:#?}"),
            }
        })
        .collect();
    let example = documented_example();
    all.push((
        "docs example".to_owned(),
        load(example.as_bytes()).expect("example loads").0,
    ));
    all
}

include!("paths.rs");

/// Play a path of choice ids on `run` to its end; `id:n` forces the choice's nth random
/// outcome.
pub fn walk(scenario: &Scenario, mut run: Run, path: &[&str]) -> Run {
    for step in path {
        let (choice, pick) = match step.split_once(':') {
            Some((choice, n)) => {
                let n: usize = n.parse().expect("an outcome number");
                (choice, Pick::Outcome(n - 1))
            }
            None => (*step, Pick::Draw),
        };
        let made = run
            .choice_by_id(scenario, choice)
            .and_then(|c| run.choose_with(scenario, c, pick).map(|_| ()));
        if let Err(e) = made {
            panic!(
                "{}: at node `{}`: {e}",
                scenario.id,
                scenario.node(run.state().node()).id
            );
        }
    }
    assert!(run.is_finished(), "{}: the path ends the run", scenario.id);
    run
}
