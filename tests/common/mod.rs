//! What the headless game tests share: an app without a window, and ways to drive it.
#![allow(dead_code)]

use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use promoted::adapters::library::{Files, LibraryFiles};
use promoted::adapters::persistence::Storage;
use promoted::screens::Screen;

pub fn scenario_file(name: &str) -> (String, Vec<u8>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    (name.to_owned(), std::fs::read(path).expect("scenario file"))
}

// The library's written paths: the thoughtful and the kind but naive, per scenario.
include!("../../crates/engine/tests/common/paths.rs");

/// The repository's files in `scenarios/` whose names end so, in file order.
fn files_ending(suffix: &str) -> Files {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Files = std::fs::read_dir(folder)
        .expect("scenarios/")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

/// Every scenario file of the repository.
pub fn library_files() -> Files {
    files_ending(".scenario.ron")
}

/// The annotated example of docs/scenario-format.md, as a scenario file.
pub fn documented_example() -> (String, Vec<u8>) {
    let doc = include_str!("../../docs/scenario-format.md");
    let section = doc
        .find("## Complete annotated example")
        .expect("the example section");
    let start = section + doc[section..].find("```ron\n").expect("an example") + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("closed");
    (
        "friday-deploy.scenario.ron".to_owned(),
        doc.as_bytes()[start..end].to_vec(),
    )
}

/// The campaign files of the repository.
pub fn campaign_files() -> Files {
    files_ending(".campaign.ron")
}

pub fn app_with(scenarios: Files, storage: Storage) -> App {
    app_on(
        LibraryFiles {
            scenarios,
            campaigns: campaign_files(),
            unreadable: None,
        },
        storage,
    )
}

pub fn app_on(files: LibraryFiles, storage: Storage) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, AssetPlugin::default(), StatesPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            50,
        )))
        .insert_resource(files)
        .insert_resource(storage)
        .add_plugins(promoted::plugin);
    app
}

pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Update until the screen is `target`, within a bounded number of frames.
pub fn update_until(app: &mut App, target: Screen) {
    for _ in 0..400 {
        app.update();
        if screen(app) == target {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("never reached {target:?}; stuck on {:?}", screen(app));
}

pub fn texts_of<C: Component>(app: &mut App) -> Vec<String> {
    let mut query = app.world_mut().query_filtered::<&Text, With<C>>();
    query.iter(app.world()).map(|t| t.0.clone()).collect()
}

/// Everything a screen shows as text, its children's included.
pub fn all_text(app: &mut App) -> String {
    let mut query = app.world_mut().query::<&Text>();
    query
        .iter(app.world())
        .map(|t| t.0.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn trigger(app: &mut App, event: impl Event<Trigger<'static>: Default>) {
    app.world_mut().trigger(event);
    app.update();
    app.update();
}

/// Press and release a key across one frame, as a keyboard would.
pub fn press(app: &mut App, key: KeyCode) {
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(key);
    app.update();
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(key);
    keys.clear();
    app.update();
}

/// Records in files under a folder, shared by apps that stand for restarts.
pub struct FileStoreAt(pub std::path::PathBuf);

impl promoted::adapters::persistence::Store for FileStoreAt {
    fn get(&self, key: &str) -> Option<String> {
        std::fs::read_to_string(self.0.join(key)).ok()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        std::fs::create_dir_all(&self.0).map_err(|e| e.to_string())?;
        std::fs::write(self.0.join(key), value).map_err(|e| e.to_string())
    }
    fn remove(&self, key: &str) {
        let _ = std::fs::remove_file(self.0.join(key));
    }
}
