//! A scripted walk through every screen that saves a screenshot of each, for looking at the
//! game without playing it: `PROMOTED_SCREENSHOTS=dir promoted` (see `.ci/screenshots.sh`).
//! It runs once at 1280×720 and once at 1920×1080, then quits.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::{PrimaryWindow, WindowResolution};
use bevy::winit::WinitSettings;

use promoted_engine::workshop::{Action, SetupEdit, Stage};

use crate::adapters::library::{EntryStatus, Library};
use crate::adapters::presenter::OpenPresenter;
use crate::adapters::room::{Facilitate, StartWorkshop, WorkshopSession};
use crate::adapters::settings::ToggleHighContrast;
use crate::adapters::solo::{
    AskMentor, Choose, ConfirmPriorities, Navigate, Session, StartScenario, TogglePriority,
};
use crate::screens::menu::{CloseMenu, Menu, OpenMenu};
use crate::screens::workshop::presenter::PresenterWindow;
use crate::screens::workshop::setup::EditSetup;
use crate::screens::{Screen, ShowProblem};

const SIZES: [(u32, u32); 2] = [(1280, 720), (1920, 1080)];
/// Frames to let a screen settle (layout, fonts, animations) before its picture is taken.
const SETTLE_FRAMES: u32 = 40;

enum Step {
    Resize,
    Shot(&'static str),
    /// A picture of the presenter's window, where one is open.
    PresenterShot(&'static str),
    Do(fn(&mut World)),
    /// Take the first available choice, a frame apart, until the outcome shows.
    FinishRun,
}

const STEPS: &[Step] = &[
    Step::Resize,
    Step::Shot("title"),
    Step::Do(|w| w.trigger(OpenMenu(Menu::Settings))),
    Step::Shot("settings"),
    Step::Do(|w| w.trigger(OpenMenu(Menu::About))),
    Step::Shot("about"),
    Step::Do(|w| w.trigger(CloseMenu)),
    Step::Do(|w| w.trigger(Navigate(Screen::Select))),
    Step::Shot("select"),
    Step::Do(|w| {
        let first = w.resource::<Library>().ready().next().map(|s| s.id.clone());
        if let Some(id) = first {
            w.trigger(StartScenario(id));
        }
    }),
    Step::Do(pick_two_priorities),
    Step::Shot("priorities"),
    Step::Do(|w| {
        w.trigger(ConfirmPriorities);
        w.trigger(AskMentor);
    }),
    Step::Shot("play"),
    Step::Do(choose_first),
    Step::Do(choose_first),
    Step::Shot("play-after-two-decisions"),
    Step::Do(|w| w.trigger(OpenMenu(Menu::Pause))),
    Step::Shot("pause"),
    Step::Do(|w| w.trigger(CloseMenu)),
    Step::FinishRun,
    Step::Shot("outcome"),
    Step::Do(|w| {
        let library = w.resource::<Library>();
        let broken = library
            .entries()
            .iter()
            .position(|e| matches!(e.status, EntryStatus::Broken(_)));
        match broken {
            Some(index) => w.trigger(ShowProblem(index)),
            None => w.trigger(Navigate(Screen::Title)),
        }
    }),
    Step::Shot("problem-or-title"),
    Step::Do(|w| w.trigger(Navigate(Screen::WorkshopSetup))),
    Step::Do(|w| w.trigger(EditSetup::Draft(SetupEdit::AddTeam))),
    Step::Shot("workshop-setup"),
    Step::Do(|w| w.trigger(StartWorkshop)),
    Step::Shot("workshop-read"),
    Step::Do(|w| w.trigger(Facilitate(Action::Advance))),
    Step::Shot("workshop-discuss"),
    Step::Do(|w| {
        w.trigger(Facilitate(Action::Advance));
        w.trigger(Facilitate(Action::Digit(7)));
        w.trigger(Facilitate(Action::Select(1)));
        w.trigger(Facilitate(Action::Digit(5)));
        w.trigger(Facilitate(Action::Select(2)));
        w.trigger(Facilitate(Action::Digit(2)));
    }),
    Step::Shot("workshop-vote"),
    Step::Do(|w| w.trigger(Facilitate(Action::Advance))),
    Step::Shot("workshop-reveal"),
    Step::Do(|w| w.trigger(Facilitate(Action::Advance))),
    Step::Shot("workshop-scoreboard"),
    Step::Do(|w| {
        w.trigger(Facilitate(Action::Advance));
        w.trigger(Facilitate(Action::TogglePrompt));
    }),
    Step::Shot("workshop-prompt"),
    Step::Do(|w| {
        w.trigger(Facilitate(Action::TogglePrompt));
        w.trigger(ToggleHighContrast);
    }),
    Step::Shot("workshop-high-contrast"),
    Step::Do(|w| {
        w.trigger(ToggleHighContrast);
        finish_workshop(w);
    }),
    Step::Shot("workshop-debrief"),
    Step::Do(|w| w.trigger(Navigate(Screen::Title))),
    Step::Shot("title-after-a-workshop"),
    // The 60-minute cut, with the facilitator's presenter window beside the room's.
    Step::Do(|w| {
        w.trigger(Navigate(Screen::WorkshopSetup));
        w.trigger(EditSetup::Draft(SetupEdit::RemoveTeam(1)));
        w.trigger(EditSetup::Draft(SetupEdit::Length));
    }),
    Step::Shot("workshop-setup-cut"),
    Step::Do(|w| {
        w.trigger(OpenPresenter);
        w.trigger(StartWorkshop);
        to_stage(w, Stage::Vote);
        w.trigger(Facilitate(Action::Digit(6)));
    }),
    Step::PresenterShot("presenter-vote"),
    Step::Do(|w| to_stage(w, Stage::Meanwhile)),
    Step::Shot("workshop-meanwhile"),
    Step::PresenterShot("presenter-meanwhile"),
    Step::Do(finish_workshop),
    Step::Shot("workshop-debrief-cut"),
    Step::PresenterShot("presenter-debrief"),
    Step::Do(|w| {
        let parts: Vec<Entity> = w
            .query_filtered::<Entity, With<PresenterWindow>>()
            .iter(w)
            .collect();
        for part in parts {
            w.despawn(part);
        }
        w.trigger(Navigate(Screen::WorkshopSetup));
        // Counts → majority → phones.
        w.trigger(EditSetup::Draft(SetupEdit::Voting));
        w.trigger(EditSetup::Draft(SetupEdit::Voting));
    }),
    Step::Shot("workshop-setup-phones"),
    // Natively no host serves the game: the room says so, and the hands typed decide.
    Step::Do(|w| w.trigger(StartWorkshop)),
    Step::Do(|w| {
        to_stage(w, Stage::Vote);
        w.trigger(Facilitate(Action::Digit(3)));
    }),
    Step::Shot("workshop-vote-phones-no-host"),
    Step::Do(|w| w.trigger(Navigate(Screen::Title))),
];

/// Go on through the session, voting 4 to 1 for the first option, until `stage`.
fn to_stage(world: &mut World, stage: Stage) {
    for _ in 0..200 {
        let Some(now) = world
            .get_resource::<WorkshopSession>()
            .map(|s| s.room.stage())
        else {
            return;
        };
        if now == stage || now == Stage::Debrief {
            return;
        }
        if now == Stage::Vote {
            world.trigger(Facilitate(Action::Adjust {
                option: 0,
                delta: 4,
            }));
        }
        world.trigger(Facilitate(Action::Advance));
    }
}

/// Pick the first two priorities the scenario offers, as a player would before beginning.
fn pick_two_priorities(world: &mut World) {
    let Some(session) = world.get_resource::<Session>() else {
        return;
    };
    let offered: Vec<_> = session
        .scenario
        .priorities
        .iter()
        .map(|(p, _)| *p)
        .collect();
    for priority in offered.into_iter().take(2) {
        world.trigger(TogglePriority(priority));
    }
}

/// Vote every remaining decision 4 to 1 for the first option, to reach the debrief.
fn finish_workshop(world: &mut World) {
    for _ in 0..500 {
        let Some(session) = world.get_resource::<WorkshopSession>() else {
            return;
        };
        let stage = session.room.stage();
        if stage == Stage::Debrief {
            return;
        }
        if stage == Stage::Vote {
            world.trigger(Facilitate(Action::Adjust {
                option: 0,
                delta: 4,
            }));
            world.trigger(Facilitate(Action::Adjust {
                option: 1,
                delta: 1,
            }));
        }
        world.trigger(Facilitate(Action::Advance));
    }
}

fn choose_first(world: &mut World) {
    let first = world
        .get_resource::<Session>()
        .and_then(|s| s.run.available(&s.scenario).first().copied());
    if let Some(choice) = first {
        world.trigger(Choose(choice));
    }
}

/// Where the pictures go and how far the walk has come; it runs only when this exists.
#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    size: usize,
    step: usize,
    wait: u32,
}

pub(super) fn plugin(app: &mut App) {
    let Some(dir) = std::env::var_os("PROMOTED_SCREENSHOTS") else {
        return;
    };
    // Nobody moves the mouse during the tour: keep frames coming.
    app.insert_resource(Tour {
        dir: dir.into(),
        size: 0,
        step: 0,
        wait: SETTLE_FRAMES,
    })
    .insert_resource(WinitSettings::game())
    .add_systems(Update, walk);
}

fn walk(world: &mut World) {
    let Some(mut tour) = world.remove_resource::<Tour>() else {
        return;
    };
    if tour.wait > 0 {
        tour.wait -= 1;
        world.insert_resource(tour);
        return;
    }
    let (w, h) = SIZES[tour.size];
    tour.wait = SETTLE_FRAMES;
    match &STEPS[tour.step] {
        Step::Resize => {
            let mut windows = world.query_filtered::<&mut Window, With<PrimaryWindow>>();
            for mut window in windows.iter_mut(world) {
                window.resolution = WindowResolution::new(w, h);
            }
        }
        Step::Shot(name) => {
            let path = tour
                .dir
                .join(format!("{w}x{h}-{:02}-{name}.png", tour.step));
            info!("promoted: screenshot {}", path.display());
            world
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path));
            tour.wait = 5;
        }
        Step::PresenterShot(name) => {
            let mut windows =
                world.query_filtered::<Entity, (With<PresenterWindow>, With<Window>)>();
            if let Some(window) = windows.iter(world).next() {
                let path = tour
                    .dir
                    .join(format!("{w}x{h}-{:02}-{name}.png", tour.step));
                info!("promoted: screenshot {}", path.display());
                world
                    .spawn(Screenshot::window(window))
                    .observe(save_to_disk(path));
                tour.wait = 5;
            }
        }
        Step::Do(action) => action(world),
        Step::FinishRun => {
            if *world.resource::<State<Screen>>().get() != Screen::Outcome {
                choose_first(world);
                tour.wait = 2;
                world.insert_resource(tour);
                return;
            }
        }
    }
    tour.step += 1;
    if tour.step == STEPS.len() {
        tour.step = 0;
        tour.size += 1;
        if tour.size == SIZES.len() {
            world.write_message(AppExit::Success);
            return;
        }
    }
    world.insert_resource(tour);
}
