//! The look of Promoted: colours by role, type, and the scale of the layout.

pub mod palette;
pub mod typography;

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowResized};

use crate::AppSystems;
use crate::adapters::settings::Settings;
use palette::{Edge, Fill, Ink, Tone};

/// The layout is designed for this logical size and scaled to the window.
pub const REFERENCE: Vec2 = Vec2::new(1280.0, 720.0);

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(typography::plugin)
        .insert_resource(ClearColor(Tone::Background.color(false)))
        // Normally from the window and UI plugins; registered here too so headless apps run.
        .add_message::<WindowResized>()
        .init_resource::<UiScale>()
        .init_resource::<bevy::input_focus::InputFocus>()
        .add_systems(Update, scale_to_window)
        .add_systems(
            PostUpdate,
            (
                (
                    paint::<Ink, Changed<Ink>>,
                    paint::<Fill, Changed<Fill>>,
                    paint::<Edge, Changed<Edge>>,
                ),
                (
                    paint::<Ink, ()>,
                    paint::<Fill, ()>,
                    paint::<Edge, ()>,
                    repaint_clear,
                )
                    .run_if(resource_changed::<Settings>),
            )
                .chain()
                .in_set(AppSystems::Paint)
                .before(bevy::ui::UiSystems::Prepare),
        );
}

/// A colour by role, and the colour component it sets.
trait Role: Component {
    type Colour: Component<Mutability = bevy::ecs::component::Mutable> + PartialEq;
    fn colour(&self, high_contrast: bool) -> Self::Colour;
}

impl Role for Ink {
    type Colour = TextColor;
    fn colour(&self, high: bool) -> TextColor {
        TextColor(self.0.color(high))
    }
}

impl Role for Fill {
    type Colour = BackgroundColor;
    fn colour(&self, high: bool) -> BackgroundColor {
        BackgroundColor(self.0.color(high))
    }
}

impl Role for Edge {
    type Colour = BorderColor;
    fn colour(&self, high: bool) -> BorderColor {
        BorderColor::all(self.0.color(high))
    }
}

/// Give roles their colour in the current theme: new and restyled ones every frame
/// (`Changed<R>`), every one when the theme changes (`()`).
fn paint<R: Role, F: bevy::ecs::query::QueryFilter>(
    settings: Res<Settings>,
    mut painted: Query<(&R, &mut R::Colour), F>,
) {
    for (role, mut colour) in &mut painted {
        colour.set_if_neq(role.colour(settings.high_contrast));
    }
}

fn repaint_clear(settings: Res<Settings>, mut clear: ResMut<ClearColor>) {
    clear.0 = Tone::Background.color(settings.high_contrast);
}

/// Scale the whole UI so the 1280×720 layout fits the window, whatever its size or shape.
fn scale_to_window(
    mut resized: MessageReader<WindowResized>,
    window: Option<Single<Ref<Window>, With<PrimaryWindow>>>,
    mut scale: ResMut<UiScale>,
) {
    let Some(window) = window else {
        resized.clear();
        return;
    };
    let changed = resized.read().count() > 0 || window.is_added();
    if changed {
        let size = Vec2::new(window.width(), window.height());
        scale.0 = (size / REFERENCE).min_element().max(0.25);
    }
}
