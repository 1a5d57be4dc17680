//! Read, discuss and vote: who speaks, what they say, and the options with their counts.

use bevy::prelude::*;
use promoted_engine::ChoiceIdx;
use promoted_engine::workshop::{Action, Stage, Voting, votes};

use super::super::setup::option_colour;
use crate::adapters::phones::Phones;
use crate::adapters::room::{Facilitate, WorkshopSession};
use crate::theme::palette::{Edge, Fill, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::{ButtonLook, activates, button, scroll_panel, text, toned_text};

/// An option on screen, by its place among the node's choices, with its count while voting.
#[derive(Component, Debug)]
pub struct OptionRow {
    pub index: ChoiceIdx,
    pub votes: u32,
}

pub(super) fn situation(story: &mut ChildSpawnerCommands, s: &WorkshopSession, phones: &Phones) {
    let room = &s.room;
    let Some(team) = room.team() else {
        return;
    };
    let run = &room.workshop().teams()[team].run;
    let scenario = &s.scenario;
    let stage = room.stage();
    let voting = matches!(stage, Stage::Vote | Stage::TieBreak);
    let counting = room.workshop().setup.voting != Voting::Majority;
    // On phones the split stays hidden until the facilitator shows it: the options show the
    // hands typed for people without a phone.
    let hidden = phones.hide_split(room);
    let counts = if hidden {
        room.tally().to_vec()
    } else {
        room.counts()
    };
    // While the room votes, the options and their counts take the screen.
    if !voting {
        story
            .spawn(scroll_panel(Node {
                flex_grow: 1.0,
                ..default()
            }))
            .with_children(|panel| {
                let who = scenario.speaker(run.state().node()).map_or_else(
                    || "What happens".to_owned(),
                    |p| format!("{} — {}", p.name, p.role),
                );
                panel.spawn(toned_text(TextRole::Title, who, Tone::Accent));
                panel.spawn(text(TextRole::Stage, run.text(scenario)));
            });
    }
    let tied = if stage == Stage::TieBreak {
        room.tied(scenario)
    } else {
        Vec::new()
    };
    story
        .spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(8),
            flex_shrink: 0.0,
            ..default()
        })
        .with_children(|list| {
            let options = run
                .choices(scenario)
                .into_iter()
                .filter(|c| c.disabled.is_none());
            for (position, view) in options.enumerate() {
                let count = votes(&counts, view.index);
                let selected = stage == Stage::Vote && counting && position == room.selected();
                let is_tied = tied.contains(&view.index);
                let dimmed = stage == Stage::TieBreak && !is_tied;
                let mut option = list.spawn((
                    Name::new(format!("Option {}", view.id)),
                    OptionRow {
                        index: view.index,
                        votes: count,
                    },
                    Node {
                        align_items: AlignItems::Center,
                        column_gap: px(14),
                        padding: UiRect::axes(px(14), px(8)),
                        border_radius: BorderRadius::all(px(8)),
                        border: UiRect::all(px(if selected { 3.0 } else { 1.0 })),
                        ..default()
                    },
                    Edge(if selected || is_tied {
                        Tone::Accent
                    } else {
                        Tone::Border
                    }),
                    Fill(Tone::Panel),
                ));
                option.with_children(|o| {
                    let mut number = o.spawn(badge(position));
                    if dimmed {
                        number.insert(Fill(Tone::Border));
                    }
                    o.spawn((
                        toned_text(
                            TextRole::Stage,
                            view.text.clone(),
                            if dimmed {
                                Tone::TextDisabled
                            } else {
                                Tone::Text
                            },
                        ),
                        Node {
                            flex_grow: 1.0,
                            flex_shrink: 1.0,
                            ..default()
                        },
                    ));
                    if voting && counting {
                        let adjust = |delta| {
                            Facilitate(Action::Adjust {
                                option: position,
                                delta,
                            })
                        };
                        o.spawn(button("−", ButtonLook::Secondary, adjust(-1)));
                        let figure = if hidden {
                            format!("+{count}")
                        } else {
                            count.to_string()
                        };
                        o.spawn((
                            toned_text(TextRole::Figure, figure, Tone::Text),
                            Node {
                                min_width: px(70),
                                justify_content: JustifyContent::Center,
                                ..default()
                            },
                        ));
                        o.spawn(button("+", ButtonLook::Secondary, adjust(1)));
                    }
                });
                // Clicking an option picks it where a pick is what is asked for.
                let picking =
                    (stage == Stage::Vote && !counting) || (stage == Stage::TieBreak && is_tied);
                if picking {
                    option.insert(activates(Facilitate(Action::Pick(position))));
                } else if stage == Stage::Vote {
                    option.insert(activates(Facilitate(Action::Select(position))));
                }
            }
        });
}

/// An option's number in its own colour.
fn badge(position: usize) -> impl Bundle {
    (
        Node {
            width: px(44),
            height: px(44),
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(px(22)),
            ..default()
        },
        BackgroundColor(option_colour(position)),
        Pickable::IGNORE,
        children![toned_text(
            TextRole::Title,
            (position + 1).to_string(),
            Tone::AccentText
        )],
    )
}
