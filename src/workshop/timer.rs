//! The discussion countdown. It runs on the app's virtual time, so tests drive it with
//! manual time steps; it waits while the facilitator pauses.

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::{Facilitator, Stage, WorkshopSession};
use crate::screens::Screen;

/// Seconds of discussion left, and whether the time is up.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Countdown {
    /// The whole time given, extensions included.
    pub total: f32,
    pub left: f32,
    pub running: bool,
}

impl Countdown {
    pub fn start(&mut self, seconds: u32) {
        self.total = seconds as f32;
        self.left = self.total;
        self.running = true;
    }

    pub fn stop(&mut self) {
        self.running = false;
    }

    pub fn extend(&mut self, seconds: u32) {
        if self.running || self.is_up() {
            self.total += seconds as f32;
            self.left += seconds as f32;
            self.running = true;
        }
    }

    pub fn is_up(&self) -> bool {
        self.total > 0.0 && self.left <= 0.0
    }

    /// "1:05", rounded up so the last second shows as 0:01, not 0:00.
    pub fn display(&self) -> String {
        let seconds = self.left.max(0.0).ceil() as u32;
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }

    /// How much of the time is gone, 0–1.
    pub fn elapsed_fraction(&self) -> f32 {
        if self.total <= 0.0 {
            0.0
        } else {
            (1.0 - self.left / self.total).clamp(0.0, 1.0)
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Countdown>()
        .add_systems(Update, tick.run_if(in_state(Screen::Workshop)));
}

fn tick(
    time: Res<Time>,
    mut countdown: ResMut<Countdown>,
    facilitator: Res<Facilitator>,
    session: Option<Res<WorkshopSession>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let discussing = session.is_some_and(|s| s.stage == Stage::Discuss);
    if !countdown.running || !discussing || facilitator.paused {
        return;
    }
    countdown.left -= time.delta_secs();
    if countdown.left <= 0.0 {
        countdown.left = 0.0;
        countdown.running = false;
        info!("promoted: discussion time is up");
    }
    // The window only redraws on input otherwise; the countdown must keep moving.
    redraw.write(RequestRedraw);
}
