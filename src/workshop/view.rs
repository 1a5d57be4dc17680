//! The room's screen during a workshop: the situation and the options in large type, the
//! countdown, the tally as a split bar, the reveal, and the scoreboard between teams. It is
//! rebuilt from [`WorkshopSession`] whenever that changes; the countdown updates in place.

use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use promoted_engine::Scenario;
use promoted_engine::workshop::{TeamPlay, Voting};

use super::setup::{TEAM_COLOURS, team_colour};
use super::{Countdown, Facilitate, Facilitator, Stage, WorkshopSession};
use crate::menu::{Menu, OpenMenu};
use crate::screens::Screen;
use crate::screens::meters::{change, meter_row};
use crate::theme::palette::*;
use crate::theme::typography::TextRole;
use crate::theme::widgets::{
    ButtonLook, activates, button, callout, colored_text, full_screen_layer, muted, row,
    screen_root, scroll_panel, text,
};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Workshop), spawn_frame)
        .add_systems(
            Update,
            (render, update_countdown)
                .chain()
                .run_if(in_state(Screen::Workshop)),
        );
}

/// The workshop screen's root.
#[derive(Component)]
struct WorkshopView;

/// The stage name in the top bar.
#[derive(Component)]
pub struct StageLabel;

/// An option on screen, by its index in the node's choices, with its count while voting.
#[derive(Component, Debug)]
pub struct OptionRow {
    pub index: usize,
    pub votes: u32,
}

/// The vote split bar.
#[derive(Component)]
pub struct TallyBar;

/// The countdown's digits.
#[derive(Component)]
pub struct CountdownText;

/// The part of the countdown's bar still to go.
#[derive(Component)]
struct CountdownFill;

/// A text and its colour, which the countdown updates together.
type Words<'a> = (&'a mut Text, &'a mut TextColor);

/// The line under the countdown: how to steer it, or that the time is up.
#[derive(Component)]
struct CountdownNote;

/// The facilitator's prompt, when shown.
#[derive(Component)]
pub struct PromptCard;

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
    facilitator: Res<Facilitator>,
    views: Query<(Entity, Ref<WorkshopView>)>,
) {
    let Some(session) = session else {
        return;
    };
    let Ok((root, view)) = views.single() else {
        return;
    };
    if !(view.is_added() || session.is_changed() || facilitator.is_changed()) {
        return;
    }
    let s = &*session;
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
                .with_children(|story| match s.stage {
                    Stage::Reveal => reveal(story, s),
                    Stage::Handover => scoreboard(story, s),
                    _ => situation(story, s),
                });
                // Reading gets the whole width; the other stages have something to show beside.
                if s.stage != Stage::Read {
                    side(main, s);
                }
            });
            hints(root, s);
            overlays(root, s, &facilitator);
        });
}

fn top_bar(root: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    root.spawn(row(16.0)).with_children(|bar| {
        bar.spawn((
            colored_text(TextRole::Title, s.scenario.title.clone(), ACCENT),
            Node {
                flex_grow: 1.0,
                ..default()
            },
        ));
        // The team on screen: the one deciding, or the one whose decision is revealed.
        let shown = match s.stage {
            Stage::Reveal => s.workshop.order().last().copied(),
            _ => s.team(),
        };
        if let Some(team) = shown.map(|t| &s.workshop.teams()[t]) {
            let label = match s.stage {
                Stage::Handover => format!("Next: {}", team.team.name),
                _ => format!(
                    "{} · decision {}",
                    team.team.name,
                    decision_number(team, s.stage)
                ),
            };
            bar.spawn(team_chip(team, label));
        }
        let steps: &[Stage] = match s.stage {
            Stage::Handover => &[Stage::Handover],
            _ => &[Stage::Read, Stage::Discuss, Stage::Vote, Stage::Reveal],
        };
        for &stage in steps {
            if stage == Stage::Discuss && s.workshop.setup.discussion_seconds == 0 {
                continue;
            }
            let current = stage.label() == s.stage.label();
            let color = if current { ACCENT } else { TEXT_DISABLED };
            let mut label = bar.spawn(colored_text(TextRole::Small, stage.label(), color));
            if current {
                label.insert(StageLabel);
            }
        }

        bar.spawn(button("Undo (U)", ButtonLook::Secondary, Facilitate::Undo));
        bar.spawn(button(
            "Menu (Esc)",
            ButtonLook::Secondary,
            OpenMenu(Menu::Pause),
        ));
    });
}

/// The decision's number for the team: the one being made, or the one just revealed.
fn decision_number(team: &TeamPlay, stage: Stage) -> usize {
    match stage {
        Stage::Reveal => team.votes.len(),
        _ => team.votes.len() + 1,
    }
}

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

/// Read, discuss and vote: who speaks, what they say, and the options.
fn situation(story: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let Some(team) = s.team() else {
        return;
    };
    let run = &s.workshop.teams()[team].run;
    let scenario = &s.scenario;
    let voting = matches!(s.stage, Stage::Vote | Stage::TieBreak);
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
                panel.spawn(colored_text(TextRole::Title, who, ACCENT));
                panel.spawn((
                    text(TextRole::Stage, run.text(scenario)),
                    crate::screens::play::NodeText,
                ));
            });
    }
    let tied = if s.stage == Stage::TieBreak {
        s.tied()
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
            for (position, view) in run
                .choices(scenario)
                .into_iter()
                .filter(|c| c.disabled.is_none())
                .enumerate()
            {
                let votes = s.tally.get(view.index).copied().unwrap_or(0);
                let selected = voting
                    && s.workshop.setup.voting == Voting::Counts
                    && s.stage == Stage::Vote
                    && position == s.selected;
                let dimmed = s.stage == Stage::TieBreak && !tied.contains(&view.index);
                let border = if selected || tied.contains(&view.index) {
                    ACCENT
                } else {
                    BORDER
                };
                let mut option = list.spawn((
                    Name::new(format!("Option {}", view.id)),
                    OptionRow {
                        index: view.index,
                        votes,
                    },
                    Node {
                        align_items: AlignItems::Center,
                        column_gap: px(14),
                        padding: UiRect::axes(px(14), px(8)),
                        border_radius: BorderRadius::all(px(8)),
                        border: UiRect::all(px(if selected { 3.0 } else { 1.0 })),
                        ..default()
                    },
                    BorderColor::all(border),
                    BackgroundColor(PANEL),
                ));
                option.with_children(|o| {
                    o.spawn(number_badge(position, option_colour(position), dimmed));
                    o.spawn((
                        colored_text(
                            TextRole::Stage,
                            view.text.clone(),
                            if dimmed { TEXT_DISABLED } else { TEXT },
                        ),
                        Node {
                            flex_grow: 1.0,
                            flex_shrink: 1.0,
                            ..default()
                        },
                    ));
                    if voting && s.workshop.setup.voting == Voting::Counts {
                        o.spawn(button(
                            "−",
                            ButtonLook::Secondary,
                            Facilitate::Adjust {
                                option: position,
                                delta: -1,
                            },
                        ));
                        o.spawn((
                            colored_text(TextRole::Figure, votes.to_string(), TEXT),
                            Node {
                                min_width: px(70),
                                justify_content: JustifyContent::Center,
                                ..default()
                            },
                        ));
                        o.spawn(button(
                            "+",
                            ButtonLook::Secondary,
                            Facilitate::Adjust {
                                option: position,
                                delta: 1,
                            },
                        ));
                    }
                });
                // Clicking an option picks it where a pick is what is asked for.
                let picking = (s.stage == Stage::Vote
                    && s.workshop.setup.voting == Voting::Majority)
                    || (s.stage == Stage::TieBreak && tied.contains(&view.index));
                if picking {
                    option.insert(activates(Facilitate::Pick(position)));
                } else if s.stage == Stage::Vote {
                    option.insert(activates(Facilitate::Select(position)));
                }
            }
        });
}

/// Options are told apart by number and colour alike.
fn option_colour(position: usize) -> Color {
    team_colour(TEAM_COLOURS[position % TEAM_COLOURS.len()].1)
}

fn number_badge(position: usize, colour: Color, dimmed: bool) -> impl Bundle {
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
        BackgroundColor(if dimmed { BORDER } else { colour }),
        Pickable::IGNORE,
        children![colored_text(
            TextRole::Title,
            (position + 1).to_string(),
            ACCENT_TEXT
        )],
    )
}

/// What the decision led to, large: the choice, the split, the consequences, the changes.
fn reveal(story: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let Some(&team) = s.workshop.order().last() else {
        return;
    };
    let play = &s.workshop.teams()[team];
    let (Some(decision), Some(vote)) = (play.run.history().last(), play.votes.last()) else {
        return;
    };
    let scenario = &s.scenario;
    let choice = &scenario.node(decision.node).choices[usize::from(decision.choice)];
    story
        .spawn(scroll_panel(Node {
            flex_grow: 1.0,
            ..default()
        }))
        .with_children(|panel| {
            let split = split_words(&vote.counts, vote.chosen, vote.tie_break);
            panel.spawn(muted(
                TextRole::Title,
                format!("{} chose, {split}:", play.team.name),
            ));
            panel.spawn(colored_text(
                TextRole::Stage,
                format!("“{}”", choice.text.render(scenario, &decision.before)),
                ACCENT,
            ));
            panel.spawn(callout()).with_children(|what| {
                for line in play.run.consequences(scenario, decision) {
                    what.spawn((
                        text(TextRole::Stage, line),
                        crate::screens::play::ConsequenceLine,
                    ));
                }
            });
            if s.workshop.setup.meters_visible {
                panel
                    .spawn(Node {
                        flex_wrap: FlexWrap::Wrap,
                        column_gap: px(28),
                        row_gap: px(6),
                        ..default()
                    })
                    .with_children(|chips| {
                        for (m, (before, after)) in scenario
                            .meters
                            .iter()
                            .zip(decision.before.meters().iter().zip(&decision.meters_after))
                        {
                            if m.visible && before != after {
                                chips.spawn(change(
                                    format!("{} ", m.label),
                                    m,
                                    after - before,
                                    TextRole::Stage,
                                ));
                            }
                        }
                    });
            }
            if play.run.is_finished() {
                let ending = play
                    .run
                    .ending(scenario)
                    .map_or("no ending", |e| e.title.as_str());
                panel.spawn(colored_text(
                    TextRole::Title,
                    format!("{} has reached the end: {ending}.", play.team.name),
                    ACCENT,
                ));
            }
        });
}

/// "7 to 5", "a tie broken by the facilitator", or "by the room's majority".
fn split_words(counts: &[u32], chosen: usize, tie_break: bool) -> String {
    let mut sorted: Vec<u32> = counts.iter().copied().filter(|&c| c > 0).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    if tie_break {
        return format!("a tie at {} broken by the facilitator", counts[chosen]);
    }
    match sorted.as_slice() {
        [_] | [] => "by the room's majority".to_owned(),
        [first, second, ..] => format!("{first} votes to {second}"),
    }
}

/// Between turns: where every team stands, and whose turn is next.
fn scoreboard(story: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    story
        .spawn(scroll_panel(Node {
            flex_grow: 1.0,
            ..default()
        }))
        .with_children(|panel| {
            panel.spawn(colored_text(TextRole::Heading, "Scoreboard", ACCENT));
            // One block per team: its name and progress, then its meters beneath.
            for (i, team) in s.workshop.teams().iter().enumerate() {
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
                        super::debrief::ResultRow(i),
                    ))
                    .with_children(|block| {
                        block.spawn(row(20.0)).with_children(|line| {
                            line.spawn(team_chip(team, team.team.name.clone()));
                            line.spawn(text(TextRole::Stage, status));
                        });
                        if s.workshop.setup.meters_visible {
                            block.spawn(muted(TextRole::Small, meters_summary(&s.scenario, team)));
                        }
                    });
            }
            if let Some(next) = s.team() {
                panel.spawn(colored_text(
                    TextRole::Title,
                    format!(
                        "Next: {} — PageDown when they are ready",
                        s.workshop.teams()[next].team.name
                    ),
                    ACCENT,
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

/// The right column: the countdown while discussing, the split while voting, the meters
/// otherwise (when the session shows them).
fn side(main: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let width = match s.stage {
        Stage::Discuss | Stage::Vote | Stage::TieBreak => 300.0,
        _ => 370.0,
    };
    main.spawn(scroll_panel(Node {
        width: px(width),
        flex_shrink: 0.0,
        ..default()
    }))
    .with_children(|side| match s.stage {
        Stage::Discuss => {
            side.spawn(muted(TextRole::Title, "Discussion"));
            side.spawn((colored_text(TextRole::Countdown, "", TEXT), CountdownText));
            side.spawn((
                Node {
                    width: percent(100),
                    height: px(14),
                    border_radius: BorderRadius::all(px(7)),
                    overflow: Overflow::clip(),
                    ..default()
                },
                BackgroundColor(BAR_TRACK),
                children![(
                    Node {
                        width: percent(100),
                        height: percent(100),
                        ..default()
                    },
                    BackgroundColor(ACCENT),
                    CountdownFill,
                )],
            ));
            side.spawn((muted(TextRole::Small, ""), CountdownNote));
            side.spawn(row(10.0)).with_children(|b| {
                b.spawn(button(
                    "+30 s (E)",
                    ButtonLook::Secondary,
                    Facilitate::Extend,
                ));
                b.spawn(button("Vote", ButtonLook::Primary, Facilitate::Advance));
            });
        }
        Stage::Vote | Stage::TieBreak => split_bar(side, s),
        _ => meters(side, s),
    });
}

fn split_bar(side: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let available = s.available();
    let total: u32 = available
        .iter()
        .map(|&i| s.tally.get(i).copied().unwrap_or(0))
        .sum();
    side.spawn(muted(TextRole::Title, "The vote"));
    side.spawn(colored_text(
        TextRole::Figure,
        format!("{total} votes"),
        TEXT,
    ));
    side.spawn((
        TallyBar,
        Node {
            width: percent(100),
            height: px(56),
            border_radius: BorderRadius::all(px(8)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(BAR_TRACK),
    ))
    .with_children(|split| {
        for (position, &i) in available.iter().enumerate() {
            let votes = s.tally.get(i).copied().unwrap_or(0);
            if votes == 0 {
                continue;
            }
            split.spawn((
                Node {
                    width: percent(100.0 * votes as f32 / total as f32),
                    height: percent(100),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    overflow: Overflow::clip(),
                    ..default()
                },
                BackgroundColor(option_colour(position)),
                children![colored_text(
                    TextRole::Title,
                    (position + 1).to_string(),
                    ACCENT_TEXT
                )],
            ));
        }
    });
    for (position, &i) in available.iter().enumerate() {
        let votes = s.tally.get(i).copied().unwrap_or(0);
        let share = (100 * votes + total / 2).checked_div(total).unwrap_or(0);
        side.spawn(text(
            TextRole::Title,
            format!("{}: {votes} ({share}%)", position + 1),
        ));
    }
}

fn meters(side: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let shown = match s.stage {
        Stage::Reveal => s.workshop.order().last().copied(),
        _ => s.team(),
    };
    let Some(play) = shown.map(|t| &s.workshop.teams()[t]) else {
        return;
    };
    if !s.workshop.setup.meters_visible {
        side.spawn(muted(
            TextRole::Small,
            "Meters are hidden for this session: the room argues from the story. They appear in the debrief.",
        ));
        return;
    }
    let now = play.run.state().meters();
    let before = match s.stage {
        Stage::Reveal => play.run.history().last().map_or(now, |d| d.before.meters()),
        _ => now,
    };
    side.spawn(text(
        TextRole::Title,
        format!("{}'s standing", play.team.name),
    ));
    for (i, m) in s.scenario.meters.iter().enumerate() {
        if m.visible {
            let label = match m.stakeholder {
                Some(p) => format!("{}'s trust", s.scenario.cast[p].name),
                None => m.label.clone(),
            };
            side.spawn(meter_row(label, m, before[i], now[i]));
        }
    }
}

fn hints(root: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let counting = s.workshop.setup.voting == Voting::Counts;
    let hint = match s.stage {
        Stage::Read if s.workshop.setup.discussion_seconds > 0 => "PageDown starts the discussion",
        Stage::Read => "PageDown opens the vote",
        Stage::Discuss => "Space pauses · E adds 30 s · PageDown opens the vote",
        Stage::Vote if counting => {
            "Up/Down picks an option · type its count · + and − adjust · PageDown reveals"
        }
        Stage::Vote => "Press the number of the option the majority chose",
        Stage::TieBreak => "A tie: press the number of the tied option the room goes with",
        Stage::Reveal => "PageDown goes on · PageUp takes the decision back",
        Stage::Handover => "PageDown hands over to the next team",
    };
    root.spawn(row(16.0)).with_children(|line| {
        line.spawn(muted(
            TextRole::Small,
            format!("{hint} · B blanks · P prompt · Esc menu"),
        ));
        if let Some(message) = &s.message {
            line.spawn(colored_text(TextRole::Small, message.clone(), BAD));
        }
        if s.stage == Stage::TieBreak {
            let tied: Vec<String> = s
                .tied()
                .iter()
                .filter_map(|i| s.available().iter().position(|a| a == i))
                .map(|p| (p + 1).to_string())
                .collect();
            line.spawn(colored_text(
                TextRole::Title,
                format!(
                    "Tie between {} — the facilitator decides",
                    tied.join(" and ")
                ),
                ACCENT,
            ));
        }
    });
}

/// Blank screen, paused card, and the facilitator's prompt.
fn overlays(root: &mut ChildSpawnerCommands, s: &WorkshopSession, facilitator: &Facilitator) {
    // Above the screen, below the menu (which the facilitator can still open).
    let layer = |background: Color| full_screen_layer(background, 5);
    if facilitator.blank {
        root.spawn((layer(Color::BLACK), Name::new("Blank screen")))
            .with_children(|l| {
                l.spawn(colored_text(
                    TextRole::Small,
                    "B brings the screen back",
                    Color::srgb(0.25, 0.25, 0.25),
                ));
            });
        return;
    }
    if facilitator.paused {
        root.spawn(layer(Color::srgba(0.0, 0.0, 0.0, 0.75)))
            .with_children(|l| {
                l.spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        row_gap: px(12),
                        padding: UiRect::all(px(40)),
                        border_radius: BorderRadius::all(px(12)),
                        ..default()
                    },
                    BackgroundColor(PANEL_RAISED),
                    children![
                        colored_text(TextRole::Display, "Paused", ACCENT),
                        text(TextRole::Title, "Space to go on"),
                    ],
                ));
            });
    }
    if facilitator.prompt {
        let node = s
            .team()
            .map(|t| s.workshop.teams()[t].run.state().node())
            .or_else(|| {
                s.workshop
                    .order()
                    .last()
                    .map(|&t| s.workshop.teams()[t].run.state().node())
            });
        let prompt = match (
            s.workshop.setup.prompts,
            node.and_then(|n| s.scenario.node(n).prompt.clone()),
        ) {
            (false, _) => "Prompts are off for this session.".to_owned(),
            (true, Some(prompt)) => prompt,
            (true, None) => "No prompt for this moment: ask the room what they noticed.".to_owned(),
        };
        root.spawn((
            PromptCard,
            Node {
                position_type: PositionType::Absolute,
                left: px(60),
                right: px(60),
                bottom: px(70),
                flex_direction: FlexDirection::Column,
                row_gap: px(8),
                padding: UiRect::all(px(24)),
                border_radius: BorderRadius::all(px(12)),
                border: UiRect::all(px(3)),
                ..default()
            },
            GlobalZIndex(4),
            BackgroundColor(PANEL_RAISED),
            BorderColor::all(ACCENT),
            children![
                colored_text(TextRole::Small, "Facilitator prompt · P hides it", ACCENT),
                text(TextRole::Stage, prompt),
            ],
        ));
    }
}

/// The countdown's digits, bar and note follow the clock without rebuilding the screen.
fn update_countdown(
    countdown: Res<Countdown>,
    facilitator: Res<Facilitator>,
    mut digits: Query<Words, With<CountdownText>>,
    mut notes: Query<Words, (With<CountdownNote>, Without<CountdownText>)>,
    mut fills: Query<&mut Node, With<CountdownFill>>,
    added: Query<(), Added<CountdownText>>,
) {
    if !(countdown.is_changed() || facilitator.is_changed() || !added.is_empty()) {
        return;
    }
    let up = countdown.is_up();
    for (mut text, mut color) in &mut digits {
        text.0 = countdown.display();
        color.0 = if up { ACCENT } else { TEXT };
    }
    for mut fill in &mut fills {
        fill.width = percent(100.0 * (1.0 - countdown.elapsed_fraction()));
    }
    for (mut text, mut color) in &mut notes {
        let (words, tint) = if up {
            (
                "Time. Let's hear where the room stands: PageDown opens the vote.",
                ACCENT,
            )
        } else if facilitator.paused {
            ("Paused.", TEXT_MUTED)
        } else {
            ("Talk it through: what does each option trade?", TEXT_MUTED)
        };
        text.0 = words.to_owned();
        color.0 = tint;
    }
}
