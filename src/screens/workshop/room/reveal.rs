//! What the decision led to, large: the choice, the split, the consequences, the changes.

use bevy::prelude::*;

use crate::adapters::room::WorkshopSession;
use crate::screens::play::ConsequenceLine;
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::meters::changes;
use crate::widgets::{callout, muted, scroll_panel, text, toned_text};

pub(super) fn reveal(story: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let Some((_, play)) = s.room.workshop().last() else {
        return;
    };
    // In a cut, the defaults that followed are the next recap's, not this reveal's.
    let Some(n) = play.room_decision() else {
        return;
    };
    let (Some(decision), Some(vote)) = (play.run.history().get(n), play.votes.get(n)) else {
        return;
    };
    let scenario = &s.scenario;
    story
        .spawn(scroll_panel(Node {
            flex_grow: 1.0,
            ..default()
        }))
        .with_children(|panel| {
            panel.spawn(muted(
                TextRole::Title,
                format!("{} chose, {}:", play.team.name, vote.split().words()),
            ));
            panel.spawn(toned_text(
                TextRole::Stage,
                format!("“{}”", play.run.chosen_text(scenario, decision)),
                Tone::Accent,
            ));
            panel.spawn(callout()).with_children(|what| {
                for line in play.run.consequences(scenario, n) {
                    what.spawn((text(TextRole::Stage, line), ConsequenceLine));
                }
            });
            if s.room.workshop().setup.meters_visible {
                panel.spawn(changes(
                    scenario,
                    &decision.visible_changes(scenario),
                    TextRole::Stage,
                ));
            }
            if play.run.is_finished() && play.meanwhile().is_empty() {
                let ending = play
                    .run
                    .ending(scenario)
                    .map_or("no ending", |e| e.title.as_str());
                panel.spawn(toned_text(
                    TextRole::Title,
                    format!("{} has reached the end: {ending}.", play.team.name),
                    Tone::Accent,
                ));
            }
        });
}
