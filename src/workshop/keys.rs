//! The facilitator's keys during a workshop, and the keys presentation clickers send
//! (PageDown/PageUp, arrows, B or "." to blank). They trigger the same [`Facilitate`]
//! events as the on-screen buttons.

use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use promoted_engine::workshop::Voting;

use super::{Facilitate, Stage, WorkshopSession};
use crate::input::{DIGITS, NUMPAD};
use crate::menu::Menu;
use crate::screens::Screen;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ButtonInput<MouseButton>>().add_systems(
        Update,
        (
            keys.run_if(
                in_state(Screen::Workshop)
                    .or_else(in_state(Screen::WorkshopDebrief))
                    .and_then(in_state(Menu::Closed)),
            ),
            drop_pointer_focus.run_if(in_state(Screen::Workshop)),
        ),
    );
}

/// Map keys to [`Facilitate`] events: what a digit means depends on the stage and the voting.
fn keys(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    session: Option<Res<WorkshopSession>>,
) {
    let Some(session) = session else {
        return;
    };
    let mut act = |event: Facilitate| commands.trigger(event);
    let pressed = |codes: &[KeyCode]| keys.any_just_pressed(codes.iter().copied());
    if pressed(&[KeyCode::KeyB, KeyCode::Period]) {
        act(Facilitate::ToggleBlank);
    }
    if pressed(&[KeyCode::KeyP]) {
        act(Facilitate::TogglePrompt);
    }
    if pressed(&[KeyCode::Space]) {
        act(Facilitate::TogglePause);
    }
    if pressed(&[KeyCode::KeyU]) {
        act(Facilitate::Undo);
    }
    if pressed(&[KeyCode::KeyE]) && session.stage == Stage::Discuss {
        act(Facilitate::Extend);
    }
    let counting = session.stage == Stage::Vote && session.workshop.setup.voting == Voting::Counts;
    for (n, (&digit, &numpad)) in DIGITS.iter().zip(&NUMPAD).enumerate() {
        if keys.any_just_pressed([digit, numpad]) {
            if counting {
                act(Facilitate::Digit(n as u32 + 1));
            } else {
                act(Facilitate::Pick(n));
            }
        }
    }
    if counting {
        if pressed(&[KeyCode::Digit0, KeyCode::Numpad0]) {
            act(Facilitate::Digit(0));
        }
        if pressed(&[KeyCode::Backspace]) {
            act(Facilitate::Erase);
        }
        let selected = session.selected;
        if pressed(&[KeyCode::ArrowDown]) {
            act(Facilitate::Select(selected + 1));
        }
        if pressed(&[KeyCode::ArrowUp]) && selected > 0 {
            act(Facilitate::Select(selected - 1));
        }
        if pressed(&[KeyCode::Equal, KeyCode::NumpadAdd]) {
            act(Facilitate::Adjust {
                option: selected,
                delta: 1,
            });
        }
        if pressed(&[KeyCode::Minus, KeyCode::NumpadSubtract]) {
            act(Facilitate::Adjust {
                option: selected,
                delta: -1,
            });
        }
    }
    // Last, so that counts typed in the same frame are in before the vote is decided.
    if pressed(&[KeyCode::PageDown, KeyCode::ArrowRight]) {
        act(Facilitate::Advance);
    }
    if pressed(&[KeyCode::PageUp, KeyCode::ArrowLeft]) {
        act(Facilitate::Back);
    }
}

/// A click leaves focus on the clicked button, where Space would press it again instead of
/// pausing: on the workshop screen, focus only stays when it came from the keyboard.
fn drop_pointer_focus(mouse: Res<ButtonInput<MouseButton>>, mut focus: ResMut<InputFocus>) {
    if mouse.just_released(MouseButton::Left) && focus.get().is_some() {
        focus.clear();
    }
}
