//! Type: Atkinson Hyperlegible, embedded, in a few sizes. Widgets give text a [`TextRole`];
//! one system turns roles into fonts and sizes, and re-applies them when the player changes
//! the text size.

use bevy::prelude::*;

use crate::AppSystems;
use crate::adapters::settings::Settings;

/// What a piece of text is, which decides its face and size.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    /// The game's name on the title screen.
    Display,
    /// A screen's heading.
    Heading,
    /// A card's or section's title.
    Title,
    /// Narrative text: what people say and what happens.
    Body,
    /// A choice's text.
    Choice,
    /// Labels, numbers and notes.
    Small,
    /// Narrative and choices on a projected workshop screen: 3.6% of the screen's height
    /// (a room needs at least 3.5%), before the text-size setting.
    Stage,
    /// A vote count or a score read at a glance.
    Figure,
    /// The discussion countdown.
    Countdown,
    /// A file's lines, as a check quotes them: monospaced, so a caret points at its column
    /// (Bevy's own font, which has ASCII only).
    Code,
}

impl TextRole {
    /// Size in logical pixels at the 1280×720 reference layout, before the text-size setting.
    pub fn size(self) -> f32 {
        match self {
            TextRole::Display => 72.0,
            TextRole::Heading => 38.0,
            TextRole::Title => 26.0,
            TextRole::Body => 25.0,
            TextRole::Choice => 24.0,
            TextRole::Small => 19.0,
            TextRole::Stage => 26.0,
            TextRole::Figure => 44.0,
            TextRole::Countdown => 120.0,
            TextRole::Code => 18.0,
        }
    }

    fn bold(self) -> bool {
        matches!(
            self,
            TextRole::Display
                | TextRole::Heading
                | TextRole::Title
                | TextRole::Figure
                | TextRole::Countdown
        )
    }
}

/// Text drawn from the symbols font (arrows), which Atkinson Hyperlegible lacks.
#[derive(Component, Debug, Clone, Copy)]
pub struct Symbol;

#[derive(Resource, Default)]
pub struct Fonts {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
    pub symbols: Handle<Font>,
}

pub(super) fn plugin(app: &mut App) {
    // Headless tests have no font assets; text then keeps Bevy's default handle.
    let fonts = match app.world_mut().get_resource_mut::<Assets<Font>>() {
        Some(mut assets) => Fonts {
            regular: assets.add(Font::from_bytes(
                include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Regular.ttf").to_vec(),
            )),
            bold: assets.add(Font::from_bytes(
                include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Bold.ttf").to_vec(),
            )),
            symbols: assets.add(Font::from_bytes(
                include_bytes!("../../assets/fonts/PromotedSymbols.ttf").to_vec(),
            )),
        },
        None => Fonts::default(),
    };
    app.insert_resource(fonts);
    app.add_systems(
        PostUpdate,
        (
            set_type::<Changed<TextRole>>,
            set_type::<()>.run_if(resource_changed::<Settings>),
        )
            .chain()
            .in_set(AppSystems::Paint)
            .before(bevy::ui::UiSystems::Prepare),
    );
}

/// Give texts their face and size: new and changed roles every frame (`Changed<TextRole>`),
/// every text when the player changes the text size (`()`).
fn set_type<F: bevy::ecs::query::QueryFilter>(
    settings: Res<Settings>,
    fonts: Res<Fonts>,
    mut texts: Query<(&TextRole, &mut TextFont, Has<Symbol>), F>,
) {
    let scale = settings.text_size.factor();
    for (role, mut font, symbol) in &mut texts {
        font.font = match (symbol, role) {
            // Bevy's own font is monospaced.
            (false, TextRole::Code) => TextFont::default().font,
            (true, _) => (&fonts.symbols).into(),
            (false, role) if role.bold() => (&fonts.bold).into(),
            (false, _) => (&fonts.regular).into(),
        };
        font.font_size = FontSize::Px(role.size() * scale);
    }
}
