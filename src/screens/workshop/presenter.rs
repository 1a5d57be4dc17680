//! The presenter window natively: a second window of the app for the facilitator's laptop,
//! drawn from the room's [`Briefing`] — the stage and timer, each option's coach's note and
//! what it would lead to, the prompt, the pivotal note, the agenda clock and the plan. The
//! room's window never shows any of it. Keys work in both windows: Bevy's keyboard input is
//! the app's, whichever window has focus. (The browser opens a page of its own instead.)

use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::window::WindowRef;
use promoted_engine::workshop::Briefing;

use super::setup::option_colour;
use crate::AppSystems;
use crate::adapters::presenter::{CurrentBriefing, OpenPresenter};
use crate::theme::palette::{Fill, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::{callout, coloured_text, muted, text, toned_text};

/// The presenter's window, its camera and its root, despawned together.
#[derive(Component)]
pub struct PresenterWindow;

/// The root of what the presenter window draws.
#[derive(Component)]
pub struct PresenterView;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(open)
        .add_systems(Update, (render, close).in_set(AppSystems::Render));
}

fn open(_: On<OpenPresenter>, mut commands: Commands, windows: Query<(), With<PresenterWindow>>) {
    if !windows.is_empty() {
        return;
    }
    let window = commands
        .spawn((
            Name::new("Presenter window"),
            PresenterWindow,
            Window {
                title: "Promoted — presenter (the facilitator's screen)".to_owned(),
                resolution: (1180, 800).into(),
                ..default()
            },
        ))
        .id();
    let camera = commands
        .spawn((
            PresenterWindow,
            Camera2d,
            RenderTarget::Window(WindowRef::Entity(window)),
        ))
        .id();
    commands.spawn((
        Name::new("Presenter view"),
        PresenterWindow,
        PresenterView,
        UiTargetCamera(camera),
        Node {
            width: percent(100),
            height: percent(100),
            padding: UiRect::axes(px(24), px(18)),
            column_gap: px(24),
            ..default()
        },
        Fill(Tone::Background),
    ));
}

/// Closing the presenter's window (which despawns its `Window`) takes its camera and view.
fn close(
    mut commands: Commands,
    parts: Query<Entity, With<PresenterWindow>>,
    windows: Query<(), (With<PresenterWindow>, With<Window>)>,
) {
    if !windows.is_empty() {
        return;
    }
    for part in &parts {
        commands.entity(part).despawn();
    }
}

fn render(
    mut commands: Commands,
    briefing: Res<CurrentBriefing>,
    views: Query<(Entity, Ref<PresenterView>)>,
) {
    let Ok((root, view)) = views.single() else {
        return;
    };
    if !(view.is_added() || briefing.is_changed()) {
        return;
    }
    commands
        .entity(root)
        .despawn_children()
        .with_children(|root| match &briefing.0 {
            Some(b) => draw(root, b),
            None => {
                root.spawn(muted(
                    TextRole::Title,
                    "The presenter window follows the workshop once it starts.",
                ));
            }
        });
}

fn column(grow: f32) -> impl Bundle {
    Node {
        flex_grow: grow,
        flex_basis: px(0),
        flex_direction: FlexDirection::Column,
        row_gap: px(10),
        overflow: Overflow::scroll_y(),
        ..default()
    }
}

fn draw(root: &mut ChildSpawnerCommands, b: &Briefing) {
    root.spawn(column(3.0)).with_children(|left| {
        let who = b.team.as_ref().map_or(String::new(), |t| {
            format!(" · {t}, decision {}", b.decision)
        });
        left.spawn(toned_text(
            TextRole::Title,
            format!("{}{who}", b.stage),
            Tone::Accent,
        ));
        let mut state = Vec::new();
        if let Some(c) = &b.countdown {
            state.push(format!("discussion {c}"));
        }
        if b.paused {
            state.push("paused".to_owned());
        }
        if b.blank {
            state.push("the room's screen is blank".to_owned());
        }
        if b.prompt_shown {
            state.push("the prompt is on the room's screen".to_owned());
        }
        if !state.is_empty() {
            left.spawn(text(TextRole::Body, state.join(" · ")));
        }
        if let Some(message) = &b.message {
            left.spawn(toned_text(TextRole::Body, message.clone(), Tone::Bad));
        }
        if let Some(prompt) = &b.prompt {
            left.spawn(callout()).with_children(|c| {
                c.spawn(muted(
                    TextRole::Small,
                    "Prompt (P puts it on the room's screen)",
                ));
                c.spawn(text(TextRole::Body, prompt.clone()));
            });
        }
        if let Some(teaches) = &b.teaches {
            left.spawn(text(TextRole::Small, format!("What it teaches: {teaches}")));
        }
        if let Some(split) = &b.split {
            left.spawn(text(TextRole::Small, format!("How rooms split: {split}")));
        }
        for option in &b.options {
            left.spawn(callout()).with_children(|c| {
                let mark = if option.selected { "» " } else { "" };
                c.spawn(coloured_text(
                    TextRole::Body,
                    format!(
                        "{mark}{}. {} · {} votes",
                        option.number, option.text, option.votes
                    ),
                    option_colour(option.number - 1),
                ));
                c.spawn(muted(TextRole::Small, format!("Coach: {}", option.note)));
                c.spawn(muted(
                    TextRole::Small,
                    format!("If chosen: {}", option.likely),
                ));
            });
        }
        left.spawn(muted(TextRole::Small, b.keys.clone()));
    });
    root.spawn(column(2.0)).with_children(|right| {
        if let Some(pace) = &b.pace {
            let tone = if pace.contains("behind") {
                Tone::Bad
            } else {
                Tone::Good
            };
            right.spawn(toned_text(TextRole::Title, format!("Agenda: {pace}"), tone));
            let phase = b.phase.clone().unwrap_or_else(|| "over time".to_owned());
            let left = b.minutes_left.unwrap_or(0);
            right.spawn(text(
                TextRole::Small,
                format!("The agenda has you in: {phase} · {left} min left"),
            ));
            for p in &b.agenda {
                let line = format!("{} · {} min — {}", p.label, p.minutes, p.notes);
                right.spawn(if p.now {
                    toned_text(TextRole::Small, line, Tone::Accent)
                } else {
                    toned_text(TextRole::Small, line, Tone::TextMuted)
                });
            }
        }
        if !b.lessons.is_empty() {
            right.spawn(toned_text(
                TextRole::Body,
                "What the endings teach",
                Tone::Accent,
            ));
            for l in &b.lessons {
                right.spawn(text(TextRole::Small, l.clone()));
            }
        }
        if !b.objectives.is_empty() {
            right.spawn(toned_text(TextRole::Body, "Objectives", Tone::Accent));
            for o in &b.objectives {
                right.spawn(text(TextRole::Small, format!("· {o}")));
            }
        }
    });
}
