//! A workshop session at the engine level: turns, tallies, tie-breaks, undo, the road not
//! taken, the report and its replay.

use promoted_engine::workshop::{
    Ballot, ReplayError, Setup, Team, Turns, Voting, Workshop, WorkshopError, WorkshopReport,
    replay,
};
use promoted_engine::{ChoiceIdx, Scenario, load};

fn scenario() -> Scenario {
    load(include_bytes!(
        "../../../scenarios/peer-to-boss.scenario.ron"
    ))
    .expect("the scenario loads")
    .0
}

fn setup(scenario: &Scenario, teams: &[&str], turns: Turns) -> Setup {
    Setup {
        scenario: scenario.id.clone(),
        seed: 2026,
        teams: teams
            .iter()
            .map(|name| Team {
                name: (*name).to_owned(),
                colour: "#f5b83d".to_owned(),
            })
            .collect(),
        voting: Voting::Counts,
        turns,
        discussion_seconds: 60,
        meters_visible: true,
        prompts: true,
        length: promoted_engine::workshop::Length::Full,
    }
}

/// The choices the current team can take.
fn available(workshop: &Workshop, scenario: &Scenario) -> Vec<ChoiceIdx> {
    let team = workshop.current().expect("a team is playing");
    workshop.teams()[team].run.available(scenario)
}

/// A ballot where option `winner` gets 5 votes and the next available one 3.
fn ballot_for(options: &[ChoiceIdx], pick: usize, width: usize) -> Ballot {
    let mut counts = vec![0; width];
    let winner = options[pick % options.len()];
    counts[winner.index()] = 5;
    if let Some(&other) = options.iter().find(|&&o| o != winner) {
        counts[other.index()] = 3;
    }
    Ballot {
        counts,
        tie_break: None,
    }
}

/// Play the whole session: team A always takes the first option, team B the second.
fn play_through(scenario: &Scenario, workshop: &mut Workshop) {
    while let Some(team) = workshop.current() {
        let options = available(workshop, scenario);
        let width = 6;
        workshop
            .decide(scenario, &ballot_for(&options, team, width))
            .expect("the decision is made");
    }
}

#[test]
fn teams_alternate_and_a_tie_needs_the_facilitator() {
    let scenario = scenario();
    let mut workshop = Workshop::new(&scenario, setup(&scenario, &["A", "B"], Turns::Alternate))
        .expect("a valid setup");
    assert_eq!(workshop.current(), Some(0));
    let options = available(&workshop, &scenario);
    let mut counts = vec![0; 6];
    counts[options[0].index()] = 4;
    counts[options[1].index()] = 4;
    let tie = Ballot {
        counts: counts.clone(),
        tie_break: None,
    };
    assert_eq!(
        workshop.decide(&scenario, &tie).map(|_| ()),
        Err(WorkshopError::Tie(vec![options[0], options[1]]))
    );
    let unrelated = options.iter().copied().find(|o| *o > options[1]);
    if let Some(other) = unrelated {
        assert_eq!(
            workshop
                .decide(
                    &scenario,
                    &Ballot {
                        counts: counts.clone(),
                        tie_break: Some(other)
                    }
                )
                .map(|_| ()),
            Err(WorkshopError::BadTieBreak(other))
        );
    }
    let decision = workshop
        .decide(
            &scenario,
            &Ballot {
                counts,
                tie_break: Some(options[1]),
            },
        )
        .expect("the facilitator broke the tie");
    assert_eq!(decision.choice, options[1]);
    let vote = &workshop.teams()[0].votes[0];
    assert!(vote.tie_break && vote.is_close_call());
    // The runner-up of a tie is the other tied option.
    assert_eq!(vote.road.as_ref().map(|r| r.choice), Some(options[0]));
    assert_eq!(workshop.current(), Some(1), "team B's turn next");

    assert_eq!(
        workshop
            .decide(
                &scenario,
                &Ballot {
                    counts: vec![0; 6],
                    tie_break: None
                }
            )
            .map(|_| ()),
        Err(WorkshopError::NoVotes)
    );
}

#[test]
fn undo_takes_back_the_last_decision_whoever_made_it() {
    let scenario = scenario();
    let mut workshop = Workshop::new(&scenario, setup(&scenario, &["A", "B"], Turns::Alternate))
        .expect("a valid setup");
    let options = available(&workshop, &scenario);
    workshop
        .decide(&scenario, &ballot_for(&options, 0, 6))
        .expect("A decides");
    let before_b = workshop.clone();
    let options = available(&workshop, &scenario);
    workshop
        .decide(&scenario, &ballot_for(&options, 1, 6))
        .expect("B decides");
    let (team, vote) = workshop.undo().expect("there is a decision to undo");
    assert_eq!(team, 1);
    assert_eq!(vote.counts[options[1 % options.len()].index()], 5);
    assert_eq!(workshop, before_b, "undo restores the session exactly");
    assert_eq!(workshop.current(), Some(1));
}

#[test]
fn in_sequence_each_team_finishes_before_the_next() {
    let scenario = scenario();
    let mut workshop = Workshop::new(&scenario, setup(&scenario, &["A", "B"], Turns::InSequence))
        .expect("a valid setup");
    play_through(&scenario, &mut workshop);
    let order = workshop.order();
    let a = workshop.teams()[0].votes.len();
    assert!(order[..a].iter().all(|&t| t == 0) && order[a..].iter().all(|&t| t == 1));
    assert!(workshop.is_finished());
}

#[test]
fn every_decision_has_a_road_not_taken_played_to_an_ending() {
    let scenario = scenario();
    let mut workshop = Workshop::new(&scenario, setup(&scenario, &["A", "B"], Turns::Alternate))
        .expect("a valid setup");
    play_through(&scenario, &mut workshop);
    for team in workshop.teams() {
        assert!(!team.votes.is_empty());
        for vote in &team.votes {
            let road = vote
                .road
                .as_ref()
                .expect("every node here has two options or more");
            assert_ne!(road.choice, vote.chosen);
            for branch in [&road.not_taken, &road.taken] {
                assert!(branch.ending < scenario.endings.len());
                assert!(branch.reached > 0 && branch.reached <= branch.playthroughs);
                assert_eq!(branch.meters.len(), scenario.meters.len());
            }
        }
    }
    // The same session gives the same roads.
    let mut again = Workshop::new(&scenario, setup(&scenario, &["A", "B"], Turns::Alternate))
        .expect("a valid setup");
    play_through(&scenario, &mut again);
    assert_eq!(again, workshop);
}

#[test]
fn the_report_round_trips_and_replays_to_the_same_path_and_score() {
    let scenario = scenario();
    let mut workshop = Workshop::new(&scenario, setup(&scenario, &["A", "B"], Turns::Alternate))
        .expect("a valid setup");
    play_through(&scenario, &mut workshop);
    let report = WorkshopReport::new(&workshop, &scenario);
    assert_eq!(report.diverged_at, Some(1), "A and B differ from the start");
    assert!(report.teams.iter().all(|t| t.score.is_some()));

    let json = report.to_json();
    let read = WorkshopReport::from_json(&json).expect("the report reads back");
    assert_eq!(read, report);
    let replayed = replay(&scenario, &read).expect("the replay matches");
    assert_eq!(replayed, workshop);

    let md = report.to_markdown();
    for needle in [
        "# Workshop report: ",
        "seed 2026",
        "## Results",
        "## Side by side",
        "The teams first chose differently at decision 1.",
        "## A: the timeline",
        "## B: the timeline",
        "Road not taken: had the room chosen",
        "## Debrief questions",
        "### How did it feel?",
        "## How the road not taken is worked out",
    ] {
        assert!(md.contains(needle), "the Markdown lacks {needle:?}:\n{md}");
    }
}

#[test]
fn a_tampered_or_foreign_report_is_refused_with_a_reason() {
    let scenario = scenario();
    let mut workshop = Workshop::new(&scenario, setup(&scenario, &["Solo"], Turns::Alternate))
        .expect("a valid setup");
    play_through(&scenario, &mut workshop);
    let report = WorkshopReport::new(&workshop, &scenario);

    let mut changed = report.clone();
    changed.fingerprint ^= 1;
    assert_eq!(
        replay(&scenario, &changed).err(),
        Some(ReplayError::ScenarioChanged)
    );

    let mut tampered = report.clone();
    tampered.teams[0].decisions[2].chosen = "no-such-choice".into();
    let err = replay(&scenario, &tampered).expect_err("a changed choice is caught");
    assert!(err.to_string().contains("decision 3"), "{err}");

    let mut other_score = report.clone();
    if let Some(score) = &mut other_score.teams[0].score {
        score.overall += 1;
    }
    assert!(matches!(
        replay(&scenario, &other_score),
        Err(ReplayError::Diverged(_))
    ));

    for bad in ["", "{", "[1, 2]", "{\"format\": 2}"] {
        let err = WorkshopReport::from_json(bad).expect_err("not a report");
        assert!(matches!(err, ReplayError::Format(_)), "{bad:?} gave {err}");
    }
    let mut future = report.to_json();
    future = future.replacen("\"format\": 1", "\"format\": 9", 1);
    assert!(
        WorkshopReport::from_json(&future)
            .expect_err("a newer format")
            .to_string()
            .contains("format 9")
    );
}

#[test]
fn a_setup_needs_one_to_six_named_teams_for_this_scenario() {
    let scenario = scenario();
    let check = |s: Setup| Workshop::new(&scenario, s).err().map(|e| e.to_string());
    assert!(check(setup(&scenario, &[], Turns::Alternate)).is_some_and(|e| e.contains("1 to 6")));
    assert!(
        check(setup(
            &scenario,
            &["1", "2", "3", "4", "5", "6", "7"],
            Turns::Alternate
        ))
        .is_some_and(|e| e.contains("not 7"))
    );
    assert!(
        check(setup(&scenario, &["A", " "], Turns::Alternate))
            .is_some_and(|e| e.contains("team 2 has no name"))
    );
    let mut other = setup(&scenario, &["A"], Turns::Alternate);
    other.scenario = "elsewhere".into();
    assert!(check(other).is_some_and(|e| e.contains("`elsewhere`")));
}

#[test]
fn the_road_not_taken_matches_a_case_worked_out_by_hand() {
    // Caring lifts morale to 70 and pushing drops it to 30; the one later decision changes
    // nothing, so every continuation of a choice ends the same way. The score is the meter
    // alone: its place in the range, 0–100.
    let text = r#"Scenario(format: 2, id: "by-hand", title: "By hand", summary: "S.", minutes: 5,
        difficulty: Introductory, competencies: [Planning],
        meters: [Meter(id: "morale", label: "Morale", min: 0, max: 100, start: 50, description: "M.")],
        scoring: Scoring(meters: 100, competencies: 0, ending: 0),
        start: "one",
        nodes: [
            Node(id: "one", text: "One.", choices: [
                Choice(id: "push", text: "Push.", effects: [Meter("morale", Sub(20))], note: "N.", next: "two"),
                Choice(id: "care", text: "Care.", effects: [Meter("morale", Add(20))], note: "N.", next: "two"),
            ]),
            Node(id: "two", text: "Two.", choices: [
                Choice(id: "on", text: "On.", note: "N.", next: "end"),
                Choice(id: "onward", text: "Onward.", note: "N.", next: "end"),
            ]),
        ],
        endings: [
            Ending(id: "high", condition: Meter("morale", AtLeast(60)), title: "High", epilogue: "H.", rating: Good),
            Ending(id: "low", title: "Low", epilogue: "L.", rating: Poor),
        ],
    )"#;
    let scenario = load(text.as_bytes()).expect("loads").0;
    let mut workshop =
        Workshop::new(&scenario, setup(&scenario, &["Solo"], Turns::Alternate)).expect("setup");
    let ballot = Ballot {
        counts: vec![3, 5],
        tie_break: None,
    };
    workshop.decide(&scenario, &ballot).expect("a winner");
    let road = workshop.teams()[0].votes[0]
        .road
        .clone()
        .expect("a runner-up");
    assert_eq!(road.choice, ChoiceIdx(0), "push, with 3 votes");
    let branch = |ending: usize, score: u32, morale: i32| promoted_engine::workshop::Branch {
        ending,
        reached: 200,
        playthroughs: 200,
        score,
        meters: vec![morale],
    };
    assert_eq!(road.not_taken, branch(1, 30, 30));
    assert_eq!(road.taken, branch(0, 70, 70));
}
