//! A one-line text field: while it has the keyboard, keys type into it instead of acting;
//! Enter keeps what was typed, Esc cancels. Which field is being typed into is the screen's
//! business ([`Typing::field`]); this module only collects the keys and says when typing
//! ends ([`Typed`]).

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use promoted_engine::workshop::Field;

use crate::AppSystems;

/// What is being typed, if anything.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct Typing {
    pub field: Option<Field>,
    pub buffer: String,
}

impl Typing {
    /// Start typing into `field`, from empty.
    pub fn start(&mut self, field: Field) {
        self.field = Some(field);
        self.buffer.clear();
    }

    /// The field's value as shown: what is being typed into it with a caret, or `value`.
    pub fn shown(&self, field: Field, value: String) -> String {
        match self.field {
            Some(f) if f == field => format!("{}▏", self.buffer),
            _ => value,
        }
    }

    /// Stop typing, handing back what was typed.
    pub fn finish(&mut self) -> Option<(Field, String)> {
        let field = self.field.take()?;
        Some((field, std::mem::take(&mut self.buffer)))
    }
}

/// Typing ended with Enter: keep `text` in `field`.
#[derive(Event, Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub field: Field,
    pub text: String,
}

/// Whether keys are free to act (no field is being typed into); other key handlers run
/// only then.
pub fn not_typing(typing: Option<Res<Typing>>) -> bool {
    typing.is_none_or(|t| t.field.is_none())
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Typing>()
        // Registered by the input plugin in a real app; here too so headless apps run.
        .add_message::<KeyboardInput>()
        .add_systems(Update, type_keys.in_set(AppSystems::Typing));
}

fn type_keys(
    mut commands: Commands,
    mut keys: MessageReader<KeyboardInput>,
    mut typing: ResMut<Typing>,
) {
    let Some(field) = typing.field else {
        keys.clear();
        return;
    };
    for key in keys.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        match &key.logical_key {
            Key::Enter => {
                if let Some((field, text)) = typing.finish() {
                    commands.trigger(Typed { field, text });
                }
                return;
            }
            Key::Escape => {
                *typing = Typing::default();
                return;
            }
            Key::Backspace => {
                typing.buffer.pop();
            }
            _ => {
                let Some(text) = &key.text else {
                    continue;
                };
                for c in text.chars() {
                    let fits = if field.numeric() {
                        c.is_ascii_digit()
                    } else {
                        !c.is_control()
                    };
                    if fits && typing.buffer.chars().count() < field.max_chars() {
                        typing.buffer.push(c);
                    }
                }
            }
        }
    }
}
