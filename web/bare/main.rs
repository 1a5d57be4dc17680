//! The floor the browser build is measured against: a bare Bevy 0.19.1 UI app, one text,
//! built by the same pipeline as the game (`web/compare-bare.sh`). It logs when its first
//! frame has drawn, as the game logs its title screen.

use bevy::prelude::*;

fn main() {
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                canvas: Some("#bare".into()),
                fit_canvas_to_parent: true,
                ..default()
            }),
            ..default()
        }))
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
            commands.spawn(Text::new("A bare Bevy UI app"));
        })
        .add_systems(Update, first_frame)
        .run();
}

fn first_frame(mut frames: Local<u32>) {
    *frames += 1;
    if *frames == 2 {
        info!("bare: first frame");
    }
}
