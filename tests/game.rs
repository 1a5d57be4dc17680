//! The game without a window: screens, runs, saves, driven through the domain events.

mod common;

use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use common::{
    FileStoreAt, NAIVE, THOUGHTFUL, all_text, app_on, app_with, documented_example, library_files,
    press, scenario_file, screen, texts_of, trigger, update_until,
};
use promoted::adapters::library::{Library, LibraryFiles, WatchedFolder};
use promoted::adapters::persistence::{BestScores, MemoryStore, SavedRun, Storage};
use promoted::adapters::settings::Settings;
use promoted::adapters::solo::{
    Choose, ContinueSavedRun, Navigate, NextChapter, PriorityDraft, Session, SkipPriorities,
    StartCampaign, StartScenario, UndoDecision,
};
use promoted::input::DIGITS;
use promoted::screens::menu::Menu;
use promoted::screens::outcome::{
    CampaignVerdict, EndingTitle, EpilogueLine, ReflectionLine, ScoreLine, TimelineEntry,
};
use promoted::screens::play::{
    ChoiceButton, Consequences, MentorQuestion, NodeText, PriorityButton,
};
use promoted::screens::problem::ProblemLine;
use promoted::screens::select::{ChooseFilter, FilterChoice, Length, ScenarioCard};
use promoted::screens::{Screen, ShowProblem};
use promoted_engine::ChoiceIdx;
use promoted_engine::state::Pick;
use promoted_engine::{Competency, Priority, Rating, Run};

#[test]
fn loads_the_library_and_shows_the_title() {
    let mut app = app_with(
        vec![scenario_file("peer-to-boss.scenario.ron")],
        Storage::new(MemoryStore::default()),
    );
    // The library is compiled when the app is built: the title is the first screen.
    app.update();
    assert_eq!(screen(&app), Screen::Title);
    let library = app.world().resource::<Library>();
    assert_eq!(library.ready().count(), 1);
    assert_eq!(
        library.campaigns().len(),
        0,
        "the campaign's chapters are missing"
    );
}

/// Take the first enabled choice shown until the run ends; returns how many decisions. The
/// priorities asked before the first decision are skipped.
fn play_through(app: &mut App) -> usize {
    skip_priorities(app);
    let mut decisions = 0;
    while screen(app) == Screen::Play {
        let index = {
            let mut q = app.world_mut().query::<&ChoiceButton>();
            q.iter(app.world())
                .find(|c| c.enabled)
                .map(|c| c.index)
                .expect("an enabled choice")
        };
        trigger(app, Choose(index));
        decisions += 1;
        assert!(decisions < 60, "the run ends");
        if screen(app) == Screen::Play {
            let shown = app
                .world_mut()
                .query_filtered::<(), With<Consequences>>()
                .iter(app.world())
                .count();
            assert_eq!(shown, 1, "the consequences of the decision show");
        }
    }
    decisions
}

/// Begin without naming priorities, if the scenario asks for them.
fn skip_priorities(app: &mut App) {
    if app.world().resource::<PriorityDraft>().is_open() {
        trigger(app, SkipPriorities);
    }
}

fn count<C: Component>(app: &mut App) -> usize {
    let mut q = app.world_mut().query::<&C>();
    q.iter(app.world()).count()
}

#[test]
fn priorities_come_first_the_mentor_asks_and_the_debrief_reflects_both() {
    let mut app = app_with(
        vec![documented_example()],
        Storage::new(MemoryStore::default()),
    );
    update_until(&mut app, Screen::Title);
    trigger(&mut app, StartScenario("friday-deploy".into()));
    assert_eq!(screen(&app), Screen::Play);
    // Before the first decision: the priorities, and no choice to make yet.
    assert_eq!(count::<PriorityButton>(&mut app), 3);
    assert_eq!(count::<ChoiceButton>(&mut app), 0);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    assert!(
        app.world().resource::<PriorityDraft>().is_open(),
        "one priority is not two"
    );
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.world().resource::<Session>().run.priorities(),
        [Priority::Team, Priority::Quality]
    );
    assert!(count::<ChoiceButton>(&mut app) > 0, "the choices show");

    // The mentor's question, asked with M, stays on screen until the decision.
    press(&mut app, KeyCode::KeyM);
    assert_eq!(
        texts_of::<MentorQuestion>(&mut app),
        ["What would Dev Okoye need to hear from you to trust a Friday deploy?"]
    );
    assert_eq!(app.world().resource::<Session>().run.mentor_left(), 1);

    play_through(&mut app);
    update_until(&mut app, Screen::Outcome);
    let reflection = texts_of::<ReflectionLine>(&mut app).join("\n") + &all_text(&mut app);
    for part in [
        "At the start you said: the team's trust and the quality of the work.",
        "The team's trust (you named it): ",
        "“What would Dev Okoye need to hear from you to trust a Friday deploy?”",
        "Then you chose: ",
    ] {
        assert!(
            reflection.contains(part),
            "missing {part:?} in {reflection}"
        );
    }
}

/// Every library scenario played in the game along its written paths, by the keys a player
/// presses: priorities named, the mentor asked at the first two decisions that offer it,
/// every screen read (no token left unfilled), the thoughtful path to an Excellent ending
/// and the kind but naive one short of it.
#[test]
fn every_scenario_plays_in_the_game_along_its_written_paths() {
    let mut app = app_with(library_files(), Storage::new(MemoryStore::default()));
    update_until(&mut app, Screen::Title);
    for (paths, excellent) in [(THOUGHTFUL, true), (NAIVE, false)] {
        for (id, seed, path) in paths {
            trigger(&mut app, StartScenario((*id).into()));
            // The seed the path was written for, so its random outcomes fall the same way.
            {
                let mut session = app.world_mut().resource_mut::<Session>();
                let scenario = session.scenario.clone();
                session.run = Run::new(&scenario, *seed);
            }
            press(&mut app, KeyCode::Digit1);
            press(&mut app, KeyCode::Digit2);
            press(&mut app, KeyCode::Enter);
            assert_eq!(
                app.world().resource::<Session>().run.priorities().len(),
                2,
                "{id}: priorities named"
            );
            for step in *path {
                let screen_text = all_text(&mut app);
                assert!(
                    !screen_text.contains('{') && !screen_text.contains('}'),
                    "{id}: a token left in {screen_text}"
                );
                let session = app.world().resource::<Session>();
                if session.run.mentor_available(&session.scenario).is_ok()
                    && session.run.mentor_left() > 0
                {
                    press(&mut app, KeyCode::KeyM);
                    assert_eq!(texts_of::<MentorQuestion>(&mut app).len(), 1, "{id}");
                }
                let session = app.world().resource::<Session>();
                match step.split_once(':') {
                    // A forced outcome, as `play --path` forces it: the engine's own door.
                    Some((choice, n)) => {
                        let n: usize = n.parse().expect("an outcome number");
                        let mut session = app.world_mut().resource_mut::<Session>();
                        let Session { scenario, run, .. } = &mut *session;
                        let index = run.choice_by_id(scenario, choice).expect("here");
                        run.choose_with(scenario, index, Pick::Outcome(n - 1))
                            .expect("possible");
                        // The game's own door to the debrief, as a chosen ending opens it.
                        if run.is_finished() {
                            app.world_mut()
                                .resource_mut::<NextState<Screen>>()
                                .set(Screen::Outcome);
                        }
                        app.update();
                    }
                    None => {
                        let view = session
                            .run
                            .choices(&session.scenario)
                            .into_iter()
                            .find(|c| c.id == *step)
                            .unwrap_or_else(|| panic!("{id}: `{step}` is not shown"));
                        assert!(view.disabled.is_none(), "{id}: `{step}` is unavailable");
                        press(&mut app, DIGITS[view.shown.0]);
                    }
                }
            }
            update_until(&mut app, Screen::Outcome);
            let session = app.world().resource::<Session>();
            let ending = session.run.ending(&session.scenario).expect("an ending");
            let (rating, title, ending_id) =
                (ending.rating, ending.title.clone(), ending.id.clone());
            assert_eq!(
                rating == Rating::Excellent,
                excellent,
                "{id}: ends at `{ending_id}`"
            );
            assert_eq!(texts_of::<EndingTitle>(&mut app), [title]);
            assert!(
                !texts_of::<ReflectionLine>(&mut app).is_empty(),
                "{id}: the debrief reflects"
            );
        }
    }
}

/// The select screen's cards, in the order they are laid out: their parent's children.
fn card_ids(app: &mut App) -> Vec<String> {
    let mut q = app.world_mut().query::<(&ScenarioCard, &ChildOf)>();
    let parent = q.iter(app.world()).next().expect("a card").1.parent();
    let children = app.world().get::<Children>(parent).expect("the card list");
    children
        .iter()
        .filter_map(|child| app.world().get::<ScenarioCard>(child))
        .map(|c| c.id.clone())
        .collect()
}

#[test]
fn the_select_screen_puts_the_introductory_scenarios_first() {
    let mut app = app_with(library_files(), Storage::new(MemoryStore::default()));
    update_until(&mut app, Screen::Title);
    trigger(&mut app, Navigate(Screen::Select));
    let cards = card_ids(&mut app);
    // The campaign's card comes first; then the scenarios.
    let library = app.world().resource::<Library>();
    let order: Vec<promoted_engine::Difficulty> = cards
        .iter()
        .filter_map(|id| library.find(id).map(|s| s.difficulty))
        .collect();
    let alone = library.ready().filter(|s| s.chapter_of.is_none()).count();
    assert_eq!(
        order.len(),
        alone,
        "every scenario but a campaign's chapters"
    );
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "easiest first: {cards:?}");
    assert_eq!(order[0], promoted_engine::Difficulty::Introductory);
}

#[test]
fn the_select_screen_filters_by_length_and_by_what_a_scenario_trains() {
    let mut app = app_with(library_files(), Storage::new(MemoryStore::default()));
    update_until(&mut app, Screen::Title);
    trigger(&mut app, Navigate(Screen::Select));
    let all = card_ids(&mut app);
    trigger(&mut app, ChooseFilter(FilterChoice::Length(Length::Short)));
    let short = card_ids(&mut app);
    let library = app.world().resource::<Library>();
    assert!(!short.is_empty() && short.len() < all.len(), "{short:?}");
    for id in &short {
        let scenario = library.find(id).expect("a scenario, not a campaign");
        assert!(scenario.minutes <= 15, "{id}");
    }
    trigger(&mut app, ChooseFilter(FilterChoice::Length(Length::Short)));
    trigger(
        &mut app,
        ChooseFilter(FilterChoice::Trains(Competency::Feedback)),
    );
    let feedback = card_ids(&mut app);
    let library = app.world().resource::<Library>();
    assert!(!feedback.is_empty(), "some scenario trains feedback");
    for id in feedback.iter().filter(|id| library.campaign(id).is_none()) {
        let scenario = library.find(id).expect("a scenario");
        assert!(
            scenario.competencies.contains(&Competency::Feedback),
            "{id}"
        );
    }
    trigger(&mut app, ChooseFilter(FilterChoice::AnyCompetency));
    assert_eq!(card_ids(&mut app), all, "Any shows them all again");
}

fn started(storage: Storage) -> App {
    let mut app = app_with(
        vec![
            scenario_file("peer-to-boss.scenario.ron"),
            scenario_file("impossible-deadline.scenario.ron"),
        ],
        storage,
    );
    update_until(&mut app, Screen::Title);
    app
}

#[test]
fn a_whole_scenario_from_title_to_debrief() {
    let mut app = started(Storage::new(MemoryStore::default()));
    assert!(all_text(&mut app).contains("Promoted"));

    trigger(&mut app, Navigate(Screen::Select));
    assert_eq!(screen(&app), Screen::Select);
    let cards = card_ids(&mut app);
    assert_eq!(
        cards,
        ["peer-to-boss", "impossible-deadline"],
        "a card per scenario, in file order"
    );
    let select_text = all_text(&mut app);
    assert!(
        select_text.contains("Yesterday a Peer, Today the Boss"),
        "{select_text}"
    );
    assert!(select_text.contains("Not played yet"));

    trigger(&mut app, StartScenario("peer-to-boss".into()));
    skip_priorities(&mut app);
    assert_eq!(screen(&app), Screen::Play);
    let first_text = texts_of::<NodeText>(&mut app);
    assert_eq!(first_text.len(), 1);
    assert!(all_text(&mut app).contains("Day 1 · "), "the clock shows");
    let choices = {
        let mut q = app.world_mut().query::<&ChoiceButton>();
        q.iter(app.world()).count()
    };
    assert!(choices >= 2, "the node's choices are buttons");

    // Play to the end through the same event the buttons and number keys trigger.
    let decisions = play_through(&mut app);
    assert_eq!(screen(&app), Screen::Outcome);
    let session = app.world().resource::<Session>();
    let ending = session
        .run
        .ending(&session.scenario)
        .expect("an ending")
        .title
        .clone();
    let score = session
        .run
        .score(&session.scenario)
        .expect("a score")
        .overall;
    assert_eq!(texts_of::<EndingTitle>(&mut app), [ending]);
    assert!(
        !texts_of::<EpilogueLine>(&mut app).is_empty(),
        "the epilogue shows"
    );
    assert!(texts_of::<ScoreLine>(&mut app)[0].starts_with(&format!("{score} / 100")));
    let timeline = {
        let mut q = app.world_mut().query_filtered::<(), With<TimelineEntry>>();
        q.iter(app.world()).count()
    };
    assert_eq!(timeline, decisions, "one timeline entry per decision");
    let debrief = all_text(&mut app);
    assert!(
        debrief.contains("Coach: "),
        "the coach's notes are in the debrief"
    );
    assert!(debrief.contains("(hidden)"), "hidden meters are revealed");
    assert_eq!(
        app.world().resource::<BestScores>().0.get("peer-to-boss"),
        Some(&score)
    );
    assert!(
        app.world().resource::<Storage>().get("run").is_none(),
        "a finished run is not offered to continue"
    );

    trigger(&mut app, Navigate(Screen::Select));
    assert!(all_text(&mut app).contains(&format!("Best {score}")));
}

#[test]
fn undo_takes_back_the_last_decision_exactly() {
    let mut app = started(Storage::new(MemoryStore::default()));
    trigger(&mut app, StartScenario("impossible-deadline".into()));
    skip_priorities(&mut app);
    let before = app.world().resource::<Session>().run.clone();
    let text_before = texts_of::<NodeText>(&mut app);
    trigger(&mut app, Choose(ChoiceIdx(0)));
    assert_ne!(app.world().resource::<Session>().run, before);
    trigger(&mut app, UndoDecision);
    assert_eq!(app.world().resource::<Session>().run, before);
    assert_eq!(
        texts_of::<NodeText>(&mut app),
        text_before,
        "the screen shows the node again"
    );
}

#[test]
fn a_run_is_saved_after_every_decision_and_resumed_after_a_restart() {
    let dir = std::env::temp_dir().join(format!("promoted-save-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = || Storage::new(FileStoreAt(dir.clone()));
    let mut app = started(store());
    trigger(&mut app, StartScenario("impossible-deadline".into()));
    skip_priorities(&mut app);
    trigger(&mut app, Choose(ChoiceIdx(0)));
    trigger(&mut app, Choose(ChoiceIdx(0)));
    let played = app.world().resource::<Session>().run.clone();
    drop(app);

    // A new app on the same storage offers to continue, and continues exactly.
    let mut app = started(store());
    assert!(all_text(&mut app).contains("Continue: The Impossible Deadline"));
    trigger(&mut app, ContinueSavedRun);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(app.world().resource::<Session>().run, played);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_save_is_set_aside_with_a_notice() {
    let storage = Storage::new(MemoryStore::default());
    storage.set("run", "(format: 1, data: (scenario: \"impossible-dead");
    storage.set("best", "not ron at all");
    let mut app = started(storage);
    let title = all_text(&mut app);
    assert!(title.contains("was damaged and was set aside"), "{title}");
    assert!(!title.contains("Continue"), "no run to continue");
    let storage = app.world().resource::<Storage>();
    assert!(storage.get("run").is_none());
    assert!(
        storage.get("run-set-aside").is_some(),
        "kept for support, not lost"
    );
    // A new run still starts.
    trigger(&mut app, StartScenario("peer-to-boss".into()));
    skip_priorities(&mut app);
    assert_eq!(screen(&app), Screen::Play);
}

#[test]
fn a_broken_scenario_shows_its_problems_and_the_others_stay_playable() {
    let mut broken = scenario_file("impossible-deadline.scenario.ron");
    broken.0 = "broken.scenario.ron".into();
    broken.1 = String::from_utf8(broken.1)
        .expect("utf-8")
        .replacen("\n    start: \"", "\n    start: \"nowhere-", 1)
        .into_bytes();
    let mut app = app_with(
        vec![scenario_file("peer-to-boss.scenario.ron"), broken],
        Storage::new(MemoryStore::default()),
    );
    update_until(&mut app, Screen::Title);
    trigger(&mut app, Navigate(Screen::Select));
    let select = all_text(&mut app);
    assert!(
        select.contains("scenarios/broken.scenario.ron could not be loaded"),
        "{select}"
    );
    trigger(&mut app, ShowProblem(1));
    assert_eq!(screen(&app), Screen::Problem);
    let lines = texts_of::<ProblemLine>(&mut app);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("scenarios/broken.scenario.ron:")
                && l.contains("unknown start node `nowhere-")),
        "{lines:?}"
    );
    trigger(&mut app, StartScenario("peer-to-boss".into()));
    skip_priorities(&mut app);
    assert_eq!(screen(&app), Screen::Play, "the other scenario is playable");
}

#[test]
fn keys_choose_undo_and_open_the_menu() {
    let mut app = started(Storage::new(MemoryStore::default()));
    trigger(&mut app, StartScenario("impossible-deadline".into()));
    skip_priorities(&mut app);
    press(&mut app, KeyCode::Digit2);
    let history = app.world().resource::<Session>().run.history().len();
    assert_eq!(history, 1, "2 made a choice");
    press(&mut app, KeyCode::KeyU);
    assert_eq!(
        app.world().resource::<Session>().run.history().len(),
        0,
        "U undid it"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(*app.world().resource::<State<Menu>>().get(), Menu::Pause);
    press(&mut app, KeyCode::Digit1);
    assert_eq!(
        app.world().resource::<Session>().run.history().len(),
        0,
        "no choosing behind the menu"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(*app.world().resource::<State<Menu>>().get(), Menu::Closed);
}

/// The scenarios of the campaign's four chapters.
fn campaign_chapters() -> Vec<(String, Vec<u8>)> {
    [
        "first-90-days-1-the-handover",
        "first-90-days-2-the-roadmap",
        "first-90-days-3-the-feedback",
        "first-90-days-4-the-quarter-close",
    ]
    .map(|id| scenario_file(&format!("{id}.scenario.ron")))
    .to_vec()
}

#[test]
fn a_campaign_carries_each_chapter_into_the_next() {
    let files = campaign_chapters();
    let mut app = app_with(files, Storage::new(MemoryStore::default()));
    update_until(&mut app, Screen::Title);
    trigger(&mut app, Navigate(Screen::Select));
    assert!(all_text(&mut app).contains("Campaign · 4 chapters"));
    trigger(&mut app, StartCampaign("first-90-days".into()));
    skip_priorities(&mut app);
    assert!(
        all_text(&mut app).contains("chapter 1 of 4"),
        "the chapter's intro shows"
    );

    for chapter in 0..4 {
        play_through(&mut app);
        assert_eq!(screen(&app), Screen::Outcome);
        let session = app.world().resource::<Session>();
        assert_eq!(
            session.campaign.as_ref().map(|c| c.progress.chapter),
            Some(chapter)
        );
        if chapter < 3 {
            // What this chapter did to morale moves the next chapter's start by half.
            let morale = session.scenario.meter_index("morale").expect("morale");
            let change = session.run.state().meter(morale) - session.scenario.meter(morale).start;
            trigger(&mut app, NextChapter);
            skip_priorities(&mut app);
            assert_eq!(screen(&app), Screen::Play);
            let next = app.world().resource::<Session>();
            let morale = next.scenario.meter_index("morale").expect("morale");
            let start = next.scenario.meter(morale).start;
            assert_eq!(
                next.run.state().meter(morale),
                (start + change / 2).clamp(0, 100)
            );
            assert!(all_text(&mut app).contains(&format!("chapter {} of 4", chapter + 2)));
        }
    }
    let verdict: Vec<usize> = {
        let mut q = app
            .world_mut()
            .query_filtered::<&Children, With<CampaignVerdict>>();
        q.iter(app.world()).map(|lines| lines.len()).collect()
    };
    let people = app
        .world()
        .resource::<Library>()
        .campaign("first-90-days")
        .expect("the campaign")
        .people
        .len();
    assert_eq!(
        verdict,
        [2 + people],
        "after the last chapter, the campaign's ending shows, with a line for each person"
    );
    assert!(all_text(&mut app).contains("Campaign: "));
}

#[test]
fn damaged_settings_and_a_damaged_last_report_are_set_aside_with_a_notice() {
    let storage = Storage::new(MemoryStore::default());
    storage.set("settings", "(format: 1, data: (text_scale: ");
    storage.set("workshop-report", "{\"format\": 1, \"scenario\": ");
    let mut app = started(storage);
    let title = all_text(&mut app);
    for what in ["your settings", "the last workshop's report"] {
        assert!(
            title.contains(&format!(
                "The saved data for {what} was damaged and was set aside."
            )),
            "{title}"
        );
    }
    assert!(!title.contains("Replay the last workshop"), "{title}");
    assert_eq!(*app.world().resource::<Settings>(), Settings::default());
    let storage = app.world().resource::<Storage>();
    for key in ["settings", "workshop-report"] {
        assert!(storage.get(key).is_none(), "{key} is free again");
        assert!(
            storage.get(&format!("{key}-set-aside")).is_some(),
            "{key} is kept for support"
        );
    }
}

#[test]
fn a_saved_chapter_past_the_end_of_a_campaign_that_got_shorter_is_set_aside() {
    let chapters = campaign_chapters();
    let mut app = app_with(chapters.clone(), Storage::new(MemoryStore::default()));
    update_until(&mut app, Screen::Title);
    trigger(&mut app, StartCampaign("first-90-days".into()));
    skip_priorities(&mut app);
    trigger(&mut app, Choose(ChoiceIdx(0)));
    // As if the player had reached the last chapter.
    {
        let mut saved = app.world_mut().resource_mut::<SavedRun>();
        let progress = saved
            .0
            .as_mut()
            .and_then(|g| g.campaign.as_mut())
            .expect("a campaign run is saved");
        progress.chapter = 3;
        progress.scores = vec![60, 60, 60];
    }
    app.update();
    let saved = app
        .world()
        .resource::<Storage>()
        .get("run")
        .expect("saved after every change");
    drop(app);

    // The campaign now has two chapters.
    let shorter = r#"Campaign(format: 2, id: "first-90-days", title: "Your First 90 Days",
        summary: "Shorter now.",
        chapters: [
            Chapter(scenario: "first-90-days-1-the-handover", intro: "One."),
            Chapter(scenario: "first-90-days-2-the-roadmap", intro: "Two."),
        ],
        endings: [Ending(min_score: 0, title: "Done", epilogue: "Done.")])"#;
    let storage = Storage::new(MemoryStore::default());
    storage.set("run", &saved);
    let mut app = app_on(
        LibraryFiles {
            scenarios: chapters,
            campaigns: vec![("first-90-days.campaign.ron".into(), shorter.into())],
            unreadable: None,
        },
        storage,
    );
    update_until(&mut app, Screen::Title);
    assert!(all_text(&mut app).contains("(chapter 4)"));
    trigger(&mut app, ContinueSavedRun);
    assert_eq!(screen(&app), Screen::Title, "refused, not played");
    let title = all_text(&mut app);
    assert!(
        title.contains(
            "Your saved run no longer fits its campaign: it is at chapter 4, and the campaign now has 2; it was set aside."
        ),
        "{title}"
    );
    assert!(app.world().resource::<SavedRun>().0.is_none());
    assert!(
        app.world()
            .resource::<Storage>()
            .get("run-set-aside")
            .is_some()
    );
}

#[test]
fn an_edited_scenario_reloads_in_the_running_game() {
    let dir = std::env::temp_dir().join(format!("promoted-hot-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder");
    let (name, bytes) = scenario_file("impossible-deadline.scenario.ron");
    let original = String::from_utf8(bytes).expect("utf-8");
    let file = dir.join(&name);
    let save = |text: &str, seconds: u64| {
        std::fs::write(&file, text).expect("written");
        // A later stamp than the last, however quick the test.
        let stamp = std::time::SystemTime::now() + std::time::Duration::from_secs(seconds);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(stamp))
            .expect("stamped");
    };
    save(&original, 0);
    std::fs::write(
        dir.join("peer-to-boss.scenario.ron"),
        scenario_file("peer-to-boss.scenario.ron").1,
    )
    .expect("written");

    let mut app = App::new();
    app.add_plugins((MinimalPlugins, AssetPlugin::default(), StatesPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            100,
        )))
        .insert_resource(WatchedFolder::new(dir.clone()))
        .insert_resource(Storage::new(MemoryStore::default()))
        .add_plugins(promoted::plugin);
    update_until(&mut app, Screen::Title);
    let title_of = |app: &App| {
        app.world()
            .resource::<Library>()
            .find("impossible-deadline")
            .map(|s| s.title.clone())
    };
    let before = title_of(&app).expect("loaded");
    let frames = |app: &mut App| {
        for _ in 0..15 {
            app.update();
        }
    };

    save(
        &original.replacen(
            &format!("title: \"{before}\""),
            "title: \"The Edited Deadline\"",
            1,
        ),
        2,
    );
    frames(&mut app);
    assert_eq!(title_of(&app).as_deref(), Some("The Edited Deadline"));

    // Broken: its errors show on the list, and the other scenario stays playable.
    save(
        &original.replacen("\n    start: \"", "\n    start: \"nowhere-", 1),
        4,
    );
    frames(&mut app);
    assert_eq!(title_of(&app), None);
    trigger(&mut app, Navigate(Screen::Select));
    assert!(
        all_text(&mut app)
            .contains("scenarios/impossible-deadline.scenario.ron could not be loaded")
    );
    trigger(&mut app, StartScenario("peer-to-boss".into()));
    skip_priorities(&mut app);
    assert_eq!(screen(&app), Screen::Play);

    // Gone: gone from the library too.
    std::fs::remove_file(&file).expect("removed");
    frames(&mut app);
    assert!(
        app.world()
            .resource::<Library>()
            .entries()
            .iter()
            .all(|e| !e.file.contains("impossible-deadline"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
