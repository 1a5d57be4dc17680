//! The debrief: how it ended, the score, what each decision traded in the coach's words,
//! and every meter over time — the hidden ones revealed.

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use promoted_engine::Scenario;

use super::Screen;
use crate::adapters::persistence::BestScores;
use crate::adapters::solo::{Navigate, NextChapter, RestartScenario, Session, UndoDecision};
use crate::theme::Layout;
use crate::theme::palette::{Fill, Tone};
use crate::theme::typography::{Symbol, TextRole};
use crate::widgets::meters::{changes, labelled_bar};
use crate::widgets::{
    ButtonLook, button, card, column, columns, muted, row_node, screen_root, scroll_panel, text,
    toned_text,
};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Outcome), spawn);
}

/// The ending's title.
#[derive(Component)]
pub struct EndingTitle;

/// The overall score line.
#[derive(Component)]
pub struct ScoreLine;

/// One decision in the timeline.
#[derive(Component)]
pub struct TimelineEntry;

/// A line of the epilogue: the ending's, a stakeholder's, the business's.
#[derive(Component)]
pub struct EpilogueLine;

fn spawn(
    mut commands: Commands,
    session: Option<Res<Session>>,
    best: Res<BestScores>,
    layout: Res<Layout>,
) {
    let Some(session) = session else {
        commands.set_state(Screen::Title);
        return;
    };
    let scenario = &session.scenario;
    let run = &session.run;
    let epilogue = run.epilogue(scenario);
    let (title, rating) = match &epilogue {
        Some(e) => (e.title.clone(), format!("{:?}", e.rating)),
        None => ("No ending fits".to_owned(), "Unfinished".to_owned()),
    };
    let score = run.score(scenario);
    commands
        .spawn((
            Name::new("Outcome screen"),
            DespawnOnExit(Screen::Outcome),
            TabGroup::new(0),
            screen_root(),
        ))
        .with_children(|root| {
            // Side by side when wide; on a phone the score wraps under the ending's title.
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                align_items: AlignItems::Center,
                column_gap: px(20),
                row_gap: px(6),
                ..default()
            })
            .with_children(|header| {
                header
                    .spawn(Node {
                        flex_grow: 1.0,
                        flex_direction: FlexDirection::Column,
                        ..default()
                    })
                    .with_children(|titles| {
                        titles.spawn(muted(
                            TextRole::Small,
                            format!("{} · ending: {rating}", scenario.title),
                        ));
                        titles.spawn((
                            toned_text(TextRole::Heading, title, Tone::Accent),
                            EndingTitle,
                        ));
                    });
                if let Some(score) = &score {
                    let best_score = best.0.get(&scenario.id).copied().unwrap_or(score.overall);
                    header
                        .spawn(Node {
                            flex_direction: FlexDirection::Column,
                            align_items: AlignItems::End,
                            ..default()
                        })
                        .with_children(|s| {
                            s.spawn((
                                toned_text(
                                    TextRole::Heading,
                                    format!("{} / 100 · grade {}", score.overall, score.grade),
                                    Tone::for_score(score.overall),
                                ),
                                ScoreLine,
                            ));
                            s.spawn(muted(
                                TextRole::Small,
                                format!(
                                    "meters {} · ending {} · your best {best_score}",
                                    score.meters, score.ending
                                ),
                            ));
                        });
                }
            });
            if layout.is_phone() {
                // One column under a finger: the story of the run, then the figures.
                root.spawn(scrolling(1.0)).with_children(|page| {
                    story_of_the_run(page, &session, epilogue.as_ref());
                    figures(page, &session, score.as_ref());
                });
            } else {
                root.spawn(columns()).with_children(|main| {
                    main.spawn(scrolling(1.4))
                        .with_children(|left| story_of_the_run(left, &session, epilogue.as_ref()));
                    main.spawn(scrolling(1.0))
                        .with_children(|right| figures(right, &session, score.as_ref()));
                });
            }
            root.spawn(Node {
                flex_wrap: FlexWrap::Wrap,
                row_gap: px(10),
                ..row_node(14.0)
            })
            .with_children(|buttons| {
                let more_chapters = session
                    .campaign
                    .as_ref()
                    .is_some_and(|c| !c.is_last_chapter());
                if more_chapters {
                    buttons.spawn((
                        button("Next chapter", ButtonLook::Primary, NextChapter),
                        AutoFocus,
                    ));
                    buttons.spawn(button(
                        "Replay this chapter",
                        ButtonLook::Secondary,
                        RestartScenario,
                    ));
                } else {
                    buttons.spawn((
                        button("Play again", ButtonLook::Primary, RestartScenario),
                        AutoFocus,
                    ));
                }
                buttons.spawn(button(
                    "Try another scenario",
                    ButtonLook::Secondary,
                    Navigate(Screen::Select),
                ));
                buttons.spawn(button(
                    "Undo the last decision",
                    ButtonLook::Secondary,
                    UndoDecision,
                ));
                buttons.spawn(button(
                    "Title",
                    ButtonLook::Secondary,
                    Navigate(Screen::Title),
                ));
            });
        });
}

/// A line of the reflection: a priority beside what the choices did to it, or a question
/// the mentor asked.
#[derive(Component)]
pub struct ReflectionLine;

/// What the player said mattered to them beside what their choices protected, and what
/// they asked their mentor: shown without a score.
fn reflection(column: &mut ChildSpawnerCommands, session: &Session) {
    let (scenario, run) = (&session.scenario, &session.run);
    if !run.priorities().is_empty() {
        column.spawn(toned_text(
            TextRole::Title,
            "What you said mattered",
            Tone::Accent,
        ));
        let named: Vec<&str> = run.priorities().iter().map(|p| p.phrase()).collect();
        column.spawn(text(
            TextRole::Small,
            format!("At the start you said: {}.", named.join(" and ")),
        ));
        for p in run.protected(scenario) {
            let tone = match p.change {
                c if c >= 3 => Tone::Good,
                c if c <= -3 => Tone::Bad,
                _ => Tone::Text,
            };
            let said = if p.named { " (you named it)" } else { "" };
            column.spawn((
                toned_text(
                    TextRole::Small,
                    format!(
                        "{}{said}: {} ({:+} of 100)",
                        p.priority.label(),
                        p.verdict(),
                        p.change
                    ),
                    tone,
                ),
                ReflectionLine,
            ));
        }
    }
    let asked = run.asked(scenario);
    if !asked.is_empty() {
        column.spawn(toned_text(
            TextRole::Title,
            "What you asked your mentor",
            Tone::Accent,
        ));
        for a in asked {
            column
                .spawn((card(12.0), ReflectionLine))
                .with_children(|entry| {
                    entry.spawn(text(TextRole::Small, format!("“{}”", a.question)));
                    if let Some(chosen) = a.chosen {
                        entry.spawn(muted(TextRole::Small, format!("Then you chose: {chosen}")));
                    }
                });
        }
    }
}

/// A column of the debrief that scrolls on its own.
/// The ending's words and each decision with what it traded.
fn story_of_the_run(
    left: &mut ChildSpawnerCommands,
    session: &Session,
    epilogue: Option<&promoted_engine::run::Epilogue>,
) {
    campaign_summary(left, session);
    match epilogue {
        Some(e) => {
            left.spawn((text(TextRole::Body, e.text.clone()), EpilogueLine));
            for (_, line) in &e.people {
                left.spawn((text(TextRole::Body, line.clone()), EpilogueLine));
            }
            if let Some(business) = &e.business {
                left.spawn((text(TextRole::Body, business.clone()), EpilogueLine));
            }
        }
        None => {
            left.spawn(text(
                TextRole::Body,
                "No ending's condition held when the run finished: run `promoted check` on this scenario.",
            ));
        }
    }
    left.spawn(toned_text(
        TextRole::Title,
        "Your decisions, and what they traded",
        Tone::Accent,
    ));
    timeline(left, session);
}

/// The reflection, the competencies and the meters over time.
fn figures(
    right: &mut ChildSpawnerCommands,
    session: &Session,
    score: Option<&promoted_engine::Score>,
) {
    let scenario = &session.scenario;
    reflection(right, session);
    if let Some(score) = score {
        right.spawn(toned_text(TextRole::Title, "Competencies", Tone::Accent));
        for c in &score.competencies {
            right.spawn(labelled_bar(
                format!("{} ({:+} points)", c.competency.label(), c.points),
                c.score.to_string(),
                c.score as f32 / 100.0,
                Tone::for_score(c.score),
            ));
        }
    }
    right.spawn(toned_text(
        TextRole::Title,
        "The meters over time",
        Tone::Accent,
    ));
    right.spawn(muted(
        TextRole::Small,
        "One column per decision; hidden meters are shown in violet.",
    ));
    charts(right, scenario, session);
}

fn scrolling(grow: f32) -> impl Bundle {
    scroll_panel(column(grow))
}

fn timeline(left: &mut ChildSpawnerCommands, session: &Session) {
    let scenario = &session.scenario;
    let run = &session.run;
    for (n, decision) in run.history().iter().enumerate() {
        let traded = decision.changes();
        left.spawn((card(12.0), TimelineEntry))
            .with_children(|entry| {
                entry.spawn(text(
                    TextRole::Small,
                    format!("{}. {}", n + 1, run.chosen_text(scenario, decision)),
                ));
                if !traded.is_empty() {
                    entry.spawn(changes(scenario, &traded, TextRole::Small));
                }
                entry.spawn(muted(
                    TextRole::Small,
                    format!("Coach: {}", run.note(scenario, decision)),
                ));
            });
    }
}

/// Each meter as a row of columns, one per point in time, with its final value.
fn charts(right: &mut ChildSpawnerCommands, scenario: &Scenario, session: &Session) {
    let history = session.run.history();
    for (i, meter) in scenario.meters.iter().enumerate() {
        let mut values: Vec<i32> = history.iter().map(|d| d.before.meters()[i]).collect();
        values.push(session.run.state().meters()[i]);
        let fill = if meter.visible {
            Tone::BarFill
        } else {
            Tone::HiddenFill
        };
        let hidden = if meter.visible { "" } else { " (hidden)" };
        let last = values.last().copied().unwrap_or(meter.start);
        right
            .spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                ..default()
            })
            .with_children(|chart| {
                chart.spawn((
                    Node {
                        justify_content: JustifyContent::SpaceBetween,
                        ..default()
                    },
                    children![
                        muted(TextRole::Small, format!("{}{hidden}", meter.label)),
                        (
                            text(TextRole::Small, format!("{} ", meter.start)),
                            children![
                                (
                                    TextSpan::new("→"),
                                    TextFont::default(),
                                    TextRole::Small,
                                    Symbol
                                ),
                                (
                                    TextSpan::new(format!(" {last}")),
                                    TextFont::default(),
                                    TextRole::Small
                                ),
                            ]
                        ),
                    ],
                ));
                chart
                    .spawn((
                        Node {
                            height: px(34),
                            flex_direction: FlexDirection::Row,
                            align_items: AlignItems::End,
                            column_gap: px(2),
                            ..default()
                        },
                        Fill(Tone::BarTrack),
                    ))
                    .with_children(|columns| {
                        for value in values {
                            columns.spawn((
                                Node {
                                    flex_grow: 1.0,
                                    height: percent(100.0 * meter.fraction(value).max(0.03) as f32),
                                    ..default()
                                },
                                Fill(fill),
                            ));
                        }
                    });
            });
    }
}

/// In a campaign: which chapter this was, and after the last one, the campaign's verdict.
fn campaign_summary(left: &mut ChildSpawnerCommands, session: &Session) {
    let Some(play) = &session.campaign else {
        return;
    };
    let chapters = play.campaign.chapters.len();
    let done = play.progress.chapter + 1;
    let scores = session.campaign_scores();
    let so_far = scores
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    left.spawn(toned_text(
        TextRole::Small,
        format!(
            "{} · chapter {done} of {chapters} · chapter scores so far: {so_far}",
            play.campaign.title
        ),
        Tone::Accent,
    ));
    if done < chapters {
        return;
    }
    if let Some(closing) = play.campaign.closing(&scores, &session.campaign_memory()) {
        let score = closing.score;
        left.spawn((card(14.0), CampaignVerdict))
            .with_children(|verdict| {
                verdict.spawn(toned_text(
                    TextRole::Title,
                    format!("Campaign: {} — {score} / 100", closing.ending.title),
                    Tone::for_score(score),
                ));
                verdict.spawn(text(TextRole::Small, closing.ending.epilogue.clone()));
                for line in closing.afterwards {
                    verdict.spawn(muted(TextRole::Small, line.to_owned()));
                }
            });
    }
}

/// The campaign's ending, after its last chapter.
#[derive(Component)]
pub struct CampaignVerdict;
