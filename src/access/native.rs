//! Natively, what a screen says goes to Bevy's AccessKit integration: each entity that speaks
//! gets its role, words and state, and a screen reader's click activates the button as a
//! mouse click would.

use accesskit::{Action, Live, Node, Role, Toggled as AccessToggled};
use bevy::a11y::{AccessibilityNode, ActionRequest};
use bevy::prelude::*;

use super::{ActivateNamed, Speakers, Spoken};
use crate::AppSystems;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<ActionRequest>()
        .add_systems(
            PostUpdate,
            speak
                .after(AppSystems::Describe)
                .run_if(resource_changed::<Speakers>),
        )
        .add_systems(Update, act.in_set(AppSystems::Keys));
}

/// The AccessKit node an entity's words make.
pub fn node_for(spoken: &Spoken) -> Node {
    match spoken {
        Spoken::Heading(level, text) => {
            let mut node = Node::new(Role::Heading);
            node.set_level(usize::from(*level));
            node.set_label(text.as_str());
            node
        }
        Spoken::Text(text) => {
            let mut node = Node::new(Role::Label);
            node.set_value(text.as_str());
            node
        }
        Spoken::Button(control) => {
            let mut node = Node::new(Role::Button);
            node.set_label(control.label.as_str());
            if control.disabled {
                node.set_disabled();
            } else {
                node.add_action(Action::Click);
                node.add_action(Action::Focus);
            }
            if let Some(pressed) = control.pressed {
                node.set_toggled(if pressed {
                    AccessToggled::True
                } else {
                    AccessToggled::False
                });
            }
            node
        }
        Spoken::Live => {
            let mut node = Node::new(Role::Group);
            node.set_live(Live::Polite);
            node
        }
    }
}

fn speak(mut commands: Commands, speakers: Res<Speakers>) {
    for (entity, spoken) in &speakers.0 {
        if let Ok(mut entity) = commands.get_entity(*entity) {
            entity.try_insert(AccessibilityNode(node_for(spoken)));
        }
    }
}

/// A screen reader's click on a button.
fn act(mut requests: MessageReader<ActionRequest>, mut commands: Commands) {
    for request in requests.read() {
        if request.action == Action::Click {
            commands.trigger(ActivateNamed(request.target_node.0));
        }
    }
}
