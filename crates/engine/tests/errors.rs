//! Every class of broken input gets a clear message that says where, and never a panic.

mod common;

use common::*;
use promoted_engine::analysis::analyse;
use promoted_engine::{Diagnostic, Severity, load};

fn rendered(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.render("f.ron")).collect()
}

fn assert_error(text: &str, expected: &str) {
    let errors = rendered(&errors_of(text));
    assert!(
        errors.iter().any(|e| e.contains(expected)),
        "expected an error containing {expected:?}, got {errors:#?}"
    );
}

fn analysis_of(text: &str) -> Vec<String> {
    let (s, mut diagnostics) = load(text.as_bytes()).expect("loads");
    diagnostics.extend(analyse(&s, 10_000).diagnostics);
    rendered(&diagnostics)
}

fn simple(nodes: &str) -> String {
    scenario_text(nodes, "", FALLBACK)
}

#[test]
fn syntax_errors_give_line_and_column() {
    let text = simple(&node("n1", &[choice("go", "", "end")])).replacen(
        "title: \"Test\",",
        "title: \"Test\"",
        1,
    );
    let errors = rendered(&errors_of(&text));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("f.ron:2:"), "{errors:?}");
}

#[test]
fn unknown_fields_and_wrong_types_are_named() {
    let text = simple(&node("n1", &[choice("go", "", "end")]));
    assert_error(
        &text.replacen("minutes: 1,", "minutes: 1, colour: 3,", 1),
        "colour",
    );
    assert_error(
        &text.replacen("minutes: 1,", "minutes: \"one\",", 1),
        "f.ron:2:",
    );
    assert_error(&text.replacen("Introductory", "Trivial", 1), "Trivial");
    assert_error(
        &text.replacen("Communication, Planning", "Communication, Juggling", 1),
        "Juggling",
    );
}

#[test]
fn truncated_binary_deep_and_huge_inputs_are_refused_cleanly() {
    let text = simple(&node("n1", &[choice("go", "", "end")]));
    for cut in [0, 1, 10, text.len() / 2, text.len() - 1] {
        assert!(
            !errors_of(&text[..cut]).is_empty(),
            "truncated at {cut} must fail"
        );
    }
    assert!(
        load(&[0xff, 0xfe, 0x00, 0x01])
            .expect_err("binary")
            .iter()
            .any(|d| d.message.contains("UTF-8"))
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(!errors_of(&deep).is_empty());
    let deep_condition = text.replacen(
        "Node(id: \"n1\", text: \"At n1.\", choices: [Choice(id: \"go\", text: \"Do go.\",",
        &format!("Node(id: \"n1\", text: \"At n1.\", choices: [Choice(id: \"go\", text: \"Do go.\", condition: {}Flag(\"a\"){},", "Not(".repeat(500), ")".repeat(500)),
        1,
    );
    assert!(!errors_of(&deep_condition).is_empty());
    let huge = vec![b' '; promoted_engine::MAX_SCENARIO_BYTES + 1];
    assert_error(
        std::str::from_utf8(&huge).expect("spaces"),
        "limited to 4.0 MiB",
    );
}

#[test]
fn unknown_references_name_the_node_and_choice_and_suggest() {
    let text = simple(
        &[
            node("n1", &[choice("go", r#"Meter("moral", Add(1))"#, "n2")]),
            node(
                "n2",
                &[choice("on", r#"Trust("anna", Add(1)), SetFlag("c")"#, "n3")],
            ),
        ]
        .join(","),
    );
    let errors = rendered(&errors_of(&text));
    let expect = [
        "node `n1`, choice `go`: unknown meter `moral` (did you mean `morale`?)",
        "node `n2`, choice `on`: unknown stakeholder `anna` (did you mean `ana`?)",
        "node `n2`, choice `on`: unknown flag `c`",
        "node `n2`, choice `on`: unknown next node `n3` (did you mean `n1`?)",
    ];
    for e in expect {
        assert!(
            errors.iter().any(|x| x.contains(e)),
            "missing {e:?} in {errors:#?}"
        );
    }
    // Semantic errors are located at their choice's id in the file.
    let line_of_go = text
        .lines()
        .position(|l| l.contains("id: \"go\""))
        .expect("present")
        + 1;
    assert!(
        errors
            .iter()
            .any(|x| x.starts_with(&format!("f.ron:{line_of_go}:")) && x.contains("moral")),
        "{errors:#?}"
    );
    assert_error(
        &simple(&node(
            "n1",
            &[choice("go", r#"Meter("ana", Add(1))"#, "end")],
        )),
        "`ana` is a stakeholder: write `Trust(\"ana\", ..)`",
    );
    assert_error(
        &simple(&node(
            "n1",
            &[choice("go", r#"Trust("morale", Add(1))"#, "end")],
        )),
        "`morale` is a meter",
    );
    assert_error(
        &simple(&node("n1", &[choice("go", "", "end")]))
            .replace("speaker", "x")
            .replacen("start: \"n1\"", "start: \"n9\"", 1),
        "unknown start node `n9`",
    );
}

#[test]
fn empty_texts_bad_ranges_and_duplicates_are_errors() {
    let base = simple(&node("n1", &[choice("go", "", "end")]));
    assert_error(
        &base.replacen("text: \"At n1.\"", "text: \"  \"", 1),
        "node `n1`: empty text",
    );
    assert_error(
        &base.replacen("note: \"A trade.\"", "note: \"\"", 1),
        "empty coach's note",
    );
    assert_error(
        &base.replacen("start: 50,", "start: 150,", 1),
        "meter `morale`: start 150 is outside 0..=100",
    );
    assert_error(
        &base.replacen(
            "min: 0, max: 100, start: 50",
            "min: 10, max: 5, start: 50",
            1,
        ),
        "min 10 is not below max 5",
    );
    assert_error(
        &base.replacen("trust: 50", "trust: -5", 1),
        "trust -5 is outside 0..=100",
    );
    assert_error(
        &base.replacen("id: \"debt\"", "id: \"morale\"", 1),
        "two meters have this id",
    );
    assert_error(
        &base.replacen("id: \"n1\"", "id: \"Node One\"", 1),
        "lowercase",
    );
    assert_error(
        &base.replacen("format: 1", "format: 7", 1),
        "format 7 is not supported",
    );
    assert_error(
        &base.replacen("endings: [", "scoring: Scoring(meters: 50), endings: [", 1),
        "the weights add up to 110",
    );
    assert_error(&simple(&node("n1", &[])), "no choices");
    assert_error(
        &simple(&node(
            "n1",
            &[choice("go", r#"Meter("morale", FairAdd(150))"#, "end")],
        )),
        "fairmath takes a percentage",
    );
    assert_error(
        &simple(
            r#"Node(id: "n1", text: "Hi {nobody}.", choices: [Choice(id: "go", text: "Go.", note: "N.", next: "end")])"#,
        ),
        "`{nobody}` names no stakeholder",
    );
    assert_error(
        &scenario_text(&node("n1", &[choice("go", "", "end")]), "", ""),
        "at least one ending",
    );
}

#[test]
fn unreachable_nodes_and_impossible_conditions_are_warnings() {
    let text = simple(
        &[
            node("n1", &[choice("go", "", "end")]),
            node("island", &[choice("stay", "", "end")]),
        ]
        .join(","),
    );
    let found = analysis_of(&text);
    assert!(
        found
            .iter()
            .any(|w| w.contains("warning[unreachable]: node `island`: unreachable")),
        "{found:#?}"
    );

    let text = simple(
        r#"Node(id: "n1", text: "One.", choices: [
        Choice(id: "never", text: "Never.", condition: Meter("morale", Above(100)), note: "N.", next: "end"),
        Choice(id: "go", text: "Go.", effects: [SetFlag("a")], note: "N.", next: "end")])"#,
    );
    let found = analysis_of(&text);
    assert!(
        found
            .iter()
            .any(|w| w.contains("choice `never`") && w.contains("can never be true")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|w| w.contains("choice `never`") && w.contains("never available")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|w| w.contains("flag `b`: never set")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|w| w.contains("flag `a`: set but never read")),
        "{found:#?}"
    );
    assert!(found.iter().all(|w| w.contains("warning")), "{found:#?}");
}

#[test]
fn endings_that_can_never_be_reached_are_found() {
    let endings = format!(
        r#"Ending(id: "dream", condition: Meter("morale", AtLeast(99)), title: "Dream", epilogue: "E.", rating: Excellent), {FALLBACK}, Ending(id: "after", title: "After", epilogue: "E.", rating: Poor)"#
    );
    let text = scenario_text(
        &node("n1", &[choice("go", r#"Meter("morale", Add(10))"#, "end")]),
        "",
        &endings,
    );
    let found = analysis_of(&text);
    assert!(
        found
            .iter()
            .any(|w| w.contains("ending `dream`: never reached")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|w| w.contains("ending `after`") && w.contains("always wins")),
        "{found:#?}"
    );
}

#[test]
fn stuck_runs_loops_and_missing_endings_are_errors() {
    // A node whose only choice needs a flag nobody set: a run gets stuck there.
    let stuck = simple(&[
        node("n1", &[choice("go", "", "n2")]),
        r#"Node(id: "n2", text: "Two.", choices: [Choice(id: "locked", text: "L.", condition: Flag("a"), note: "N.", next: "end")])"#.to_owned(),
    ]
    .join(","));
    let found = analysis_of(&stuck);
    assert!(
        found
            .iter()
            .any(|e| e.contains("error: node `n2`: a run gets stuck here")
                && e.ends_with("a way there: promoted play f.ron --path go")),
        "{found:#?}"
    );

    // Two nodes that only lead to each other.
    let looping = simple(
        &[
            node("n1", &[choice("go", "", "n2"), choice("out", "", "end")]),
            node("n2", &[choice("back", "", "n3")]),
            node("n3", &[choice("again", "", "n2")]),
        ]
        .join(","),
    );
    let found = analysis_of(&looping);
    assert!(
        found
            .iter()
            .any(|e| e.contains("error") && e.contains("a loop with no exit")),
        "{found:#?}"
    );

    // A loop that has an exit in the graph, but the exit's condition can never hold.
    let trap = simple(
        &[
            node("n1", &[choice("go", "", "n2")]),
            r#"Node(id: "n2", text: "Two.", choices: [
            Choice(id: "wait", text: "Wait.", note: "N.", next: "n2"),
            Choice(id: "leave", text: "Leave.", condition: Flag("a"), note: "N.", next: "end")])"#
                .to_owned(),
        ]
        .join(","),
    );
    let found = analysis_of(&trap);
    assert!(
        found
            .iter()
            .any(|e| e.contains("error") && e.contains("loop here forever")),
        "{found:#?}"
    );

    // No ending holds when the run finishes.
    let no_ending = scenario_text(
        &node("n1", &[choice("go", "", "end")]),
        "",
        r#"Ending(id: "only", condition: Flag("a"), title: "Only", epilogue: "E.", rating: Good)"#,
    );
    let found = analysis_of(&no_ending);
    assert!(
        found
            .iter()
            .any(|e| e.contains("error: endings: a run finishes with no ending")),
        "{found:#?}"
    );
}

#[test]
fn the_documented_example_is_valid_and_clean() {
    let text = documented_example();
    let found = analysis_of(&text);
    assert!(found.is_empty(), "{found:#?}");
    let (s, _) = load(text.as_bytes()).expect("loads");
    let a = analyse(&s, 10_000);
    assert!(a.exhaustive);
    assert!(a.diagnostics.iter().all(|d| d.severity != Severity::Error));
}
