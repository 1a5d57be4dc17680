//! Touch: a finger dragged over a scrolling panel scrolls it, and a drag that began on a
//! button does not press it when the finger lifts (it was a scroll, not a tap).

use bevy::picking::events::{Drag, Pointer};
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;
use bevy::ui::{ComputedNode, Pressed, ScrollPosition};
use bevy::ui_widgets::{Button as WidgetButton, ScrollArea};

/// How far a finger moves before a touch is a scroll rather than a tap, in logical pixels.
const TAP_SLOP: f32 = 10.0;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(drag_to_scroll);
}

/// The drag bubbles from what the finger is on up to the panel that scrolls.
fn drag_to_scroll(
    mut drag: On<Pointer<Drag>>,
    mut commands: Commands,
    buttons: Query<(), (With<WidgetButton>, With<Pressed>)>,
    mut areas: Query<(&ComputedNode, &mut ScrollPosition), With<ScrollArea>>,
    scale: Res<UiScale>,
) {
    if !matches!(drag.pointer_id, PointerId::Touch(_)) {
        return;
    }
    let target = drag.entity;
    if buttons.contains(target) && drag.distance.length() > TAP_SLOP {
        commands.entity(target).remove::<Pressed>();
    }
    if let Ok((node, mut position)) = areas.get_mut(target) {
        drag.propagate(false);
        let visible = node.size().y * node.inverse_scale_factor;
        let content = node.content_size().y * node.inverse_scale_factor;
        let furthest = (content - visible).max(0.0);
        let moved = drag.delta.y / scale.0.max(0.01);
        position.y = (position.y - moved).clamp(0.0, furthest);
    }
}
