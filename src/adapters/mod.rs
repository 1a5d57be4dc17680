//! Bevy adapters over the engine: resources that hold the engine's models, and observers that
//! turn the game's domain events into engine calls and the engine's answers into app state
//! (the screen to show, what to save). No rule and no UI lives here: the rules are the
//! engine's, the looks are the screens'.
//!
//! | module | holds |
//! |---|---|
//! | [`library`] | the scenarios and campaigns, compiled at start-up (and reloaded from a folder) |
//! | [`opened`] | scenario files the player opened, checked, kept until removed |
//! | [`solo`] | the run being played alone, and its events (`Choose`, `UndoDecision`, …) |
//! | [`room`] | the workshop in the room, and the facilitator's events |
//! | [`persistence`] | every record that survives a restart |
//! | [`course`] | a learning platform that launched the game: where to resume, what to report |
//! | [`presenter`] | what the facilitator's presenter window shows, and its keys |
//! | [`phones`] | the room's phones through `promoted host`: votes and commitments |
//! | [`settings`] | the player's settings |

pub mod course;
pub mod library;
pub mod opened;
pub mod persistence;
pub mod phones;
pub mod presenter;
pub mod room;
pub mod settings;
pub mod solo;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        persistence::plugin,
        settings::plugin,
        library::plugin,
        opened::plugin,
        solo::plugin,
        room::plugin,
        course::plugin,
        presenter::plugin,
        phones::plugin,
    ));
}
