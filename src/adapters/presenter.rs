//! The facilitator's presenter window, fed from the room: a [`Briefing`] of what only the
//! facilitator sees, rebuilt when the room changes and each second (for the countdown and
//! the agenda clock). In the browser it goes to a page of its own over a `BroadcastChannel`
//! (web/presenter.html) and that page's keys come back here as the room's own keys, so they
//! mean exactly what they mean on the room's screen; natively a second window draws it.

use bevy::prelude::*;
use promoted_engine::workshop::Briefing;

use super::room::WorkshopSession;
use crate::AppSystems;
use crate::screens::Screen;

/// What the presenter window shows now; `None` outside a workshop.
#[derive(Resource, Debug, Default)]
pub struct CurrentBriefing(pub Option<Briefing>);

/// Open the presenter window (a button in the setup and on the room's screen).
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenPresenter;

/// How often the briefing is refreshed while nothing in the room changes.
const REFRESH_SECONDS: f64 = 1.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CurrentBriefing>()
        .add_systems(
            Update,
            brief
                .in_set(AppSystems::Render)
                .run_if(in_state(Screen::Workshop).or_else(in_state(Screen::WorkshopDebrief))),
        )
        .add_systems(
            OnEnter(Screen::Title),
            |mut current: ResMut<CurrentBriefing>| {
                if current.0.take().is_some() {
                    #[cfg(target_arch = "wasm32")]
                    web::post(None);
                }
            },
        );
    #[cfg(target_arch = "wasm32")]
    web::plugin(app);
}

fn brief(
    session: Option<ResMut<WorkshopSession>>,
    time: Res<Time<Real>>,
    mut current: ResMut<CurrentBriefing>,
    mut refreshed: Local<f64>,
) {
    let Some(mut session) = session else {
        return;
    };
    let now = time.elapsed_secs_f64();
    // The session's clock starts at its first frame; that is not a change of the room.
    let started = *session.bypass_change_detection().started.get_or_insert(now);
    if !session.is_changed() && now - *refreshed < REFRESH_SECONDS {
        return;
    }
    *refreshed = now;
    let briefing = Briefing::of(
        &session.scenario,
        &session.room,
        session.agenda.as_ref(),
        (now - started) as f32,
    );
    if current.0.as_ref() != Some(&briefing) {
        #[cfg(target_arch = "wasm32")]
        web::post(Some(&briefing));
        current.0 = Some(briefing);
    }
}

/// The browser's side: the channel's messages through the page's glue (web/main.js).
#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::{Cell, RefCell};

    use bevy::input::InputSystems;
    use bevy::prelude::*;
    use promoted_engine::workshop::Briefing;
    use wasm_bindgen::prelude::*;

    use super::OpenPresenter;
    use crate::adapters::persistence::SavedWorkshop;
    use crate::adapters::room::ContinueWorkshop;
    use crate::screens::Screen;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = promotedPresenterPost)]
        fn post_json(json: &str);
        #[wasm_bindgen(js_name = promotedPresenterOpen)]
        fn open();
    }

    thread_local! {
        /// Keys pressed in the presenter page, by `KeyboardEvent.code`, not yet taken.
        static KEYS: RefCell<Vec<KeyCode>> = const { RefCell::new(Vec::new()) };
        /// The presenter asked the room's window to go on with the saved workshop.
        static CONTINUE: Cell<bool> = const { Cell::new(false) };
        /// Whether a workshop is saved to go on with, for the presenter page to offer.
        static SAVED: Cell<bool> = const { Cell::new(false) };
    }

    #[wasm_bindgen(js_name = promotedHasSavedWorkshop)]
    pub fn has_saved_workshop() -> bool {
        SAVED.get()
    }

    /// The presenter page's "Continue": the room's window resumes the saved workshop.
    #[wasm_bindgen(js_name = promotedPresenterContinue)]
    pub fn resume() {
        CONTINUE.set(true);
        crate::browser::wake();
    }

    /// A key pressed in the presenter page: it acts as if pressed on the room's screen.
    #[wasm_bindgen(js_name = promotedPresenterKey)]
    pub fn key(code: &str) {
        if let Some(key) = key_code(code) {
            KEYS.with(|keys| keys.borrow_mut().push(key));
            crate::browser::wake();
        }
    }

    /// The keys the room's screen answers to, by the name the browser gives them.
    fn key_code(code: &str) -> Option<KeyCode> {
        let digit = |n: usize| crate::input::DIGITS.get(n.checked_sub(1)?).copied();
        Some(match code {
            "PageDown" => KeyCode::PageDown,
            "PageUp" => KeyCode::PageUp,
            "ArrowRight" => KeyCode::ArrowRight,
            "ArrowLeft" => KeyCode::ArrowLeft,
            "ArrowUp" => KeyCode::ArrowUp,
            "ArrowDown" => KeyCode::ArrowDown,
            "Space" => KeyCode::Space,
            "Backspace" => KeyCode::Backspace,
            "Equal" | "NumpadAdd" => KeyCode::Equal,
            "Minus" | "NumpadSubtract" => KeyCode::Minus,
            "Period" => KeyCode::Period,
            "KeyB" => KeyCode::KeyB,
            "KeyP" => KeyCode::KeyP,
            "KeyU" => KeyCode::KeyU,
            "KeyE" => KeyCode::KeyE,
            "KeyV" => KeyCode::KeyV,
            "KeyH" => KeyCode::KeyH,
            "Digit0" | "Numpad0" => KeyCode::Digit0,
            other => {
                let n = other
                    .strip_prefix("Digit")
                    .or_else(|| other.strip_prefix("Numpad"))?
                    .parse()
                    .ok()?;
                digit(n)?
            }
        })
    }

    pub(super) fn plugin(app: &mut App) {
        app.add_observer(|_: On<OpenPresenter>| open())
            .add_systems(PreUpdate, press_keys.after(InputSystems))
            .add_systems(Update, (keep_saved, go_on));
    }

    /// What the presenter page shows, or `None` when no workshop is on.
    pub(super) fn post(briefing: Option<&Briefing>) {
        post_json(&briefing.map_or_else(|| "null".to_owned(), Briefing::to_json));
    }

    fn keep_saved(saved: Res<SavedWorkshop>) {
        if saved.is_changed() {
            SAVED.set(saved.0.is_some());
        }
    }

    fn go_on(mut commands: Commands, screen: Res<State<Screen>>) {
        if CONTINUE.replace(false) && *screen.get() == Screen::Title {
            commands.trigger(ContinueWorkshop);
        }
    }

    /// The page's keys pressed this frame, released the next.
    fn press_keys(mut input: ResMut<ButtonInput<KeyCode>>, mut held: Local<Vec<KeyCode>>) {
        for key in held.drain(..) {
            input.release(key);
        }
        for key in KEYS.with(|keys| std::mem::take(&mut *keys.borrow_mut())) {
            input.press(key);
            held.push(key);
        }
    }
}
