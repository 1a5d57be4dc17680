//! A cut session's recap: the decisions taken by the author's default since the room's last
//! one, each with what it led to and its visible changes, before the next pivotal decision.

use bevy::prelude::*;

use crate::adapters::room::WorkshopSession;
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::meters::changes;
use crate::widgets::{callout, muted, scroll_panel, text, toned_text};

pub(super) fn meanwhile(story: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let Some((team, range)) = s.room.recap() else {
        return;
    };
    let play = &s.room.workshop().teams()[team];
    let scenario = &s.scenario;
    let shown = s.room.workshop().setup.meters_visible;
    story
        .spawn(scroll_panel(Node {
            flex_grow: 1.0,
            ..default()
        }))
        .with_children(|panel| {
            panel.spawn(toned_text(TextRole::Stage, "Meanwhile…", Tone::Accent));
            panel.spawn(muted(
                TextRole::Small,
                "Between the room's decisions, the lead made these calls.",
            ));
            for n in range {
                let Some(decision) = play.run.history().get(n) else {
                    continue;
                };
                panel.spawn(callout()).with_children(|what| {
                    what.spawn(toned_text(
                        TextRole::Title,
                        format!("“{}”", play.run.chosen_text(scenario, decision)),
                        Tone::Text,
                    ));
                    for line in play.run.consequences(scenario, n) {
                        what.spawn(text(TextRole::Body, line));
                    }
                    if shown {
                        what.spawn(changes(
                            scenario,
                            &decision.visible_changes(scenario),
                            TextRole::Small,
                        ));
                    }
                });
            }
            if play.run.is_finished() {
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
