//! A scenario file the player opens: checked as `promoted check` checks it, playable, kept
//! across restarts until removed, and its problems shown with the line they point at.

mod common;

use bevy::prelude::*;
use common::{FileStoreAt, app_with, scenario_file, screen, texts_of, trigger, update_until};
use promoted::adapters::library::{EntryStatus, Library};
use promoted::adapters::opened::{CloseFile, FileOpened, OpenedFiles};
use promoted::adapters::persistence::Storage;
use promoted::adapters::solo::{SkipPriorities, StartScenario};
use promoted::screens::Screen;
use promoted::screens::problem::ProblemLine;
use promoted_engine::MAX_SCENARIO_BYTES;

fn store(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("promoted-opened-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn app(dir: &std::path::Path) -> App {
    let mut app = app_with(
        vec![scenario_file("peer-to-boss.scenario.ron")],
        Storage::new(FileStoreAt(dir.to_path_buf())),
    );
    update_until(&mut app, Screen::Title);
    app
}

/// A shipped scenario under another id and title: the player's own.
fn mine() -> Vec<u8> {
    let (_, bytes) = scenario_file("peer-to-boss.scenario.ron");
    String::from_utf8(bytes)
        .expect("text")
        .replacen("id: \"peer-to-boss\"", "id: \"my-own\"", 1)
        .into_bytes()
}

/// Whatever happened to the opened file, the shipped scenario is still there.
fn assert_shipped_stays(app: &App) {
    let library = app.world().resource::<Library>();
    assert!(
        library.find("peer-to-boss").is_some(),
        "nothing else is lost"
    );
}

fn open(app: &mut App, name: &str, bytes: Vec<u8>, size: u64) {
    trigger(
        app,
        FileOpened {
            name: name.to_owned(),
            size,
            bytes,
        },
    );
}

#[test]
fn a_valid_file_plays_and_is_kept_until_removed() {
    let dir = store("valid");
    let mut app = app(&dir);
    let bytes = mine();
    let size = bytes.len() as u64;
    open(&mut app, "mine.scenario.ron", bytes, size);
    assert_eq!(screen(&app), Screen::Select);
    let library = app.world().resource::<Library>();
    let first = &library.entries()[0];
    assert_eq!(first.file, "mine.scenario.ron");
    assert!(matches!(first.status, EntryStatus::Ready(_)));
    assert!(
        first
            .opened
            .as_ref()
            .is_some_and(|o| o.verdict.starts_with("ok"))
    );
    trigger(&mut app, StartScenario("my-own".into()));
    trigger(&mut app, SkipPriorities);
    assert_eq!(screen(&app), Screen::Play, "it plays");
    drop(app);

    // A restart (a reload in the browser) opens it again.
    let mut again = self::app(&dir);
    assert!(again.world().resource::<Library>().find("my-own").is_some());
    trigger(&mut again, CloseFile("mine.scenario.ron".into()));
    assert!(again.world().resource::<Library>().find("my-own").is_none());
    assert!(again.world().resource::<OpenedFiles>().0.is_empty());
    again.update();
    drop(again);
    let third = self::app(&dir);
    assert!(
        third.world().resource::<Library>().find("my-own").is_none(),
        "removed is removed for good"
    );
    assert!(
        third
            .world()
            .resource::<Library>()
            .find("peer-to-boss")
            .is_some(),
        "and nothing else went with it"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_file_shows_its_problems_with_the_line_they_point_at() {
    let dir = store("broken");
    let mut app = app(&dir);
    let text =
        String::from_utf8(mine())
            .expect("text")
            .replacen("start: \"", "start: \"nowhere-", 1);
    let size = text.len() as u64;
    open(&mut app, "mine.scenario.ron", text.into_bytes(), size);
    assert_eq!(screen(&app), Screen::Problem);
    let lines = texts_of::<ProblemLine>(&mut app);
    let first = lines.first().expect("a problem");
    assert!(first.starts_with("mine.scenario.ron:"), "{first}");
    assert!(
        first.contains(" | ") && first.contains("start: \"nowhere-"),
        "{first}"
    );
    assert!(first.contains('^'), "a caret under the column: {first}");
    assert!(
        app.world().resource::<OpenedFiles>().0.is_empty(),
        "a file that does not load is not kept"
    );
    assert_shipped_stays(&app);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_huge_file_is_refused_with_its_size_and_loses_nothing_else() {
    let dir = store("huge");
    let mut app = app(&dir);
    // The page hands over the limit and one byte more, with the real size.
    let bytes = vec![b' '; MAX_SCENARIO_BYTES + 1];
    open(&mut app, "huge.scenario.ron", bytes, 50 * 1024 * 1024);
    assert_eq!(screen(&app), Screen::Problem);
    let lines = texts_of::<ProblemLine>(&mut app).join("\n");
    assert!(lines.contains("50"), "says how large: {lines}");
    assert_shipped_stays(&app);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_with_the_id_of_a_shipped_scenario_stands_in_for_it_while_opened() {
    let dir = store("shadow");
    let mut app = app(&dir);
    let (_, bytes) = scenario_file("peer-to-boss.scenario.ron");
    let text =
        String::from_utf8(bytes)
            .expect("text")
            .replacen("title: \"", "title: \"My edit of ", 1);
    let size = text.len() as u64;
    open(&mut app, "edit.scenario.ron", text.into_bytes(), size);
    let library = app.world().resource::<Library>();
    let found = library.find("peer-to-boss").expect("found");
    assert!(found.title.starts_with("My edit of"), "{}", found.title);
    let _ = std::fs::remove_dir_all(&dir);
}
