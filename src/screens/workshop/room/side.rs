//! The right column: the countdown while discussing, the split while voting, the meters
//! otherwise (when the session shows them).

use bevy::prelude::*;
use promoted_engine::workshop::{Action, PhoneCount, Stage, votes};

use super::super::setup::option_colour;
use crate::adapters::phones::{JoinCard, Phones};
use crate::adapters::room::{Facilitate, WorkshopSession};
use crate::theme::palette::{Fill, Ink, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::meters::meter_row;
use crate::widgets::{ButtonLook, button, muted, row, scroll_panel, text, toned_text};

/// The vote split bar.
#[derive(Component)]
pub struct TallyBar;

/// The countdown's digits.
#[derive(Component)]
pub struct CountdownText;

/// The part of the countdown's bar still to go.
#[derive(Component)]
pub(super) struct CountdownFill;

/// The line under the countdown: how to steer it, or that the time is up.
#[derive(Component)]
pub(super) struct CountdownNote;

pub(super) fn side(main: &mut ChildSpawnerCommands, s: &WorkshopSession, phones: &Phones) {
    let stage = s.room.stage();
    let width = match stage {
        Stage::Discuss | Stage::Vote | Stage::TieBreak => 300.0,
        _ => 370.0,
    };
    main.spawn(scroll_panel(Node {
        width: px(width),
        flex_shrink: 0.0,
        ..default()
    }))
    .with_children(|side| {
        match stage {
            Stage::Discuss => countdown(side),
            Stage::Vote | Stage::TieBreak => match s.room.phones() {
                Some(count) if stage == Stage::Vote && phones.hide_split(&s.room) => {
                    phone_count(side, s, count);
                }
                _ => split_bar(side, s),
            },
            _ => meters(side, s),
        }
        // Where to join while people may still: the discussion, and the vote until its
        // counts are shown (then the split needs the room).
        let joining = match stage {
            Stage::Discuss => true,
            Stage::Vote => phones.hide_split(&s.room),
            _ => false,
        };
        if joining && let Some(card) = &phones.card {
            join_card(side, card);
        }
    });
}

fn countdown(side: &mut ChildSpawnerCommands) {
    side.spawn(muted(TextRole::Title, "Discussion"));
    side.spawn((
        toned_text(TextRole::Countdown, "", Tone::Text),
        CountdownText,
    ));
    side.spawn((
        Node {
            width: percent(100),
            height: px(14),
            border_radius: BorderRadius::all(px(7)),
            overflow: Overflow::clip(),
            ..default()
        },
        Fill(Tone::BarTrack),
        children![(
            Node {
                width: percent(100),
                height: percent(100),
                ..default()
            },
            Fill(Tone::Accent),
            CountdownFill,
        )],
    ));
    side.spawn((muted(TextRole::Small, ""), CountdownNote));
    side.spawn(row(10.0)).with_children(|b| {
        b.spawn(button(
            "+30 s (E)",
            ButtonLook::Secondary,
            Facilitate(Action::Extend),
        ));
        b.spawn(button(
            "Vote",
            ButtonLook::Primary,
            Facilitate(Action::Advance),
        ));
    });
}

/// While the phones vote: how many have, and the hands typed, but not the split, so nobody
/// follows the crowd.
fn phone_count(side: &mut ChildSpawnerCommands, s: &WorkshopSession, count: &PhoneCount) {
    let hands: u32 = s.room.tally().iter().sum();
    side.spawn(muted(TextRole::Title, "The vote"));
    side.spawn(toned_text(
        TextRole::Figure,
        match count.voters {
            1 => "1 phone has voted".to_owned(),
            n => format!("{n} phones have voted"),
        },
        Tone::Text,
    ));
    if hands > 0 || count.hands_only {
        let words = if count.hands_only {
            format!("Hands alone: {hands} (H counts the phones again)")
        } else {
            format!("and {hands} hands")
        };
        side.spawn(text(TextRole::Title, words));
    }
    side.spawn(muted(
        TextRole::Small,
        if count.closing {
            "Closing the vote on the phones… (PageDown again decides with the counts so far)"
        } else {
            "The split stays hidden while the room votes. V shows it; PageDown closes the vote."
        },
    ));
    // One above the other: side by side they are wider than the column.
    side.spawn(button(
        "Show the counts (V)",
        ButtonLook::Secondary,
        Facilitate(Action::ShowCounts),
    ));
    side.spawn(button(
        "Close the vote",
        ButtonLook::Primary,
        Facilitate(Action::Advance),
    ));
}

/// Where the room's phones join: the QR code, the address and the room's code.
fn join_card(side: &mut ChildSpawnerCommands, card: &JoinCard) {
    side.spawn(muted(TextRole::Title, "Vote on your phone"));
    if let Some(qr) = &card.qr {
        side.spawn((
            ImageNode::new(qr.clone()),
            Node {
                width: px(200),
                height: px(200),
                ..default()
            },
        ));
    }
    side.spawn(text(TextRole::Small, card.join.clone()));
    side.spawn(toned_text(
        TextRole::Figure,
        card.code.clone(),
        Tone::Accent,
    ));
}

fn split_bar(side: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let available = s.room.available(&s.scenario);
    let counts = s.room.counts();
    let tally = &counts[..];
    let total: u32 = available.iter().map(|&i| votes(tally, i)).sum();
    side.spawn(muted(TextRole::Title, "The vote"));
    side.spawn(toned_text(
        TextRole::Figure,
        format!("{total} votes"),
        Tone::Text,
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
        Fill(Tone::BarTrack),
    ))
    .with_children(|split| {
        for (position, &i) in available.iter().enumerate() {
            let count = votes(tally, i);
            if count == 0 {
                continue;
            }
            split.spawn((
                Node {
                    width: percent(100.0 * count as f32 / total as f32),
                    height: percent(100),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    overflow: Overflow::clip(),
                    ..default()
                },
                BackgroundColor(option_colour(position)),
                children![toned_text(
                    TextRole::Title,
                    (position + 1).to_string(),
                    Tone::AccentText
                )],
            ));
        }
    });
    for (position, &i) in available.iter().enumerate() {
        let count = votes(tally, i);
        let share = (100 * count + total / 2).checked_div(total).unwrap_or(0);
        side.spawn(text(
            TextRole::Title,
            format!("{}: {count} ({share}%)", position + 1),
        ));
    }
}

fn meters(side: &mut ChildSpawnerCommands, s: &WorkshopSession) {
    let room = &s.room;
    let Some(play) = room.shown_team().map(|t| &room.workshop().teams()[t]) else {
        return;
    };
    if !room.workshop().setup.meters_visible {
        side.spawn(muted(
            TextRole::Small,
            "Meters are hidden for this session: the room argues from the story. They appear in the debrief.",
        ));
        return;
    }
    let history = play.run.history();
    let (before, now) = match room.stage() {
        Stage::Reveal => play
            .room_decision()
            .and_then(|n| history.get(n))
            .map(|d| (d.before.meters(), d.meters_after.as_slice())),
        Stage::Meanwhile => history
            .get(play.meanwhile().start)
            .map(|d| (d.before.meters(), play.run.state().meters())),
        _ => None,
    }
    .unwrap_or((play.run.state().meters(), play.run.state().meters()));
    side.spawn(text(
        TextRole::Title,
        format!("{}'s standing", play.team.name),
    ));
    for (i, m) in s.scenario.meters.iter().enumerate() {
        if m.visible {
            side.spawn(meter_row(m.label.clone(), m, before[i], now[i]));
        }
    }
}

/// A text and its role, which the countdown updates together.
type Words<'a> = (&'a mut Text, &'a mut Ink);

/// The countdown's digits, bar and note follow the clock without rebuilding the screen.
pub(super) fn update_countdown(
    session: Option<Res<WorkshopSession>>,
    mut digits: Query<Words, With<CountdownText>>,
    mut notes: Query<Words, (With<CountdownNote>, Without<CountdownText>)>,
    mut fills: Query<&mut Node, With<CountdownFill>>,
    added: Query<(), Added<CountdownText>>,
) {
    let Some(session) = session else {
        return;
    };
    if !(session.is_changed() || session.room.is_counting_down() || !added.is_empty()) {
        return;
    }
    let countdown = session.room.countdown();
    let up = countdown.is_up();
    for (mut text, mut ink) in &mut digits {
        text.0 = countdown.display();
        ink.set_if_neq(Ink(if up { Tone::Accent } else { Tone::Text }));
    }
    for mut fill in &mut fills {
        fill.width = percent(100.0 * (1.0 - countdown.elapsed_fraction()));
    }
    for (mut text, mut ink) in &mut notes {
        let (words, tone) = if up {
            (
                "Time. Let's hear where the room stands: PageDown opens the vote.",
                Tone::Accent,
            )
        } else if session.room.controls().paused {
            ("Paused.", Tone::TextMuted)
        } else {
            (
                "Talk it through: what does each option trade?",
                Tone::TextMuted,
            )
        };
        text.0 = words.to_owned();
        ink.set_if_neq(Ink(tone));
    }
}
