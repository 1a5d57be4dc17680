//! In the browser, what a screen says is written into a DOM mirror beside the canvas
//! (`web/main.js` keeps it: visually hidden, read by assistive technology), and a button
//! pressed there comes back here as the same activation a click gives.

use std::cell::RefCell;

use bevy::prelude::*;
use wasm_bindgen::prelude::*;

use super::{ActivateNamed, Described};
use crate::AppSystems;

#[wasm_bindgen]
extern "C" {
    /// Replace the mirror's content; announce `news` when it is new.
    #[wasm_bindgen(js_name = promotedAccess)]
    fn show(html: &str, news: &str);
}

thread_local! {
    /// Buttons pressed in the mirror since the last frame, by entity bits.
    static PRESSED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Called by the page when a mirror button is pressed; `id` is its `data-id`.
#[wasm_bindgen(js_name = promotedActivate)]
pub fn activate(id: &str) {
    if let Ok(bits) = id.parse::<u64>() {
        PRESSED.with(|pressed| pressed.borrow_mut().push(bits));
        crate::browser::wake();
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, press.in_set(AppSystems::Keys))
        .add_systems(
            PostUpdate,
            write
                .after(AppSystems::Describe)
                .run_if(resource_changed::<Described>),
        );
}

fn press(mut commands: Commands) {
    for bits in PRESSED.with(|pressed| std::mem::take(&mut *pressed.borrow_mut())) {
        commands.trigger(ActivateNamed(bits));
    }
}

fn write(described: Res<Described>) {
    show(&described.0.html(), &described.0.news);
}
