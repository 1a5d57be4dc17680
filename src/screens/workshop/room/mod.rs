//! The room's screen during a workshop: the situation and the options in large type, the
//! countdown, the tally as a split bar, the reveal, and the scoreboard between teams. It is
//! rebuilt from the room whenever it changes; the countdown updates in place.

mod meanwhile;
mod overlays;
mod reveal;
mod scoreboard;
mod side;
mod situation;

use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use promoted_engine::workshop::{Length, Stage, TeamPlay, Voting};

use super::setup::team_colour;
use crate::AppSystems;
use crate::adapters::phones::{PhoneStatus, Phones};
use crate::adapters::room::{Facilitate, WorkshopSession};
use crate::screens::Screen;
use crate::screens::menu::{Menu, OpenMenu};
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::{ButtonLook, button, muted, row, screen_root, text, toned_text};

pub use overlays::PromptCard;
pub use side::{CountdownText, TallyBar};
pub use situation::OptionRow;

use promoted_engine::workshop::Action;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Workshop), spawn_frame)
        .add_systems(
            Update,
            (render, side::update_countdown)
                .chain()
                .in_set(AppSystems::Render)
                .run_if(in_state(Screen::Workshop)),
        );
}

/// The workshop screen's root.
#[derive(Component)]
struct WorkshopView;

/// The stage name in the top bar.
#[derive(Component)]
pub struct StageLabel;

fn spawn_frame(mut commands: Commands) {
    commands.spawn((
        Name::new("Workshop screen"),
        WorkshopView,
        DespawnOnExit(Screen::Workshop),
        TabGroup::new(0),
        screen_root(),
    ));
}

fn render(
    mut commands: Commands,
    session: Option<Res<WorkshopSession>>,
    phones: Res<Phones>,
    views: Query<(Entity, Ref<WorkshopView>)>,
) {
    let Some(session) = session else {
        return;
    };
    let Ok((root, view)) = views.single() else {
        return;
    };
    if !(view.is_added() || session.is_changed() || phones.is_changed()) {
        return;
    }
    let s = &*session;
    let stage = s.room.stage();
    commands
        .entity(root)
        .despawn_children()
        .with_children(|root| {
            top_bar(root, s);
            root.spawn(Node {
                flex_grow: 1.0,
                column_gap: px(20),
                min_height: px(0),
                ..default()
            })
            .with_children(|main| {
                main.spawn(Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(12),
                    min_height: px(0),
                    ..default()
                })
                .with_children(|story| match stage {
                    Stage::Reveal => reveal::reveal(story, s),
                    Stage::Meanwhile => meanwhile::meanwhile(story, s),
                    Stage::Handover => scoreboard::scoreboard(story, s),
                    _ => situation::situation(story, s, &phones),
                });
                // Reading gets the whole width; the other stages have something to show beside.
                if stage != Stage::Read {
                    side::side(main, s, &phones);
                }
            });
            hints(root, s, &phones);
            overlays::overlays(root, s);
        });
}

fn top_bar(root: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let room = &s.room;
    let stage = room.stage();
    root.spawn(row(16.0)).with_children(|bar| {
        bar.spawn((
            toned_text(TextRole::Title, s.scenario.title.clone(), Tone::Accent),
            Node {
                flex_grow: 1.0,
                ..default()
            },
        ));
        if let Some(team) = room.shown_team().map(|t| &room.workshop().teams()[t]) {
            let label = match stage {
                Stage::Handover => format!("Next: {}", team.team.name),
                _ => format!(
                    "{} · decision {}",
                    team.team.name,
                    decision_number(team, stage)
                ),
            };
            bar.spawn(team_chip(team, label));
        }
        let steps: &[Stage] = match (stage, room.workshop().setup.length) {
            (Stage::Handover, _) => &[Stage::Handover],
            (_, Length::Cut) => &[
                Stage::Meanwhile,
                Stage::Read,
                Stage::Discuss,
                Stage::Vote,
                Stage::Reveal,
            ],
            (_, Length::Full) => &[Stage::Read, Stage::Discuss, Stage::Vote, Stage::Reveal],
        };
        for &step in steps {
            if step == Stage::Discuss && room.workshop().setup.discussion_seconds == 0 {
                continue;
            }
            let current = step.label() == stage.label();
            let tone = if current {
                Tone::Accent
            } else {
                Tone::TextDisabled
            };
            let mut label = bar.spawn(toned_text(TextRole::Small, step.label(), tone));
            if current {
                label.insert(StageLabel);
            }
        }
        bar.spawn(button(
            "Undo (U)",
            ButtonLook::Secondary,
            Facilitate(Action::Undo),
        ));
        bar.spawn(button(
            "Menu (Esc)",
            ButtonLook::Secondary,
            OpenMenu(Menu::Pause),
        ));
    });
}

/// The room's decision's number for the team: the one being made, or the one just revealed
/// (a cut's defaults are not the room's).
fn decision_number(team: &TeamPlay, stage: Stage) -> usize {
    match stage {
        Stage::Reveal => team.room_votes(),
        _ => team.room_votes() + 1,
    }
}

/// A team's name in a ring of its own colour.
fn team_chip(team: &TeamPlay, label: String) -> impl Bundle {
    (
        Node {
            flex_shrink: 0.0,
            column_gap: px(8),
            align_items: AlignItems::Center,
            padding: UiRect::axes(px(12), px(6)),
            border_radius: BorderRadius::all(px(16)),
            border: UiRect::all(px(2)),
            ..default()
        },
        BorderColor::all(team_colour(&team.team.colour)),
        children![
            (
                Node {
                    width: px(16),
                    height: px(16),
                    border_radius: BorderRadius::all(px(8)),
                    ..default()
                },
                BackgroundColor(team_colour(&team.team.colour)),
            ),
            text(TextRole::Small, label),
        ],
    )
}

fn hints(root: &mut ChildSpawnerCommands, s: &WorkshopSession, phones: &Phones) {
    let room = &s.room;
    let setup = &room.workshop().setup;
    let counting = setup.voting == Voting::Counts;
    let on_phones = room.phones().is_some();
    let hint = match room.stage() {
        Stage::Read if setup.discussion_seconds > 0 => "PageDown starts the discussion",
        Stage::Read => "PageDown opens the vote",
        Stage::Discuss => "Space pauses · E adds 30 s · PageDown opens the vote",
        Stage::Vote if on_phones && phones.linked() => {
            "Phones vote now · V shows the counts · type hands for people without a phone · H counts hands alone · PageDown closes the vote"
        }
        Stage::Vote if counting => {
            "Up/Down picks an option · type its count · + and − adjust · PageDown reveals"
        }
        Stage::Vote => "Press the number of the option the majority chose",
        Stage::TieBreak => "A tie: press the number of the tied option the room goes with",
        Stage::Reveal => "PageDown goes on · PageUp takes the decision back",
        Stage::Meanwhile => "PageDown goes on to the room's next decision",
        Stage::Handover => "PageDown hands over to the next team",
        Stage::Debrief => "U takes the last decision back",
    };
    root.spawn(row(16.0)).with_children(|line| {
        line.spawn(muted(
            TextRole::Small,
            format!("{hint} · B blanks · P prompt · Esc menu"),
        ));
        if let Some(message) = room.message() {
            line.spawn(toned_text(TextRole::Small, message.to_owned(), Tone::Bad));
        }
        if on_phones && phones.status != PhoneStatus::Ready {
            line.spawn(toned_text(TextRole::Small, phones.says(), Tone::Bad));
        }
        if room.stage() == Stage::TieBreak {
            let available = room.available(&s.scenario);
            let tied: Vec<String> = room
                .tied(&s.scenario)
                .iter()
                .filter_map(|i| available.iter().position(|a| a == i))
                .map(|p| (p + 1).to_string())
                .collect();
            line.spawn(toned_text(
                TextRole::Title,
                format!(
                    "Tie between {} — the facilitator decides",
                    tied.join(" and ")
                ),
                Tone::Accent,
            ));
        }
    });
}
