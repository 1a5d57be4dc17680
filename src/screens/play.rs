//! The play screen: who speaks and what they say, the choices, and the state of things —
//! meters, trust, the clock, and the consequences still to come. Everything shown comes from
//! the engine's run: its texts, the last decision's consequences and changes, what is still
//! pending.

use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use bevy::ui::InteractionDisabled;
use bevy::ui_widgets::ScrollArea;
use promoted_engine::{ChoiceIdx, Scenario};

use super::Screen;
use super::menu::{Menu, OpenMenu};
use crate::AppSystems;
use crate::access::Announce;
use crate::adapters::solo::{
    AskMentor, Choose, ConfirmPriorities, PriorityDraft, Session, SkipPriorities, TogglePriority,
    UndoDecision,
};
use crate::theme::Layout;
use crate::theme::palette::{Edge, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::meters::{changes, meter_row};
use crate::widgets::{
    ButtonLook, activates, button, callout, card, columns, muted, number_badge, panel, screen_root,
    scroll_panel, text, toned_text,
};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MetersOpen>()
        .add_observer(|_: On<ToggleMeters>, mut open: ResMut<MetersOpen>| open.0 = !open.0)
        .add_systems(OnEnter(Screen::Play), spawn_frame)
        .add_systems(
            Update,
            render
                .in_set(AppSystems::Render)
                .run_if(in_state(Screen::Play)),
        )
        .add_systems(
            PostUpdate,
            report_choice_positions
                .after(bevy::ui::UiSystems::Layout)
                .run_if(in_state(Screen::Play)),
        );
}

/// Where each choice landed on screen, in CSS pixels: the browser tests click there, as a
/// player would.
fn report_choice_positions(
    choices: Query<(&ChoiceButton, &UiGlobalTransform), Changed<UiGlobalTransform>>,
    window: Option<Single<&Window, With<bevy::window::PrimaryWindow>>>,
) {
    let Some(window) = window else {
        return;
    };
    for (choice, transform) in &choices {
        let at = transform.translation / window.scale_factor();
        let state = if choice.enabled {
            "enabled"
        } else {
            "disabled"
        };
        info!(
            "promoted: choice {} {state} at {:.0},{:.0}",
            choice.index.index(),
            at.x,
            at.y
        );
    }
}

/// The play screen's root; its contents are rebuilt after every decision.
#[derive(Component)]
pub struct PlayView;

/// A choice button, with its place among the node's choices.
#[derive(Component, Debug)]
pub struct ChoiceButton {
    pub index: ChoiceIdx,
    pub enabled: bool,
}

/// The node's text.
#[derive(Component)]
pub struct NodeText;

/// What the last decision led to: a line of it.
#[derive(Component)]
pub struct ConsequenceLine;

/// What the last decision led to: the box holding its lines and its visible changes.
#[derive(Component)]
pub struct Consequences;

/// A priority's button before the first decision.
#[derive(Component, Debug)]
pub struct PriorityButton(pub promoted_engine::Priority);

/// The mentor's question, once asked.
#[derive(Component)]
pub struct MentorQuestion;

/// A meter's row in the side panel, by meter id.
#[derive(Component, Debug)]
pub struct MeterRow(pub String);

fn spawn_frame(mut commands: Commands) {
    commands.spawn((
        Name::new("Play screen"),
        PlayView,
        DespawnOnExit(Screen::Play),
        TabGroup::new(0),
        screen_root(),
    ));
}

/// On a phone, whether the strip of meters and people is open.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MetersOpen(pub bool);

/// The phone's strip of meters was tapped: open or close it.
#[derive(Event, Debug, Clone, Copy, Default)]
pub struct ToggleMeters;

/// The phone's strip of meters and people: a button that opens the panel.
#[derive(Component)]
pub struct MetersStrip;

fn render(
    mut commands: Commands,
    session: Option<Res<Session>>,
    draft: Res<PriorityDraft>,
    layout: Res<Layout>,
    open: Res<MetersOpen>,
    views: Query<(Entity, Ref<PlayView>)>,
) {
    let Some(session) = session else {
        return;
    };
    let Ok((view, frame)) = views.single() else {
        return;
    };
    if !(session.is_changed()
        || draft.is_changed()
        || frame.is_added()
        || layout.is_changed()
        || open.is_changed())
    {
        return;
    }
    if layout.is_phone() {
        commands
            .entity(view)
            .despawn_children()
            .with_children(|view| phone(view, &session, &draft, open.0));
        return;
    }
    commands
        .entity(view)
        .despawn_children()
        .with_children(|view| {
            top_bar(view, &session);
            view.spawn(columns()).with_children(|main| {
                main.spawn(Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(14),
                    min_height: px(0),
                    ..default()
                })
                .with_children(|story| {
                    if draft.is_open() {
                        priorities(story, &session, &draft);
                    } else {
                        story_panel(story, &session, Layout::Wide);
                        choices(story, &session);
                        mentor(story, &session);
                    }
                });
                main.spawn(scroll_panel(Node {
                    width: px(380),
                    flex_shrink: 0.0,
                    row_gap: px(10),
                    ..default()
                }))
                .with_children(|side| side_panel(side, &session));
            });
        });
}

/// A phone held upright: one column that scrolls under a finger, the situation then the
/// choices, with the meters and people in a strip that opens on a tap.
fn phone(view: &mut ChildSpawnerCommands, session: &Session, draft: &PriorityDraft, open: bool) {
    top_bar(view, session);
    view.spawn((
        Node {
            flex_grow: 1.0,
            flex_direction: FlexDirection::Column,
            row_gap: px(12),
            min_height: px(0),
            overflow: Overflow::scroll_y(),
            ..default()
        },
        ScrollArea,
    ))
    .with_children(|page| {
        if draft.is_open() {
            priorities(page, session, draft);
            return;
        }
        meters_strip(page, session, open);
        if open {
            page.spawn(panel())
                .with_children(|side| side_panel(side, session));
        }
        story_panel(page, session, Layout::Phone);
        choices(page, session);
        mentor(page, session);
    });
}

/// The closed strip: each visible meter's value in a line, and a tap opens the rest.
fn meters_strip(page: &mut ChildSpawnerCommands, session: &Session, open: bool) {
    let scenario = &session.scenario;
    let now = session.run.state().meters();
    let mut summary: Vec<String> = scenario
        .meters
        .iter()
        .enumerate()
        .filter(|(_, m)| m.visible && m.stakeholder.is_none())
        .map(|(i, m)| format!("{} {}", m.label, now[i]))
        .collect();
    summary.push(format!("{} people", scenario.cast.len()));
    let action = if open { "Close" } else { "Open" };
    page.spawn((
        Name::new("Meters strip"),
        MetersStrip,
        Node {
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            row_gap: px(2),
            padding: UiRect::axes(px(14), px(10)),
            min_height: px(56),
            border_radius: BorderRadius::all(px(8)),
            border: UiRect::all(px(1)),
            ..default()
        },
        Edge(Tone::Border),
        activates(ToggleMeters),
        children![
            toned_text(
                TextRole::Small,
                format!("{action}: the team and you"),
                Tone::Accent
            ),
            text(TextRole::Small, summary.join(" · ")),
        ],
    ));
}

fn top_bar(view: &mut ChildSpawnerCommands, session: &Session) {
    let scenario = &session.scenario;
    let state = session.run.state();
    view.spawn(Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        align_items: AlignItems::Center,
        column_gap: px(16),
        row_gap: px(8),
        ..default()
    })
    .with_children(|bar| {
        bar.spawn((
            toned_text(TextRole::Title, scenario.title.clone(), Tone::Accent),
            Node {
                flex_grow: 1.0,
                ..default()
            },
        ));
        if let Some(clock) = &scenario.clock {
            let left = state.days_left();
            let tone = match left {
                ..=0 => Tone::Bad,
                1..=2 => Tone::Accent,
                _ => Tone::Text,
            };
            let label = clock.status(state.day(), left);
            bar.spawn(toned_text(TextRole::Small, label, tone));
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

/// Who speaks and what happens: a panel that scrolls on its own when wide, part of the
/// page's one column on a phone.
fn story_panel(story: &mut ChildSpawnerCommands, session: &Session, layout: Layout) {
    let scenario = &session.scenario;
    let run = &session.run;
    let mut frame = if layout.is_phone() {
        story.spawn(panel())
    } else {
        story.spawn(scroll_panel(Node {
            flex_grow: 1.0,
            padding: UiRect::all(px(20)),
            ..default()
        }))
    };
    frame.with_children(|panel| {
        if !run.history().is_empty() {
            consequences(panel, scenario, session);
        } else if let Some(play) = &session.campaign
            && let Some(chapter) = play.chapter()
        {
            panel.spawn(callout()).with_children(|intro| {
                intro.spawn(toned_text(
                    TextRole::Small,
                    format!(
                        "{} · chapter {} of {}",
                        play.campaign.title,
                        play.progress.chapter + 1,
                        play.campaign.chapters.len()
                    ),
                    Tone::Accent,
                ));
                intro.spawn(text(TextRole::Small, chapter.intro.clone()));
            });
        }
        match scenario.speaker(run.state().node()) {
            Some(speaker) => {
                panel.spawn(toned_text(
                    TextRole::Title,
                    format!("{} — {}", speaker.name, speaker.role),
                    Tone::Accent,
                ));
            }
            None => {
                panel.spawn(muted(TextRole::Small, "What happens"));
            }
        }
        panel.spawn((text(TextRole::Body, run.text(scenario)), NodeText));
    });
}

/// What the last decision led to, in the engine's words, with the visible changes.
fn consequences(panel: &mut ChildSpawnerCommands, scenario: &Scenario, session: &Session) {
    let run = &session.run;
    let Some(last) = run.history().last() else {
        return;
    };
    let lines = run.consequences(scenario, run.history().len() - 1);
    let changed = last.visible_changes(scenario);
    if lines.is_empty() && changed.is_empty() {
        return;
    }
    panel
        .spawn((callout(), Consequences, Announce))
        .with_children(|what| {
            for line in lines {
                what.spawn((text(TextRole::Small, line), ConsequenceLine));
            }
            if !changed.is_empty() {
                what.spawn(changes(scenario, &changed, TextRole::Small));
            }
        });
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
            for view in views {
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
                    Edge(Tone::Border),
                    activates(Choose(view.index)),
                ));
                button.with_children(|b| {
                    let badge = if enabled { Tone::Accent } else { Tone::Border };
                    b.spawn(number_badge(
                        view.shown.number(),
                        34.0,
                        badge,
                        TextRole::Small,
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
                        let ink = if enabled {
                            Tone::Text
                        } else {
                            Tone::TextDisabled
                        };
                        words.spawn(toned_text(TextRole::Choice, view.text.clone(), ink));
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

/// Before the first decision: the two things that matter most to the player as a lead.
fn priorities(story: &mut ChildSpawnerCommands, session: &Session, draft: &PriorityDraft) {
    story
        .spawn(scroll_panel(Node {
            flex_grow: 1.0,
            padding: UiRect::all(px(20)),
            row_gap: px(12),
            ..default()
        }))
        .with_children(|panel| {
            panel.spawn(toned_text(TextRole::Title, "Before you begin", Tone::Accent));
            panel.spawn(text(
                TextRole::Body,
                "What matters most to you as a lead? Pick two. Nothing here is scored: at the end, the debrief sets what you said beside what your choices protected.",
            ));
            if session.scenario.nodes.iter().any(|n| n.mentor.is_some()) {
                let times = match promoted_engine::reflection::MENTOR_QUESTIONS {
                    1 => "once".to_owned(),
                    2 => "twice".to_owned(),
                    n => format!("{n} times"),
                };
                panel.spawn(muted(
                    TextRole::Small,
                    format!("At the hardest decisions you may ask your mentor (M), {times} in this run."),
                ));
            }
            for (n, (priority, _)) in session.scenario.priorities.iter().enumerate() {
                let picked = draft.picked().contains(priority);
                let (badge, ink, mark) = if picked {
                    (Tone::Accent, Tone::Text, "  · picked")
                } else {
                    (Tone::Border, Tone::Text, "")
                };
                panel
                    .spawn((
                        Name::new(format!("Priority {}", priority.key())),
                        PriorityButton(*priority),
                        Node {
                            flex_direction: FlexDirection::Row,
                            align_items: AlignItems::Center,
                            column_gap: px(14),
                            padding: UiRect::axes(px(14), px(10)),
                            border_radius: BorderRadius::all(px(8)),
                            border: UiRect::all(px(if picked { 2 } else { 1 })),
                            ..default()
                        },
                        Edge(if picked { Tone::Accent } else { Tone::Border }),
                        activates(TogglePriority(*priority)),
                    ))
                    .with_children(|b| {
                        b.spawn(number_badge(n + 1, 34.0, badge, TextRole::Small));
                        b.spawn(toned_text(
                            TextRole::Choice,
                            format!("{}{mark}", priority.label()),
                            ink,
                        ));
                    });
            }
            panel
                .spawn(Node {
                    flex_direction: FlexDirection::Row,
                    column_gap: px(14),
                    margin: UiRect::top(px(8)),
                    ..default()
                })
                .with_children(|row| {
                    let mut begin = row.spawn(button(
                        "Begin (Enter)",
                        ButtonLook::Primary,
                        ConfirmPriorities,
                    ));
                    if !draft.is_ready() {
                        begin.insert(InteractionDisabled);
                    }
                    row.spawn(button("Skip", ButtonLook::Secondary, SkipPriorities));
                });
        });
}

/// Asking the mentor: a button while questions are left, the question once asked.
fn mentor(story: &mut ChildSpawnerCommands, session: &Session) {
    let (scenario, run) = (&session.scenario, &session.run);
    if let Some(question) = run.mentor_question(scenario) {
        story.spawn(callout()).with_children(|said| {
            said.spawn(toned_text(
                TextRole::Small,
                "Your mentor asks",
                Tone::Accent,
            ));
            said.spawn((text(TextRole::Body, question), MentorQuestion));
        });
    } else if run.mentor_available(scenario).is_ok() {
        let left = run.mentor_left();
        story.spawn(button(
            format!(
                "Ask your mentor (M) · {left} question{} left",
                if left == 1 { "" } else { "s" }
            ),
            ButtonLook::Secondary,
            AskMentor,
        ));
    }
}

/// The meters, the people's trust and what is still to come.
fn side_panel(side: &mut ChildSpawnerCommands, session: &Session) {
    let scenario = &session.scenario;
    let run = &session.run;
    let now = run.state().meters();
    let before = run.history().last().map_or(now, |d| d.before.meters());
    {
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
            let i = person.trust.index();
            let m = scenario.meter(person.trust);
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
        let upcoming = run.upcoming(scenario);
        if !upcoming.is_empty() {
            side.spawn(text(TextRole::Title, "Still to come"));
            for coming in upcoming {
                let when = if coming.due_in <= 1 {
                    "after your next decision".to_owned()
                } else {
                    format!("in {} decisions", coming.due_in)
                };
                side.spawn((
                    card(10.0),
                    children![
                        toned_text(TextRole::Small, format!("Comes due {when}"), Tone::Accent),
                        muted(TextRole::Small, format!("from “{}”", coming.from)),
                    ],
                ));
            }
        }
    }
}
