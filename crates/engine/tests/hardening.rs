//! Files written to break the engine: each must end quickly, in bounded memory, with a
//! located message or a true result. Never a hang, a panic or a wrapped number.

mod common;

use common::*;
use promoted_engine::analysis::{analyse, default_budget};
use promoted_engine::graph::{GraphFormat, render};
use promoted_engine::rng::Rng;
use promoted_engine::simulate::{Policy, RunEnd, play_out, simulate};
use promoted_engine::{Run, State, load};

/// The errors of a file (not its warnings), rendered.
fn messages(text: &str) -> Vec<String> {
    errors_of(text)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render("f.ron"))
        .collect()
}

/// The errors of a file, which must include one containing each of `expected`.
fn assert_refused(text: &str, expected: &[&str]) -> Vec<String> {
    let errors = messages(text);
    assert!(
        errors
            .iter()
            .any(|e| expected.iter().all(|x| e.contains(x))),
        "expected an error containing {expected:?}, got {errors:#?}"
    );
    errors
}

fn simple(nodes: &str) -> String {
    scenario_text(nodes, "", FALLBACK)
}

fn one_choice(effects: &str) -> String {
    simple(&node("n1", &[choice("go", effects, "end")]))
}

/// A chain of `n` decisions, one choice each.
fn chain(n: usize) -> String {
    let nodes: Vec<String> = (0..n)
        .map(|i| {
            let next = if i + 1 == n {
                "end".to_owned()
            } else {
                format!("n{}", i + 2)
            };
            node(&format!("n{}", i + 1), &[choice("on", "", &next)])
        })
        .collect();
    simple(&nodes.join(",\n"))
}

#[test]
fn a_misspelt_id_of_300000_characters_is_named_briefly_without_a_quadratic_search() {
    let long = "m".repeat(300_000);
    let errors = assert_refused(
        &one_choice(&format!(r#"Meter("{long}", Add(1))"#)),
        &["unknown meter", "(300000 characters)"],
    );
    assert!(errors.iter().all(|e| e.len() < 1_000), "{errors:?}");
}

#[test]
fn resume_heavy_files_are_analysed_in_bounded_memory() {
    // 400 nodes of 12 choices that all go back to wherever an event interrupted: the loop
    // analysis once linked every one of them to every place a run could resume.
    let nodes: Vec<String> = (0..400)
        .map(|i| {
            let choices: Vec<String> = (0..12)
                .map(|c| {
                    let next = if c == 0 { "end" } else { "resume" };
                    choice(&format!("c{c}"), r#"Meter("morale", Sub(1))"#, next)
                })
                .collect();
            node(&format!("n{}", i + 1), &choices)
        })
        .collect();
    let events: Vec<String> = (0..50)
        .map(|i| {
            format!(
                r#"Event(id: "e{i}", when: Meter("morale", Below({})), text: "E.", goto: "n{}")"#,
                50 - i,
                i + 2
            )
        })
        .collect();
    let text = scenario_text(&nodes.join(",\n"), &events.join(",\n"), FALLBACK);
    let (scenario, _) = load(text.as_bytes()).expect("loads");
    let analysis = analyse(&scenario, default_budget(&scenario));
    assert!(analysis.states > 0);
}

#[test]
fn values_beyond_the_bounds_are_refused_where_they_are_written() {
    let text = one_choice("");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "min: 0, max: 100, start: 50, description: \"Mood.\"",
            "min: -2000000000, max: 2000000000, start: 0, description: \"Mood.\"",
            &["f.ron:6:", "1000000"],
        ),
        (
            "clock: Clock(start: 1, deadline: 10,",
            "clock: Clock(start: 1, deadline: 2147483647,",
            &["f.ron:10:", "deadline"],
        ),
    ];
    for (from, to, expected) in cases {
        assert_refused(&text.replacen(from, to, 1), expected);
    }
    assert_refused(
        &one_choice(r#"Meter("morale", Add(2147483647))"#),
        &["f.ron:12:", "2000000"],
    );
    assert_refused(&one_choice("Days(2147483647)"), &["f.ron:12:", "10000"]);
    assert_refused(
        &one_choice("Deadline(-2147483648)"),
        &["f.ron:12:", "10000"],
    );
    let points = simple(&node(
        "n1",
        &[r#"Choice(id: "go", text: "Go.", competencies: {Planning: 2147483647}, note: "N.", next: "end")"#.to_owned()],
    ));
    assert_refused(&points, &["f.ron:12:", "100"]);
    let weights = simple(&node(
        "n1",
        &[r#"Choice(id: "go", text: "Go.", outcomes: [Outcome(weight: 4000000000, text: "A."), Outcome(weight: 1, text: "B.")], note: "N.", next: "end")"#.to_owned()],
    ));
    assert!(!messages(&weights).is_empty());
    let big_weights = simple(&node(
        "n1",
        &[r#"Choice(id: "go", text: "Go.", outcomes: [Outcome(weight: 3000000, text: "A."), Outcome(weight: 1, text: "B.")], note: "N.", next: "end")"#.to_owned()],
    ));
    assert_refused(&big_weights, &["f.ron:12:", "1000000"]);
    let later = simple(&node(
        "n1",
        &[r#"Choice(id: "go", text: "Go.", later: [Later(after: 4294967295, text: "Late.")], note: "N.", next: "end")"#.to_owned()],
    ));
    assert_refused(&later, &["f.ron:12:", "1000"]);
    let scoring = one_choice("").replacen(
        "start: \"n1\",",
        "start: \"n1\", scoring: Scoring(meters: 4000000000, competencies: 40, ending: 20),",
        1,
    );
    assert!(!messages(&scoring).is_empty());
    let scoring = one_choice("").replacen(
        "start: \"n1\",",
        "start: \"n1\", scoring: Scoring(meters: 2000000, competencies: 40, ending: 20),",
        1,
    );
    assert_refused(&scoring, &["f.ron:11:", "add up to 2000060, not 100"]);
}

#[test]
fn meters_at_the_bounds_and_seeds_near_the_limit_play_without_wrapping() {
    let text = one_choice(
        r#"Meter("morale", Add(2000000)), Meter("debt", Sub(2000000)), Meter("morale", FairAdd(100))"#,
    )
    .replacen(
        "min: 0, max: 100, start: 50, description: \"Mood.\"",
        "min: -1000000, max: 1000000, start: 999999, description: \"Mood.\"",
        1,
    );
    let (scenario, _) = load(text.as_bytes()).expect("loads");
    for seed in [0, u64::MAX, u64::MAX - 1] {
        let mut run = Run::new(&scenario, seed);
        run.choose_id(&scenario, "go").expect("available");
        let morale = scenario.meter_index("morale").expect("morale");
        assert_eq!(run.state().meter(morale), 1_000_000);
        let score = run.score(&scenario).expect("finished");
        assert!(score.overall <= 100);
    }
    let summary = simulate(&scenario, 20, u64::MAX - 10, Policy::Random);
    assert_eq!(summary.failed, 0);
}

#[test]
fn a_run_of_1500_decisions_is_long_not_a_loop_and_a_real_loop_is_told_apart() {
    let (long, _) = load(chain(1_500).as_bytes()).expect("loads");
    let mut state = State::new(&long, 1);
    let end = play_out(
        &long,
        &mut state,
        Policy::First,
        &mut Rng::side_stream(1),
        &mut Vec::new(),
        |_, _, _| {},
    );
    assert_eq!(end, RunEnd::Ended);
    assert_eq!(state.decisions(), 1_500);

    // Round and round with no way out, past the point where runs are watched for loops.
    let trap = simple(
        &[
            node("n1", &[choice("in", "", "n2")]),
            node("n2", &[choice("round", r#"Meter("morale", Add(1))"#, "n3")]),
            node("n3", &[choice("again", "", "n2")]),
        ]
        .join(", "),
    );
    let (trap, _) = load(trap.as_bytes()).expect("loads");
    let mut state = State::new(&trap, 1);
    let end = play_out(
        &trap,
        &mut state,
        Policy::Random,
        &mut Rng::side_stream(1),
        &mut Vec::new(),
        |_, _, _| {},
    );
    assert_eq!(end, RunEnd::Loop);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(one_choice("").as_bytes());
    let (scenario, _) = load(&bytes).expect("a BOM is fine");
    assert_eq!(scenario.id, "test");
}

#[test]
fn conditions_100_deep_are_accepted_and_deeper_than_the_bound_get_our_message() {
    let nested = |depth: usize| {
        simple(&node(
            "n1",
            &[
                format!(
                    r#"Choice(id: "go", text: "Go.", condition: {}Flag("a"){}, note: "N.", next: "end")"#,
                    "All([".repeat(depth),
                    "])".repeat(depth)
                ),
                choice("other", r#"SetFlag("a")"#, "end"),
            ],
        ))
    };
    assert!(
        messages(&nested(100)).is_empty(),
        "{:#?}",
        messages(&nested(100))
    );
    let errors = messages(&nested(300));
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|e| !e.contains("serde_stacker")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e.contains("deep")), "{errors:#?}");
}

#[test]
fn ids_are_printed_escaped_so_a_file_cannot_send_control_codes() {
    let errors = messages(&one_choice(r#"Meter("x\u{1b}[31m", Add(1))"#));
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| !e.contains('\u{1b}')), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("\\u{1b}")), "{errors:?}");
}

#[test]
fn one_empty_note_is_one_error() {
    let text = simple(&node("n1", &[choice("go", "", "end")])).replacen(
        "note: \"A trade.\"",
        "note: \"\"",
        1,
    );
    let errors = messages(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("f.ron:12:"), "{errors:?}");
}

#[test]
fn semantic_errors_point_at_the_thing_they_are_about() {
    // A forward reference: the error is on the line that refers, not where the id appears.
    let text = simple(
        &[
            node("n1", &[choice("go", "", "n3")]),
            node("n2", &[choice("on", "", "end")]),
        ]
        .join(",\n"),
    );
    assert_refused(&text, &["f.ron:12:", "n3"]);
    // An event whose id is a node's: its bad reference points into the event.
    let text = scenario_text(
        &node("n1", &[choice("go", "", "end")]),
        r#"
        Event(id: "n1", when: Flag("zz"), text: "E.")"#,
        FALLBACK,
    );
    assert_refused(&text, &["f.ron:14:", "zz"]);
    // Too many flags: at the first one too many.
    let flags: Vec<String> = (0..300)
        .map(|i| format!(r#"Flag(id: "f{i}", description: "F.")"#))
        .collect();
    let text = one_choice("").replacen(
        r#"flags: [Flag(id: "a", description: "A."), Flag(id: "b", description: "B.")],"#,
        &format!("flags: [\n{}],", flags.join(",\n")),
        1,
    );
    assert_refused(&text, &["f.ron:266:", "at most 256 flags"]);
}

#[test]
fn mermaid_node_ids_never_collide() {
    let (scenario, _) = load(
        simple(
            &[
                node("n1", &[choice("go", "", "a-b"), choice("or", "", "a_b")]),
                node("a-b", &[choice("on", "", "end")]),
                node("a_b", &[choice("on", "", "end")]),
            ]
            .join(", "),
        )
        .as_bytes(),
    )
    .expect("loads");
    let graph = render(&scenario, GraphFormat::Mermaid);
    let ids: Vec<&str> = graph
        .lines()
        .filter(|l| l.contains("[\"a-b") || l.contains("[\"a_b"))
        .filter_map(|l| l.split('[').next())
        .map(str::trim)
        .collect();
    assert_eq!(ids.len(), 2, "{graph}");
    assert_ne!(ids[0], ids[1], "{graph}");
}
