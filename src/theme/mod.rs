//! The look of Promoted: palette, type, widgets, and the scale of the layout.

pub mod palette;
pub mod typography;
pub mod widgets;

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowResized};

/// The layout is designed for this logical size and scaled to the window.
pub const REFERENCE: Vec2 = Vec2::new(1280.0, 720.0);

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((typography::plugin, widgets::plugin))
        .insert_resource(ClearColor(palette::BACKGROUND))
        // Normally from the window and UI plugins; registered here too so headless apps run.
        .add_message::<WindowResized>()
        .init_resource::<UiScale>()
        .init_resource::<bevy::input_focus::InputFocus>()
        .add_systems(Update, scale_to_window);
}

/// Scale the whole UI so the 1280×720 layout fits the window, whatever its size or shape.
fn scale_to_window(
    mut resized: MessageReader<WindowResized>,
    window: Single<Ref<Window>, With<PrimaryWindow>>,
    mut scale: ResMut<UiScale>,
) {
    let changed = resized.read().count() > 0 || window.is_added();
    if changed {
        let size = Vec2::new(window.width(), window.height());
        scale.0 = (size / REFERENCE).min_element().max(0.25);
    }
}
