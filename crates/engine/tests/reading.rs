//! What `check` says about reading and dilemmas: screens too long for a projector, numbers
//! spoken beside a meter's name, and decisions that are quizzes rather than dilemmas.

mod common;

use common::*;
use promoted_engine::analysis::{analyse, reading};
use promoted_engine::load;

fn codes(text: &str) -> Vec<String> {
    let (scenario, warnings) = load(text.as_bytes()).expect("loads");
    warnings
        .into_iter()
        .chain(analyse(&scenario, 1_500).diagnostics)
        .map(|d| d.render("f.ron"))
        .collect()
}

fn with_code<'a>(all: &'a [String], code: &str) -> Vec<&'a String> {
    all.iter()
        .filter(|d| d.contains(&format!("warning[{code}]")))
        .collect()
}

#[test]
fn a_screen_over_140_words_is_named_with_its_count() {
    let long = vec!["word"; 150].join(" ");
    let text = scenario_text(
        &format!(
            r#"Node(id: "n1", text: "{long}", choices: [{}, {}])"#,
            choice("a", "", "end"),
            choice("b", "", "end")
        ),
        "",
        FALLBACK,
    );
    let all = codes(&text);
    let found = with_code(&all, "long-screen");
    assert!(
        found
            .iter()
            .any(|d| d.contains("node `n1`") && d.contains("154 words")),
        "{all:#?}"
    );
    let (scenario, _) = load(text.as_bytes()).expect("loads");
    let measured = reading::measure(
        &scenario,
        promoted_engine::analysis::tells::Budget {
            runs: 5,
            decisions: 100,
        },
        1,
    );
    assert_eq!(measured.longest().map(|(_, w)| w), Some(154));
    assert_eq!(measured.median(), 154);
}

#[test]
fn a_number_said_beside_a_meter_s_name_is_a_number_in_dialogue() {
    for (line, flagged) in [
        ("‘Morale’s at 57, I checked,’ she says.", true),
        ("‘Your trust with me is at 64.’", true),
        ("‘We have 3 days and 12 tickets left.’", false),
        ("Morale is 57 on the dashboard, unspoken.", false),
    ] {
        let text = scenario_text(
            &format!(
                r#"Node(id: "n1", text: "{line}", choices: [{}])"#,
                choice("a", "", "end")
            ),
            "",
            FALLBACK,
        );
        let all = codes(&text);
        assert_eq!(
            !with_code(&all, "number-in-dialogue").is_empty(),
            flagged,
            "{line}: {all:#?}"
        );
    }
}

#[test]
fn a_scenario_of_quizzes_has_few_dilemmas_and_one_of_trade_offs_does_not() {
    // Twenty decisions in a row, each with a right answer and a wrong one.
    let quiz: Vec<String> = (1..=20)
        .map(|i| {
            let next = if i == 20 {
                "end".to_owned()
            } else {
                format!("n{}", i + 1)
            };
            node(
                &format!("n{i}"),
                &[
                    choice("right", "Points(Communication, 1)", &next),
                    choice("wrong", "Points(Communication, -1)", &next),
                ],
            )
        })
        .collect();
    let text = scenario_text(&quiz.join(", "), "", FALLBACK).replacen("format: 1", "format: 2", 1);
    assert!(!with_code(&codes(&text), "few-dilemmas").is_empty());
    // The same decisions, each setting Communication against Planning.
    let traded = text.replace(r#"Points(Communication, -1)"#, r#"Points(Planning, 1)"#);
    assert!(with_code(&codes(&traded), "few-dilemmas").is_empty());
}

#[test]
fn a_rejoin_lists_each_way_in_with_what_was_read_and_a_path_there() {
    let text = scenario_text(
        r#"Node(id: "n1", text: "At n1.", choices: [
                Choice(id: "warn", text: "Warn her.", effects: [SetFlag("a")], result: "She thanks you.", note: "N.", next: "n2"),
                Choice(id: "wait", text: "Wait.", note: "N.", next: "n2"),
            ]),
            Node(id: "n2", text: "She remembers the warning.", choices: [Choice(id: "end", text: "End.", note: "N.", next: "end")])"#,
        "",
        FALLBACK,
    );
    let (scenario, _) = load(text.as_bytes()).expect("loads");
    let found = promoted_engine::analysis::rejoins::rejoins(&scenario, 50, 1, None);
    assert_eq!(found.len(), 1, "only n2 is reached two ways");
    let n2 = &found[0];
    assert_eq!(scenario.node(n2.node).id, "n2");
    let mut ways: Vec<(&str, Vec<&str>, &str, String)> = n2
        .ways
        .iter()
        .map(|w| {
            (
                w.chosen.as_str(),
                w.consequences.iter().map(String::as_str).collect(),
                w.text.as_str(),
                w.path.join(","),
            )
        })
        .collect();
    ways.sort();
    // Read side by side, the fault shows: after waiting, she remembers a warning never given.
    assert_eq!(
        ways,
        [
            (
                "Wait.",
                vec![],
                "She remembers the warning.",
                "wait".to_owned()
            ),
            (
                "Warn her.",
                vec!["She thanks you."],
                "She remembers the warning.",
                "warn".to_owned()
            ),
        ]
    );
    assert_eq!(n2.ways.iter().map(|w| w.runs).sum::<u32>(), 50);
}
