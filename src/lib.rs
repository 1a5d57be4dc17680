//! Promoted, the game: a thin Bevy layer over `promoted_engine`, which holds every rule.
//!
//! [`plugin`] adds the whole game to an app that brings its platform: [`run`] opens a real
//! window; tests use `MinimalPlugins` and drive the game through its domain events.

pub mod input;
pub mod library;
pub mod menu;
pub mod persistence;
pub mod screens;
pub mod session;
pub mod settings;
pub mod storage;
pub mod theme;
#[cfg(not(target_arch = "wasm32"))]
mod tour;
pub mod workshop;

use bevy::asset::AssetMetaCheck;
use bevy::input_focus::tab_navigation::TabNavigationPlugin;
use bevy::prelude::*;
use bevy::winit::WinitSettings;

/// Everything the game adds to an app. Insert a [`storage::Storage`] first to choose where
/// records are kept; otherwise the platform's store is used.
pub fn plugin(app: &mut App) {
    app.add_plugins((
        persistence::plugin,
        settings::plugin,
        theme::plugin,
        library::plugin,
        session::plugin,
        screens::plugin,
        menu::plugin,
        input::plugin,
        workshop::plugin,
    ));
}

/// Open the game in a window (or the page's canvas on the web) and run it.
pub fn run() -> AppExit {
    App::new()
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "Promoted".into(),
                        resolution: (1280, 720).into(),
                        fit_canvas_to_parent: true,
                        canvas: Some("#promoted".into()),
                        ..default()
                    }),
                    ..default()
                })
                .set(AssetPlugin {
                    meta_check: AssetMetaCheck::Never,
                    ..default()
                }),
        )
        .add_plugins(TabNavigationPlugin)
        // Redraw only on input or while something animates.
        .insert_resource(WinitSettings::desktop_app())
        .add_plugins(plugin)
        .add_plugins(tour_plugin)
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .run()
}

/// The screenshot tour, natively (see `tour`).
fn tour_plugin(app: &mut App) {
    #[cfg(not(target_arch = "wasm32"))]
    tour::plugin(app);
    #[cfg(target_arch = "wasm32")]
    let _ = app;
}
