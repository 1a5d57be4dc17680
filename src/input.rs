//! Keys, mapped onto the same domain events as the buttons.

use bevy::prelude::*;

use crate::AppSystems;
use crate::adapters::solo::{
    AskMentor, Choose, ConfirmPriorities, Navigate, PriorityDraft, Session, TogglePriority,
    UndoDecision,
};
use crate::screens::Screen;
use crate::screens::menu::{CloseMenu, Menu, OpenMenu, ToggleFullscreen};
use crate::widgets::text_field::not_typing;

pub const DIGITS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];
pub(crate) const NUMPAD: [KeyCode; 9] = [
    KeyCode::Numpad1,
    KeyCode::Numpad2,
    KeyCode::Numpad3,
    KeyCode::Numpad4,
    KeyCode::Numpad5,
    KeyCode::Numpad6,
    KeyCode::Numpad7,
    KeyCode::Numpad8,
    KeyCode::Numpad9,
];

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ButtonInput<KeyCode>>().add_systems(
        Update,
        (
            global_keys.run_if(not_typing),
            play_keys.run_if(in_state(Screen::Play).and_then(in_state(Menu::Closed))),
        )
            .in_set(AppSystems::Keys),
    );
}

/// Keys that work everywhere: Esc for the menu, F for full screen.
fn global_keys(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    menu: Res<State<Menu>>,
) {
    if keys.just_pressed(KeyCode::KeyF) {
        commands.trigger(ToggleFullscreen);
    }
    if keys.just_pressed(KeyCode::Escape) {
        match (menu.get(), screen.get()) {
            (Menu::Closed, Screen::Play | Screen::Workshop) => {
                commands.trigger(OpenMenu(Menu::Pause));
            }
            (
                Menu::Closed,
                Screen::Select
                | Screen::Problem
                | Screen::Outcome
                | Screen::WorkshopSetup
                | Screen::WorkshopDebrief,
            ) => {
                commands.trigger(Navigate(Screen::Title));
            }
            (Menu::Closed, _) => {}
            _ => commands.trigger(CloseMenu),
        }
    }
}

/// 1–9 make the choice with that number (among those shown); Backspace or U undo; M asks
/// the mentor. Before the first decision, 1–9 pick priorities and Enter begins.
fn play_keys(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    session: Option<Res<Session>>,
    draft: Res<PriorityDraft>,
) {
    let Some(session) = session else {
        return;
    };
    if draft.is_open() {
        for (n, (priority, _)) in session.scenario.priorities.iter().enumerate() {
            if n < DIGITS.len() && keys.any_just_pressed([DIGITS[n], NUMPAD[n]]) {
                commands.trigger(TogglePriority(*priority));
            }
        }
        if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) {
            commands.trigger(ConfirmPriorities);
        }
        return;
    }
    if keys.just_pressed(KeyCode::KeyM) {
        commands.trigger(AskMentor);
    }
    // The screen is read only when a number is pressed, not on every frame.
    let number = keys
        .get_just_pressed()
        .any(|k| DIGITS.contains(k) || NUMPAD.contains(k));
    let shown = if number {
        session.run.choices(&session.scenario)
    } else {
        Vec::new()
    };
    for view in shown.iter().take(DIGITS.len()) {
        let n = view.shown.0;
        if keys.any_just_pressed([DIGITS[n], NUMPAD[n]]) && view.disabled.is_none() {
            commands.trigger(Choose(view.index));
            return;
        }
    }
    if keys.any_just_pressed([KeyCode::Backspace, KeyCode::KeyU]) {
        commands.trigger(UndoDecision);
    }
}
