//! The facilitator's keys during a workshop, and the keys presentation clickers send
//! (PageDown/PageUp, arrows, B or "." to blank). They trigger the same [`Facilitate`] events
//! as the on-screen buttons; what a key means is the room's to decide.

use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use promoted_engine::workshop::{Action, Stage, Voting};

use crate::AppSystems;
use crate::adapters::room::{Facilitate, WorkshopSession};
use crate::input::{DIGITS, NUMPAD};
use crate::screens::Screen;
use crate::screens::menu::Menu;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ButtonInput<MouseButton>>().add_systems(
        Update,
        (
            keys.in_set(AppSystems::Keys).run_if(
                in_state(Screen::Workshop)
                    .or_else(in_state(Screen::WorkshopDebrief))
                    .and_then(in_state(Menu::Closed)),
            ),
            drop_pointer_focus.run_if(in_state(Screen::Workshop)),
        ),
    );
}

/// Map keys to actions: what a digit means depends on the stage and the voting.
fn keys(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    session: Option<Res<WorkshopSession>>,
) {
    let Some(session) = session else {
        return;
    };
    let room = &session.room;
    let mut act = |action: Action| commands.trigger(Facilitate(action));
    let pressed = |codes: &[KeyCode]| keys.any_just_pressed(codes.iter().copied());
    if pressed(&[KeyCode::KeyB, KeyCode::Period]) {
        act(Action::ToggleBlank);
    }
    if pressed(&[KeyCode::KeyP]) {
        act(Action::TogglePrompt);
    }
    if pressed(&[KeyCode::Space]) {
        act(Action::TogglePause);
    }
    if pressed(&[KeyCode::KeyU]) {
        act(Action::Undo);
    }
    if pressed(&[KeyCode::KeyE]) && room.stage() == Stage::Discuss {
        act(Action::Extend);
    }
    let counting = room.stage() == Stage::Vote
        && matches!(
            room.workshop().setup.voting,
            Voting::Counts | Voting::Phones
        );
    if pressed(&[KeyCode::KeyV]) {
        act(Action::ShowCounts);
    }
    if pressed(&[KeyCode::KeyH]) {
        act(Action::HandsOnly);
    }
    for (n, (&digit, &numpad)) in DIGITS.iter().zip(&NUMPAD).enumerate() {
        if keys.any_just_pressed([digit, numpad]) {
            if counting {
                act(Action::Digit(n as u32 + 1));
            } else {
                act(Action::Pick(n));
            }
        }
    }
    if counting {
        if pressed(&[KeyCode::Digit0, KeyCode::Numpad0]) {
            act(Action::Digit(0));
        }
        if pressed(&[KeyCode::Backspace]) {
            act(Action::Erase);
        }
        let selected = room.selected();
        if pressed(&[KeyCode::ArrowDown]) {
            act(Action::Select(selected + 1));
        }
        if pressed(&[KeyCode::ArrowUp]) && selected > 0 {
            act(Action::Select(selected - 1));
        }
        if pressed(&[KeyCode::Equal, KeyCode::NumpadAdd]) {
            act(Action::Adjust {
                option: selected,
                delta: 1,
            });
        }
        if pressed(&[KeyCode::Minus, KeyCode::NumpadSubtract]) {
            act(Action::Adjust {
                option: selected,
                delta: -1,
            });
        }
    }
    // Last, so that counts typed in the same frame are in before the vote is decided.
    if pressed(&[KeyCode::PageDown, KeyCode::ArrowRight]) {
        act(Action::Advance);
    }
    if pressed(&[KeyCode::PageUp, KeyCode::ArrowLeft]) {
        act(Action::Back);
    }
}

/// A click leaves focus on the clicked button, where Space would press it again instead of
/// pausing: on the workshop screen, focus only stays when it came from the keyboard.
fn drop_pointer_focus(mouse: Res<ButtonInput<MouseButton>>, mut focus: ResMut<InputFocus>) {
    if mouse.just_released(MouseButton::Left) && focus.get().is_some() {
        focus.clear();
    }
}
