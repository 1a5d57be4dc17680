//! The 60-minute cut and the session plans: only pivotal decisions go to the room, the others
//! take the author's default and come back as a recap; reports and replays of a cut session;
//! every scenario's plan and cut are fit to run.

mod common;

use promoted_engine::model::{DebriefPhase, PhaseKind};
use promoted_engine::simulate::{CUT_ENDINGS, Policy, simulate_cut};
use promoted_engine::workshop::{
    Action, AgendaClock, Ballot, Length, Room, Setup, Stage, Team, Turns, Voting, Workshop,
    WorkshopReport, replay, sheet_html, sheet_markdown,
};
use promoted_engine::{ChoiceIdx, Scenario, load};

fn scenario() -> Scenario {
    load(include_bytes!(
        "../../../scenarios/first-hard-feedback.scenario.ron"
    ))
    .expect("the scenario loads")
    .0
}

fn setup(scenario: &Scenario, teams: &[&str], length: Length) -> Setup {
    Setup {
        scenario: scenario.id.clone(),
        seed: 7,
        teams: teams
            .iter()
            .map(|name| Team {
                name: (*name).to_owned(),
                colour: "#f5b83d".to_owned(),
            })
            .collect(),
        voting: Voting::Counts,
        turns: Turns::Alternate,
        discussion_seconds: 0,
        meters_visible: true,
        prompts: true,
        length,
    }
}

/// Five votes for the option at `pick` (wrapping) among those available.
fn ballot(workshop: &Workshop, scenario: &Scenario, pick: usize) -> Ballot {
    let team = workshop.current().expect("a team plays");
    let run = &workshop.teams()[team].run;
    let options = run.available(scenario);
    let mut counts = vec![0; scenario.node(run.state().node()).choices.len()];
    counts[options[pick % options.len()].index()] = 5;
    Ballot {
        counts,
        tie_break: None,
    }
}

fn play_through(scenario: &Scenario, workshop: &mut Workshop) {
    let mut n = 0;
    while workshop.current().is_some() {
        let b = ballot(workshop, scenario, n % 3);
        workshop.decide(scenario, &b).expect("decided");
        n += 1;
    }
}

#[test]
fn a_cut_puts_only_pivotal_decisions_to_the_room_and_takes_the_defaults() {
    let s = scenario();
    let mut workshop = Workshop::new(&s, setup(&s, &["A"], Length::Cut)).expect("a setup");
    play_through(&s, &mut workshop);
    let play = &workshop.teams()[0];
    assert!(play.run.is_finished());
    let mut defaults = 0;
    for (decision, vote) in play.run.history().iter().zip(&play.votes) {
        let node = s.node(decision.node);
        assert_eq!(
            node.pivotal, !vote.meanwhile,
            "`{}`: the room votes exactly the pivotal nodes",
            node.id
        );
        if vote.meanwhile {
            defaults += 1;
            let available = promoted_engine::run::available(&s, &decision.before);
            assert_eq!(
                Some(decision.choice),
                node.default_choice(&available),
                "`{}` takes its default",
                node.id
            );
            assert!(
                vote.counts.iter().all(|&c| c == 0),
                "no votes for a default"
            );
        }
    }
    assert!(defaults > 0, "the cut took decisions by default");
    assert_eq!(workshop.order().len(), play.room_votes());
    // The full session votes every decision.
    let mut full = Workshop::new(&s, setup(&s, &["A"], Length::Full)).expect("a setup");
    play_through(&s, &mut full);
    assert!(full.teams()[0].votes.iter().all(|v| !v.meanwhile));
    assert!(full.order().len() > workshop.order().len());
}

#[test]
fn undo_takes_back_the_rooms_decision_with_the_defaults_that_followed() {
    let s = scenario();
    let mut workshop = Workshop::new(&s, setup(&s, &["A"], Length::Cut)).expect("a setup");
    let leading = workshop.teams()[0].votes.len();
    // Decide until a decision is followed by defaults, then take it back.
    let mut n = 0;
    loop {
        let before = workshop.clone();
        let b = ballot(&workshop, &s, n);
        workshop.decide(&s, &b).expect("decided");
        n += 1;
        if workshop.teams()[0].votes.len() > before.teams()[0].votes.len() + 1 {
            let (team, vote) = workshop.undo().expect("undone");
            assert_eq!(team, 0);
            assert!(!vote.meanwhile, "the room's vote comes back");
            assert_eq!(workshop, before, "its defaults went with it");
            break;
        }
        assert!(
            workshop.current().is_some(),
            "some decision is followed by defaults"
        );
    }
    while workshop.undo().is_some() {}
    assert_eq!(
        workshop.teams()[0].votes.len(),
        leading,
        "the defaults before the first pivotal decision stay"
    );
}

#[test]
fn the_room_recaps_the_defaults_before_the_next_pivotal_decision() {
    let s = scenario();
    let workshop = Workshop::new(&s, setup(&s, &["A"], Length::Cut)).expect("a setup");
    let mut room = Room::new(&s, workshop, None);
    let mut recaps = 0;
    let mut guard = 0;
    while room.stage() != Stage::Debrief {
        guard += 1;
        assert!(guard < 1_000, "the session ends");
        match room.stage() {
            Stage::Meanwhile => {
                let (team, range) = room.recap().expect("a recap to show");
                assert_eq!(team, 0);
                assert!(!range.is_empty());
                let play = &room.workshop().teams()[0];
                assert!(play.votes[range].iter().all(|v| v.meanwhile));
                recaps += 1;
                room.act(&s, Action::Advance);
                if !room.workshop().is_finished() {
                    assert_eq!(room.stage(), Stage::Read, "the recap leads to the decision");
                    let run = &room.workshop().teams()[0].run;
                    let node = s.node(run.state().node());
                    assert!(node.pivotal, "the decision after a recap is pivotal");
                }
            }
            Stage::Vote => {
                room.act(
                    &s,
                    Action::Adjust {
                        option: 0,
                        delta: 3,
                    },
                );
                room.act(&s, Action::Advance);
            }
            _ => {
                room.act(&s, Action::Advance);
            }
        }
    }
    assert!(
        recaps >= 2,
        "recaps came between pivotal decisions ({recaps})"
    );
}

#[test]
fn a_cut_sessions_report_and_replay_hold_its_defaults_and_ignore_commitments() {
    let s = scenario();
    let mut workshop = Workshop::new(&s, setup(&s, &["A", "B"], Length::Cut)).expect("a setup");
    play_through(&s, &mut workshop);
    workshop
        .commit("Ask before I advise, in every one-to-one.")
        .expect("noted");
    assert!(
        workshop.commit("   ").is_err(),
        "an empty commitment is refused"
    );
    assert!(workshop.commit(&"x".repeat(500)).is_err(), "a long one too");
    let report = WorkshopReport::new(&workshop, &s);
    assert_eq!(report.setup.length, Length::Cut);
    assert!(
        report
            .teams
            .iter()
            .all(|t| t.decisions.iter().any(|d| d.meanwhile))
    );
    assert!(
        report
            .teams
            .iter()
            .flat_map(|t| &t.decisions)
            .filter(|d| d.meanwhile)
            .all(|d| !d.close_call && d.road.is_none())
    );
    assert_eq!(
        report.commitments,
        ["Ask before I advise, in every one-to-one."]
    );
    let read = WorkshopReport::from_json(&report.to_json()).expect("reads back");
    assert_eq!(read, report);
    let replayed = replay(&s, &read).expect("the cut replays");
    assert_eq!(replayed.teams(), workshop.teams());
    assert!(
        replayed.commitments().is_empty(),
        "the replay ignores commitments"
    );

    let md = report.to_markdown();
    for needle in [
        "the 60-minute cut",
        "Meanwhile: ",
        "Taken by default: ",
        "voted)",
        "## What we will try differently on Monday",
        "- Ask before I advise",
        "### What if…?",
    ] {
        assert!(md.contains(needle), "the Markdown lacks {needle:?}");
    }

    // A report whose defaults were edited no longer replays.
    let mut tampered = read.clone();
    let d = tampered.teams[0]
        .decisions
        .iter_mut()
        .find(|d| d.meanwhile)
        .expect("a default");
    d.meanwhile = false;
    assert!(replay(&s, &tampered).is_err());
}

#[test]
fn a_saved_cut_session_resumes_and_a_full_one_with_defaults_is_refused() {
    let s = scenario();
    let mut workshop = Workshop::new(&s, setup(&s, &["A"], Length::Cut)).expect("a setup");
    let b = ballot(&workshop, &s, 1);
    workshop.decide(&s, &b).expect("decided");
    let saved = ron::to_string(&workshop).expect("saved");
    let back: Workshop = ron::from_str(&saved).expect("read");
    assert_eq!(back.clone().resume(&s).expect("resumes"), workshop);
    let mut full = back;
    full.setup.length = Length::Full;
    assert!(full.resume(&s).is_err());
}

#[test]
fn every_scenario_has_a_plan_fit_to_run_and_a_cut_with_several_endings() {
    let shipped = common::library()
        .into_iter()
        .filter(|(file, _)| file.ends_with(".scenario.ron"));
    for (file, s) in shipped {
        let plan = s
            .facilitation
            .as_ref()
            .unwrap_or_else(|| panic!("{file}: no facilitation block"));
        assert!(!plan.objectives.is_empty(), "{file}: objectives");
        assert_eq!(plan.short.minutes(), 60, "{file}");
        assert_eq!(plan.full.minutes(), 90, "{file}");
        for agenda in [&plan.short, &plan.full] {
            assert!(agenda.phases.iter().any(|p| p.kind == PhaseKind::Debrief));
            assert!(
                agenda.phases.iter().any(|p| p.kind == PhaseKind::Commit),
                "{file}: commitments"
            );
        }
        let pivotal: Vec<_> = s.nodes.iter().filter(|n| n.pivotal).collect();
        assert!(
            (6..=10).contains(&pivotal.len()),
            "{file}: {} pivotal decisions",
            pivotal.len()
        );
        assert_eq!(
            plan.pivotal.len(),
            pivotal.len(),
            "{file}: a note per pivotal node"
        );
        assert_eq!(
            plan.lessons.len(),
            s.endings.len(),
            "{file}: a lesson per ending"
        );
        for phase in DebriefPhase::ALL {
            assert!(
                !plan.debrief.of(phase).is_empty(),
                "{file}: {}",
                phase.label()
            );
        }
        assert!(
            plan.debrief.of(DebriefPhase::Work).len() >= 2,
            "{file}: own teams"
        );

        let cut = simulate_cut(&s, 2_000, 1, Policy::Random);
        assert_eq!(cut.failed, 0, "{file}: every cut run ends");
        assert!(
            cut.endings_reached() >= CUT_ENDINGS,
            "{file}: the cut reaches {} endings",
            cut.endings_reached()
        );

        let html = sheet_html(&s).expect("a sheet");
        let md = sheet_markdown(&s).expect("a sheet");
        for note in &plan.pivotal {
            assert!(
                md.contains(&format!("(`{}`)", s.node(note.node).id)),
                "{file}"
            );
        }
        assert!(html.starts_with("<!doctype html>") && html.contains("@media print"));
        assert!(!html.contains("<script"), "{file}: the sheet runs nothing");
    }
}

#[test]
fn the_agenda_clock_paces_by_the_decisions_a_room_meets() {
    let s = scenario();
    let cut = AgendaClock::new(&s, &setup(&s, &["A"], Length::Cut)).expect("a plan");
    let two = AgendaClock::new(&s, &setup(&s, &["A", "B"], Length::Cut)).expect("a plan");
    let full = AgendaClock::new(&s, &setup(&s, &["A"], Length::Full)).expect("a plan");
    assert_eq!(cut.agenda().minutes(), 60);
    assert_eq!(full.agenda().minutes(), 90);
    assert!((8..=10).contains(&cut.planned_decisions()));
    assert_eq!(two.planned_decisions(), 2 * cut.planned_decisions());
    assert!(full.planned_decisions() > cut.planned_decisions());
    let _ = ChoiceIdx(0);
}
