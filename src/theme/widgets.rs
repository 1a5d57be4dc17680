//! Small building blocks for every screen. Buttons only trigger a domain event: what the
//! event does is decided elsewhere, so mouse, touch, keyboard and tests share one path.

use bevy::input_focus::tab_navigation::TabIndex;
use bevy::input_focus::{InputFocus, InputFocusVisible};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::reflect::Is;
use bevy::ui::{InteractionDisabled, Pressed};
use bevy::ui_widgets::{Activate, Button as WidgetButton, ScrollArea, observe};

use super::palette::*;
use super::typography::TextRole;

/// A node that fills the screen and stacks its children in a column.
pub fn screen_root() -> impl Bundle {
    (
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(32), px(20)),
            row_gap: px(14),
            ..default()
        },
        BackgroundColor(BACKGROUND),
    )
}

/// Text in a role, in the main text colour.
pub fn text(role: TextRole, content: impl Into<String>) -> impl Bundle {
    colored_text(role, content, TEXT)
}

/// Secondary text: labels, hints, notes.
pub fn muted(role: TextRole, content: impl Into<String>) -> impl Bundle {
    colored_text(role, content, TEXT_MUTED)
}

pub fn colored_text(role: TextRole, content: impl Into<String>, color: Color) -> impl Bundle {
    (
        Text::new(content),
        TextFont::default(),
        TextColor(color),
        role,
        Pickable::IGNORE,
    )
}

/// A layer over the whole screen, at `z` above the rest, that centres what it holds: for
/// menus, pauses and the blank screen.
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
        BackgroundColor(PANEL),
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
        BackgroundColor(PANEL),
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
        BackgroundColor(PANEL_RAISED),
        BorderColor::all(ACCENT),
    )
}

/// A row of children with a gap.
pub fn row(gap: f32) -> impl Bundle {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(gap),
        align_items: AlignItems::Center,
        ..default()
    }
}

/// How a button looks at rest.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonLook {
    Primary,
    Secondary,
}

/// A button that triggers `event` when activated by click, touch, or Enter/Space on focus.
pub fn button<E>(label: impl Into<String>, look: ButtonLook, event: E) -> impl Bundle
where
    E: Event + Clone,
    for<'a> E::Trigger<'a>: Default,
{
    let text_color = match look {
        ButtonLook::Primary => ACCENT_TEXT,
        ButtonLook::Secondary => TEXT,
    };
    (
        Node {
            padding: UiRect::axes(px(26), px(12)),
            // A button keeps its label on one line; the text around it wraps instead.
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(px(8)),
            ..default()
        },
        look,
        activates(event),
        children![colored_text(TextRole::Choice, label, text_color)],
    )
}

/// What makes an entity a focusable button that triggers `event`.
pub fn activates<E>(event: E) -> impl Bundle
where
    E: Event + Clone,
    for<'a> E::Trigger<'a>: Default,
{
    (
        WidgetButton,
        Hovered::default(),
        TabIndex(0),
        BackgroundColor(BUTTON),
        observe(move |_: On<Activate>, mut commands: Commands| {
            commands.trigger(event.clone());
        }),
    )
}

/// A horizontal bar showing `fraction` (0–1) of its track.
pub fn bar(fraction: f32, color: Color, height: f32) -> impl Bundle {
    (
        Node {
            width: percent(100),
            height: px(height),
            border_radius: BorderRadius::all(px(height / 2.0)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(BAR_TRACK),
        children![(
            Node {
                width: percent(100.0 * fraction.clamp(0.0, 1.0)),
                height: percent(100),
                ..default()
            },
            BackgroundColor(color),
            BarFill,
        )],
    )
}

/// The filled part of a [`bar`].
#[derive(Component)]
pub struct BarFill;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(restyle_on::<Insert, Hovered>)
        .add_observer(restyle_on::<Add, Pressed>)
        .add_observer(restyle_on::<Remove, Pressed>)
        .add_observer(restyle_on::<Add, InteractionDisabled>)
        .add_observer(restyle_on::<Remove, InteractionDisabled>)
        .add_observer(restyle_on::<Add, ButtonLook>)
        .add_systems(Update, outline_focus);
}

/// What a button's colour depends on.
type ButtonState<'a> = (
    Option<&'a ButtonLook>,
    Option<&'a Hovered>,
    Has<Pressed>,
    Has<InteractionDisabled>,
    &'a mut BackgroundColor,
);

fn restyle_on<E: EntityEvent, C: Component>(event: On<E, C>, mut buttons: Query<ButtonState>) {
    let Ok((look, hovered, pressed, disabled, mut background)) =
        buttons.get_mut(event.event_target())
    else {
        return;
    };
    // A `Remove` observer runs before the component goes: count it as gone already.
    let removing = E::is::<Remove>();
    let pressed = pressed && !(removing && C::is::<Pressed>());
    let disabled = disabled && !(removing && C::is::<InteractionDisabled>());
    let hovered = hovered.is_some_and(Hovered::get);
    background.0 = match (look, disabled, pressed, hovered) {
        (_, true, _, _) => BUTTON_DISABLED,
        (Some(ButtonLook::Primary), _, true, _) => ACCENT.darker(0.15),
        (Some(ButtonLook::Primary), _, _, true) => ACCENT.lighter(0.08),
        (Some(ButtonLook::Primary), ..) => ACCENT,
        (_, _, true, _) => BUTTON_PRESSED,
        (_, _, _, true) => BUTTON_HOVERED,
        _ => BUTTON,
    };
}

/// Keyboard focus shows as an amber outline, so Tab navigation is always visible.
fn outline_focus(
    mut commands: Commands,
    focus: Res<InputFocus>,
    visible: Option<Res<InputFocusVisible>>,
    buttons: Query<Entity, With<WidgetButton>>,
) {
    let show = visible.as_ref().is_none_or(|v| v.0);
    if !focus.is_changed() && !visible.as_ref().is_some_and(|v| v.is_changed()) {
        return;
    }
    for button in &buttons {
        if show && focus.get() == Some(button) {
            commands
                .entity(button)
                .insert(Outline::new(px(3), px(3), ACCENT));
        } else {
            commands.entity(button).remove::<Outline>();
        }
    }
}
