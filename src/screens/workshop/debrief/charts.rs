//! The debrief's pictures: each team's meters over the session, the room's vote on every
//! decision as a strip (the close calls stand out), and the teams' paths as a tree of where
//! they went together, where they parted and where each branch ended. Every picture keeps
//! its numbers beside it.

use bevy::prelude::*;
use promoted_engine::Scenario;
use promoted_engine::workshop::{DecisionReport, TeamReport, WorkshopReport};

use super::super::setup::{option_colour, team_colour};
use crate::theme::palette::{Fill, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::{coloured_text, muted, row, text, toned_text};

/// The chart's drawing area.
const CHART_HEIGHT: f32 = 150.0;
const DOT: f32 = 8.0;
const STRIP_HEIGHT: f32 = 40.0;

/// A team's meters over the session: one trace of dots per meter the room could see.
pub(super) fn meter_chart(body: &mut ChildSpawnerCommands, scenario: &Scenario, team: &TeamReport) {
    let shown: Vec<usize> = scenario
        .meters
        .iter()
        .enumerate()
        .filter(|(i, m)| m.visible && m.stakeholder.is_none() && *i < team.meters.len())
        .map(|(i, _)| i)
        .collect();
    let points = team.trajectory.len();
    if shown.is_empty() || points < 2 {
        return;
    }
    body.spawn(coloured_text(
        TextRole::Body,
        format!("{}: the meters, decision by decision", team.name),
        team_colour(&team.colour),
    ));
    body.spawn((
        Node {
            width: percent(100),
            height: px(CHART_HEIGHT),
            border: UiRect::new(px(2), px(0), px(0), px(2)),
            ..default()
        },
        Fill(Tone::Panel),
        BorderColor::all(Tone::Border.color(false)),
    ))
    .with_children(|chart| {
        for (line, &m) in shown.iter().enumerate() {
            let meter = &scenario.meters[m];
            let span = (meter.max - meter.min).max(1) as f32;
            for (k, values) in team.trajectory.iter().enumerate() {
                let Some(&v) = values.get(m) else { continue };
                let x = k as f32 / (points - 1) as f32;
                let y = ((v - meter.min) as f32 / span).clamp(0.0, 1.0);
                chart.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        left: percent(x * 100.0),
                        bottom: percent(y * 100.0),
                        width: px(DOT),
                        height: px(DOT),
                        margin: UiRect::new(px(-DOT / 2.0), px(0), px(0), px(-DOT / 2.0)),
                        border_radius: BorderRadius::all(px(DOT / 2.0)),
                        ..default()
                    },
                    BackgroundColor(option_colour(line)),
                ));
            }
        }
    });
    // The legend is the numbers: where each meter started and ended.
    body.spawn(Node {
        column_gap: px(18),
        row_gap: px(4),
        flex_wrap: FlexWrap::Wrap,
        ..default()
    })
    .with_children(|legend| {
        for (line, &m) in shown.iter().enumerate() {
            let meter = &scenario.meters[m];
            let first = team.trajectory.first().and_then(|v| v.get(m)).copied();
            let last = team.meters.get(m).map(|v| v.value);
            legend.spawn(row(6.0)).with_children(|item| {
                item.spawn((
                    Node {
                        width: px(12),
                        height: px(12),
                        border_radius: BorderRadius::all(px(6)),
                        ..default()
                    },
                    BackgroundColor(option_colour(line)),
                ));
                item.spawn(text(
                    TextRole::Small,
                    format!(
                        "{}: {} to {}",
                        meter.label,
                        first.map_or("—".into(), |v| v.to_string()),
                        last.map_or("—".into(), |v| v.to_string())
                    ),
                ));
            });
        }
    });
}

/// The room's vote on each decision, side by side: a column split by the options' votes,
/// the chosen option outlined, close calls marked; the cut's defaults as a low grey tick.
pub(super) fn vote_strip(body: &mut ChildSpawnerCommands, team: &TeamReport) {
    body.spawn(coloured_text(
        TextRole::Body,
        format!("{}: how the room voted", team.name),
        team_colour(&team.colour),
    ));
    body.spawn(Node {
        width: percent(100),
        height: px(STRIP_HEIGHT + 10.0),
        column_gap: px(3),
        align_items: AlignItems::FlexEnd,
        ..default()
    })
    .with_children(|strip| {
        for d in &team.decisions {
            strip
                .spawn(Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(2),
                    ..default()
                })
                .with_children(|column| vote_column(column, d));
        }
    });
    let close: Vec<String> = team
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.close_call)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    let voted = team.decisions.iter().filter(|d| !d.meanwhile).count();
    let defaults = team.decisions.len() - voted;
    let mut summary = format!("{voted} decisions voted");
    if defaults > 0 {
        summary.push_str(&format!(", {defaults} taken by default (grey)"));
    }
    summary.push_str(&match close.len() {
        0 => "; no close calls.".to_owned(),
        _ => format!("; close calls at decision {} (marked).", close.join(", ")),
    });
    body.spawn(muted(TextRole::Small, summary));
}

fn vote_column(column: &mut ChildSpawnerCommands, d: &DecisionReport) {
    if d.meanwhile {
        column.spawn((
            Node {
                height: px(8),
                border_radius: BorderRadius::all(px(2)),
                ..default()
            },
            Fill(Tone::TextDisabled),
        ));
        return;
    }
    let total: u32 = d.options.iter().map(|o| o.votes).sum();
    column
        .spawn(Node {
            height: px(STRIP_HEIGHT),
            flex_direction: FlexDirection::ColumnReverse,
            overflow: Overflow::clip(),
            border_radius: BorderRadius::all(px(3)),
            ..default()
        })
        .with_children(|bar| {
            for (position, option) in d.options.iter().enumerate() {
                if option.votes == 0 {
                    continue;
                }
                let share = option.votes as f32 / total.max(1) as f32;
                let chosen = option.id == d.chosen;
                bar.spawn((
                    Node {
                        height: percent(share * 100.0),
                        border: UiRect::all(px(if chosen { 2.0 } else { 0.0 })),
                        ..default()
                    },
                    BackgroundColor(option_colour(position).with_alpha(if chosen {
                        1.0
                    } else {
                        0.45
                    })),
                    BorderColor::all(Color::WHITE),
                ));
            }
        });
    let mark = if d.close_call {
        Tone::Accent
    } else {
        Tone::Panel
    };
    column.spawn((
        Node {
            height: px(6),
            ..default()
        },
        Fill(mark),
    ));
}

/// Where the teams went together, where they parted, and where each branch ended.
pub(super) fn path_tree(body: &mut ChildSpawnerCommands, r: &WorkshopReport) {
    body.spawn(toned_text(
        TextRole::Title,
        "Where the paths went",
        Tone::Accent,
    ));
    let all: Vec<usize> = (0..r.teams.len()).collect();
    branch(body, r, &all, 0, 0);
}

/// A decision's identity on a path: the node and the choice made there.
fn step(team: &TeamReport, i: usize) -> Option<(&str, &str)> {
    team.decisions
        .get(i)
        .map(|d| (d.node.as_str(), d.chosen.as_str()))
}

/// The teams in `group` agree from decision `from` for a while: one row for that stretch,
/// then a branch for each way they part, indented one step deeper.
fn branch(
    body: &mut ChildSpawnerCommands,
    r: &WorkshopReport,
    group: &[usize],
    from: usize,
    depth: usize,
) {
    let Some(&first) = group.first() else {
        return;
    };
    let lead = &r.teams[first];
    let mut to = from;
    while step(lead, to).is_some()
        && group
            .iter()
            .all(|&t| step(&r.teams[t], to) == step(lead, to))
    {
        to += 1;
    }
    body.spawn(Node {
        margin: UiRect::left(px(28.0 * depth as f32)),
        column_gap: px(10),
        align_items: AlignItems::Center,
        border: UiRect::left(px(3)),
        padding: UiRect::left(px(10)),
        ..default()
    })
    .insert(BorderColor::all(team_colour(&lead.colour)))
    .with_children(|line| {
        for &t in group {
            line.spawn((
                Node {
                    width: px(14),
                    height: px(14),
                    border_radius: BorderRadius::all(px(7)),
                    ..default()
                },
                BackgroundColor(team_colour(&r.teams[t].colour)),
            ));
        }
        let names: Vec<&str> = group.iter().map(|&t| r.teams[t].name.as_str()).collect();
        let stretch = match (from, to) {
            (a, b) if b <= a => String::new(),
            (a, b) if b == a + 1 => format!("decision {b}"),
            (a, b) => format!("decisions {}–{b}", a + 1),
        };
        let last = to
            .checked_sub(1)
            .filter(|&i| i >= from)
            .and_then(|i| lead.decisions.get(i))
            .and_then(DecisionReport::chosen_option)
            .map(|o| format!(", last “{}”", o.text))
            .unwrap_or_default();
        let mut words = match (names.len(), stretch.is_empty()) {
            (_, true) => names.join(", "),
            (1, false) => format!("{}: {stretch}{last}", names[0]),
            (_, false) => format!("{} together: {stretch}{last}", names.join(", ")),
        };
        let ended = group.iter().all(|&t| step(&r.teams[t], to).is_none());
        if ended {
            let ending = lead.ending_title.as_deref().unwrap_or("not finished");
            let score = lead
                .score
                .as_ref()
                .map_or(String::new(), |s| format!(", score {}", s.overall));
            words.push_str(&format!(" · ended at “{ending}”{score}"));
        }
        line.spawn(text(TextRole::Small, words));
    });
    // Where they part: one branch per way taken at decision `to`.
    let mut ways: Vec<Vec<usize>> = Vec::new();
    for &t in group {
        let here = step(&r.teams[t], to);
        match ways.iter_mut().find(|w| step(&r.teams[w[0]], to) == here) {
            Some(way) => way.push(t),
            None => ways.push(vec![t]),
        }
    }
    // One way means every team has ended here (they agreed on everything before `to`).
    if ways.len() > 1 {
        for way in ways {
            branch(body, r, &way, to, depth + 1);
        }
    }
}
