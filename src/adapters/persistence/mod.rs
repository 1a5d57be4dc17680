//! What survives a restart or a page reload, in one place: every record's key, format and
//! version. Records load once, when the app is built, into resources; a record that changes
//! is written back. A record that cannot be read is set aside under another key with a
//! notice for the player; it never stops the game or a new run.

mod storage;

use std::collections::BTreeMap;

use bevy::prelude::*;
use promoted_engine::Run;
use promoted_engine::campaign::Progress;
use promoted_engine::workshop::{Workshop, WorkshopReport};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use storage::{MemoryStore, Storage, Store};

use crate::adapters::opened::OpenedFiles;
use crate::adapters::settings::Settings;

/// The version of the records; an older or newer one is set aside.
const SAVE_FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Record<T> {
    format: u32,
    data: T,
}

/// A record the game keeps: where, and what it is called in a notice.
pub trait Persisted: Resource + Serialize + DeserializeOwned {
    const KEY: &'static str;
    /// "your best scores": what a notice says was set aside.
    const WHAT: &'static str;

    /// Whether there is anything to keep (nothing is written for an empty record).
    fn is_empty(&self) -> bool {
        false
    }

    /// A record written by an earlier version of the game, before records were versioned.
    fn legacy(_text: &str) -> Option<Self> {
        None
    }
}

/// Something the player should know about their saved data, shown on the title screen.
#[derive(Resource, Default, Debug)]
pub struct Notice(pub Option<String>);

impl Notice {
    /// Add a sentence to the notice.
    pub fn add(&mut self, sentence: String) {
        self.0 = Some(match self.0.take() {
            Some(before) => format!("{before} {sentence}"),
            None => sentence,
        });
    }
}

/// A run in progress as saved: the run, and where it stands in a campaign if it is in one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedGame {
    pub run: Run,
    pub campaign: Option<Progress>,
}

/// The run in progress, as saved after every decision; none when the last run finished.
#[derive(Resource, Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedRun(pub Option<SavedGame>);

impl Persisted for SavedRun {
    const KEY: &'static str = "run";
    const WHAT: &'static str = "your run in progress";
    fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

/// The best overall score per scenario id.
#[derive(Resource, Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BestScores(pub BTreeMap<String, u32>);

impl BestScores {
    /// Record a finished run's score, keeping the best.
    pub fn record(&mut self, scenario: &str, score: u32) {
        let best = self.0.entry(scenario.to_owned()).or_insert(0);
        *best = (*best).max(score);
    }
}

impl Persisted for BestScores {
    const KEY: &'static str = "best";
    const WHAT: &'static str = "your best scores";
}

/// The workshop in progress, saved after every decision, so a reload or a crash loses nothing.
#[derive(Resource, Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedWorkshop(pub Option<Workshop>);

impl Persisted for SavedWorkshop {
    const KEY: &'static str = "workshop";
    const WHAT: &'static str = "the workshop in progress";
    fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

/// The last finished workshop's report, for "Replay the last workshop".
#[derive(Resource, Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastWorkshop(pub Option<WorkshopReport>);

impl Persisted for LastWorkshop {
    const KEY: &'static str = "workshop-report";
    const WHAT: &'static str = "the last workshop's report";
    fn is_empty(&self) -> bool {
        self.0.is_none()
    }
    /// Earlier versions kept the report as bare JSON.
    fn legacy(text: &str) -> Option<Self> {
        WorkshopReport::from_json(text)
            .ok()
            .map(|r| LastWorkshop(Some(r)))
    }
}

impl Persisted for Settings {
    const KEY: &'static str = "settings";
    const WHAT: &'static str = "your settings";
    /// Earlier versions kept the settings as bare RON.
    fn legacy(text: &str) -> Option<Self> {
        ron::from_str(text).ok()
    }
}

/// Load every record into its resource (the store given, or the platform's), and write each
/// back when it changes.
pub(crate) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Storage>() {
        app.insert_resource(Storage::platform());
    }
    let mut notice = Notice::default();
    load::<Settings>(app, &mut notice);
    load::<SavedRun>(app, &mut notice);
    load::<BestScores>(app, &mut notice);
    load::<SavedWorkshop>(app, &mut notice);
    load::<LastWorkshop>(app, &mut notice);
    load::<OpenedFiles>(app, &mut notice);
    app.insert_resource(notice).add_systems(
        PostUpdate,
        (
            save::<Settings>.run_if(resource_changed::<Settings>),
            save::<SavedRun>.run_if(resource_changed::<SavedRun>),
            save::<BestScores>.run_if(resource_changed::<BestScores>),
            save::<SavedWorkshop>.run_if(resource_changed::<SavedWorkshop>),
            save::<LastWorkshop>.run_if(resource_changed::<LastWorkshop>),
            save::<OpenedFiles>.run_if(resource_changed::<OpenedFiles>),
        ),
    );
}

fn load<T: Persisted + Default>(app: &mut App, notice: &mut Notice) {
    let storage = app.world().resource::<Storage>();
    let record = read::<T>(storage, notice).unwrap_or_default();
    app.insert_resource(record);
}

/// Read a record; one that cannot be read is set aside and explained in the notice.
fn read<T: Persisted>(storage: &Storage, notice: &mut Notice) -> Option<T> {
    let text = storage.get(T::KEY)?;
    match ron::from_str::<Record<T>>(&text) {
        Ok(record) if record.format == SAVE_FORMAT => Some(record.data),
        Ok(record) => {
            set_aside(storage, T::KEY, &text);
            notice.add(format!(
                "The saved data for {} is from another version of the game (format {}) and was set aside.",
                T::WHAT,
                record.format
            ));
            None
        }
        Err(e) => match T::legacy(&text) {
            Some(old) => Some(old),
            None => {
                warn!("`{}` could not be read: {e}", T::KEY);
                set_aside(storage, T::KEY, &text);
                notice.add(format!(
                    "The saved data for {} was damaged and was set aside.",
                    T::WHAT
                ));
                None
            }
        },
    }
}

/// Write a record that changed (skipping the one just loaded); an empty one is removed.
fn save<T: Persisted>(record: Res<T>, storage: Res<Storage>) {
    if record.is_added() {
        return;
    }
    if record.is_empty() {
        storage.remove(T::KEY);
        return;
    }
    match ron::to_string(&Record {
        format: SAVE_FORMAT,
        data: &*record,
    }) {
        Ok(text) => storage.set(T::KEY, &text),
        Err(e) => warn!("`{}` could not be saved: {e}", T::KEY),
    }
}

/// Keep an unreadable record under `<key>-set-aside`, for support, and free the key.
fn set_aside(storage: &Storage, key: &str, text: &str) {
    storage.set(&format!("{key}-set-aside"), text);
    storage.remove(key);
}

/// Set a record aside after it was read (it no longer fits what it refers to), with a
/// notice saying why; the resource is emptied by the caller.
pub fn set_aside_record<T: Persisted>(storage: &Storage, notice: &mut Notice, why: String) {
    if let Some(text) = storage.get(T::KEY) {
        set_aside(storage, T::KEY, &text);
    }
    notice.add(why);
}
