//! A whole workshop session without a window: two teams, a tie the facilitator breaks, an
//! undo, a discussion that runs out on manual time, the road not taken at every decision,
//! the exact report, and its replay.

mod common;

use std::time::Duration;

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use common::{
    FileStoreAt, all_text, app_with, press, scenario_file, screen, texts_of, trigger, update_until,
};
use promoted::screens::Screen;
use promoted::session::Navigate;
use promoted::storage::{MemoryStore, Storage};
use promoted::workshop::{
    CloseCallLine, ContinueWorkshop, Countdown, CountdownText, Draft, ExportReport, Facilitate,
    Facilitator, Field, LastReport, OptionRow, PromptCard, ReplayLastWorkshop, ReportFormat,
    Reports, RoadLine, SetupEdit, Stage, StageLabel, StartWorkshop, TallyBar, WorkshopSession,
};
use promoted_engine::workshop::{Report, replay};

fn workshop_app() -> App {
    app_on(Storage::new(MemoryStore::default()))
}

fn app_on(storage: Storage) -> App {
    let mut app = app_with(vec![scenario_file("peer-to-boss.scenario.ron")], storage);
    update_until(&mut app, Screen::Title);
    app
}

fn session(app: &App) -> &WorkshopSession {
    app.world().resource::<WorkshopSession>()
}

fn stage(app: &App) -> Stage {
    session(app).stage
}

fn act(app: &mut App, event: Facilitate) {
    trigger(app, event);
}

/// Type text into the field being edited, as keys would.
fn type_text(app: &mut App, typed: &str) {
    for c in typed.chars() {
        let key = if c == '\n' {
            Key::Enter
        } else {
            Key::Character(c.to_string().into())
        };
        let text = (c != '\n').then(|| c.to_string().into());
        app.world_mut().write_message(KeyboardInput {
            key_code: KeyCode::Unidentified(bevy::input::keyboard::NativeKeyCode::Unidentified),
            logical_key: key,
            state: ButtonState::Pressed,
            text,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
}

/// Set up two teams on seed 2026 from the setup screen, typing the seed and a team's name.
fn set_up(app: &mut App) {
    trigger(app, Navigate(Screen::WorkshopSetup));
    assert_eq!(screen(app), Screen::WorkshopSetup);
    trigger(app, SetupEdit::Edit(Field::Seed));
    type_text(app, "2026\n");
    trigger(app, SetupEdit::AddTeam);
    trigger(app, SetupEdit::Edit(Field::TeamName(1)));
    type_text(app, "Night Owls\n");
    let draft = &app.world().resource::<Draft>().setup;
    assert_eq!(draft.seed, 2026);
    assert_eq!(draft.teams.len(), 2);
    assert_eq!(draft.teams[1].name, "Night Owls");
    assert_eq!(draft.discussion_seconds, 60);
    let shown = all_text(app);
    assert!(
        shown.contains("Night Owls") && shown.contains("2026"),
        "{shown}"
    );
    trigger(app, StartWorkshop);
    assert_eq!(screen(app), Screen::Workshop);
}

/// Run the rest of the session: each team's vote goes 3 to 1, team 1 for the first option,
/// team 2 for the second.
fn finish(app: &mut App) {
    for _ in 0..400 {
        if screen(app) == Screen::WorkshopDebrief {
            return;
        }
        match stage(app) {
            Stage::Vote => {
                let team = session(app).team().expect("a team votes");
                let options = session(app).available().len();
                let winner = team.min(options - 1);
                act(
                    app,
                    Facilitate::Adjust {
                        option: winner,
                        delta: 3,
                    },
                );
                act(
                    app,
                    Facilitate::Adjust {
                        option: (winner + 1) % options,
                        delta: 1,
                    },
                );
                act(app, Facilitate::Advance);
            }
            _ => act(app, Facilitate::Advance),
        }
    }
    panic!("the session did not end");
}

#[test]
fn a_two_team_workshop_from_setup_to_report_and_replay() {
    let mut app = workshop_app();
    set_up(&mut app);
    assert_eq!(stage(&app), Stage::Read);
    assert!(all_text(&mut app).contains("Team Amber · decision 1"));

    // Discuss: the countdown runs on virtual time, pauses with Space, and runs out.
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Discuss);
    assert_eq!(texts_of::<StageLabel>(&mut app), ["Discuss"]);
    assert_eq!(texts_of::<CountdownText>(&mut app), ["1:00"]);
    // Virtual time advances at most 250 ms a frame.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        250,
    )));
    press(&mut app, KeyCode::Space);
    let paused_at = app.world().resource::<Countdown>().left;
    for _ in 0..4 {
        app.update();
    }
    assert_eq!(
        app.world().resource::<Countdown>().left,
        paused_at,
        "paused"
    );
    assert!(all_text(&mut app).contains("Paused"));
    press(&mut app, KeyCode::Space);
    for _ in 0..400 {
        if app.world().resource::<Countdown>().is_up() {
            break;
        }
        app.update();
    }
    app.update();
    let countdown = app.world().resource::<Countdown>().clone();
    assert!(countdown.is_up(), "{countdown:?}");
    assert_eq!(texts_of::<CountdownText>(&mut app), ["0:00"]);
    assert!(all_text(&mut app).contains("Time. Let's hear where the room stands"));
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        50,
    )));

    // Vote: 3 and 3 is a tie the facilitator breaks.
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Vote);
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Digit3);
    let votes: Vec<u32> = {
        let mut q = app.world_mut().query::<&OptionRow>();
        q.iter(app.world()).map(|o| o.votes).collect()
    };
    assert_eq!(&votes[..2], [3, 3]);
    // The split bar has a segment per option with votes.
    let segments = {
        let mut bars = app
            .world_mut()
            .query_filtered::<&Children, With<TallyBar>>();
        bars.iter(app.world()).map(|c| c.len()).collect::<Vec<_>>()
    };
    assert_eq!(segments, [2]);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::TieBreak);
    assert!(all_text(&mut app).contains("Tie between 1 and 2 — the facilitator decides"));
    press(&mut app, KeyCode::Digit2);
    assert_eq!(stage(&app), Stage::Reveal);
    let first = &session(&app).workshop.teams()[0].votes[0];
    assert!(
        first.tie_break
            && first.chosen == session(&app).workshop.teams()[0].run.history()[0].choice as usize
    );
    assert!(all_text(&mut app).contains("Team Amber chose, a tie at 3 broken by the facilitator"));

    // Between turns, the scoreboard; then Night Owls decide.
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(stage(&app), Stage::Handover);
    assert!(all_text(&mut app).contains("Next: Night Owls"));
    press(&mut app, KeyCode::ArrowRight);
    press(&mut app, KeyCode::ArrowRight);
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(stage(&app), Stage::Vote);
    assert_eq!(session(&app).team(), Some(1));
    act(
        &mut app,
        Facilitate::Adjust {
            option: 1,
            delta: 5,
        },
    );
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Reveal);
    assert_eq!(session(&app).workshop.order(), [0, 1]);

    // PageUp from a reveal takes the decision back, its tally still up; U does too.
    press(&mut app, KeyCode::PageUp);
    assert_eq!(stage(&app), Stage::Vote);
    assert_eq!(session(&app).workshop.order(), [0]);
    assert_eq!(session(&app).tally[..2], [0, 5]);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::KeyU);
    assert_eq!(session(&app).workshop.order(), [0]);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(session(&app).workshop.order(), [0, 1]);

    // The facilitator's blank screen and prompt.
    press(&mut app, KeyCode::KeyB);
    assert!(app.world().resource::<Facilitator>().blank);
    assert!(all_text(&mut app).contains("B brings the screen back"));
    press(&mut app, KeyCode::PageDown);
    assert_eq!(
        stage(&app),
        Stage::Reveal,
        "a blank screen holds the session"
    );
    press(&mut app, KeyCode::KeyB);
    press(&mut app, KeyCode::KeyP);
    let mut cards = app.world_mut().query_filtered::<Entity, With<PromptCard>>();
    assert_eq!(cards.iter(app.world()).count(), 1);
    // The prompt of the node the next team faces, or the fallback when it has none.
    let expected = {
        let s = session(&app);
        let team = s.team().expect("a team is next");
        let node = s.workshop.teams()[team].run.state().node();
        s.scenario
            .node(node)
            .prompt
            .clone()
            .unwrap_or_else(|| "No prompt for this moment".to_owned())
    };
    let shown = all_text(&mut app);
    assert!(shown.contains("Facilitator prompt · P hides it"), "{shown}");
    assert!(shown.contains(&expected), "{expected:?} not in {shown}");
    press(&mut app, KeyCode::KeyP);

    finish(&mut app);
    assert_eq!(screen(&app), Screen::WorkshopDebrief);

    // The debrief: a road not taken for every decision, the tie among the close calls.
    let decisions: usize = session(&app).workshop.order().len();
    assert_eq!(texts_of::<RoadLine>(&mut app).len(), decisions);
    let close = texts_of::<CloseCallLine>(&mut app);
    assert!(
        close
            .iter()
            .any(|l| l.starts_with("Team Amber, decision 1:")
                && l.contains("a tie (3–3) broken by the facilitator")),
        "{close:?}"
    );
    let shown = all_text(&mut app);
    assert!(
        shown.contains("The teams first went different ways at decision"),
        "{shown}"
    );
    assert!(shown.contains("For discussion"));

    // The report, exactly: written by the export, compared with the reviewed copies.
    let dir = std::env::temp_dir().join(format!("promoted-workshop-{}", std::process::id()));
    app.world_mut().resource_mut::<Reports>().dir = Some(dir.clone());
    trigger(&mut app, ExportReport(ReportFormat::Markdown));
    press(&mut app, KeyCode::KeyJ);
    let status = app
        .world()
        .resource::<Reports>()
        .status
        .clone()
        .unwrap_or_default();
    assert!(status.starts_with("Saved: "), "{status}");
    let md = std::fs::read_to_string(dir.join("promoted-workshop-peer-to-boss-seed-2026.md"))
        .expect("the Markdown");
    let json = std::fs::read_to_string(dir.join("promoted-workshop-peer-to-boss-seed-2026.json"))
        .expect("the JSON");
    golden("workshop-report.md", &md);
    golden("workshop-report.json", &json);
    let _ = std::fs::remove_dir_all(&dir);

    // Replaying the report gives the same path and scores, in the engine and in the game.
    let report = Report::from_json(&json).expect("the JSON reads back");
    let scenario = session(&app).scenario.clone();
    let replayed = replay(&scenario, &report).expect("the replay matches");
    assert_eq!(replayed, session(&app).workshop);
    assert_eq!(
        app.world().resource::<LastReport>().0.as_ref(),
        Some(&report)
    );

    trigger(&mut app, Navigate(Screen::Title));
    assert!(all_text(&mut app).contains("Replay the last workshop"));
    trigger(&mut app, ReplayLastWorkshop);
    assert_eq!(screen(&app), Screen::Workshop);
    // A replay needs only "next": the recorded votes and the tie-break come up by themselves.
    for _ in 0..400 {
        if screen(&app) == Screen::WorkshopDebrief {
            break;
        }
        act(&mut app, Facilitate::Advance);
    }
    assert_eq!(screen(&app), Screen::WorkshopDebrief);
    assert_eq!(Report::new(&session(&app).workshop, &scenario), report);
}

#[test]
fn majority_voting_and_no_timer_go_straight_to_the_vote() {
    let mut app = workshop_app();
    trigger(&mut app, Navigate(Screen::WorkshopSetup));
    trigger(&mut app, SetupEdit::Voting);
    // 60 s → 90 s → custom → off.
    for _ in 0..3 {
        trigger(&mut app, SetupEdit::Discussion);
    }
    assert_eq!(app.world().resource::<Draft>().setup.discussion_seconds, 0);
    trigger(&mut app, SetupEdit::Meters);
    trigger(&mut app, StartWorkshop);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Vote);
    assert!(!all_text(&mut app).contains("'s standing"), "meters hidden");
    press(&mut app, KeyCode::Digit2);
    assert_eq!(stage(&app), Stage::Reveal);
    let vote = &session(&app).workshop.teams()[0].votes[0];
    assert_eq!(vote.counts.iter().sum::<u32>(), 1);
    assert!(!vote.is_close_call());
}

#[test]
fn a_setup_refuses_bad_values_with_a_reason_and_keeps_the_rest() {
    let mut app = workshop_app();
    trigger(&mut app, Navigate(Screen::WorkshopSetup));
    let seed = app.world().resource::<Draft>().setup.seed;
    // 60 s → 90 s → custom.
    for _ in 0..2 {
        trigger(&mut app, SetupEdit::Discussion);
    }
    trigger(&mut app, SetupEdit::Edit(Field::Seconds));
    type_text(&mut app, "5000\n");
    let draft = app.world().resource::<Draft>();
    assert_eq!(
        draft.setup.discussion_seconds, 120,
        "the custom time stays as it was"
    );
    assert!(
        draft
            .message
            .as_deref()
            .is_some_and(|m| m.contains("1 to 900 seconds"))
    );
    // Esc while typing cancels the typing, and stays on the setup screen.
    trigger(&mut app, SetupEdit::Edit(Field::Seed));
    type_text(&mut app, "12");
    press(&mut app, KeyCode::Escape);
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::Escape,
        logical_key: Key::Escape,
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
    assert_eq!(screen(&app), Screen::WorkshopSetup);
    assert_eq!(app.world().resource::<Draft>().setup.seed, seed);
    for _ in 0..8 {
        trigger(&mut app, SetupEdit::AddTeam);
    }
    assert_eq!(
        app.world().resource::<Draft>().setup.teams.len(),
        6,
        "six at most"
    );
}

#[test]
fn a_workshop_survives_a_restart_and_a_damaged_save_is_set_aside() {
    let dir = std::env::temp_dir().join(format!("promoted-workshop-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = || Storage::new(FileStoreAt(dir.clone()));
    let mut app = app_on(store());
    set_up(&mut app);
    while session(&app).workshop.order().len() < 2 {
        if stage(&app) == Stage::Vote {
            act(&mut app, Facilitate::Digit(4));
        }
        act(&mut app, Facilitate::Advance);
    }
    let played = session(&app).workshop.clone();
    assert_eq!(played.order(), [0, 1]);
    // Leaving for the title offers it back at once.
    trigger(&mut app, Navigate(Screen::Title));
    assert!(all_text(&mut app).contains("Continue the workshop"));
    drop(app);

    let mut app = app_on(store());
    assert!(all_text(&mut app).contains("Continue the workshop: Yesterday a Peer, Today the Boss"));
    trigger(&mut app, ContinueWorkshop);
    assert_eq!(screen(&app), Screen::Workshop);
    assert_eq!(session(&app).workshop, played);
    assert_eq!(stage(&app), Stage::Read);
    drop(app);

    std::fs::write(dir.join("workshop"), "(format: 1, data: (setup: broken").expect("written");
    let mut app = app_on(store());
    let title = all_text(&mut app);
    assert!(
        title
            .contains("The saved data for the workshop in progress was damaged and was set aside."),
        "{title}"
    );
    assert!(!title.contains("Continue the workshop"));
    assert!(dir.join("workshop-set-aside").exists(), "kept for support");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Compare with the reviewed copy in `tests/golden/`; `PROMOTED_BLESS=1` rewrites it after a
/// deliberate change (review the diff before committing).
fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("PROMOTED_BLESS").is_some() {
        std::fs::write(&path, actual).expect("golden file written");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs from tests/golden/{name}; if the change is meant, run with PROMOTED_BLESS=1 and review the diff.\n--- actual ---\n{actual}"
    );
}
