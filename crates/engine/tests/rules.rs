//! One rule at a time: effects, conditions, outcomes, delayed effects, events, endings, score.

mod common;

use common::*;
use promoted_engine::model::{EndingId, EventId, FlagId, MeterId};
use promoted_engine::{Grade, Run, RunStatus};

fn meter(s: &promoted_engine::Scenario, run: &Run, id: &str) -> i32 {
    let m: MeterId = s.meter_index(id).expect("meter exists");
    run.state().meter(m)
}

#[test]
fn effects_change_meters_trust_flags_and_clock() {
    let nodes = [
        node(
            "n1",
            &[choice(
                "go",
                r#"Meter("morale", Add(10)), Meter("debt", Sub(5)), Trust("ana", FairAdd(50)), SetFlag("a"), Days(3), Deadline(-2)"#,
                "n2",
            )],
        ),
        node("n2", &[choice("stop", r#"Meter("morale", Set(5)), ClearFlag("a"), Meter("debt", FairSub(50))"#, "end")]),
    ]
    .join(",");
    let s = build(&nodes, "", FALLBACK);
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "go").expect("available");
    assert_eq!(meter(&s, &run, "morale"), 60);
    assert_eq!(meter(&s, &run, "debt"), 15);
    assert_eq!(meter(&s, &run, "ana"), 75);
    assert!(run.state().flag(FlagId(0)));
    assert_eq!(
        (
            run.state().day(),
            run.state().deadline(),
            run.state().days_left()
        ),
        (4, 8, 4)
    );
    run.choose_id(&s, "stop").expect("available");
    assert_eq!(meter(&s, &run, "morale"), 5);
    assert!(!run.state().flag(FlagId(0)));
    assert_eq!(
        meter(&s, &run, "debt"),
        7,
        "15 - round(7.5) = 7, halves away from zero"
    );
    assert_eq!(run.state().status(), RunStatus::Ended(EndingId(0)));
}

fn one_step(effects: &str) -> (promoted_engine::Scenario, Run) {
    let s = build(&node("n1", &[choice("go", effects, "end")]), "", FALLBACK);
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "go").expect("available");
    (s, run)
}

#[test]
fn meters_are_clamped_to_their_range() {
    let (s, run) =
        one_step(r#"Meter("morale", Add(500)), Meter("debt", Sub(500)), Trust("ana", Sub(70))"#);
    assert_eq!(meter(&s, &run, "morale"), 100);
    assert_eq!(meter(&s, &run, "debt"), 0);
    assert_eq!(meter(&s, &run, "ana"), 0);
}

#[test]
fn conditions_hide_or_disable_choices_with_a_reason() {
    let nodes = [
        node("n1", &[choice("set_a", r#"SetFlag("a")"#, "n2"), choice("skip", "", "n2")]),
        r#"Node(id: "n2", text: "Two.", choices: [
                Choice(id: "hidden", text: "Needs b.", condition: Flag("b"), note: "N.", next: "end"),
                Choice(id: "locked", text: "Needs a.", condition: Flag("a"), disabled: "You did not do a.", note: "N.", next: "end"),
                Choice(id: "complex", text: "Any.", condition: Any([All([Not(Flag("a")), Meter("morale", Between(40, 60))]), Trust("ana", Above(90))]), note: "N.", next: "end"),
                Choice(id: "clock", text: "Clock.", condition: All([Day(AtLeast(1)), DaysLeft(Is(9)), Meter("debt", AtMost(20)), Meter("debt", Below(21))]), note: "N.", next: "end"),
            ])"#
        .to_owned(),
    ]
    .join(",");
    let s = build(&nodes, "", FALLBACK);

    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "skip").expect("available");
    let shown: Vec<(String, Option<String>)> = run
        .choices(&s)
        .into_iter()
        .map(|c| (c.id, c.disabled))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("locked".to_owned(), Some("You did not do a.".to_owned())),
            ("complex".to_owned(), None),
            ("clock".to_owned(), None),
        ]
    );
    let refused = run.choose_id(&s, "locked").expect_err("locked");
    assert!(
        refused.to_string().contains("You did not do a."),
        "{refused}"
    );

    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "set_a").expect("available");
    let shown: Vec<(String, Option<String>)> = run
        .choices(&s)
        .into_iter()
        .map(|c| (c.id, c.disabled))
        .collect();
    assert_eq!(
        shown,
        vec![("locked".to_owned(), None), ("clock".to_owned(), None)]
    );
}

#[test]
fn weighted_outcomes_follow_the_seed_and_can_redirect() {
    let nodes = [
        r#"Node(id: "n1", text: "One.", choices: [Choice(id: "gamble", text: "Gamble.", note: "N.", next: "n2",
            outcomes: [
                Outcome(weight: 1, text: "Lucky.", effects: [Meter("morale", Add(10))]),
                Outcome(weight: 3, text: "Unlucky.", effects: [Meter("morale", Sub(10))], next: "n3"),
            ])])"#
            .to_owned(),
        node("n2", &[choice("a", "", "end")]),
        node("n3", &[choice("b", "", "end")]),
    ]
    .join(",");
    let s = build(&nodes, "", FALLBACK);
    let mut counts = [0; 2];
    for seed in 0..4000 {
        let mut run = Run::new(&s, seed);
        let decision = run.choose_id(&s, "gamble").expect("available").clone();
        let outcome = usize::from(decision.outcome.expect("drawn"));
        counts[outcome] += 1;
        assert!(decision.roll.expect("rolled") < 4);
        let lines = run.consequences(&s, 0);
        match outcome {
            0 => {
                assert_eq!(meter(&s, &run, "morale"), 60);
                assert_eq!(s.node(run.state().node()).id, "n2");
                assert_eq!(lines, vec!["Lucky."]);
            }
            _ => {
                assert_eq!(meter(&s, &run, "morale"), 40);
                assert_eq!(s.node(run.state().node()).id, "n3");
                assert_eq!(lines, vec!["Unlucky."]);
            }
        }
        // The same seed draws the same outcome.
        let mut again = Run::new(&s, seed);
        assert_eq!(
            again.choose_id(&s, "gamble").expect("available").outcome,
            decision.outcome
        );
    }
    // About one in four is lucky.
    assert!((850..1150).contains(&counts[0]), "{counts:?}");
}

#[test]
fn delayed_effects_come_due_after_n_decisions_if_their_condition_holds() {
    let nodes = [
        r#"Node(id: "n1", text: "One.", choices: [Choice(id: "promise", text: "Promise.", note: "N.", next: "n2",
            later: [
                Later(after: 2, text: "The promise comes back.", effects: [Trust("ana", Sub(20))]),
                Later(after: 1, text: "Only if a.", effects: [Meter("morale", Add(30))], condition: Flag("a")),
            ])])"#
            .to_owned(),
        node("n2", &[choice("x", "", "n3")]),
        node("n3", &[choice("y", "", "n4")]),
        node("n4", &[choice("z", "", "end")]),
    ]
    .join(",");
    let s = build(&nodes, "", FALLBACK);
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "promise").expect("available");
    let upcoming: Vec<u32> = run.upcoming(&s).iter().map(|u| u.due_in).collect();
    assert_eq!(upcoming, vec![2, 1]);
    let d = run.choose_id(&s, "x").expect("available").clone();
    // The conditional one came due but did not apply (flag a is not set).
    assert_eq!(d.came_due.len(), 1);
    assert!(!d.came_due[0].1);
    assert_eq!(meter(&s, &run, "morale"), 50);
    assert_eq!(meter(&s, &run, "ana"), 50);
    run.choose_id(&s, "y").expect("available");
    assert_eq!(run.consequences(&s, 2), vec!["The promise comes back."]);
    assert_eq!(meter(&s, &run, "ana"), 30);
    assert!(run.upcoming(&s).is_empty());
}

#[test]
fn pending_effects_come_due_when_the_run_finishes() {
    let nodes = r#"Node(id: "n1", text: "One.", choices: [Choice(id: "promise", text: "Promise.", note: "N.", next: "end",
            later: [Later(after: 5, text: "It catches up with you.", effects: [Trust("ana", Sub(20)), SetFlag("a")])])])"#;
    let endings = format!(
        r#"Ending(id: "caught", condition: Flag("a"), title: "Caught", epilogue: "E.", rating: Poor), {FALLBACK}"#
    );
    let s = build(nodes, "", &endings);
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "promise").expect("available");
    assert_eq!(meter(&s, &run, "ana"), 30);
    assert_eq!(run.ending(&s).map(|e| e.id.as_str()), Some("caught"));
}

#[test]
fn events_fire_once_on_thresholds_and_can_detour_and_resume() {
    let nodes = [
        node(
            "n1",
            &[choice("crunch", r#"Meter("morale", Sub(25))"#, "n2")],
        ),
        node("n2", &[choice("more", r#"Meter("morale", Sub(10))"#, "n3")]),
        node("n3", &[choice("done", "", "end")]),
        node(
            "talk",
            &[choice("listen", r#"Meter("morale", Add(5))"#, "resume")],
        ),
    ]
    .join(",");
    let events = r#"
        Event(id: "notice", when: Meter("morale", Below(30)), text: "Someone hands in their notice.", effects: [Trust("ana", Sub(5))], goto: "talk"),
        Event(id: "late", when: DaysLeft(AtMost(8)), text: "No days pass, so never."),
        Event(id: "every", when: Meter("morale", Below(100)), text: "Tick.", effects: [Meter("debt", Add(1))], repeat: true),
    "#;
    let s = build(&nodes, events, FALLBACK);
    let mut run = Run::new(&s, 1);
    let d = run.choose_id(&s, "crunch").expect("available").clone();
    assert_eq!(d.events, vec![EventId(0), EventId(2)]);
    assert_eq!(
        run.consequences(&s, 0),
        vec!["Someone hands in their notice.", "Tick."]
    );
    assert_eq!(
        s.node(run.state().node()).id,
        "talk",
        "the event detours the run"
    );
    assert_eq!((meter(&s, &run, "ana"), meter(&s, &run, "debt")), (45, 21));

    let d = run.choose_id(&s, "listen").expect("available").clone();
    assert_eq!(
        d.events,
        vec![EventId(2)],
        "a one-time event does not fire again"
    );
    assert_eq!(
        s.node(run.state().node()).id,
        "n2",
        "resume goes where the run was heading"
    );

    let d = run.choose_id(&s, "more").expect("available").clone();
    assert_eq!(meter(&s, &run, "morale"), 20);
    assert_eq!(
        d.events,
        vec![EventId(2)],
        "below the threshold again, but it fired already"
    );
    run.choose_id(&s, "done").expect("available");
    assert_eq!(meter(&s, &run, "debt"), 24);
    assert!(run.is_finished());
}

#[test]
fn two_detours_at_once_take_turns() {
    let nodes = [
        node(
            "n1",
            &[choice("crunch", r#"Meter("morale", Sub(25))"#, "n2")],
        ),
        node("n2", &[choice("on", "", "n3")]),
        node("n3", &[choice("done", "", "end")]),
        node("talk", &[choice("listen", "", "resume")]),
        node("desk", &[choice("sort", "", "resume")]),
    ]
    .join(",");
    let events = r#"
        Event(id: "notice", when: Meter("morale", Below(40)), text: "Someone hands in their notice.", goto: "talk"),
        Event(id: "queue", when: Meter("morale", Below(40)), text: "Your desk is buried.", goto: "desk"),
    "#;
    // Format 1 fires both and takes the first detour only, as it always did.
    let s = build(&nodes, events, FALLBACK);
    let mut run = Run::new(&s, 1);
    let d = run.choose_id(&s, "crunch").expect("available").clone();
    assert_eq!(d.events, vec![EventId(0), EventId(1)]);
    run.choose_id(&s, "listen").expect("available");
    assert_eq!(s.node(run.state().node()).id, "n2");

    let text = scenario_text(&nodes, events, FALLBACK).replacen("format: 1", "format: 2", 1);
    let s = promoted_engine::load(text.as_bytes()).expect("loads").0;
    let mut run = Run::new(&s, 1);
    let d = run.choose_id(&s, "crunch").expect("available").clone();
    assert_eq!(d.events, vec![EventId(0)], "the second detour waits");
    assert_eq!(s.node(run.state().node()).id, "talk");
    let d = run.choose_id(&s, "listen").expect("available").clone();
    assert_eq!(
        d.events,
        vec![EventId(1)],
        "and fires, with its text, after"
    );
    assert_eq!(s.node(run.state().node()).id, "desk");
    run.choose_id(&s, "sort").expect("available");
    assert_eq!(
        s.node(run.state().node()).id,
        "n2",
        "resume goes where the run was first heading"
    );
}

#[test]
fn a_detour_due_during_a_longer_detour_waits_for_the_way_back() {
    let nodes = [
        node(
            "n1",
            &[choice("crunch", r#"Meter("morale", Sub(25))"#, "n2")],
        ),
        node("n2", &[choice("done", "", "end")]),
        node(
            "talk",
            &[choice("listen", r#"Meter("morale", Sub(10))"#, "talk_more")],
        ),
        node("talk_more", &[choice("agree", "", "resume")]),
        node("desk", &[choice("sort", "", "resume")]),
    ]
    .join(",");
    let events = r#"
        Event(id: "notice", when: Meter("morale", Below(40)), text: "Someone hands in their notice.", goto: "talk"),
        Event(id: "queue", when: Meter("morale", Below(25)), text: "Your desk is buried.", goto: "desk"),
    "#;
    let text = scenario_text(&nodes, events, FALLBACK).replacen("format: 1", "format: 2", 1);
    let s = promoted_engine::load(text.as_bytes()).expect("loads").0;
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "crunch").expect("available");
    let d = run.choose_id(&s, "listen").expect("available").clone();
    assert!(d.events.is_empty(), "the desk waits while the talk goes on");
    assert_eq!(s.node(run.state().node()).id, "talk_more");
    let d = run.choose_id(&s, "agree").expect("available").clone();
    assert_eq!(
        d.events,
        vec![EventId(1)],
        "and comes as the talk leads back"
    );
    assert_eq!(s.node(run.state().node()).id, "desk");
    run.choose_id(&s, "sort").expect("available");
    assert_eq!(s.node(run.state().node()).id, "n2", "the way back is kept");
}

#[test]
fn endings_are_chosen_in_order_and_scored() {
    let nodes = [
        r#"Node(id: "n1", text: "One.", choices: [
            Choice(id: "good", text: "Good.", effects: [Meter("morale", Set(100)), Meter("debt", Set(0)), Trust("ana", Set(100))], competencies: {Communication: 6, Planning: 6}, note: "N.", next: "end"),
            Choice(id: "bad", text: "Bad.", effects: [Meter("morale", Set(0)), Meter("debt", Set(100)), Trust("ana", Set(0))], competencies: {Communication: -6, Planning: -6}, note: "N.", next: "end"),
            Choice(id: "middling", text: "Middling.", competencies: {Communication: 3}, note: "N.", next: "end"),
        ])"#,
    ]
    .join(",");
    let endings = r#"
        Ending(id: "great", condition: Meter("morale", AtLeast(90)), title: "Great", epilogue: "E.", rating: Excellent),
        Ending(id: "awful", condition: Meter("morale", AtMost(10)), title: "Awful", epilogue: "E.", rating: Disaster),
        Ending(id: "meh", title: "Meh", epilogue: "E.", rating: Mixed),
    "#;
    let s = build(&nodes, "", endings);

    let mut run = Run::new(&s, 1);
    assert!(run.score(&s).is_none(), "no score while playing");
    run.choose_id(&s, "good").expect("available");
    assert_eq!(run.ending(&s).map(|e| e.id.as_str()), Some("great"));
    let score = run.score(&s).expect("finished");
    assert_eq!(
        (score.overall, score.grade, score.meters, score.ending),
        (100, Grade::A, 100, 100)
    );

    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "bad").expect("available");
    assert_eq!(run.ending(&s).map(|e| e.id.as_str()), Some("awful"));
    let score = run.score(&s).expect("finished");
    assert_eq!((score.overall, score.grade), (0, Grade::E));

    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "middling").expect("available");
    assert_eq!(run.ending(&s).map(|e| e.id.as_str()), Some("meh"));
    let score = run.score(&s).expect("finished");
    // Meters: morale 0.5, debt 1 - 0.2 = 0.8, ana 0.5 → 60. Competencies: 75 and 50 → 62.5.
    // Ending: 50. Overall: (60·40 + 62.5·40 + 50·20) / 100 = 59.
    assert_eq!(score.meters, 60);
    assert_eq!(
        score
            .competencies
            .iter()
            .map(|c| (c.points, c.score))
            .collect::<Vec<_>>(),
        vec![(3, 75), (0, 50)]
    );
    assert_eq!((score.overall, score.grade), (59, Grade::C));
}

#[test]
fn texts_show_live_values() {
    let nodes = [
        node("n1", &[choice("go", r#"Meter("morale", Add(7)), Days(2)"#, "n2")]),
        r#"Node(id: "n2", speaker: "ana", text: "{ana} ({ana.role}, trust {ana.trust}): morale is {morale}, day {day} of {deadline}, {days_left} left. {{literal}}", choices: [Choice(id: "x", text: "Tell {ana}.", note: "N.", next: "end")])"#.to_owned(),
    ]
    .join(",");
    let s = build(&nodes, "", FALLBACK);
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "go").expect("available");
    assert_eq!(
        run.text(&s),
        "Ana (PM, trust 50): morale is 57, day 3 of 10, 7 left. {literal}"
    );
    assert_eq!(run.choices(&s)[0].text, "Tell Ana.");
    assert_eq!(
        s.speaker(run.state().node()).map(|a| a.name.as_str()),
        Some("Ana")
    );
}

#[test]
fn undo_restores_the_exact_state() {
    let s = build(
        &node("n1", &[choice("go", r#"Meter("morale", Add(7))"#, "end")]),
        "",
        FALLBACK,
    );
    let mut run = Run::new(&s, 9);
    let before = run.clone();
    run.choose_id(&s, "go").expect("available");
    assert!(run.is_finished());
    assert!(
        run.choose_id(&s, "go").is_err(),
        "no choosing after the end"
    );
    run.undo().expect("one decision to undo");
    assert_eq!(run, before);
    assert!(run.undo().is_none());
}
