//! Mentoring and reflection: a mentor's question asked at most twice a run, and the
//! priorities a player names set beside what their choices protected. Neither is scored.

mod common;

use common::*;
use promoted_engine::reflection::{MentorError, PriorityError};
use promoted_engine::{Priority, Run, Scenario, load};

/// Three decisions; the first two have a mentor's question. `ana`'s trust stands for the
/// team, `morale` for delivery, and `debt` (better low) for quality.
fn scenario() -> String {
    let text = scenario_text(
        r#"Node(id: "n1", text: "At n1.", mentor: "What does {ana} need from you?", choices: [
                Choice(id: "warm", text: "Be warm.", effects: [Trust("ana", Add(20)), Meter("debt", Add(10))], note: "N.", next: "n2"),
                Choice(id: "cold", text: "Be cold.", effects: [Trust("ana", Sub(20))], note: "N.", next: "n2"),
            ]),
            Node(id: "n2", text: "At n2.", mentor: ["What would you regret?", If(Flag("a"), " Even now?")], choices: [
                Choice(id: "ship", text: "Ship it.", effects: [Meter("morale", Add(30))], note: "N.", next: "n3"),
            ]),
            Node(id: "n3", text: "At n3.", choices: [Choice(id: "done", text: "Done.", note: "N.", next: "end")])"#,
        "",
        FALLBACK,
    )
    .replacen("format: 1", "format: 2", 1);
    text.replacen(
        "competencies: [Communication, Planning],",
        r#"competencies: [Communication, Planning],
    priorities: Priorities(team: ["ana"], delivery: ["morale"], quality: ["debt"]),"#,
        1,
    )
}

fn build() -> Scenario {
    match load(scenario().as_bytes()) {
        Ok((s, _)) => s,
        Err(e) => panic!("{e:#?}"),
    }
}

#[test]
fn the_mentor_asks_twice_a_run_and_the_debrief_shows_where() {
    let s = build();
    let mut run = Run::new(&s, 1);
    assert_eq!(run.mentor_left(), 2);
    assert_eq!(
        run.ask_mentor(&s).as_deref(),
        Ok("What does Ana need from you?")
    );
    // Asking again at the same decision repeats the question and spends nothing.
    assert!(run.ask_mentor(&s).is_ok());
    assert_eq!(run.mentor_left(), 1);
    run.choose_id(&s, "warm").expect("available");
    assert_eq!(run.ask_mentor(&s).as_deref(), Ok("What would you regret?"));
    assert_eq!(run.mentor_left(), 0);
    run.choose_id(&s, "ship").expect("available");
    assert_eq!(run.ask_mentor(&s), Err(MentorError::NoQuestion));
    let asked = run.asked(&s);
    let shown: Vec<(&str, Option<&str>)> = asked
        .iter()
        .map(|a| (a.question.as_str(), a.chosen.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            ("What does Ana need from you?", Some("Be warm.")),
            ("What would you regret?", Some("Ship it.")),
        ]
    );
}

#[test]
fn no_questions_are_left_after_two_and_undo_does_not_give_one_back() {
    let text = scenario().replacen(
        r#"Node(id: "n3", text: "At n3.","#,
        r#"Node(id: "n3", text: "At n3.", mentor: "And now?","#,
        1,
    );
    let s = load(text.as_bytes()).expect("loads").0;
    let mut run = Run::new(&s, 1);
    run.ask_mentor(&s).expect("first");
    run.choose_id(&s, "warm").expect("available");
    run.ask_mentor(&s).expect("second");
    // Back at the first decision, its question is repeated, not asked anew.
    run.undo();
    assert!(run.ask_mentor(&s).is_ok());
    assert_eq!(run.mentor_left(), 0);
    run.choose_id(&s, "cold").expect("available");
    run.choose_id(&s, "ship").expect("available");
    assert_eq!(run.ask_mentor(&s), Err(MentorError::NoneLeft));
}

#[test]
fn named_priorities_are_set_beside_what_the_choices_protected() {
    let s = build();
    let mut run = Run::new(&s, 1);
    run.name_priorities(&s, &[Priority::Team, Priority::Quality])
        .expect("offered");
    for c in ["warm", "ship", "done"] {
        run.choose_id(&s, c).expect("available");
    }
    let fared: Vec<(Priority, bool, i32)> = run
        .protected(&s)
        .iter()
        .map(|p| (p.priority, p.named, p.change))
        .collect();
    // Delivery rose 30, the team's trust 20, and debt (better low) rose 10: a loss.
    assert_eq!(
        fared,
        [
            (Priority::Delivery, false, 30),
            (Priority::Team, true, 20),
            (Priority::Quality, true, -10),
        ]
    );
    assert_eq!(run.protected(&s)[2].verdict(), "your choices spent it");
}

#[test]
fn priorities_are_two_offered_ones_named_before_the_first_decision() {
    let s = build();
    let mut run = Run::new(&s, 1);
    assert_eq!(
        run.name_priorities(&s, &[Priority::Team]),
        Err(PriorityError::Count(1))
    );
    assert_eq!(
        run.name_priorities(&s, &[Priority::Team, Priority::Team]),
        Err(PriorityError::Count(2))
    );
    assert_eq!(
        run.name_priorities(&s, &[Priority::Team, Priority::Customer]),
        Err(PriorityError::NotOffered(Priority::Customer))
    );
    run.choose_id(&s, "warm").expect("available");
    assert_eq!(
        run.name_priorities(&s, &[Priority::Team, Priority::Delivery]),
        Err(PriorityError::Started)
    );
}

#[test]
fn a_saved_run_keeps_its_reflection_and_a_tampered_one_is_refused() {
    let s = build();
    let mut run = Run::new(&s, 1);
    run.name_priorities(&s, &[Priority::Team, Priority::Delivery])
        .expect("offered");
    run.ask_mentor(&s).expect("asked");
    let saved = serde_json::to_string(&run).expect("serializes");
    let back: Run = serde_json::from_str(&saved).expect("deserializes");
    let back = back.resume(&s).expect("sound");
    assert_eq!(back.priorities(), [Priority::Team, Priority::Delivery]);
    assert_eq!(back.mentor_left(), 1);
    // Three questions asked, or one at a node without a question, is not a run this engine made.
    let node = |n: u32| format!(r#"{{"node":{n},"decision":0}}"#);
    for asked in [
        format!("[{},{},{}]", node(0), node(0), node(0)),
        format!("[{}]", node(2)),
    ] {
        let tampered = saved.replacen(
            &format!("\"asked\":[{}]", node(0)),
            &format!("\"asked\":{asked}"),
            1,
        );
        assert_ne!(tampered, saved);
        let run: Run = serde_json::from_str(&tampered).expect("deserializes");
        assert!(run.resume(&s).is_err(), "{asked}");
    }
}

#[test]
fn the_file_names_what_is_wrong_with_a_mentor_or_a_priority() {
    let unknown = scenario().replacen(r#"quality: ["debt"]"#, r#"quality: ["dbt"]"#, 1);
    let errors: Vec<String> = errors_of(&unknown)
        .iter()
        .map(|d| d.render("f.ron"))
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("priority `quality`")
            && e.contains("`dbt`")
            && e.contains("f.ron:")),
        "{errors:#?}"
    );
    let one = scenario().replacen(
        r#"Priorities(team: ["ana"], delivery: ["morale"], quality: ["debt"])"#,
        r#"Priorities(team: ["ana"])"#,
        1,
    );
    assert!(
        errors_of(&one)
            .iter()
            .any(|d| d.render("f.ron").contains("at least two priorities")),
        "one priority is not a choice"
    );
    let old = scenario().replacen("format: 2", "format: 1", 1);
    let errors: Vec<String> = errors_of(&old).iter().map(|d| d.render("f.ron")).collect();
    for feature in [
        "`mentor` needs `format: 2`",
        "`priorities` needs `format: 2`",
    ] {
        assert!(errors.iter().any(|e| e.contains(feature)), "{errors:#?}");
    }
}
