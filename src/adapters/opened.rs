//! Scenario files the player opens themselves (in the browser: a file picker, or a file
//! dropped on the page): checked exactly as `promoted check` checks them, put first in the
//! library, playable alone and in a workshop at once, and kept in the browser until removed.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::library::{EntryStatus, Library};
use super::persistence::Persisted;
use crate::screens::{Screen, ShowProblem};

/// The files the player opened that load, by name, as text: opened again at every start.
#[derive(Resource, Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenedFiles(pub Vec<(String, String)>);

impl Persisted for OpenedFiles {
    const KEY: &'static str = "opened";
    const WHAT: &'static str = "the scenario files you opened";

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How much opened text the browser keeps (its storage holds about five million characters
/// for the whole site); a file beyond it plays for this visit only.
pub const KEPT_BYTES: usize = 2 * 1024 * 1024;

/// The player asks to open a file (the select screen's button).
#[derive(Event, Debug, Clone, Copy, Default)]
pub struct PickFile;

/// A file arrived: its name, its real size and its bytes (at most one over the limit).
#[derive(Event, Debug, Clone)]
pub struct FileOpened {
    pub name: String,
    pub size: u64,
    pub bytes: Vec<u8>,
}

/// Take out a file the player opened, by name.
#[derive(Event, Debug, Clone)]
pub struct CloseFile(pub String);

/// What the select screen says after a file was opened or closed.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct OpenedNotice(pub Option<String>);

/// Whether this build can open a file: the browser's picker; natively an author points the
/// game at a folder instead (`PROMOTED_SCENARIOS_DIR`).
pub const CAN_PICK: bool = cfg!(target_arch = "wasm32");

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<OpenedNotice>()
        .add_systems(Startup, reopen)
        .add_observer(open)
        .add_observer(close)
        .add_observer(|_: On<PickFile>| pick());
    #[cfg(target_arch = "wasm32")]
    web::plugin(app);
}

/// The files kept from an earlier visit, opened again.
fn reopen(kept: Res<OpenedFiles>, mut library: ResMut<Library>) {
    // Oldest first, so the last opened ends first, as it was.
    for (name, text) in kept.0.iter().rev() {
        library.open(name, text.as_bytes(), text.len() as u64);
    }
}

fn open(
    file: On<FileOpened>,
    mut library: ResMut<Library>,
    mut kept: ResMut<OpenedFiles>,
    mut notice: ResMut<OpenedNotice>,
    screen: Res<State<Screen>>,
    mut commands: Commands,
) {
    let index = library.open(&file.name, &file.bytes, file.size);
    let entry = &library.entries()[index];
    let verdict = entry.opened.as_ref().map_or("", |o| o.verdict.as_str());
    kept.0.retain(|(name, _)| *name != file.name);
    let between_runs = matches!(
        screen.get(),
        Screen::Title | Screen::Select | Screen::Problem
    );
    match &entry.status {
        EntryStatus::Broken(_) => {
            notice.0 = Some(format!(
                "{} could not be loaded ({verdict}). Fix it and open it again.",
                file.name
            ));
            if between_runs {
                commands.trigger(ShowProblem(index));
            }
        }
        EntryStatus::Ready(scenario) => {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            let others: usize = kept.0.iter().map(|(_, t)| t.len()).sum();
            let keeping = others + text.len() <= KEPT_BYTES;
            notice.0 = Some(format!(
                "Opened {}: \u{201c}{}\u{201d}, {verdict}. {}",
                file.name,
                scenario.title,
                if keeping {
                    "It is kept in this browser until you remove it."
                } else {
                    "It is too large to keep in this browser with the others: it plays until you leave the page."
                }
            ));
            if keeping {
                kept.0.insert(0, (file.name.clone(), text));
            }
            if between_runs {
                commands.set_state_if_neq(Screen::Select);
            }
        }
    }
}

fn close(
    file: On<CloseFile>,
    mut library: ResMut<Library>,
    mut kept: ResMut<OpenedFiles>,
    mut notice: ResMut<OpenedNotice>,
) {
    library.close(&file.0);
    kept.0.retain(|(name, _)| *name != file.0);
    notice.0 = Some(format!("Removed {} from this browser.", file.0));
}

/// Ask the page for a file; it arrives as [`FileOpened`].
fn pick() {
    #[cfg(target_arch = "wasm32")]
    web::pick();
}

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use bevy::prelude::*;
    use promoted_engine::MAX_SCENARIO_BYTES;
    use wasm_bindgen::prelude::*;

    use super::FileOpened;
    use crate::AppSystems;

    #[wasm_bindgen]
    extern "C" {
        /// Open the browser's file picker (`web/main.js`).
        #[wasm_bindgen(js_name = promotedPickFile)]
        pub fn pick();
    }

    thread_local! {
        static ARRIVED: RefCell<Vec<FileOpened>> = const { RefCell::new(Vec::new()) };
    }

    /// The most bytes of a file the page hands over: the limit, and one more to show a file
    /// is over it.
    #[wasm_bindgen(js_name = promotedFileLimit)]
    pub fn limit() -> u32 {
        u32::try_from(MAX_SCENARIO_BYTES + 1).unwrap_or(u32::MAX)
    }

    /// Called by the page with a file the player picked or dropped.
    #[wasm_bindgen(js_name = promotedOpenFile)]
    pub fn arrived(name: String, size: f64, bytes: Vec<u8>) {
        let size = if size.is_finite() && size >= 0.0 {
            size as u64
        } else {
            bytes.len() as u64
        };
        ARRIVED.with(|a| a.borrow_mut().push(FileOpened { name, size, bytes }));
        crate::browser::wake();
    }

    pub(super) fn plugin(app: &mut App) {
        app.add_systems(
            Update,
            (|mut commands: Commands| {
                for file in ARRIVED.with(|a| std::mem::take(&mut *a.borrow_mut())) {
                    commands.trigger(file);
                }
            })
            .in_set(AppSystems::Keys),
        );
    }
}
