//! Waits for the scenario library, then shows the title.

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::Screen;
use crate::library::Library;
use crate::theme::typography::TextRole;
use crate::theme::widgets::{muted, screen_root};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Loading), spawn)
        .add_systems(Update, advance.run_if(in_state(Screen::Loading)));
}

fn spawn(mut commands: Commands) {
    commands.spawn((
        Name::new("Loading screen"),
        DespawnOnExit(Screen::Loading),
        screen_root(),
        children![muted(TextRole::Body, "Loading the scenarios…")],
    ));
}

/// Loading finishes on other threads, which do not wake a reactive app: keep frames coming.
fn advance(
    library: Res<Library>,
    mut next: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if library.is_loading() {
        redraw.write(RequestRedraw);
    } else {
        next.set(Screen::Title);
    }
}
