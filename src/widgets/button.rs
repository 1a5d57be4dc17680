//! Buttons: focusable, activated by click, touch, or Enter/Space on focus, and doing nothing
//! themselves but trigger a domain event.

use bevy::input_focus::tab_navigation::TabIndex;
use bevy::input_focus::{InputFocus, InputFocusVisible};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::reflect::Is;
use bevy::ui::{InteractionDisabled, Pressed};
use bevy::ui_widgets::{Activate, Button as WidgetButton, observe};

use super::toned_text;
use crate::access::Toggled;
use crate::theme::palette::{Fill, Tone};
use crate::theme::typography::TextRole;

/// How a button looks at rest.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonLook {
    Primary,
    Secondary,
}

/// A button that triggers `event` when activated.
pub fn button<E>(label: impl Into<String>, look: ButtonLook, event: E) -> impl Bundle
where
    E: Event + Clone,
    for<'a> E::Trigger<'a>: Default,
{
    let ink = match look {
        ButtonLook::Primary => Tone::AccentText,
        ButtonLook::Secondary => Tone::Text,
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
        children![toned_text(TextRole::Choice, label, ink)],
    )
}

/// A small toggle of a filter or an option: lit when `chosen`.
pub fn chip<E>(label: impl Into<String>, chosen: bool, event: E) -> impl Bundle
where
    E: Event + Clone,
    for<'a> E::Trigger<'a>: Default,
{
    let (look, ink) = if chosen {
        (ButtonLook::Primary, Tone::AccentText)
    } else {
        (ButtonLook::Secondary, Tone::Text)
    };
    (
        Node {
            padding: UiRect::axes(px(14), px(7)),
            // 44 CSS px, the least a finger needs, at the phone layout's scale.
            min_height: px(52),
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(px(18)),
            ..default()
        },
        look,
        Toggled(chosen),
        activates(event),
        children![toned_text(TextRole::Small, label, ink)],
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
        Fill(Tone::Button),
        observe(move |_: On<Activate>, mut commands: Commands| {
            commands.trigger(event.clone());
        }),
    )
}

pub(super) fn plugin(app: &mut App) {
    app.add_observer(restyle_on::<Insert, Hovered>)
        .add_observer(restyle_on::<Add, Pressed>)
        .add_observer(restyle_on::<Remove, Pressed>)
        .add_observer(restyle_on::<Add, InteractionDisabled>)
        .add_observer(restyle_on::<Remove, InteractionDisabled>)
        .add_observer(restyle_on::<Add, ButtonLook>)
        .add_systems(
            Update,
            outline_focus.run_if(
                resource_changed::<InputFocus>
                    .or_else(resource_exists_and_changed::<InputFocusVisible>),
            ),
        );
}

/// What a button's colour depends on.
type ButtonState<'a> = (
    Option<&'a ButtonLook>,
    Option<&'a Hovered>,
    Has<Pressed>,
    Has<InteractionDisabled>,
    &'a mut Fill,
);

fn restyle_on<E: EntityEvent, C: Component>(event: On<E, C>, mut buttons: Query<ButtonState>) {
    let Ok((look, hovered, pressed, disabled, mut fill)) = buttons.get_mut(event.event_target())
    else {
        return;
    };
    // A `Remove` observer runs before the component goes: count it as gone already.
    let removing = E::is::<Remove>();
    let pressed = pressed && !(removing && C::is::<Pressed>());
    let disabled = disabled && !(removing && C::is::<InteractionDisabled>());
    let hovered = hovered.is_some_and(Hovered::get);
    let tone = match (look, disabled, pressed, hovered) {
        (_, true, _, _) => Tone::ButtonDisabled,
        (Some(ButtonLook::Primary), _, true, _) => Tone::AccentPressed,
        (Some(ButtonLook::Primary), _, _, true) => Tone::AccentHovered,
        (Some(ButtonLook::Primary), ..) => Tone::Accent,
        (_, _, true, _) => Tone::ButtonPressed,
        (_, _, _, true) => Tone::ButtonHovered,
        _ => Tone::Button,
    };
    fill.set_if_neq(Fill(tone));
}

/// Keyboard focus shows as an amber outline, so Tab navigation is always visible.
fn outline_focus(
    mut commands: Commands,
    focus: Res<InputFocus>,
    visible: Option<Res<InputFocusVisible>>,
    settings: Res<crate::adapters::settings::Settings>,
    buttons: Query<Entity, With<WidgetButton>>,
) {
    let show = visible.as_ref().is_none_or(|v| v.0);
    let colour = Tone::Accent.color(settings.high_contrast);
    for button in &buttons {
        if show && focus.get() == Some(button) {
            commands
                .entity(button)
                .insert(Outline::new(px(3), px(3), colour));
        } else {
            commands.entity(button).remove::<Outline>();
        }
    }
}
