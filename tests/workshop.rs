//! Workshop mode without a window, one behaviour per test: the setup typed by keys, the
//! countdown on manual time, a tie the facilitator breaks, the scoreboard, taking a decision
//! back, the facilitator's screen controls, the debrief, the exact report and its replay,
//! and what survives a restart.

mod common;

use std::time::Duration;

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use common::{
    FileStoreAt, all_text, app_with, press, scenario_file, screen, texts_of, trigger, update_until,
};
use promoted::adapters::persistence::{LastWorkshop, MemoryStore, SavedWorkshop, Storage};
use promoted::adapters::phones::{PhoneStatus, Phones};
use promoted::adapters::room::{
    ContinueWorkshop, Facilitate, ReplayLastWorkshop, SetupDraft, StartWorkshop, WorkshopSession,
};
use promoted::adapters::solo::Navigate;
use promoted::screens::Screen;
use promoted::screens::menu::Menu;
use promoted::screens::workshop::debrief::{CloseCallLine, CommitmentLine, Commitments, RoadLine};
use promoted::screens::workshop::export::{ExportReport, ExportStatus, ReportFormat, ReportsDir};
use promoted::screens::workshop::room::{
    CountdownText, OptionRow, PromptCard, StageLabel, TallyBar,
};
use promoted::screens::workshop::setup::EditSetup;
use promoted_engine::workshop::{Action, Field, SetupEdit, Stage, WorkshopReport, replay};

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
    session(app).room.stage()
}

fn act(app: &mut App, action: Action) {
    trigger(app, Facilitate(action));
}

fn edit(app: &mut App, edit: SetupEdit) {
    trigger(app, EditSetup::Draft(edit));
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
    trigger(app, EditSetup::Type(Field::Seed));
    type_text(app, "2026\n");
    edit(app, SetupEdit::AddTeam);
    trigger(app, EditSetup::Type(Field::TeamName(1)));
    type_text(app, "Night Owls\n");
    trigger(app, StartWorkshop);
    assert_eq!(screen(app), Screen::Workshop);
}

/// A session set up and at its first vote, the discussion skipped.
fn at_first_vote() -> App {
    let mut app = workshop_app();
    set_up(&mut app);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Vote);
    app
}

/// Vote the current decision `winner` to 3, the next option to 1, and reveal it.
fn vote(app: &mut App, winner: usize) {
    let options = session(app).room.available(&session(app).scenario).len();
    let winner = winner.min(options - 1);
    act(
        app,
        Action::Adjust {
            option: winner,
            delta: 3,
        },
    );
    act(
        app,
        Action::Adjust {
            option: (winner + 1) % options,
            delta: 1,
        },
    );
    act(app, Action::Advance);
}

/// Run the rest of the session: team 1 votes for the first option, team 2 the second.
fn finish(app: &mut App) {
    for _ in 0..400 {
        if screen(app) == Screen::WorkshopDebrief {
            return;
        }
        match stage(app) {
            Stage::Vote => {
                let team = session(app).room.team().expect("a team votes");
                vote(app, team);
            }
            _ => act(app, Action::Advance),
        }
    }
    panic!("the session did not end");
}

#[test]
fn the_setup_is_typed_by_keys_and_shown() {
    let mut app = workshop_app();
    trigger(&mut app, Navigate(Screen::WorkshopSetup));
    trigger(&mut app, EditSetup::Type(Field::Seed));
    type_text(&mut app, "2026\n");
    edit(&mut app, SetupEdit::AddTeam);
    trigger(&mut app, EditSetup::Type(Field::TeamName(1)));
    type_text(&mut app, "Night Owls\n");
    let draft = &app.world().resource::<SetupDraft>().0.setup;
    assert_eq!((draft.seed, draft.teams.len()), (2026, 2));
    assert_eq!(draft.teams[1].name, "Night Owls");
    assert_eq!(draft.discussion_seconds, 60);
    let shown = all_text(&mut app);
    assert!(
        shown.contains("Night Owls") && shown.contains("2026"),
        "{shown}"
    );
    trigger(&mut app, StartWorkshop);
    assert_eq!(screen(&app), Screen::Workshop);
    assert_eq!(stage(&app), Stage::Read);
    assert!(all_text(&mut app).contains("Team Amber · decision 1"));
}

#[test]
fn the_discussion_countdown_pauses_and_runs_out_on_virtual_time() {
    let mut app = workshop_app();
    set_up(&mut app);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Discuss);
    assert_eq!(texts_of::<StageLabel>(&mut app), ["Discuss"]);
    assert_eq!(texts_of::<CountdownText>(&mut app), ["1:00"]);
    // Virtual time advances at most 250 ms a frame.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        250,
    )));
    press(&mut app, KeyCode::Space);
    let paused_at = session(&app).room.countdown().left;
    for _ in 0..4 {
        app.update();
    }
    assert_eq!(session(&app).room.countdown().left, paused_at, "paused");
    assert!(all_text(&mut app).contains("Paused"));
    press(&mut app, KeyCode::Space);
    for _ in 0..400 {
        if session(&app).room.countdown().is_up() {
            break;
        }
        app.update();
    }
    app.update();
    assert!(session(&app).room.countdown().is_up());
    assert_eq!(texts_of::<CountdownText>(&mut app), ["0:00"]);
    assert!(all_text(&mut app).contains("Time. Let's hear where the room stands"));
}

#[test]
fn a_tie_is_broken_by_the_facilitator_and_the_option_picked_wins() {
    let mut app = at_first_vote();
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Digit3);
    let votes: Vec<u32> = {
        let mut q = app.world_mut().query::<&OptionRow>();
        q.iter(app.world()).map(|o| o.votes).collect()
    };
    assert_eq!(&votes[..2], [3, 3]);
    // The split bar has a segment per option with votes.
    let segments: Vec<usize> = {
        let mut bars = app
            .world_mut()
            .query_filtered::<&Children, With<TallyBar>>();
        bars.iter(app.world()).map(|c| c.len()).collect()
    };
    assert_eq!(segments, [2]);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::TieBreak);
    assert!(all_text(&mut app).contains("Tie between 1 and 2 — the facilitator decides"));
    // Option 2 is the second available option: the one the facilitator picks must win.
    let picked = session(&app).room.available(&session(&app).scenario)[1];
    press(&mut app, KeyCode::Digit2);
    assert_eq!(stage(&app), Stage::Reveal);
    let team = &session(&app).room.workshop().teams()[0];
    let vote = &team.votes[0];
    assert!(vote.tie_break);
    assert_eq!(vote.chosen, picked);
    assert_eq!(team.run.history()[0].choice, picked);
    assert!(all_text(&mut app).contains("Team Amber chose, a tie at 3 broken by the facilitator"));
}

#[test]
fn the_scoreboard_hands_over_between_teams() {
    let mut app = at_first_vote();
    vote(&mut app, 0);
    assert_eq!(stage(&app), Stage::Reveal);
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(stage(&app), Stage::Handover);
    assert!(all_text(&mut app).contains("Next: Night Owls"));
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(stage(&app), Stage::Read);
    assert_eq!(session(&app).room.team(), Some(1));
}

#[test]
fn page_up_from_a_reveal_takes_the_decision_back_with_its_tally() {
    let mut app = at_first_vote();
    act(
        &mut app,
        Action::Adjust {
            option: 1,
            delta: 5,
        },
    );
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Reveal);
    assert_eq!(session(&app).room.workshop().order(), [0]);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(stage(&app), Stage::Vote);
    assert!(session(&app).room.workshop().order().is_empty());
    assert_eq!(
        session(&app).room.tally()[..2],
        [0, 5],
        "the tally is up again"
    );
    // U takes it back too.
    press(&mut app, KeyCode::PageDown);
    assert_eq!(session(&app).room.workshop().order(), [0]);
    press(&mut app, KeyCode::KeyU);
    assert!(session(&app).room.workshop().order().is_empty());
}

#[test]
fn a_blank_screen_holds_the_session_and_the_prompt_shows_the_node_s() {
    let mut app = at_first_vote();
    press(&mut app, KeyCode::KeyB);
    assert!(session(&app).room.controls().blank);
    assert!(all_text(&mut app).contains("B brings the screen back"));
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Vote, "a blank screen holds the session");
    press(&mut app, KeyCode::KeyB);
    press(&mut app, KeyCode::KeyP);
    let cards = {
        let mut q = app.world_mut().query_filtered::<Entity, With<PromptCard>>();
        q.iter(app.world()).count()
    };
    assert_eq!(cards, 1);
    let expected = {
        let s = session(&app);
        let node = s.room.workshop().teams()[0].run.state().node();
        s.scenario
            .node(node)
            .prompt
            .clone()
            .unwrap_or_else(|| "No prompt for this moment".to_owned())
    };
    let shown = all_text(&mut app);
    assert!(shown.contains("Facilitator prompt · P hides it"), "{shown}");
    assert!(shown.contains(&expected), "{expected:?} not in {shown}");
}

#[test]
fn the_pause_menu_opens_over_the_room_and_closes_on_leaving_it() {
    let mut app = at_first_vote();
    press(&mut app, KeyCode::Escape);
    assert_eq!(*app.world().resource::<State<Menu>>().get(), Menu::Pause);
    assert!(all_text(&mut app).contains("The workshop is saved after every decision."));
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Vote, "no facilitating behind the menu");
    trigger(&mut app, Navigate(Screen::Title));
    app.update();
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(
        *app.world().resource::<State<Menu>>().get(),
        Menu::Closed,
        "leaving for the title closes the overlay"
    );
    assert!(all_text(&mut app).contains("Continue the workshop"));
}

#[test]
fn the_debrief_shows_every_road_and_the_close_calls() {
    let mut app = at_first_vote();
    // A 3–3 tie broken by the facilitator is a close call.
    act(
        &mut app,
        Action::Adjust {
            option: 0,
            delta: 3,
        },
    );
    act(
        &mut app,
        Action::Adjust {
            option: 1,
            delta: 3,
        },
    );
    act(&mut app, Action::Advance);
    act(&mut app, Action::Pick(1));
    finish(&mut app);
    assert_eq!(screen(&app), Screen::WorkshopDebrief);
    let decisions = session(&app).room.workshop().order().len();
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
    assert!(shown.contains("How did it feel?"), "{shown}");
    assert!(shown.contains("Where the paths went"), "{shown}");
    assert!(shown.contains("how the room voted"), "{shown}");
    assert!(
        shown.contains("What will you try differently on Monday?"),
        "{shown}"
    );
    // U from the debrief takes the last decision back to the room.
    press(&mut app, KeyCode::KeyU);
    assert_eq!(screen(&app), Screen::Workshop);
    assert_eq!(stage(&app), Stage::Vote);
}

#[test]
fn the_report_is_exact_and_replays_in_the_engine_and_from_the_title() {
    let mut app = at_first_vote();
    act(
        &mut app,
        Action::Adjust {
            option: 0,
            delta: 3,
        },
    );
    act(
        &mut app,
        Action::Adjust {
            option: 1,
            delta: 3,
        },
    );
    act(&mut app, Action::Advance);
    act(&mut app, Action::Pick(1));
    finish(&mut app);

    let dir = std::env::temp_dir().join(format!("promoted-workshop-{}", std::process::id()));
    app.world_mut().resource_mut::<ReportsDir>().0 = Some(dir.clone());
    trigger(&mut app, ExportReport(ReportFormat::Markdown));
    press(&mut app, KeyCode::KeyJ);
    let status = app
        .world()
        .resource::<ExportStatus>()
        .0
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
    let report = WorkshopReport::from_json(&json).expect("the JSON reads back");
    let scenario = session(&app).scenario.clone();
    let replayed = replay(&scenario, &report).expect("the replay matches");
    assert_eq!(&replayed, session(&app).room.workshop());
    assert_eq!(
        app.world().resource::<LastWorkshop>().0.as_ref(),
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
        act(&mut app, Action::Advance);
    }
    assert_eq!(screen(&app), Screen::WorkshopDebrief);
    assert_eq!(
        WorkshopReport::new(session(&app).room.workshop(), &scenario),
        report
    );
}

#[test]
fn majority_voting_and_no_timer_go_straight_to_the_vote() {
    let mut app = workshop_app();
    trigger(&mut app, Navigate(Screen::WorkshopSetup));
    edit(&mut app, SetupEdit::Voting);
    // 60 s → 90 s → custom → off.
    for _ in 0..3 {
        edit(&mut app, SetupEdit::Discussion);
    }
    assert_eq!(
        app.world()
            .resource::<SetupDraft>()
            .0
            .setup
            .discussion_seconds,
        0
    );
    edit(&mut app, SetupEdit::Meters);
    trigger(&mut app, StartWorkshop);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Vote);
    assert!(!all_text(&mut app).contains("'s standing"), "meters hidden");
    press(&mut app, KeyCode::Digit2);
    assert_eq!(stage(&app), Stage::Reveal);
    let vote = &session(&app).room.workshop().teams()[0].votes[0];
    assert_eq!(vote.counts.iter().sum::<u32>(), 1);
    assert!(!vote.is_close_call());
}

#[test]
fn a_setup_refuses_bad_values_with_a_reason_and_keeps_the_rest() {
    let mut app = workshop_app();
    trigger(&mut app, Navigate(Screen::WorkshopSetup));
    let seed = app.world().resource::<SetupDraft>().0.setup.seed;
    // 60 s → 90 s → custom.
    for _ in 0..2 {
        edit(&mut app, SetupEdit::Discussion);
    }
    trigger(&mut app, EditSetup::Type(Field::Seconds));
    type_text(&mut app, "500\n");
    let draft = &app.world().resource::<SetupDraft>().0;
    assert_eq!(draft.setup.discussion_seconds, 500);
    trigger(&mut app, EditSetup::Type(Field::Seconds));
    type_text(&mut app, "999\n");
    let draft = &app.world().resource::<SetupDraft>().0;
    assert_eq!(
        draft.setup.discussion_seconds, 500,
        "the custom time stays as it was"
    );
    assert!(
        draft
            .message
            .as_deref()
            .is_some_and(|m| m.contains("1 to 900 seconds"))
    );
    assert!(
        all_text(&mut app).contains("1 to 900 seconds"),
        "the reason shows"
    );
    // Esc while typing cancels the typing, and stays on the setup screen.
    trigger(&mut app, EditSetup::Type(Field::Seed));
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
    assert_eq!(app.world().resource::<SetupDraft>().0.setup.seed, seed);
}

#[test]
fn a_workshop_survives_a_restart_and_a_damaged_save_is_set_aside() {
    let dir = std::env::temp_dir().join(format!("promoted-workshop-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = || Storage::new(FileStoreAt(dir.clone()));
    let mut app = app_on(store());
    set_up(&mut app);
    while session(&app).room.workshop().order().len() < 2 {
        if stage(&app) == Stage::Vote {
            act(&mut app, Action::Digit(4));
        }
        act(&mut app, Action::Advance);
    }
    let played = session(&app).room.workshop().clone();
    // Leaving for the title offers it back at once.
    trigger(&mut app, Navigate(Screen::Title));
    assert!(all_text(&mut app).contains("Continue the workshop"));
    drop(app);

    let mut app = app_on(store());
    assert!(all_text(&mut app).contains("Continue the workshop: Yesterday a Peer, Today the Boss"));
    trigger(&mut app, ContinueWorkshop);
    assert_eq!(screen(&app), Screen::Workshop);
    assert_eq!(session(&app).room.workshop(), &played);
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

#[test]
fn a_saved_workshop_that_does_not_add_up_is_set_aside_not_played() {
    let storage = Storage::new(MemoryStore::default());
    let mut app = app_on(storage);
    set_up(&mut app);
    while session(&app).room.workshop().order().len() < 2 {
        if stage(&app) == Stage::Vote {
            act(&mut app, Action::Digit(4));
        }
        act(&mut app, Action::Advance);
    }
    // Tamper with the saved order: a turn for a team the session does not have.
    let saved = app
        .world()
        .resource::<SavedWorkshop>()
        .0
        .clone()
        .expect("saved");
    let mut text = ron::to_string(&saved).expect("serialises");
    text = text.replacen("order:[0,1]", "order:[0,7]", 1);
    let tampered: promoted_engine::Workshop = ron::from_str(&text).expect("still reads");
    app.world_mut().resource_mut::<SavedWorkshop>().0 = Some(tampered);
    trigger(&mut app, Navigate(Screen::Title));
    trigger(&mut app, ContinueWorkshop);
    assert_eq!(screen(&app), Screen::Title, "refused, not played");
    let title = all_text(&mut app);
    assert!(
        title.contains("could not be resumed (its order names team 8, which it does not have)"),
        "{title}"
    );
    assert!(app.world().resource::<SavedWorkshop>().0.is_none());
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

#[test]
fn a_cut_session_recaps_its_defaults_and_the_debrief_keeps_the_rooms_commitments() {
    let mut app = workshop_app();
    trigger(&mut app, Navigate(Screen::WorkshopSetup));
    edit(&mut app, SetupEdit::Length);
    assert!(all_text(&mut app).contains("60-minute cut: the 9 pivotal decisions"));
    trigger(&mut app, StartWorkshop);
    assert_eq!(screen(&app), Screen::Workshop);
    let mut recaps = 0;
    for _ in 0..200 {
        match stage(&app) {
            Stage::Debrief => break,
            Stage::Meanwhile => {
                recaps += 1;
                let shown = all_text(&mut app);
                assert!(shown.contains("Meanwhile…"), "{shown}");
                press(&mut app, KeyCode::PageDown);
            }
            Stage::Vote => vote(&mut app, 0),
            _ => press(&mut app, KeyCode::PageDown),
        }
    }
    assert!(recaps > 0, "the cut recapped its defaults");
    update_until(&mut app, Screen::WorkshopDebrief);
    let votes = &session(&app).room.workshop().teams()[0].votes;
    assert!(votes.iter().any(|v| v.meanwhile) && votes.iter().any(|v| !v.meanwhile));
    // C starts a commitment; Enter keeps it in the report.
    press(&mut app, KeyCode::KeyC);
    type_text(
        &mut app,
        "Hand one piece of my old job to someone this week\n",
    );
    let lines = texts_of::<CommitmentLine>(&mut app);
    assert_eq!(
        lines,
        ["1. Hand one piece of my old job to someone this week"]
    );
    let report = app
        .world()
        .resource::<LastWorkshop>()
        .0
        .clone()
        .expect("kept");
    assert_eq!(
        report.commitments,
        ["Hand one piece of my old job to someone this week"]
    );
    assert!(
        report
            .to_markdown()
            .contains("## What we will try differently on Monday")
    );
    let scenario = session(&app).scenario.clone();
    replay(&scenario, &report).expect("a cut session with commitments replays");
    trigger(&mut app, Commitments::RemoveLast);
    assert!(texts_of::<CommitmentLine>(&mut app).is_empty());
}

#[test]
fn the_presenter_window_shows_the_facilitators_notes_and_the_room_never_does() {
    use promoted::adapters::presenter::{CurrentBriefing, OpenPresenter};
    use promoted::screens::workshop::presenter::{PresenterView, PresenterWindow};
    let mut app = at_first_vote();
    trigger(&mut app, OpenPresenter);
    trigger(&mut app, OpenPresenter);
    let mut windows = app
        .world_mut()
        .query_filtered::<(), (With<PresenterWindow>, With<Window>)>();
    assert_eq!(windows.iter(app.world()).count(), 1, "one presenter window");
    app.update();
    let briefing = app
        .world()
        .resource::<CurrentBriefing>()
        .0
        .clone()
        .expect("a briefing");
    assert_eq!(briefing.stage, "Vote");
    assert!(
        briefing
            .options
            .iter()
            .all(|o| !o.note.is_empty() && !o.likely.is_empty())
    );
    assert!(briefing.pace.is_some(), "the agenda clock");
    // The presenter's view holds the notes; the room's screen none of them.
    let mut texts = app.world_mut().query::<(Entity, &Text)>();
    let mut in_presenter = Vec::new();
    let mut in_room = Vec::new();
    let views: Vec<Entity> = app
        .world_mut()
        .query_filtered::<Entity, With<PresenterView>>()
        .iter(app.world())
        .collect();
    for (entity, text) in texts.iter(app.world()) {
        let mut at = entity;
        let mut presenter = false;
        while let Some(parent) = app.world().get::<ChildOf>(at) {
            at = parent.parent();
            presenter |= views.contains(&at);
        }
        if presenter {
            in_presenter.push(text.0.clone());
        } else {
            in_room.push(text.0.clone());
        }
    }
    for option in &briefing.options {
        assert!(
            in_presenter.iter().any(|t| t.contains(&option.note)),
            "the presenter shows the note"
        );
        assert!(
            !in_room.iter().any(|t| t.contains(&option.note)),
            "the room does not"
        );
    }
    // Closing the window takes its camera and view with it.
    let window: Vec<Entity> = app
        .world_mut()
        .query_filtered::<Entity, (With<PresenterWindow>, With<Window>)>()
        .iter(app.world())
        .collect();
    app.world_mut().despawn(window[0]);
    app.update();
    let mut parts = app
        .world_mut()
        .query_filtered::<(), With<PresenterWindow>>();
    assert_eq!(parts.iter(app.world()).count(), 0);
}

#[test]
fn phones_without_a_host_say_so_and_the_hands_decide() {
    let mut app = workshop_app();
    trigger(&mut app, Navigate(Screen::WorkshopSetup));
    // Counts → majority → phones.
    edit(&mut app, SetupEdit::Voting);
    edit(&mut app, SetupEdit::Voting);
    assert!(
        all_text(&mut app).contains("needs the game served by `promoted host`"),
        "the setup says what phones need"
    );
    trigger(&mut app, StartWorkshop);
    app.update();
    assert_eq!(
        app.world().resource::<Phones>().status,
        PhoneStatus::Unavailable
    );
    assert!(all_text(&mut app).contains("No phones"), "the room says so");
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(stage(&app), Stage::Vote);
    // With no phones there is nothing to hide: the hands typed show as ever.
    act(
        &mut app,
        Action::Adjust {
            option: 1,
            delta: 4,
        },
    );
    act(
        &mut app,
        Action::Adjust {
            option: 0,
            delta: 1,
        },
    );
    let text = all_text(&mut app);
    assert!(
        text.contains("5 votes") && !text.contains("phones have voted"),
        "{text}"
    );
    let bars = app
        .world_mut()
        .query_filtered::<(), With<TallyBar>>()
        .iter(app.world())
        .count();
    assert_eq!(bars, 1, "the split, as with hands");
    // Closing the vote with no host to wait for: the hands decide at once.
    let second = session(&app).room.available(&session(&app).scenario)[1];
    press(&mut app, KeyCode::PageDown);
    app.update();
    assert_eq!(stage(&app), Stage::Reveal);
    let vote = &session(&app).room.workshop().teams()[0].votes[0];
    assert_eq!(vote.counts.iter().sum::<u32>(), 5);
    assert_eq!(vote.chosen, second, "the hands' majority");
}
