//! Between turns: where every team stands, and whose turn is next.

use bevy::prelude::*;
use promoted_engine::Scenario;
use promoted_engine::workshop::TeamPlay;

use super::super::debrief::ResultRow;
use super::team_chip;
use crate::adapters::room::WorkshopSession;
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::{muted, row, scroll_panel, text, toned_text};

pub(super) fn scoreboard(story: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let workshop = s.room.workshop();
    story
        .spawn(scroll_panel(Node {
            flex_grow: 1.0,
            ..default()
        }))
        .with_children(|panel| {
            panel.spawn(toned_text(TextRole::Heading, "Scoreboard", Tone::Accent));
            // One block per team: its name and progress, then its meters beneath.
            for (i, team) in workshop.teams().iter().enumerate() {
                let status = match team.run.ending(&s.scenario) {
                    Some(ending) => format!("finished: {}", ending.title),
                    None if team.votes.len() == 1 => "1 decision made".to_owned(),
                    None => format!("{} decisions made", team.votes.len()),
                };
                panel
                    .spawn((
                        Node {
                            flex_direction: FlexDirection::Column,
                            row_gap: px(4),
                            ..default()
                        },
                        ResultRow(i),
                    ))
                    .with_children(|block| {
                        block.spawn(row(20.0)).with_children(|line| {
                            line.spawn(team_chip(team, team.team.name.clone()));
                            line.spawn(text(TextRole::Stage, status));
                        });
                        if workshop.setup.meters_visible {
                            block.spawn(muted(TextRole::Small, meters_summary(&s.scenario, team)));
                        }
                    });
            }
            if let Some(next) = s.room.team() {
                panel.spawn(toned_text(
                    TextRole::Title,
                    format!(
                        "Next: {} — PageDown when they are ready",
                        workshop.teams()[next].team.name
                    ),
                    Tone::Accent,
                ));
            }
        });
}

fn meters_summary(scenario: &Scenario, team: &TeamPlay) -> String {
    scenario
        .meters
        .iter()
        .zip(team.run.state().meters())
        .filter(|(m, _)| m.visible && m.stakeholder.is_none())
        .map(|(m, v)| format!("{} {v}", m.label))
        .collect::<Vec<_>>()
        .join(" · ")
}
