//! The room's debrief: each team's result side by side, the session in pictures (where the
//! paths went, the meters over time, the votes), the close calls, every decision with its
//! vote and its road not taken, the questions in the six phases of a debrief, and the
//! room's commitments for Monday.

mod charts;

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use promoted_engine::workshop::{Action, Field, TeamReport, WorkshopReport};

use super::export::{ExportReport, ExportStatus, ReportFormat};
use super::setup::team_colour;
use crate::AppSystems;
use crate::adapters::persistence::LastWorkshop;
use crate::adapters::room::{Facilitate, WorkshopSession};
use crate::adapters::solo::Navigate;
use crate::screens::Screen;
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::meters::bar;
use crate::widgets::text_field::{Typed, Typing, not_typing};
use crate::widgets::{
    ButtonLook, button, coloured_text, muted, panel, row, screen_root, scroll_panel, text,
    toned_text,
};

/// The finished workshop's report: what the debrief shows and the export writes.
#[derive(Resource)]
pub struct DebriefReport(pub WorkshopReport);

/// A team's result, by team index (on the scoreboard and in the debrief).
#[derive(Component, Debug)]
pub struct ResultRow(pub usize);

/// A decision won by one vote or by a tie-break.
#[derive(Component, Debug)]
pub struct CloseCallLine;

/// A decision's road not taken.
#[derive(Component, Debug)]
pub struct RoadLine;

/// Note a commitment the room made, or take the last one back.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commitments {
    /// Start typing one.
    Add,
    RemoveLast,
}

/// A commitment as the debrief lists it.
#[derive(Component, Debug)]
pub struct CommitmentLine;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(commitments)
        .add_observer(keep_commitment)
        .add_systems(
            OnEnter(Screen::WorkshopDebrief),
            (build_report, spawn).chain(),
        )
        .add_systems(
            Update,
            (
                export_keys.run_if(not_typing).in_set(AppSystems::Keys),
                (follow_commitments, render, refresh_status)
                    .chain()
                    .in_set(AppSystems::Render),
            )
                .run_if(in_state(Screen::WorkshopDebrief)),
        )
        .add_systems(
            OnExit(Screen::WorkshopDebrief),
            |mut typing: ResMut<Typing>| *typing = Typing::default(),
        );
}

/// Start typing a commitment, or take the last one back; the report follows.
fn commitments(
    event: On<Commitments>,
    mut typing: ResMut<Typing>,
    mut session: Option<ResMut<WorkshopSession>>,
    mut report: Option<ResMut<DebriefReport>>,
    mut last: ResMut<LastWorkshop>,
    mut focus: ResMut<bevy::input_focus::InputFocus>,
) {
    match *event {
        Commitments::Add => {
            typing.start(Field::Commitment);
            focus.clear();
        }
        Commitments::RemoveLast => {
            if let (Some(session), Some(report)) = (session.as_deref_mut(), report.as_deref_mut())
                && session.room.uncommit().is_some()
            {
                renew(session, report, &mut last);
            }
        }
    }
}

/// Enter kept what was typed: the session notes it (or the debrief says why not).
fn keep_commitment(
    typed: On<Typed>,
    mut session: Option<ResMut<WorkshopSession>>,
    mut report: Option<ResMut<DebriefReport>>,
    mut last: ResMut<LastWorkshop>,
    mut status: ResMut<ExportStatus>,
) {
    if typed.field != Field::Commitment || typed.text.trim().is_empty() {
        return;
    }
    let (Some(session), Some(report)) = (session.as_deref_mut(), report.as_deref_mut()) else {
        return;
    };
    match session.room.commit(&typed.text) {
        Ok(()) => renew(session, report, &mut last),
        Err(why) => status.0 = Some(format!("Not noted: {why}.")),
    }
}

/// The report again after the commitments changed: what the export writes and a replay keeps.
fn renew(session: &WorkshopSession, report: &mut DebriefReport, last: &mut LastWorkshop) {
    report.0 = WorkshopReport::new(session.room.workshop(), &session.scenario);
    last.0 = Some(report.0.clone());
}

/// Commitments that reached the session another way (the room's phones) join the report.
fn follow_commitments(
    session: Option<Res<WorkshopSession>>,
    report: Option<ResMut<DebriefReport>>,
    mut last: ResMut<LastWorkshop>,
) {
    let (Some(session), Some(mut report)) = (session, report) else {
        return;
    };
    if session.room.workshop().commitments() != report.0.commitments.as_slice() {
        renew(&session, &mut report, &mut last);
    }
}

/// The report of the finished session, kept for "Replay the last workshop".
fn build_report(
    mut commands: Commands,
    session: Option<Res<WorkshopSession>>,
    mut last: ResMut<LastWorkshop>,
    mut status: ResMut<ExportStatus>,
) {
    let Some(session) = session else {
        commands.set_state(Screen::Title);
        return;
    };
    let report = WorkshopReport::new(session.room.workshop(), &session.scenario);
    last.0 = Some(report.clone());
    status.0 = None;
    commands.insert_resource(DebriefReport(report));
}

fn export_keys(mut commands: Commands, keys: Res<ButtonInput<KeyCode>>) {
    if keys.just_pressed(KeyCode::KeyC) {
        commands.trigger(Commitments::Add);
    }
    if keys.just_pressed(KeyCode::KeyM) {
        commands.trigger(ExportReport(ReportFormat::Markdown));
    }
    if keys.just_pressed(KeyCode::KeyJ) {
        commands.trigger(ExportReport(ReportFormat::Json));
    }
}

/// The status line under the buttons says where the report went.
#[derive(Component)]
struct StatusLine;

fn refresh_status(status: Res<ExportStatus>, mut lines: Query<&mut Text, With<StatusLine>>) {
    if status.is_changed() {
        for mut line in &mut lines {
            line.0 = status.0.clone().unwrap_or_default();
        }
    }
}

/// The debrief's root; its contents are rebuilt when the report or the typing changes.
#[derive(Component)]
struct DebriefScreen;

fn spawn(mut commands: Commands) {
    commands.spawn((
        Name::new("Workshop debrief"),
        DebriefScreen,
        DespawnOnExit(Screen::WorkshopDebrief),
        TabGroup::new(0),
        screen_root(),
    ));
}

fn render(
    mut commands: Commands,
    report: Option<Res<DebriefReport>>,
    session: Option<Res<WorkshopSession>>,
    typing: Res<Typing>,
    screens: Query<(Entity, Ref<DebriefScreen>)>,
) {
    let Some(report) = report else {
        return;
    };
    let Ok((root, added)) = screens.single() else {
        return;
    };
    if !(added.is_added() || report.is_changed() || typing.is_changed()) {
        return;
    }
    let r = &report.0;
    let typing = &*typing;
    commands
        .entity(root)
        .despawn_children()
        .with_children(|root| {
            root.spawn(row(16.0)).with_children(|header| {
                header.spawn((
                    Node {
                        flex_grow: 1.0,
                        flex_direction: FlexDirection::Column,
                        ..default()
                    },
                    children![
                        muted(
                            TextRole::Small,
                            format!(
                                "Debrief · seed {} · {}",
                                r.setup.seed,
                                match r.teams.len() {
                                    1 => "1 team".to_owned(),
                                    n => format!("{n} teams"),
                                }
                            )
                        ),
                        toned_text(TextRole::Heading, r.title.clone(), Tone::Accent),
                    ],
                ));
                header.spawn((
                    button(
                        "Report as Markdown (M)",
                        ButtonLook::Primary,
                        ExportReport(ReportFormat::Markdown),
                    ),
                    AutoFocus,
                ));
                header.spawn(button(
                    "as JSON (J)",
                    ButtonLook::Secondary,
                    ExportReport(ReportFormat::Json),
                ));
                header.spawn(button(
                    "Undo (U)",
                    ButtonLook::Secondary,
                    Facilitate(Action::Undo),
                ));
                header.spawn(button(
                    "Title (Esc)",
                    ButtonLook::Secondary,
                    Navigate(Screen::Title),
                ));
            });
            root.spawn((toned_text(TextRole::Small, "", Tone::Accent), StatusLine));
            root.spawn(scroll_panel(Node {
                flex_grow: 1.0,
                row_gap: px(16),
                ..default()
            }))
            .with_children(|body| {
                // Each team's pictures: beside a lone team's card, under several teams'.
                let pictures = |column: &mut ChildSpawnerCommands, team: &TeamReport| {
                    if let Some(session) = &session {
                        charts::meter_chart(column, &session.scenario, team);
                    }
                    charts::vote_strip(column, team);
                };
                results(body, r, |beside| {
                    if let [team] = r.teams.as_slice() {
                        beside
                            .spawn(Node {
                                flex_grow: 1.0,
                                flex_basis: px(0),
                                min_width: px(360),
                                flex_direction: FlexDirection::Column,
                                row_gap: px(8),
                                ..default()
                            })
                            .with_children(|column| pictures(column, team));
                    }
                });
                charts::path_tree(body, r);
                if r.teams.len() > 1 {
                    for team in &r.teams {
                        pictures(body, team);
                    }
                }
                if r.teams.len() > 1 {
                    side_by_side(body, r);
                }
                close_calls(body, r);
                for team in &r.teams {
                    timeline(body, team);
                }
                questions(body, r);
                commitments_section(body, r, typing);
                body.spawn(muted(
                    TextRole::Small,
                    format!("How the road not taken is worked out: {}", r.road_policy),
                ));
            });
        });
}

/// One card per team: ending, score, competencies and final meters; `beside` adds what
/// sits in the same row.
fn results(
    body: &mut ChildSpawnerCommands,
    r: &WorkshopReport,
    beside: impl FnOnce(&mut ChildSpawnerCommands),
) {
    body.spawn(Node {
        column_gap: px(16),
        row_gap: px(16),
        flex_wrap: FlexWrap::Wrap,
        ..default()
    })
    .with_children(|cards| {
        for (i, team) in r.teams.iter().enumerate() {
            cards
                .spawn((
                    ResultRow(i),
                    panel(),
                    BorderColor::all(team_colour(&team.colour)),
                ))
                .insert(Node {
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::all(px(18)),
                    row_gap: px(8),
                    border_radius: BorderRadius::all(px(10)),
                    border: UiRect::top(px(6)),
                    flex_basis: px(0),
                    flex_grow: 1.0,
                    min_width: px(360),
                    max_width: if r.teams.len() == 1 {
                        px(640)
                    } else {
                        Val::Auto
                    },
                    ..default()
                })
                .with_children(|card| team_card(card, team));
        }
        beside(cards);
    });
}

fn team_card(card: &mut ChildSpawnerCommands, team: &TeamReport) {
    card.spawn(coloured_text(
        TextRole::Title,
        team.name.clone(),
        team_colour(&team.colour),
    ));
    card.spawn(text(
        TextRole::Title,
        team.ending_title
            .clone()
            .unwrap_or_else(|| "Not finished".into()),
    ));
    if let Some(score) = &team.score {
        card.spawn(toned_text(
            TextRole::Figure,
            format!("{} · grade {}", score.overall, score.grade),
            Tone::for_score(score.overall),
        ));
        for (name, value) in &score.competencies {
            card.spawn(row(8.0)).with_children(|line| {
                line.spawn((
                    muted(TextRole::Small, name.clone()),
                    // One line: a wrapping label is measured taller than it draws.
                    TextLayout::default().with_no_wrap(),
                    Node {
                        width: px(200),
                        flex_shrink: 0.0,
                        ..default()
                    },
                ));
                line.spawn((
                    Node {
                        flex_grow: 1.0,
                        ..default()
                    },
                    children![bar(*value as f32 / 100.0, Tone::for_score(*value), 10.0)],
                ));
                line.spawn(text(TextRole::Small, value.to_string()));
            });
        }
    }
    let meters: Vec<String> = team
        .meters
        .iter()
        .map(|m| format!("{} {}", m.label, m.value))
        .collect();
    card.spawn(muted(TextRole::Small, meters.join(" · ")));
}

fn side_by_side(body: &mut ChildSpawnerCommands, r: &WorkshopReport) {
    body.spawn(toned_text(TextRole::Title, "Side by side", Tone::Accent));
    let summary = match r.diverged_at {
        Some(n) => {
            let choices: Vec<String> = r
                .teams
                .iter()
                .filter_map(|t| {
                    let chosen = t.decisions.get(n - 1)?.chosen_option()?;
                    Some(format!("{} chose “{}”", t.name, chosen.text))
                })
                .collect();
            format!(
                "The teams first went different ways at decision {n}: {}.",
                choices.join("; ")
            )
        }
        None => "The teams made the same choices throughout.".to_owned(),
    };
    body.spawn(text(TextRole::Body, summary));
    let longest = r.teams.iter().map(|t| t.decisions.len()).max().unwrap_or(0);
    for i in 0..longest {
        let diverged = r.diverged_at.is_some_and(|n| i + 1 >= n);
        body.spawn(row(12.0)).with_children(|line| {
            line.spawn((
                muted(TextRole::Small, format!("{}", i + 1)),
                Node {
                    width: px(30),
                    ..default()
                },
            ));
            for team in &r.teams {
                let chosen = team
                    .decisions
                    .get(i)
                    .and_then(|d| d.chosen_option())
                    .map_or(String::new(), |o| o.text.clone());
                let tone = if diverged {
                    Tone::Text
                } else {
                    Tone::TextMuted
                };
                line.spawn((
                    toned_text(TextRole::Small, chosen, tone),
                    Node {
                        flex_basis: px(0),
                        flex_grow: 1.0,
                        ..default()
                    },
                ));
            }
        });
    }
}

/// The debrief's questions, by phase (format 2), or the scenario's discussion questions.
fn questions(body: &mut ChildSpawnerCommands, r: &WorkshopReport) {
    if !r.debrief.is_empty() {
        body.spawn(toned_text(TextRole::Title, "Debrief", Tone::Accent));
        for (phase, questions) in &r.debrief {
            body.spawn(text(TextRole::Body, phase.clone()));
            for q in questions {
                body.spawn(muted(TextRole::Body, format!("· {q}")));
            }
        }
    } else if !r.discussion.is_empty() {
        body.spawn(toned_text(TextRole::Title, "For discussion", Tone::Accent));
        for (i, q) in r.discussion.iter().enumerate() {
            body.spawn(text(TextRole::Stage, format!("{}. {q}", i + 1)));
        }
    }
}

/// "What will you try differently on Monday?": the room's commitments, typed by the
/// facilitator, and the buttons to add one or take the last back.
fn commitments_section(body: &mut ChildSpawnerCommands, r: &WorkshopReport, typing: &Typing) {
    body.spawn(toned_text(
        TextRole::Title,
        "What will you try differently on Monday?",
        Tone::Accent,
    ));
    for (i, c) in r.commitments.iter().enumerate() {
        body.spawn((
            text(TextRole::Body, format!("{}. {c}", i + 1)),
            CommitmentLine,
        ));
    }
    if typing.field == Some(Field::Commitment) {
        body.spawn(toned_text(
            TextRole::Body,
            typing.shown(Field::Commitment, String::new()),
            Tone::Accent,
        ));
        body.spawn(muted(
            TextRole::Small,
            "Typing: Enter keeps it · Esc cancels",
        ));
        return;
    }
    if r.commitments.is_empty() {
        body.spawn(muted(
            TextRole::Small,
            "Note what the room commits to; it goes into the report, not the score.",
        ));
    }
    body.spawn(row(10.0)).with_children(|buttons| {
        buttons.spawn(button(
            "Add a commitment (C)",
            ButtonLook::Secondary,
            Commitments::Add,
        ));
        if !r.commitments.is_empty() {
            buttons.spawn(button(
                "Remove the last",
                ButtonLook::Secondary,
                Commitments::RemoveLast,
            ));
        }
    });
}

fn close_calls(body: &mut ChildSpawnerCommands, r: &WorkshopReport) {
    body.spawn(toned_text(TextRole::Title, "Close calls", Tone::Accent));
    let mut any = false;
    for team in &r.teams {
        for (i, d) in team
            .decisions
            .iter()
            .enumerate()
            .filter(|(_, d)| d.close_call)
        {
            any = true;
            let how = d.close_call_words();
            let chosen = d.chosen_option().map_or("", |o| o.text.as_str());
            body.spawn((
                text(
                    TextRole::Body,
                    format!("{}, decision {}: “{chosen}”, {how}.", team.name, i + 1),
                ),
                CloseCallLine,
            ));
        }
    }
    if !any {
        body.spawn(muted(
            TextRole::Body,
            "None: every decision was won by more than one vote.",
        ));
    }
}

fn timeline(body: &mut ChildSpawnerCommands, team: &TeamReport) {
    body.spawn(coloured_text(
        TextRole::Title,
        format!("{}: decision by decision", team.name),
        team_colour(&team.colour),
    ));
    for (i, d) in team.decisions.iter().enumerate() {
        let who = d.speaker.as_deref().unwrap_or("What happens");
        let chosen = d.chosen_option().map_or("", |o| o.text.as_str());
        let how = if d.tie_break {
            ", tie broken by the facilitator"
        } else {
            ""
        };
        body.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(2),
            ..default()
        })
        .with_children(|entry| {
            entry.spawn(text(
                TextRole::Body,
                format!("{}. {who}: “{chosen}” ({}{how})", i + 1, d.split()),
            ));
            if let Some(road) = &d.road {
                entry.spawn((muted(TextRole::Small, road.sentence()), RoadLine));
            }
        });
    }
}
