//! The screens of the game, one state each, and the menu overlay above them; a screen's
//! entities despawn when it is left.

pub mod menu;
pub mod outcome;
pub mod play;
pub mod problem;
pub mod select;
pub mod title;
pub mod workshop;

use bevy::prelude::*;

pub use problem::ShowProblem;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    /// Pick a scenario.
    Select,
    Play,
    /// The ending, the score and the debrief.
    Outcome,
    /// A scenario that failed to load, with its messages.
    Problem,
    /// Workshop mode: the facilitator sets up a session for a room.
    WorkshopSetup,
    /// The room plays on one shared screen.
    Workshop,
    /// The room's debrief and the session's report.
    WorkshopDebrief,
}

impl Screen {
    /// A workshop's screens, which are projected for a room.
    pub fn is_workshop(self) -> bool {
        matches!(
            self,
            Screen::WorkshopSetup | Screen::Workshop | Screen::WorkshopDebrief
        )
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_plugins((
            menu::plugin,
            title::plugin,
            select::plugin,
            play::plugin,
            outcome::plugin,
            problem::plugin,
            workshop::plugin,
        ))
        .add_systems(Update, announce.run_if(state_changed::<Screen>));
}

/// A log line on every screen change; browser tests wait for it.
fn announce(screen: Res<State<Screen>>) {
    info!("promoted: screen {:?}", screen.get());
}
