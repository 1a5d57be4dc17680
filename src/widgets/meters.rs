//! How meters look wherever they appear: a labelled bar with its value and its last change,
//! the change written with a sign and an arrow as well as a colour.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use promoted_engine::model::Meter;
use promoted_engine::{MeterChange, Scenario};

use super::{muted, text};
use crate::adapters::settings::Settings;
use crate::theme::palette::{Fill, Ink, Tone};
use crate::theme::typography::{Symbol, TextRole};

/// A change to a meter as text: "Team morale +3 ▲". The number carries a sign and an arrow
/// as well as a colour — green when it is good news, red when it is bad, which depends on
/// whether the meter is better high or low.
pub fn change(prefix: String, meter: &Meter, delta: i32, role: TextRole) -> impl Bundle + use<> {
    let (words, arrow, tone) = match delta {
        0 => (String::new(), "", Tone::TextMuted),
        d => {
            let sign = if d > 0 { "+" } else { "−" };
            let good = (d > 0) == meter.higher_is_better;
            (
                format!("{prefix}{sign}{} ", d.unsigned_abs()),
                if d > 0 { "▲" } else { "▼" },
                if good { Tone::Good } else { Tone::Bad },
            )
        }
    };
    (
        Text::new(words),
        TextFont::default(),
        Ink(tone),
        role,
        Pickable::IGNORE,
        children![(
            TextSpan::new(arrow),
            TextFont::default(),
            Ink(tone),
            role,
            Symbol
        )],
    )
}

/// The chips for what a decision changed: "Team morale +3 ▲ · Priya's trust −5 ▼".
pub fn changes(
    scenario: &Scenario,
    changes: &[MeterChange],
    role: TextRole,
) -> impl Bundle + use<> {
    let chips: Vec<_> = changes
        .iter()
        .map(|c| {
            change(
                format!("{} ", scenario.short_label(c.meter)),
                scenario.meter(c.meter),
                c.delta(),
                role,
            )
        })
        .collect();
    (
        Node {
            flex_wrap: FlexWrap::Wrap,
            column_gap: px(16),
            row_gap: px(4),
            ..default()
        },
        Children::spawn(SpawnIter(chips.into_iter())),
    )
}

/// A horizontal bar showing `fraction` (0–1) of its track.
pub fn bar(fraction: f32, tone: Tone, height: f32) -> impl Bundle {
    (
        Node {
            width: percent(100),
            height: px(height),
            border_radius: BorderRadius::all(px(height / 2.0)),
            overflow: Overflow::clip(),
            ..default()
        },
        Fill(Tone::BarTrack),
        children![(
            Node {
                width: percent(100.0 * fraction.clamp(0.0, 1.0)),
                height: percent(100),
                ..default()
            },
            Fill(tone),
        )],
    )
}

/// A bar with a label and a value above it.
pub fn labelled_bar(label: String, value: String, fraction: f32, tone: Tone) -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(4),
            ..default()
        },
        children![
            (
                Node {
                    justify_content: JustifyContent::SpaceBetween,
                    ..default()
                },
                children![muted(TextRole::Small, label), text(TextRole::Small, value)]
            ),
            bar(fraction, tone, 10.0),
        ],
    )
}

/// A meter's row: label, value, change, and a bar that grows from `from` to `value`.
pub fn meter_row(label: String, meter: &Meter, from: i32, value: i32) -> impl Bundle + use<> {
    let fill = if meter.visible {
        Tone::BarFill
    } else {
        Tone::HiddenFill
    };
    let (start, end) = (meter.fraction(from) as f32, meter.fraction(value) as f32);
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(4),
            ..default()
        },
        children![
            (
                Node {
                    flex_direction: FlexDirection::Row,
                    justify_content: JustifyContent::SpaceBetween,
                    column_gap: px(8),
                    ..default()
                },
                children![
                    muted(TextRole::Small, label),
                    (
                        Node {
                            column_gap: px(8),
                            ..default()
                        },
                        children![
                            change(String::new(), meter, value - from, TextRole::Small),
                            text(TextRole::Small, value.to_string()),
                        ]
                    ),
                ]
            ),
            (
                Node {
                    width: percent(100),
                    height: px(10),
                    border_radius: BorderRadius::all(px(5)),
                    overflow: Overflow::clip(),
                    ..default()
                },
                Fill(Tone::BarTrack),
                children![(
                    Node {
                        width: percent(100.0 * start),
                        height: percent(100),
                        ..default()
                    },
                    Fill(fill),
                    Growing {
                        from: start,
                        to: end,
                        elapsed: 0.0,
                    },
                )]
            ),
        ],
    )
}

/// A bar fill on its way from one value to another.
#[derive(Component, Debug)]
pub struct Growing {
    pub from: f32,
    pub to: f32,
    elapsed: f32,
}

const GROW_SECONDS: f32 = 0.7;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<RequestRedraw>().add_systems(Update, grow);
}

/// Animate the bars (at once with reduced motion), asking for frames only while they move.
fn grow(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut bars: Query<(Entity, &mut Growing, &mut Node)>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    for (entity, mut growing, mut node) in &mut bars {
        growing.elapsed += time.delta_secs();
        let t = if settings.reduced_motion {
            1.0
        } else {
            (growing.elapsed / GROW_SECONDS).min(1.0)
        };
        // Ease out: fast at first, settling gently.
        let eased = 1.0 - (1.0 - t).powi(3);
        node.width = percent(100.0 * (growing.from + (growing.to - growing.from) * eased));
        if t >= 1.0 {
            commands.entity(entity).remove::<Growing>();
        } else {
            redraw.write(RequestRedraw);
        }
    }
}
