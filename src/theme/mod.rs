//! The look of Promoted: colours by role, type, and the scale of the layout.

pub mod palette;
pub mod typography;

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowResized};

use crate::AppSystems;
use crate::adapters::settings::Settings;
use crate::screens::Screen;
use palette::{Edge, Fill, Ink, Tone};

/// The layout is designed for this logical size and scaled to the window.
pub const REFERENCE: Vec2 = Vec2::new(1280.0, 720.0);

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(typography::plugin)
        .insert_resource(ClearColor(Tone::Background.color(false)))
        // Normally from the window and UI plugins; registered here too so headless apps run.
        .add_message::<WindowResized>()
        .init_resource::<UiScale>()
        .init_resource::<Layout>()
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

/// How the screens lay themselves out: the 1280×720 layout scaled to the window, or one
/// column for a phone held upright, where the scaled layout's text would be too small to read.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    #[default]
    Wide,
    Phone,
}

/// A window narrower than this (in CSS or logical pixels), or taller than wide by more than
/// [`PHONE_ASPECT`], gets the phone layout.
pub const PHONE_WIDTH: f32 = 700.0;
pub const PHONE_ASPECT: f32 = 0.8;
/// The phone layout's scale: body text at 25 × 0.85 ≈ 21 CSS px, the smallest at 19 × 0.85 ≈ 16.
pub const PHONE_SCALE: f32 = 0.85;

impl Layout {
    /// The layout for a window of this logical size.
    pub fn for_size(size: Vec2) -> Layout {
        if size.x < PHONE_WIDTH || size.x < size.y * PHONE_ASPECT {
            Layout::Phone
        } else {
            Layout::Wide
        }
    }

    pub fn is_phone(self) -> bool {
        self == Layout::Phone
    }

    /// The UI's scale in this layout for a window of this size.
    pub fn scale(self, size: Vec2) -> f32 {
        match self {
            Layout::Wide => (size / REFERENCE).min_element().max(0.25),
            Layout::Phone => PHONE_SCALE,
        }
    }
}

/// Lay out for the window: the phone layout on a narrow or upright window, except in a
/// workshop, whose screens are always projected.
fn scale_to_window(
    mut resized: MessageReader<WindowResized>,
    window: Option<Single<Ref<Window>, With<PrimaryWindow>>>,
    screen: Option<Res<State<Screen>>>,
    mut layout: ResMut<Layout>,
    mut scale: ResMut<UiScale>,
) {
    let Some(window) = window else {
        resized.clear();
        return;
    };
    let resized = resized.read().count() > 0 || window.is_added();
    let screen_changed = screen.as_ref().is_some_and(|s| s.is_changed());
    if !(resized || screen_changed) {
        return;
    }
    let size = Vec2::new(window.width(), window.height());
    let projected = screen.is_some_and(|s| s.get().is_workshop());
    let fits = if projected {
        Layout::Wide
    } else {
        Layout::for_size(size)
    };
    layout.set_if_neq(fits);
    let factor = fits.scale(size);
    if scale.0 != factor {
        scale.0 = factor;
    }
}
