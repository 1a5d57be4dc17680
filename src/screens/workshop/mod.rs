//! Workshop mode's screens: the setup, the room's screen, the debrief and its export. The
//! room's rhythm is the engine's `Room`, held by `adapters::room`; these draw it and take the
//! facilitator's keys.

pub mod debrief;
pub mod export;
mod keys;
#[cfg(not(target_arch = "wasm32"))]
pub mod presenter;
pub mod room;
pub mod setup;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        setup::plugin,
        room::plugin,
        keys::plugin,
        debrief::plugin,
        export::plugin,
    ));
    #[cfg(not(target_arch = "wasm32"))]
    app.add_plugins(presenter::plugin);
}
