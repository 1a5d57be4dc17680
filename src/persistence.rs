//! What survives a restart or a page reload: the run in progress and the best scores.
//! A record that cannot be read is set aside under another key with a notice for the
//! player; it never stops the game or a new run.

use std::collections::BTreeMap;

use bevy::prelude::*;
use promoted_engine::Run;
use promoted_engine::campaign::Progress;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::storage::Storage;

const RUN: &str = "run";
const BEST: &str = "best";
/// The version of the save records; an older or newer one is set aside.
const SAVE_FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Record<T> {
    format: u32,
    data: T,
}

/// Something the player should know about their saved data, shown on the title screen.
#[derive(Resource, Default, Debug)]
pub struct Notice(pub Option<String>);

/// A run in progress as saved: the run, and where it stands in a campaign if it is in one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedGame {
    pub run: Run,
    pub campaign: Option<Progress>,
}

/// The game saved by an earlier session, until it is resumed or replaced.
#[derive(Resource, Default, Debug)]
pub struct SavedRun(pub Option<SavedGame>);

/// The best overall score per scenario id.
#[derive(Resource, Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BestScores(pub BTreeMap<String, u32>);

impl BestScores {
    /// Record a finished run's score; returns whether it is a new best.
    pub fn record(&mut self, scenario: &str, score: u32) -> bool {
        let best = self.0.entry(scenario.to_owned()).or_insert(0);
        let improved = score > *best;
        *best = (*best).max(score);
        improved
    }
}

pub(super) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Storage>() {
        app.insert_resource(Storage::platform());
    }
    let storage = app.world().resource::<Storage>();
    let mut notices = Vec::new();
    let saved = read::<SavedGame>(storage, RUN, "your run in progress", &mut notices);
    let best = read::<BestScores>(storage, BEST, "your best scores", &mut notices);
    app.insert_resource(SavedRun(saved))
        .insert_resource(best.unwrap_or_default())
        .insert_resource(Notice((!notices.is_empty()).then(|| notices.join(" "))))
        .add_systems(Update, save_best.run_if(resource_changed::<BestScores>));
}

/// Read a record; one that cannot be read is set aside and explained in `notices`.
pub(crate) fn read<T: DeserializeOwned>(
    storage: &Storage,
    key: &str,
    what: &str,
    notices: &mut Vec<String>,
) -> Option<T> {
    let text = storage.get(key)?;
    match ron::from_str::<Record<T>>(&text) {
        Ok(record) if record.format == SAVE_FORMAT => Some(record.data),
        Ok(record) => {
            set_aside(storage, key, &text);
            notices.push(format!(
                "The saved data for {what} is from another version of the game (format {}) and was set aside.",
                record.format
            ));
            None
        }
        Err(e) => {
            warn!("`{key}` could not be read: {e}");
            set_aside(storage, key, &text);
            notices.push(format!(
                "The saved data for {what} was damaged and was set aside."
            ));
            None
        }
    }
}

/// Keep an unreadable record under `<key>-set-aside`, for support, and free the key.
pub fn set_aside(storage: &Storage, key: &str, text: &str) {
    storage.set(&format!("{key}-set-aside"), text);
    storage.remove(key);
}

pub(crate) fn write<T: Serialize>(storage: &Storage, key: &str, data: &T) {
    match ron::to_string(&Record {
        format: SAVE_FORMAT,
        data,
    }) {
        Ok(text) => storage.set(key, &text),
        Err(e) => warn!("`{key}` could not be saved: {e}"),
    }
}

pub fn save_run(storage: &Storage, game: &SavedGame) {
    write(storage, RUN, game);
}

pub fn clear_run(storage: &Storage) {
    storage.remove(RUN);
}

/// Set the saved run aside because it no longer fits its scenario.
pub fn set_run_aside(storage: &Storage) {
    if let Some(text) = storage.get(RUN) {
        set_aside(storage, RUN, &text);
    }
}

fn save_best(best: Res<BestScores>, storage: Res<Storage>) {
    if !best.is_added() {
        write(&storage, BEST, &*best);
    }
}
