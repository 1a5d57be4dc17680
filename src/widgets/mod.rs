//! Small building blocks for every screen, each a function returning `impl Bundle`. Colours
//! are given by role ([`Tone`]), so the theme can recolour them; buttons only trigger a domain
//! event, so mouse, touch, keyboard and tests share one path.

mod button;
pub mod meters;
pub mod text_field;
mod touch;

use bevy::prelude::*;
use bevy::ui_widgets::ScrollArea;

pub use button::{ButtonLook, activates, button, chip};

use crate::access::ListItem;
use crate::theme::Layout;
use crate::theme::palette::{Edge, Fill, Ink, Tone};
use crate::theme::typography::TextRole;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        button::plugin,
        meters::plugin,
        text_field::plugin,
        touch::plugin,
    ))
    .add_systems(Update, fit_screen_roots);
}

/// A screen's root, whose margins follow the layout.
#[derive(Component, Debug, Default)]
pub struct ScreenRoot;

/// Wide margins for a laptop or a projector, narrow ones for a phone.
fn fit_screen_roots(layout: Res<Layout>, mut roots: Query<(Ref<ScreenRoot>, &mut Node)>) {
    let padding = if layout.is_phone() {
        UiRect::axes(px(12), px(10))
    } else {
        UiRect::axes(px(32), px(20))
    };
    for (root, mut node) in &mut roots {
        if (root.is_added() || layout.is_changed()) && node.padding != padding {
            node.padding = padding;
        }
    }
}

/// A node that fills the screen and stacks its children in a column.
pub fn screen_root() -> impl Bundle {
    (
        ScreenRoot,
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(32), px(20)),
            row_gap: px(14),
            ..default()
        },
        Fill(Tone::Background),
    )
}

/// Text in a role, in the main text colour.
pub fn text(role: TextRole, content: impl Into<String>) -> impl Bundle {
    toned_text(role, content, Tone::Text)
}

/// Secondary text: labels, hints, notes.
pub fn muted(role: TextRole, content: impl Into<String>) -> impl Bundle {
    toned_text(role, content, Tone::TextMuted)
}

/// Text in a role and a tone.
pub fn toned_text(role: TextRole, content: impl Into<String>, tone: Tone) -> impl Bundle {
    (
        Text::new(content),
        TextFont::default(),
        Ink(tone),
        role,
        Pickable::IGNORE,
    )
}

/// Text in a colour of its own (a team's), which the theme leaves as it is.
pub fn coloured_text(role: TextRole, content: impl Into<String>, colour: Color) -> impl Bundle {
    (
        Text::new(content),
        TextFont::default(),
        TextColor(colour),
        role,
        Pickable::IGNORE,
    )
}

/// A layer over the whole screen, at `z` above the rest, that centres what it holds: for
/// menus, pauses and the blank screen. Its background is a colour of its own (a dimming
/// veil, the blank screen's black), not a role.
pub fn full_screen_layer(background: Color, z: i32) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        GlobalZIndex(z),
        BackgroundColor(background),
    )
}

/// A rounded panel that lays its children out in a column.
pub fn panel() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(18)),
            row_gap: px(10),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        Fill(Tone::Panel),
    )
}

/// A panel whose column of children scrolls when it does not fit (mouse wheel included).
/// `size` gives the panel's own sizing (`flex_grow`, `width`, …); the rest is the panel's.
pub fn scroll_panel(size: Node) -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(12),
            padding: UiRect::all(px(18)),
            border_radius: BorderRadius::all(px(10)),
            overflow: Overflow::scroll_y(),
            min_height: px(0),
            ..size
        },
        Fill(Tone::Panel),
        ScrollArea,
    )
}

/// A raised box with an amber edge, for what just happened or what comes next.
pub fn callout() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(6),
            padding: UiRect::all(px(14)),
            border_radius: BorderRadius::all(px(8)),
            border: UiRect::left(px(4)),
            ..default()
        },
        Fill(Tone::PanelRaised),
        Edge(Tone::Accent),
    )
}

/// A raised card with rounded corners, for one item of a list (and read as one).
pub fn card(padding: f32) -> impl Bundle {
    (
        ListItem,
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(padding)),
            border_radius: BorderRadius::all(px(8)),
            row_gap: px(4),
            ..default()
        },
        Fill(Tone::PanelRaised),
    )
}

/// A row of children with a gap.
pub fn row(gap: f32) -> impl Bundle {
    row_node(gap)
}

/// A row's node, for a row that needs more (wrapping).
pub fn row_node(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(gap),
        align_items: AlignItems::Center,
        ..default()
    }
}

/// A row that fills the rest of the screen, for columns side by side.
pub fn columns() -> Node {
    Node {
        flex_grow: 1.0,
        flex_direction: FlexDirection::Row,
        column_gap: px(20),
        min_height: px(0),
        ..default()
    }
}

/// A column that takes `grow` shares of its row's width.
pub fn column(grow: f32) -> Node {
    Node {
        flex_grow: grow,
        flex_basis: px(0),
        flex_direction: FlexDirection::Column,
        min_height: px(0),
        ..default()
    }
}

/// A round badge with a number: an option's, in a colour of its own or the accent.
pub fn number_badge(number: usize, size: f32, fill: Tone, role: TextRole) -> impl Bundle {
    (
        Node {
            width: px(size),
            height: px(size),
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(px(size / 2.0)),
            ..default()
        },
        Fill(fill),
        Pickable::IGNORE,
        children![toned_text(role, number.to_string(), Tone::AccentText)],
    )
}

/// A thin line between sections.
pub fn divider() -> impl Bundle {
    (
        Node {
            height: px(1),
            margin: UiRect::vertical(px(4)),
            ..default()
        },
        Fill(Tone::Border),
    )
}
