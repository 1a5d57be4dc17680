//! Format 2, one rule at a time: texts by condition, effects and odds that read the state,
//! effects on arrival, routing nodes, the new conditions, acknowledged warnings, and what a
//! format-1 file may not use.

mod common;

use common::*;
use promoted_engine::analysis::analyse;
use promoted_engine::campaign::Campaign;
use promoted_engine::{Competency, Run, RunStatus, Scenario, load};

/// The common test scenario in format 2, with `ana` given a short name.
fn v2(nodes: &str, events: &str, endings: &str) -> String {
    scenario_text(nodes, events, endings)
        .replacen("format: 1", "format: 2", 1)
        .replacen(
            r#"name: "Ana", role"#,
            r#"name: "Ana Ruiz", short: "Ana", role"#,
            1,
        )
}

fn build2(nodes: &str, events: &str, endings: &str) -> Scenario {
    match load(v2(nodes, events, endings).as_bytes()) {
        Ok((scenario, _)) => scenario,
        Err(errors) => panic!("test scenario does not load: {errors:#?}"),
    }
}

fn meter(s: &Scenario, run: &Run, id: &str) -> i32 {
    run.state().meter(s.meter_index(id).expect("meter exists"))
}

fn messages(text: &str) -> Vec<String> {
    errors_of(text).iter().map(|d| d.render("f.ron")).collect()
}

fn assert_refused(text: &str, expected: &str) {
    let errors = messages(text);
    assert!(
        errors.iter().any(|e| e.contains(expected)),
        "expected an error containing {expected:?}, got {errors:#?}"
    );
}

#[test]
fn passages_show_by_condition_and_notes_read_the_state_of_the_choice() {
    let s = build2(
        &[
            node("n1", &[choice("warn", r#"SetFlag("a")"#, "n2"), choice("skip", "", "n2")]),
            r#"Node(id: "n2", text: ["Ana is here.", If(Flag("a"), "She read your note."), IfElse(Meter("morale", AtLeast(60)), "She smiles.", "She waits.")],
                choices: [Choice(id: "go", text: "Go.", effects: [ClearFlag("a"), Meter("morale", Add(30))],
                    note: ["It costs a morning.", IfElse(Flag("a"), "Right, because you had warned her.", "She heard it late.")],
                    next: "end")])"#.to_owned(),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    let mut warned = Run::new(&s, 1);
    warned.choose_id(&s, "warn").expect("available");
    assert_eq!(
        warned.text(&s),
        "Ana is here. She read your note. She waits."
    );
    warned.choose_id(&s, "go").expect("available");
    // The note is read against the state in which `go` was chosen: `a` was still set.
    let last = warned.history().last().expect("a decision").clone();
    assert_eq!(
        warned.note(&s, &last),
        "It costs a morning. Right, because you had warned her."
    );

    let mut skipped = Run::new(&s, 1);
    skipped.choose_id(&s, "skip").expect("available");
    assert_eq!(skipped.text(&s), "Ana is here. She waits.");
    skipped.choose_id(&s, "go").expect("available");
    let last = skipped.history().last().expect("a decision").clone();
    assert_eq!(
        skipped.note(&s, &last),
        "It costs a morning. She heard it late."
    );
}

#[test]
fn names_are_full_at_the_first_mention_and_short_after_and_inline_alternatives_follow_flags() {
    let s = build2(
        &[
            node("n1", &[choice("warn", r#"SetFlag("a")"#, "n2"), choice("skip", "", "n2")]),
            r#"Node(id: "n2", text: "{ana} looks up. {ana} {a ? nods: you did say so | frowns}. ({ana.full}, {ana.short}, {ana.role}.)",
                choices: [Choice(id: "go", text: "Go.", note: "N.", next: "end")])"#
                .to_owned(),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "warn").expect("available");
    assert_eq!(
        run.text(&s),
        "Ana Ruiz looks up. Ana nods: you did say so. (Ana Ruiz, Ana, PM.)"
    );
    let mut run = Run::new(&s, 1);
    run.choose_id(&s, "skip").expect("available");
    assert_eq!(
        run.text(&s),
        "Ana Ruiz looks up. Ana frowns. (Ana Ruiz, Ana, PM.)"
    );

    // A screen reads as one: options after a text that named her in full name her short.
    let screen = build2(
        r#"Node(id: "n1", text: "{ana} waits.", choices: [
            Choice(id: "ask", text: "Ask {ana}.", note: "N.", next: "end"),
            Choice(id: "wait", text: "Wait.", condition: Flag("a"), disabled: "{ana} is busy.", note: "N.", next: "end"),
        ])"#,
        "",
        FALLBACK,
    );
    let texts: Vec<(String, Option<String>)> = Run::new(&screen, 1)
        .choices(&screen)
        .into_iter()
        .map(|c| (c.text, c.disabled))
        .collect();
    assert_eq!(
        texts,
        [
            ("Ask Ana.".to_owned(), None),
            ("Wait.".to_owned(), Some("Ana is busy.".to_owned())),
        ]
    );

    // A run introduces her once: after the screen that named her in full, she is Ana, in
    // what followed from it and on the screens after; undo forgets the introduction.
    let met = build2(
        r#"Node(id: "n1", text: "{ana} waits.", choices: [Choice(id: "go", text: "Go.", result: "{ana} nods.", note: "N.", next: "n2")]),
           Node(id: "n2", text: "{ana} again.", choices: [Choice(id: "end", text: "End.", note: "N.", next: "end")])"#,
        "",
        FALLBACK,
    );
    let mut run = Run::new(&met, 1);
    assert_eq!(run.text(&met), "Ana Ruiz waits.");
    run.choose_id(&met, "go").expect("available");
    assert_eq!(run.consequences(&met, 0), ["Ana nods."]);
    assert_eq!(run.text(&met), "Ana again.");
    run.undo();
    assert_eq!(run.text(&met), "Ana Ruiz waits.");

    // Format 1 keeps the full name everywhere.
    let v1 = build(
        &node("n1", &[choice("go", "", "end")]).replacen("At n1.", "{ana} and {ana}.", 1),
        "",
        FALLBACK,
    );
    assert_eq!(Run::new(&v1, 1).text(&v1), "Ana and Ana.");
}

#[test]
fn conditional_effects_and_points_read_the_state_at_the_moment_of_choosing() {
    let effects = r#"Meter("morale", Add(5)),
        IfElse(Meter("morale", AtLeast(60)), [Points(Communication, 2), Trust("ana", Add(10))], [Points(Communication, -1)]),
        If(Flag("a"), [Meter("debt", Sub(5))])"#;
    let s = build2(
        &[
            node(
                "n1",
                &[
                    choice("boost", r#"Meter("morale", Add(10)), SetFlag("a")"#, "n2"),
                    choice("wait", "", "n2"),
                ],
            ),
            node("n2", &[choice("pitch", effects, "end")]),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    let ana = |run: &Run| {
        run.state().meter(
            s.stakeholder(s.stakeholder_index("ana").expect("ana"))
                .trust,
        )
    };

    let mut high = Run::new(&s, 1);
    high.choose_id(&s, "boost").expect("available");
    high.choose_id(&s, "pitch").expect("available");
    // 50 + 10 + 5 = 65 when the condition is tested: after the effects before it.
    assert_eq!(meter(&s, &high, "morale"), 65);
    assert_eq!(ana(&high), 60);
    assert_eq!(meter(&s, &high, "debt"), 15);
    assert_eq!(high.state().points(Competency::Communication), 2);

    let mut low = Run::new(&s, 1);
    low.choose_id(&s, "wait").expect("available");
    low.choose_id(&s, "pitch").expect("available");
    assert_eq!(meter(&s, &low, "morale"), 55);
    assert_eq!(ana(&low), 50);
    assert_eq!(meter(&s, &low, "debt"), 20);
    assert_eq!(low.state().points(Competency::Communication), -1);

    // Undo restores the points with everything else.
    low.undo();
    assert_eq!(low.state().points(Competency::Communication), 0);
}

#[test]
fn points_belong_to_choices_only() {
    let outcome = v2(
        &node("n1", &[r#"Choice(id: "go", text: "Go.", outcomes: [Outcome(weight: 1, text: "Luck.", effects: [Points(Planning, 3)])], note: "N.", next: "end")"#.to_owned()]),
        "",
        FALLBACK,
    );
    assert_refused(&outcome, "competency points reward the decision");
    let event = v2(
        &node("n1", &[choice("go", "", "end")]),
        r#"Event(id: "e", when: Day(AtLeast(1)), text: "E.", effects: [If(Flag("a"), [Points(Planning, 1)])])"#,
        FALLBACK,
    );
    assert_refused(&event, "competency points reward the decision");
}

#[test]
fn odds_follow_the_state_and_a_zero_weight_cannot_happen() {
    let text = |trust_boost: &str| {
        build2(
            &[
                node("n1", &[choice("prep", trust_boost, "n2")]),
                r#"Node(id: "n2", text: "Pitch.", choices: [Choice(id: "pitch", text: "Pitch.",
                    outcomes: [
                        Outcome(weight: IfElse(Trust("ana", AtLeast(60)), 1, 0), text: "Yes.", effects: [SetFlag("a")]),
                        Outcome(weight: IfElse(Trust("ana", AtLeast(60)), 0, 1), text: "No.", effects: [SetFlag("b")]),
                    ], note: "N.", next: "end")])"#
                    .to_owned(),
            ]
            .join(", "),
            "",
            FALLBACK,
        )
    };
    for (boost, lands) in [(r#"Trust("ana", Add(20))"#, true), ("", false)] {
        let s = text(boost);
        for seed in 0..50 {
            let mut run = Run::new(&s, seed);
            run.choose_id(&s, "prep").expect("available");
            run.choose_id(&s, "pitch").expect("available");
            let a = run.state().flag(s.flag_index("a").expect("a"));
            assert_eq!(a, lands, "seed {seed}");
        }
    }

    // Every weight 0: each outcome as likely as the others.
    let zero = {
        let text = v2(
            &[
                node("n0", &[choice("drain", r#"Meter("morale", Set(0))"#, "n1")]),
                node(
                    "n1",
                    &[r#"Choice(id: "go", text: "Go.", outcomes: [
                    Outcome(weight: Meter("morale"), text: "A.", effects: [SetFlag("a")]),
                    Outcome(weight: Meter("morale"), text: "B.", effects: [SetFlag("b")]),
                ], note: "N.", next: "end")"#
                        .to_owned()],
                ),
            ]
            .join(", "),
            "",
            FALLBACK,
        )
        .replacen(r#"start: "n1""#, r#"start: "n0""#, 1);
        load(text.as_bytes()).expect("loads").0
    };
    let a = zero.flag_index("a").expect("a");
    let drawn_a = (0..400)
        .filter(|&seed| {
            let mut run = Run::new(&zero, seed);
            run.choose_id(&zero, "drain").expect("available");
            run.choose_id(&zero, "go").expect("available");
            run.state().flag(a)
        })
        .count();
    assert!((140..=260).contains(&drawn_a), "{drawn_a} of 400 drew A");
}

#[test]
fn arriving_applies_enter_effects_and_routing_nodes_go_on_by_condition() {
    let s = build2(
        &[
            node("n1", &[choice("up", r#"Meter("morale", Add(30))"#, "fork"), choice("down", "", "fork")]),
            r#"Node(id: "fork", enter: [Meter("debt", Add(1))], routes: [
                Route(when: Meter("morale", AtLeast(70)), next: "glad"),
                Route(next: "plain"),
            ])"#
            .to_owned(),
            r#"Node(id: "glad", text: "Glad.", enter: [SetFlag("a")], choices: [Choice(id: "go", text: "Go.", note: "N.", next: "end")])"#.to_owned(),
            node("plain", &[choice("go", "", "end")]),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    let mut up = Run::new(&s, 1);
    up.choose_id(&s, "up").expect("available");
    assert_eq!(s.node(up.state().node()).id, "glad");
    assert_eq!(meter(&s, &up, "debt"), 21);
    assert!(up.state().flag(s.flag_index("a").expect("a")));
    // A routing node is no decision: the run made one.
    assert_eq!(up.state().decisions(), 1);

    let mut down = Run::new(&s, 1);
    down.choose_id(&s, "down").expect("available");
    assert_eq!(s.node(down.state().node()).id, "plain");
    assert_eq!(meter(&s, &down, "debt"), 21);
    down.choose_id(&s, "go").expect("available");
    assert!(matches!(down.state().status(), RunStatus::Ended(_)));
}

#[test]
fn routing_nodes_that_go_round_in_a_circle_are_refused() {
    let text = v2(
        &[
            node("n1", &[choice("go", "", "r1")]),
            r#"Node(id: "r1", routes: [Route(when: Flag("a"), next: "n1"), Route(next: "r2")])"#
                .to_owned(),
            r#"Node(id: "r2", routes: [Route(next: "r1")])"#.to_owned(),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    assert_refused(&text, "r1");
    assert_refused(&text, "circle");
    let last_has_condition = v2(
        &[
            node("n1", &[choice("go", "", "r1")]),
            r#"Node(id: "r1", routes: [Route(when: Flag("a"), next: "n1")])"#.to_owned(),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    assert!(!messages(&last_has_condition).is_empty());
}

#[test]
fn sums_and_comparisons_of_values() {
    let s = build2(
        &[node(
            "n1",
            &[
                r#"Choice(id: "sum", text: "S.", condition: Sum([Meter("morale"), Trust("ana")], AtLeast(100)), note: "N.", next: "end")"#.to_owned(),
                r#"Choice(id: "over", text: "O.", condition: Compare(Meter("morale"), Above, Meter("debt")), note: "N.", next: "end")"#.to_owned(),
                r#"Choice(id: "under", text: "U.", condition: Compare(Trust("ana"), Below, Meter("debt")), note: "N.", next: "end")"#.to_owned(),
                choice("any", "", "end"),
            ],
        )]
        .join(", "),
        "",
        FALLBACK,
    );
    let run = Run::new(&s, 1);
    let available: Vec<String> = run
        .available(&s)
        .iter()
        .map(|&c| s.choice(run.state().node(), c).id.clone())
        .collect();
    // morale 50 + trust 50 = 100; 50 > 20; 50 is not below 20.
    assert_eq!(available, ["sum", "over", "any"]);
}

#[test]
fn warnings_can_be_acknowledged_by_name_and_an_unknown_name_is_an_error() {
    let shown_disabled = |allow: &str| {
        v2(
            &node(
                "n1",
                &[
                    format!(
                        r#"Choice(id: "never", text: "Never.", condition: Meter("morale", Above(500)), disabled: "Not now.", note: "N.", next: "end"{allow})"#
                    ),
                    choice("go", "", "end"),
                ],
            ),
            "",
            FALLBACK,
        )
    };
    let plain = shown_disabled("");
    let codes: Vec<Option<&str>> = warnings_of(&plain).iter().map(|d| d.code).collect();
    assert!(
        !codes.is_empty(),
        "a condition that can never hold is a warning"
    );
    let code = codes[0].expect("a named warning");
    let acknowledged = shown_disabled(&format!(r#", allow: ["{code}"]"#));
    assert!(
        warnings_of(&acknowledged)
            .iter()
            .all(|d| d.code != Some(code)),
        "{:#?}",
        warnings_of(&acknowledged)
    );
    assert_refused(
        &shown_disabled(r#", allow: ["no-such-warning"]"#),
        "no-such-warning",
    );
}

#[test]
fn format_1_files_may_not_use_format_2_features() {
    let base = scenario_text(
        &node("n1", &[choice("go", r#"Points(Planning, 1)"#, "end")]),
        "",
        FALLBACK,
    );
    assert_refused(&base, "needs `format: 2`");
    let passages = scenario_text(
        &node("n1", &[choice("go", "", "end")]).replacen(r#""At n1.""#, r#"["At n1."]"#, 1),
        "",
        FALLBACK,
    );
    assert_refused(&passages, "needs `format: 2`");
    let routing = scenario_text(
        &[
            node("n1", &[choice("go", "", "r")]),
            r#"Node(id: "r", routes: [Route(next: "n1")])"#.to_owned(),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    assert_refused(&routing, "needs `format: 2`");
    let sum = scenario_text(
        &node(
            "n1",
            &[r#"Choice(id: "go", text: "G.", condition: Sum([Meter("morale")], AtLeast(1)), note: "N.", next: "end")"#.to_owned()],
        ),
        "",
        FALLBACK,
    );
    assert_refused(&sum, "needs `format: 2`");
    let future = scenario_text(&node("n1", &[choice("go", "", "end")]), "", FALLBACK).replacen(
        "format: 1",
        "format: 3",
        1,
    );
    assert_refused(&future, "format 3 is not supported");
}

#[test]
fn epilogues_add_a_line_per_stakeholder_by_trust_and_the_business() {
    let text = v2(
        &node("n1", &[choice("win", r#"Trust("ana", Add(30))"#, "end"), choice("lose", r#"Trust("ana", Sub(30))"#, "end")]),
        "",
        r#"Ending(id: "done", title: "Done", epilogue: "It is done.", business: "The release shipped.", rating: Mixed)"#,
    )
    .replacen(
        "trust: 50)",
        r#"trust: 50, afterwards: [(AtLeast(70), "{ana} trusts you."), (AtLeast(0), "{ana} keeps her distance.")])"#,
        1,
    );
    let s = load(text.as_bytes()).expect("loads").0;
    for (choice, line) in [
        ("win", "Ana Ruiz trusts you."),
        ("lose", "Ana Ruiz keeps her distance."),
    ] {
        let mut run = Run::new(&s, 1);
        run.choose_id(&s, choice).expect("available");
        let epilogue = run.epilogue(&s).expect("ended");
        assert_eq!(epilogue.text, "It is done.");
        assert_eq!(epilogue.business.as_deref(), Some("The release shipped."));
        let people: Vec<&str> = epilogue.people.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(people, [line]);
    }
}

#[test]
fn the_documented_campaign_loads_and_carries_people_and_flags() {
    let doc = include_str!("../../../docs/scenario-format.md");
    let section = doc.find("## Campaigns").expect("the campaign section");
    let start = section + doc[section..].find("```ron\n").expect("an example") + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("closed");
    let example = load(documented_example().as_bytes())
        .expect("the example loads")
        .0;
    let (campaign, warnings) =
        Campaign::load(&doc.as_bytes()[start..end], &[&example]).expect("the campaign loads");
    assert!(warnings.is_empty(), "{warnings:#?}");

    // Play the first chapter warning Priya on the way, and see what the second starts with.
    let warned = example.flag_index("warned").expect("warned");
    let priya = example
        .stakeholder(example.stakeholder_index("priya").expect("priya"))
        .trust;
    let mut run = Run::new(&example, 1);
    while !run.is_finished() {
        let first = run.available(&example)[0];
        run.choose(&example, first).expect("available");
    }
    let mut ended = run.state().clone();
    // The flag as if an earlier decision had set it, to see it carried.
    let mut progress = campaign.begin();
    let mut memory = progress.memory.clone();
    campaign.remember(&mut memory, &example, &ended);
    memory.flags.insert("warned".to_owned(), true);
    progress.memory = memory;
    let carried = campaign.carried(1, Some((&example, &ended)), &example, &progress.memory);
    assert!(carried.flags.contains(&warned));
    assert!(
        carried
            .meters
            .iter()
            .any(|&(m, v)| m == priya && v == ended.meter(priya)),
        "{carried:?}"
    );
    ended = Run::starting(&example, 1, &carried).state().clone();
    assert!(ended.flag(warned));

    // The close: the best ending needs Dev's trust as well as the score, and each person
    // followed gets a line by the trust they ended with.
    let mut memory = progress.memory.clone();
    memory.trust.insert("priya".to_owned(), 70);
    memory.trust.insert("dev".to_owned(), 40);
    let closing = campaign.closing(&[90, 91], &memory).expect("an ending");
    assert_eq!(closing.score, 91);
    assert_eq!(
        closing.ending.title, "Lessons Pending",
        "Dev's trust falls short"
    );
    assert_eq!(
        closing.afterwards,
        [
            "Priya books the next release with you before she books it with sales.",
            "Dev's calendar is blocked every Friday afternoon now."
        ]
    );
    memory.trust.insert("dev".to_owned(), 60);
    let closing = campaign.closing(&[90, 91], &memory).expect("an ending");
    assert_eq!(closing.ending.title, "Lessons Kept");
}

#[test]
fn a_campaign_s_needs_and_afterwards_name_only_what_it_keeps() {
    let doc = include_str!("../../../docs/scenario-format.md");
    let section = doc.find("## Campaigns").expect("the campaign section");
    let start = section + doc[section..].find("```ron\n").expect("an example") + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("closed");
    let text = &doc[start..end];
    let example = load(documented_example().as_bytes())
        .expect("the example loads")
        .0;
    let errors = |text: String| -> Vec<String> {
        Campaign::load(text.as_bytes(), &[&example])
            .expect_err("refused")
            .iter()
            .map(|d| d.render("c.ron"))
            .collect()
    };
    let found = errors(text.replace(
        "Trust(\"dev\", AtLeast(50))",
        "Trust(\"devon\", AtLeast(50))",
    ));
    assert!(
        found
            .iter()
            .any(|e| e.contains("`devon` is not one of the campaign's `people`")),
        "{found:#?}"
    );
    let found = errors(text.replace(
        "needs: [Trust(\"dev\", AtLeast(50))]",
        "needs: [Flag(\"late\")]",
    ));
    assert!(
        found
            .iter()
            .any(|e| e.contains("flag `late` is not in `remember`")),
        "{found:#?}"
    );
    let found = errors(text.replace(
        "(AtLeast(0), \"Dev's calendar",
        "(AtLeast(10), \"Dev's calendar",
    ));
    assert!(
        found
            .iter()
            .any(|e| e.contains("afterwards of `dev`") && e.contains("final trust of 0")),
        "{found:#?}"
    );
    let found = errors(text.replacen(
        "Afterwards(person: \"dev\"",
        "Afterwards(person: \"priya\"",
        1,
    ));
    assert!(
        found
            .iter()
            .any(|e| e.contains("`priya` has two `afterwards`")),
        "{found:#?}"
    );
}

#[test]
fn check_finds_no_fault_in_the_documented_example_and_proves_it_exhaustively() {
    let example = load(documented_example().as_bytes()).expect("loads").0;
    let analysis = analyse(&example, 100_000);
    assert!(analysis.exhaustive);
    assert!(
        analysis.diagnostics.is_empty(),
        "{:#?}",
        analysis.diagnostics
    );
}

#[test]
fn a_result_that_reads_a_flag_its_own_choice_sets_is_warned_of() {
    let warned = |result: &str, effects: &str| -> Vec<String> {
        let text = v2(
            &[
                node("n1", &[choice("early", r#"SetFlag("b")"#, "n2")]),
                format!(
                    r#"Node(id: "n2", text: "At n2.", choices: [Choice(id: "go", text: "Go.", effects: [{effects}], result: {result}, note: "N.", next: "end")])"#
                ),
            ]
            .join(", "),
            "",
            FALLBACK,
        );
        warnings_of(&text)
            .iter()
            .filter(|d| d.code == Some("reads-own-flag"))
            .map(|d| d.render("f.ron"))
            .collect()
    };
    let own = warned(
        r#"[IfElse(Flag("a"), "As you said.", "Out of the blue.")]"#,
        r#"SetFlag("a")"#,
    );
    assert_eq!(own.len(), 1, "{own:#?}");
    assert!(
        own[0].contains("choice `go` of node `n2`") && own[0].contains("flag `a`"),
        "{own:#?}"
    );
    let inline = warned(
        r#""{a ? As you said. | Out of the blue.}""#,
        r#"ClearFlag("a")"#,
    );
    assert_eq!(inline.len(), 1, "{inline:#?}");
    // A flag set by an earlier decision is what a result should read.
    assert!(
        warned(
            r#"[IfElse(Flag("b"), "As you said.", "Out of the blue.")]"#,
            r#"SetFlag("a")"#
        )
        .is_empty()
    );
}

#[test]
fn an_empty_inline_alternative_leaves_one_space_not_two() {
    let s = build2(
        &[
            node("n1", &[choice("warn", r#"SetFlag("a")"#, "n2"), choice("skip", "", "n2")]),
            r#"Node(id: "n2", text: "She nods. {a ? And smiles. | } Then she goes.", choices: [Choice(id: "go", text: "Go.", note: "N.", next: "end")])"#
                .to_owned(),
        ]
        .join(", "),
        "",
        FALLBACK,
    );
    for (choice, expected) in [
        ("warn", "She nods. And smiles. Then she goes."),
        ("skip", "She nods. Then she goes."),
    ] {
        let mut run = Run::new(&s, 1);
        run.choose_id(&s, choice).expect("available");
        assert_eq!(run.text(&s), expected);
    }
}
