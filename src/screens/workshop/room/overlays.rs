//! What the facilitator puts over the room's screen: the blank screen, the paused card, and
//! the prompt.

use bevy::prelude::*;

use crate::adapters::room::WorkshopSession;
use crate::theme::palette::{Edge, Fill, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::{full_screen_layer, text, toned_text};

/// The facilitator's prompt, when shown.
#[derive(Component)]
pub struct PromptCard;

/// Above the screen, below the menu (which the facilitator can still open).
const LAYER: i32 = 5;

pub(super) fn overlays(root: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let controls = s.room.controls();
    if controls.blank {
        // Black in every theme: the room should look at the facilitator, not at a screen.
        root.spawn((
            full_screen_layer(Color::BLACK, LAYER),
            Name::new("Blank screen"),
        ))
        .with_children(|l| {
            l.spawn(toned_text(
                TextRole::Small,
                "B brings the screen back",
                Tone::TextDisabled,
            ));
        });
        return;
    }
    if controls.paused {
        root.spawn(full_screen_layer(Color::srgba(0.0, 0.0, 0.0, 0.75), LAYER))
            .with_children(|l| {
                l.spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        row_gap: px(12),
                        padding: UiRect::all(px(40)),
                        border_radius: BorderRadius::all(px(12)),
                        ..default()
                    },
                    Fill(Tone::PanelRaised),
                    children![
                        toned_text(TextRole::Display, "Paused", Tone::Accent),
                        text(TextRole::Title, "Space to go on"),
                    ],
                ));
            });
    }
    if controls.prompt {
        root.spawn((
            PromptCard,
            Node {
                position_type: PositionType::Absolute,
                left: px(60),
                right: px(60),
                bottom: px(70),
                flex_direction: FlexDirection::Column,
                row_gap: px(8),
                padding: UiRect::all(px(24)),
                border_radius: BorderRadius::all(px(12)),
                border: UiRect::all(px(3)),
                ..default()
            },
            GlobalZIndex(LAYER - 1),
            Fill(Tone::PanelRaised),
            Edge(Tone::Accent),
            children![
                toned_text(
                    TextRole::Small,
                    "Facilitator prompt · P hides it",
                    Tone::Accent
                ),
                text(TextRole::Stage, prompt(s)),
            ],
        ));
    }
}

/// The prompt of the node the room faces (or just decided), or why there is none.
fn prompt(s: &WorkshopSession) -> String {
    let workshop = s.room.workshop();
    if !workshop.setup.prompts {
        return "Prompts are off for this session.".to_owned();
    }
    let team = s.room.team().or_else(|| workshop.order().last().copied());
    team.and_then(|t| {
        let node = workshop.teams()[t].run.state().node();
        s.scenario.node(node).prompt.clone()
    })
    .unwrap_or_else(|| "No prompt for this moment: ask the room what they noticed.".to_owned())
}
