//! In the browser, the page calls into the game between frames (a button pressed in the
//! accessibility mirror, a file opened). While the mirror holds the keyboard the canvas is
//! unfocused, and the game wakes a few times a second to take such a call (see
//! [`settings`]): winit's loop cannot be woken from outside on the web (its proxy's wake-up
//! was tried and did not run a frame). After a call it stays awake a few frames, as what follows
//! a press (a new screen, its drawing) takes more than one.

use std::cell::Cell;
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};

thread_local! {
    /// Frames still to run after a call from the page.
    static AWAKE: Cell<u8> = const { Cell::new(0) };
}

/// How many frames a call keeps running: the press, the screen it changes to, its drawing,
/// and spare.
const AWAKE_FRAMES: u8 = 6;

/// Redraw on input, as natively; unfocused (a screen reader in the mirror), look for the
/// page's calls every fifth of a second.
pub fn settings() -> WinitSettings {
    WinitSettings {
        focused_mode: UpdateMode::reactive(Duration::from_secs(5)),
        unfocused_mode: UpdateMode::reactive(Duration::from_millis(200)),
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Last, stay_awake);
}

fn stay_awake(mut redraw: MessageWriter<RequestRedraw>) {
    let left = AWAKE.get();
    if left > 0 {
        AWAKE.set(left - 1);
        redraw.write(RequestRedraw);
    }
}

/// The page called: keep running frames until what it asked for is drawn.
pub fn wake() {
    AWAKE.set(AWAKE_FRAMES);
}
