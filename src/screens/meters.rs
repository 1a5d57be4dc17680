//! How meters look wherever they appear: a labelled bar with its value and its last change,
//! the change written with a sign and an arrow as well as a colour.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use promoted_engine::scenario::Meter;

use crate::settings::Settings;
use crate::theme::palette::{BAD, BAR_FILL, BAR_TRACK, GOOD, HIDDEN_FILL, TEXT_MUTED};
use crate::theme::typography::{Symbol, TextRole};
use crate::theme::widgets::{muted, text};

/// A change to a meter as text: "Team morale +3 ▲". The number carries a sign and an arrow
/// as well as a colour — green when it is good news, red when it is bad, which depends on
/// whether the meter is better high or low.
pub fn change(prefix: String, meter: &Meter, delta: i32, role: TextRole) -> impl Bundle + use<> {
    let (words, arrow, color) = match delta {
        0 => (String::new(), "", TEXT_MUTED),
        d => {
            let sign = if d > 0 { "+" } else { "−" };
            let good = (d > 0) == meter.higher_is_better;
            (
                format!("{prefix}{sign}{} ", d.abs()),
                if d > 0 { "▲" } else { "▼" },
                if good { GOOD } else { BAD },
            )
        }
    };
    (
        Text::new(words),
        TextFont::default(),
        TextColor(color),
        role,
        Pickable::IGNORE,
        children![(
            TextSpan::new(arrow),
            TextFont::default(),
            TextColor(color),
            role,
            Symbol
        )],
    )
}

pub fn fraction(meter: &Meter, value: i32) -> f32 {
    (value - meter.min) as f32 / (meter.max - meter.min) as f32
}

/// A meter's row: label, value, change, and a bar that grows from `from` to `value`.
pub fn meter_row(label: String, meter: &Meter, from: i32, value: i32) -> impl Bundle + use<> {
    let fill = if meter.visible { BAR_FILL } else { HIDDEN_FILL };
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
                BackgroundColor(BAR_TRACK),
                children![(
                    Node {
                        width: percent(100.0 * fraction(meter, from)),
                        height: percent(100),
                        ..default()
                    },
                    BackgroundColor(fill),
                    Growing {
                        from: fraction(meter, from),
                        to: fraction(meter, value),
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
