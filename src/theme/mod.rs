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
        .add_systems(Update, scale_to_window)
        .add_systems(
            PostUpdate,
            apply_contrast.before(bevy::ui::UiSystems::Prepare),
        );
}

/// Recolour what is new or restyled, or everything when the theme changes. Screens use the
/// palette's names; this one system turns them into the chosen theme.
fn apply_contrast(
    settings: Res<crate::settings::Settings>,
    mut clear: ResMut<ClearColor>,
    mut texts: Query<&mut TextColor>,
    mut backgrounds: Query<&mut BackgroundColor>,
    mut borders: Query<&mut BorderColor>,
) {
    let all = settings.is_changed();
    let theme = |color: Color| palette::themed(color, settings.high_contrast);
    if all {
        let color = theme(clear.0);
        if color != clear.0 {
            clear.0 = color;
        }
    }
    // Only what differs is written, so a recoloured entity is not seen as changed again.
    for mut text in &mut texts {
        if all || text.is_changed() {
            let color = theme(text.0);
            text.set_if_neq(TextColor(color));
        }
    }
    for mut background in &mut backgrounds {
        if all || background.is_changed() {
            let color = theme(background.0);
            background.set_if_neq(BackgroundColor(color));
        }
    }
    for mut border in &mut borders {
        if all || border.is_changed() {
            let themed = BorderColor {
                top: theme(border.top),
                right: theme(border.right),
                bottom: theme(border.bottom),
                left: theme(border.left),
            };
            border.set_if_neq(themed);
        }
    }
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
