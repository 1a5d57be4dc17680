//! A workshop in the room: the engine's [`Room`] model in a resource, the facilitator's
//! actions handed to it, and what it says happened applied to the app — the screen to show,
//! the save after every decision, a frame to draw. The rhythm's rules are the model's; this
//! module holds none of them.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use promoted_engine::Scenario;
use promoted_engine::workshop::{
    Action, AgendaClock, Draft, Happened, ReplayError, Room, Stage, Workshop, WorkshopReport,
    replay,
};

use super::library::Library;
use super::persistence::{LastWorkshop, Notice, SavedWorkshop, Storage, set_aside_record};
use super::solo::Seeds;
use crate::AppSystems;
use crate::screens::Screen;

/// The workshop being played.
#[derive(Resource)]
pub struct WorkshopSession {
    pub scenario: Arc<Scenario>,
    pub room: Room,
    /// Whether the session keeps to its agenda; `None` without a session plan.
    pub agenda: Option<AgendaClock>,
    /// When the session began, in the app's real seconds (set at its first frame).
    pub started: Option<f64>,
}

/// What the facilitator does: buttons, keys and clickers all trigger this.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facilitate(pub Action);

/// Start the workshop as drafted.
#[derive(Event, Debug, Clone, Copy)]
pub struct StartWorkshop;

/// Replay the last finished workshop from the title screen.
#[derive(Event, Debug, Clone, Copy)]
pub struct ReplayLastWorkshop;

/// Go on with the interrupted workshop.
#[derive(Event, Debug, Clone, Copy)]
pub struct ContinueWorkshop;

/// The workshop being set up. It outlives the screen, so a facilitator who steps away to the
/// title finds their setup as they left it.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct SetupDraft(pub Draft);

pub(super) fn plugin(app: &mut App) {
    app.add_observer(facilitate)
        .add_observer(start)
        .add_observer(replay_last)
        .add_observer(continue_saved)
        .add_systems(
            Update,
            tick.in_set(AppSystems::Tick)
                .run_if(in_state(Screen::Workshop).and_then(resource_exists::<WorkshopSession>)),
        );
}

/// The line the browser tests follow the session by.
fn log_stage(room: &Room, stage: Stage) {
    info!(
        "promoted: workshop stage {stage:?} after {} decisions",
        room.workshop().order().len()
    );
}

/// Hand the facilitator's action to the room, and apply what it says happened.
fn facilitate(
    action: On<Facilitate>,
    mut commands: Commands,
    session: Option<ResMut<WorkshopSession>>,
    mut saved: ResMut<SavedWorkshop>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(mut session) = session else {
        return;
    };
    let WorkshopSession { scenario, room, .. } = &mut *session;
    let happened = room.act(scenario, action.0);
    apply(&mut commands, room, &mut saved, happened);
    // Keys change the room in `Update`, possibly after the screen was drawn from it; the
    // window only redraws on input, so ask for one more frame to show the change.
    redraw.write(RequestRedraw);
}

/// What the room says happened, applied to the app: the screen to show, the save after
/// every decision. The facilitator's actions and the phones' counts both come here.
pub(super) fn apply(
    commands: &mut Commands,
    room: &Room,
    saved: &mut SavedWorkshop,
    happened: Vec<Happened>,
) {
    for happened in happened {
        match happened {
            Happened::Stage(stage) => {
                log_stage(room, stage);
                match stage {
                    Stage::Debrief => {
                        saved.0 = None;
                        commands.set_state_if_neq(Screen::WorkshopDebrief);
                    }
                    _ => commands.set_state_if_neq(Screen::Workshop),
                }
            }
            Happened::Decided { .. } | Happened::Undone { .. } => {
                if !room.workshop().is_finished() {
                    saved.0 = Some(room.workshop().clone());
                }
            }
            Happened::Refused(why) => info!("promoted: the room refused: {why}"),
            Happened::Tally | Happened::Controls | Happened::Countdown => {}
        }
    }
}

/// The discussion countdown runs on the app's virtual time, so tests drive it with manual
/// time steps; it waits while the facilitator pauses. A tick is not a change of the room
/// (the screen is not rebuilt for it; the countdown's digits follow it in place) until the
/// time runs out.
fn tick(
    time: Res<Time>,
    mut session: ResMut<WorkshopSession>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if !session.room.is_counting_down() {
        return;
    }
    if session
        .bypass_change_detection()
        .room
        .tick(time.delta_secs())
    {
        info!("promoted: discussion time is up");
        session.set_changed();
    }
    // The window only redraws on input otherwise; the countdown must keep moving.
    redraw.write(RequestRedraw);
}

/// Start a session: its room in the app, its first save, the room's screen.
fn begin(commands: &mut Commands, scenario: Arc<Scenario>, room: Room) {
    log_stage(&room, room.stage());
    let agenda = AgendaClock::new(&scenario, &room.workshop().setup);
    commands.insert_resource(WorkshopSession {
        scenario,
        room,
        agenda,
        started: None,
    });
    commands.set_state(Screen::Workshop);
}

fn start(
    _: On<StartWorkshop>,
    mut commands: Commands,
    draft: Option<ResMut<SetupDraft>>,
    library: Res<Library>,
    mut saved: ResMut<SavedWorkshop>,
) {
    let Some(mut draft) = draft else {
        return;
    };
    let setup = draft.0.setup.clone();
    let Some(scenario) = library.find(&setup.scenario).cloned() else {
        draft.0.message = Some(format!(
            "The scenario `{}` is not available.",
            setup.scenario
        ));
        return;
    };
    match Workshop::new(&scenario, setup) {
        Ok(workshop) => {
            info!(
                "promoted: workshop of `{}` with seed {} and {} team(s)",
                scenario.id,
                workshop.setup.seed,
                workshop.setup.teams.len()
            );
            saved.0 = Some(workshop.clone());
            let room = Room::new(&scenario, workshop, None);
            begin(&mut commands, scenario, room);
        }
        Err(e) => draft.0.message = Some(e.to_string()),
    }
}

/// Start the workshop a report describes, its recorded votes ready at each decision.
fn replay_last(
    _: On<ReplayLastWorkshop>,
    mut commands: Commands,
    last: Res<LastWorkshop>,
    library: Res<Library>,
    mut notice: ResMut<Notice>,
) {
    let Some(report) = &last.0 else {
        return;
    };
    match replayable(&library, report) {
        Ok((scenario, room)) => {
            info!(
                "promoted: replaying the workshop of `{}` with seed {}",
                scenario.id, report.setup.seed
            );
            begin(&mut commands, scenario, room);
        }
        Err(why) => notice.add(format!("The last workshop cannot be replayed: {why}.")),
    }
}

/// The room that replays a report, checked whole before the room sees any of it.
fn replayable(library: &Library, report: &WorkshopReport) -> Result<(Arc<Scenario>, Room), String> {
    let scenario = library.find(&report.scenario).cloned().ok_or_else(|| {
        format!(
            "its scenario (`{}`) is no longer available",
            report.scenario
        )
    })?;
    let workshop = replay(&scenario, report)
        .and_then(|_| {
            Workshop::new(&scenario, report.setup.clone())
                .map_err(|e| ReplayError::Format(e.to_string()))
        })
        .map_err(|e| e.to_string())?;
    let script = report.ballots(&scenario).map_err(|e| e.to_string())?;
    let room = Room::new(&scenario, workshop, Some(script));
    Ok((scenario, room))
}

/// Resume the interrupted workshop at the decision it had reached.
fn continue_saved(
    _: On<ContinueWorkshop>,
    mut commands: Commands,
    mut saved: ResMut<SavedWorkshop>,
    library: Res<Library>,
    storage: Res<Storage>,
    mut notice: ResMut<Notice>,
) {
    let Some(workshop) = saved.0.clone() else {
        return;
    };
    let resumed = library
        .find(&workshop.setup.scenario)
        .cloned()
        .ok_or_else(|| {
            format!(
                "its scenario (`{}`) is no longer available",
                workshop.setup.scenario
            )
        })
        .and_then(|scenario| {
            let workshop = workshop.resume(&scenario)?;
            Ok((scenario, workshop))
        });
    match resumed {
        Ok((scenario, workshop)) => {
            info!("promoted: resumed the workshop of `{}`", scenario.id);
            let room = Room::new(&scenario, workshop, None);
            begin(&mut commands, scenario, room);
        }
        Err(why) => {
            set_aside_record::<SavedWorkshop>(
                &storage,
                &mut notice,
                format!("The workshop in progress could not be resumed ({why}); it was set aside."),
            );
            saved.0 = None;
        }
    }
}

/// A first draft for the setup screen: the first ready scenario, a fresh seed.
pub(crate) fn first_draft(
    library: &Library,
    seeds: &mut Seeds,
    time: &Time<Real>,
) -> Option<Draft> {
    let scenario = library.ready().next()?;
    Some(Draft::new(&scenario.id, seeds.next(time) % 1_000_000))
}
