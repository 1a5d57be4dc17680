//! The play screen: who speaks and what they say, the choices, and the state of things —
//! meters, trust, the clock, and the consequences still to come.

use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use bevy::ui::InteractionDisabled;
use promoted_engine::Scenario;
use promoted_engine::run::Decision;

use super::Screen;
use super::meters::{change, meter_row};
use crate::menu::{Menu, OpenMenu};
use crate::session::{Choose, Session, UndoDecision};
use crate::theme::palette::{ACCENT, BAD, BORDER, PANEL_RAISED, TEXT_DISABLED, TEXT_MUTED};
use crate::theme::typography::TextRole;
use crate::theme::widgets::{
    ButtonLook, activates, button, callout, colored_text, muted, screen_root, scroll_panel, text,
};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Play), spawn_frame)
        .add_systems(Update, render.run_if(in_state(Screen::Play)))
        .add_systems(
            PostUpdate,
            report_choice_positions.after(bevy::ui::UiSystems::Layout),
        );
}

/// Where each choice landed on screen, in CSS pixels: the browser tests click there, as a
/// player would.
fn report_choice_positions(
    choices: Query<(&ChoiceButton, &UiGlobalTransform), Changed<UiGlobalTransform>>,
    window: Single<&Window, With<bevy::window::PrimaryWindow>>,
) {
    for (choice, transform) in &choices {
        let at = transform.translation / window.scale_factor();
        let state = if choice.enabled {
            "enabled"
        } else {
            "disabled"
        };
        info!(
            "promoted: choice {} {state} at {:.0},{:.0}",
            choice.index, at.x, at.y
        );
    }
}

/// The play screen's root; its contents are rebuilt after every decision.
#[derive(Component)]
pub struct PlayView;

/// A choice button, with its index in the node's choices.
#[derive(Component, Debug)]
pub struct ChoiceButton {
    pub index: usize,
    pub enabled: bool,
}

/// The node's text, for tests and screen readers alike.
#[derive(Component)]
pub struct NodeText;

/// What the last decision led to.
#[derive(Component)]
pub struct ConsequenceLine;

fn spawn_frame(mut commands: Commands) {
    commands.spawn((
        Name::new("Play screen"),
        PlayView,
        DespawnOnExit(Screen::Play),
        TabGroup::new(0),
        screen_root(),
    ));
}

fn render(
    mut commands: Commands,
    session: Option<Res<Session>>,
    views: Query<Entity, Added<PlayView>>,
    existing: Query<Entity, With<PlayView>>,
) {
    let Some(session) = session else {
        return;
    };
    let rebuild = session.is_changed() || !views.is_empty();
    if !rebuild {
        return;
    }
    for view in &existing {
        commands
            .entity(view)
            .despawn_children()
            .with_children(|view| {
                top_bar(view, &session);
                view.spawn(Node {
                    flex_grow: 1.0,
                    flex_direction: FlexDirection::Row,
                    column_gap: px(20),
                    min_height: px(0),
                    ..default()
                })
                .with_children(|main| {
                    main.spawn(Node {
                        flex_grow: 1.0,
                        flex_basis: px(0),
                        flex_direction: FlexDirection::Column,
                        row_gap: px(14),
                        min_height: px(0),
                        ..default()
                    })
                    .with_children(|story| {
                        story_panel(story, &session);
                        choices(story, &session);
                    });
                    side_panel(main, &session);
                });
            });
    }
}

fn top_bar(view: &mut ChildSpawnerCommands, session: &Session) {
    let scenario = &session.scenario;
    let state = session.run.state();
    view.spawn(Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: px(16),
        ..default()
    })
    .with_children(|bar| {
        bar.spawn((
            colored_text(TextRole::Title, scenario.title.clone(), ACCENT),
            Node {
                flex_grow: 1.0,
                ..default()
            },
        ));
        if let Some(clock) = &scenario.clock {
            let left = state.days_left();
            let color = match left {
                ..=0 => BAD,
                1..=2 => ACCENT,
                _ => crate::theme::palette::TEXT,
            };
            let label = clock.status(state.day(), left);
            bar.spawn((colored_text(TextRole::Small, label, color), ClockLabel));
        }
        let mut undo = bar.spawn(button("Undo (U)", ButtonLook::Secondary, UndoDecision));
        if session.run.history().is_empty() {
            undo.insert(InteractionDisabled);
        }
        bar.spawn(button(
            "Menu (Esc)",
            ButtonLook::Secondary,
            OpenMenu(Menu::Pause),
        ));
    });
}

/// The clock in the top bar.
#[derive(Component)]
pub struct ClockLabel;

fn story_panel(story: &mut ChildSpawnerCommands, session: &Session) {
    let scenario = &session.scenario;
    let run = &session.run;
    story
        .spawn(scroll_panel(Node {
            flex_grow: 1.0,
            padding: UiRect::all(px(20)),
            ..default()
        }))
        .with_children(|panel| {
            if let Some(last) = run.history().last() {
                consequences(panel, scenario, session, last);
            } else if let Some(play) = &session.campaign {
                let chapter = &play.campaign.chapters[play.progress.chapter];
                panel.spawn((
                    callout(),
                    children![
                        colored_text(
                            TextRole::Small,
                            format!(
                                "{} · chapter {} of {}",
                                play.campaign.title,
                                play.progress.chapter + 1,
                                play.campaign.chapters.len()
                            ),
                            ACCENT
                        ),
                        text(TextRole::Small, chapter.intro.clone()),
                    ],
                ));
            }
            match scenario.speaker(run.state().node()) {
                Some(speaker) => {
                    panel.spawn((
                        colored_text(
                            TextRole::Title,
                            format!("{} — {}", speaker.name, speaker.role),
                            ACCENT,
                        ),
                        SpeakerLabel,
                    ));
                }
                None => {
                    panel.spawn((muted(TextRole::Small, "What happens"), SpeakerLabel));
                }
            }
            panel.spawn((text(TextRole::Body, run.text(scenario)), NodeText));
        });
}

/// The speaker's name and role.
#[derive(Component)]
pub struct SpeakerLabel;

fn consequences(
    panel: &mut ChildSpawnerCommands,
    scenario: &Scenario,
    session: &Session,
    last: &Decision,
) {
    let lines = session.run.consequences(scenario, last);
    let changes: Vec<_> = scenario
        .meters
        .iter()
        .zip(last.before.meters().iter().zip(&last.meters_after))
        .filter(|(m, (before, after))| m.visible && before != after)
        .map(|(m, (before, after))| {
            change(
                format!("{} ", short_label(scenario, m)),
                m,
                after - before,
                TextRole::Small,
            )
        })
        .collect();
    if lines.is_empty() && changes.is_empty() {
        return;
    }
    panel.spawn((callout(),)).with_children(|box_| {
        for line in lines {
            box_.spawn((text(TextRole::Small, line), ConsequenceLine));
        }
        if !changes.is_empty() {
            box_.spawn(Node {
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(16),
                row_gap: px(4),
                ..default()
            })
            .with_children(|chips| {
                for chip in changes {
                    chips.spawn(chip);
                }
            });
        }
    });
}

/// A stakeholder's trust reads as their name alone where space is short.
fn short_label(scenario: &Scenario, meter: &promoted_engine::scenario::Meter) -> String {
    match meter.stakeholder {
        Some(i) => format!(
            "{}'s trust",
            scenario.cast[i].name.split(' ').next().unwrap_or_default()
        ),
        None => meter.label.clone(),
    }
}

fn choices(story: &mut ChildSpawnerCommands, session: &Session) {
    let views = session.run.choices(&session.scenario);
    story
        .spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(8),
            ..default()
        })
        .with_children(|list| {
            for (number, view) in views.into_iter().enumerate() {
                let enabled = view.disabled.is_none();
                let mut button = list.spawn((
                    Name::new(format!("Choice {}", view.id)),
                    ChoiceButton {
                        index: view.index,
                        enabled,
                    },
                    Node {
                        flex_direction: FlexDirection::Row,
                        align_items: AlignItems::Center,
                        column_gap: px(14),
                        padding: UiRect::axes(px(14), px(10)),
                        border_radius: BorderRadius::all(px(8)),
                        border: UiRect::all(px(1)),
                        ..default()
                    },
                    BorderColor::all(BORDER),
                    activates(Choose(view.index)),
                ));
                let text_color = if enabled {
                    crate::theme::palette::TEXT
                } else {
                    TEXT_DISABLED
                };
                button.with_children(|b| {
                    b.spawn((
                        Node {
                            width: px(34),
                            height: px(34),
                            flex_shrink: 0.0,
                            justify_content: JustifyContent::Center,
                            align_items: AlignItems::Center,
                            border_radius: BorderRadius::all(px(17)),
                            ..default()
                        },
                        BackgroundColor(if enabled { ACCENT } else { BORDER }),
                        Pickable::IGNORE,
                        children![colored_text(
                            TextRole::Small,
                            (number + 1).to_string(),
                            crate::theme::palette::ACCENT_TEXT
                        )],
                    ));
                    b.spawn((
                        Node {
                            flex_direction: FlexDirection::Column,
                            row_gap: px(2),
                            flex_shrink: 1.0,
                            ..default()
                        },
                        Pickable::IGNORE,
                    ))
                    .with_children(|words| {
                        words.spawn(colored_text(
                            TextRole::Choice,
                            view.text.clone(),
                            text_color,
                        ));
                        if let Some(reason) = &view.disabled {
                            words.spawn(muted(TextRole::Small, format!("Not available: {reason}")));
                        }
                    });
                });
                if !enabled {
                    button.insert(InteractionDisabled);
                }
            }
        });
}

fn side_panel(main: &mut ChildSpawnerCommands, session: &Session) {
    let scenario = &session.scenario;
    let run = &session.run;
    let now = run.state().meters();
    let before = run.history().last().map_or(now, |d| d.before.meters());
    main.spawn(scroll_panel(Node {
        width: px(380),
        flex_shrink: 0.0,
        row_gap: px(10),
        ..default()
    }))
    .with_children(|side| {
        side.spawn(text(TextRole::Title, "The team and you"));
        for (i, m) in scenario.meters.iter().enumerate() {
            if m.visible && m.stakeholder.is_none() {
                side.spawn((
                    meter_row(m.label.clone(), m, before[i], now[i]),
                    MeterRow(m.id.clone()),
                ));
            }
        }
        side.spawn(text(TextRole::Title, "Stakeholders"));
        for person in &scenario.cast {
            let i = usize::from(person.trust);
            let m = &scenario.meters[i];
            side.spawn((
                meter_row(
                    format!("{} · {}", person.name, person.role),
                    m,
                    before[i],
                    now[i],
                ),
                MeterRow(m.id.clone()),
            ));
        }
        if !run.state().pending().is_empty() {
            side.spawn(text(TextRole::Title, "Still to come"));
            for pending in run.state().pending() {
                let due = pending.due.saturating_sub(run.state().decisions());
                let choice = &scenario.node(pending.node).choices[usize::from(pending.choice)];
                let when = if due <= 1 {
                    "after your next decision".to_owned()
                } else {
                    format!("in {due} decisions")
                };
                side.spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::all(px(10)),
                        border_radius: BorderRadius::all(px(8)),
                        row_gap: px(2),
                        ..default()
                    },
                    BackgroundColor(PANEL_RAISED),
                    UpcomingCard,
                    children![
                        colored_text(TextRole::Small, format!("Comes due {when}"), ACCENT),
                        colored_text(
                            TextRole::Small,
                            format!("from “{}”", choice.text.render(scenario, run.state())),
                            TEXT_MUTED
                        ),
                    ],
                ));
            }
        }
    });
}

/// A meter's row in the side panel, by meter id.
#[derive(Component, Debug)]
pub struct MeterRow(pub String);

/// A consequence still to come.
#[derive(Component)]
pub struct UpcomingCard;
