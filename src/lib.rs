//! Promoted, the game: a thin Bevy layer over `promoted_engine`, which holds every rule.
//!
//! | folder | what |
//! |---|---|
//! | [`access`] | every screen read for assistive technology: a DOM mirror, AccessKit |
//! | [`adapters`] | resources over the engine's models, and the observers that drive them |
//! | [`screens`] | one plugin per screen (and the menu overlay), each drawing from the adapters |
//! | [`widgets`] | the building blocks screens are made of |
//! | [`theme`] | colours by role, type, the layout's scale |
//! | [`input`] | keys, mapped onto the same domain events as the buttons |
//!
//! [`plugin`] adds the whole game to an app that brings its platform: [`run`] opens a real
//! window; tests use `MinimalPlugins` and drive the game through its domain events.

pub mod access;
pub mod adapters;
#[cfg(target_arch = "wasm32")]
mod browser;
pub mod input;
pub mod screens;
pub mod theme;
#[cfg(not(target_arch = "wasm32"))]
mod tour;
pub mod widgets;

use bevy::asset::AssetMetaCheck;
use bevy::input_focus::tab_navigation::TabNavigationPlugin;
use bevy::prelude::*;
use bevy::winit::WinitSettings;

/// The order of a frame's work, so systems of different modules need no `.after(..)`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    /// Timers advance (the workshop's countdown).
    Tick,
    /// Keys that act become domain events.
    Keys,
    /// Keys typed into a text field (after the keys that act, so the Esc that ends typing
    /// does not also leave the screen).
    Typing,
    /// Screens draw themselves from what changed.
    Render,
    /// Colours and type follow their roles (in `PostUpdate`).
    Paint,
    /// The screen is read for assistive technology (in `PostUpdate`).
    Describe,
}

/// Everything the game adds to an app. Insert a [`adapters::persistence::Storage`] first to
/// choose where records are kept (otherwise the platform's), and a
/// [`adapters::library::LibraryFiles`] or [`adapters::library::WatchedFolder`] to choose the
/// scenarios (otherwise the embedded ones).
pub fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (
            AppSystems::Tick,
            AppSystems::Keys,
            AppSystems::Typing,
            AppSystems::Render,
        )
            .chain(),
    )
    .add_plugins((
        adapters::plugin,
        access::plugin,
        theme::plugin,
        widgets::plugin,
        screens::plugin,
        input::plugin,
    ));
}

/// Open the game in a window (or the page's canvas on the web) and run it.
pub fn run() -> AppExit {
    let mut app = App::new();
    app.add_plugins(
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
    .add_plugins(browser_plugin)
    // Redraw only on input or while something animates.
    .insert_resource(winit_settings());
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(dir) = std::env::var_os("PROMOTED_SCENARIOS_DIR") {
        // An author's folder: read from it, and follow every change saved to it.
        app.insert_resource(adapters::library::WatchedFolder::new(dir.into()));
    }
    app.add_plugins(plugin)
        .add_plugins(tour_plugin)
        .add_systems(Startup, |mut commands: Commands| {
            // The room's screen; a presenter window brings a camera of its own.
            commands.spawn((Camera2d, IsDefaultUiCamera));
        })
        .run()
}

fn winit_settings() -> WinitSettings {
    #[cfg(target_arch = "wasm32")]
    return browser::settings();
    #[cfg(not(target_arch = "wasm32"))]
    WinitSettings::desktop_app()
}

/// In the browser, the page's calls wake the game (see `browser`).
fn browser_plugin(app: &mut App) {
    #[cfg(target_arch = "wasm32")]
    browser::plugin(app);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = app;
}

/// The screenshot tour, natively (see `tour`).
fn tour_plugin(app: &mut App) {
    #[cfg(not(target_arch = "wasm32"))]
    tour::plugin(app);
    #[cfg(target_arch = "wasm32")]
    let _ = app;
}
