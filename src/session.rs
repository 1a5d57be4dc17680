//! The run being played, and the domain events that drive it. Buttons, keys and tests all
//! trigger these events; the observers here hand them to the engine, which holds every rule.

use std::sync::Arc;

use bevy::prelude::*;
use promoted_engine::{Run, Scenario};

use crate::library::Library;
use crate::persistence::{BestScores, Notice, SavedRun, clear_run, save_run, set_run_aside};
use crate::screens::Screen;
use crate::storage::Storage;

/// The scenario being played and the run through it.
#[derive(Resource)]
pub struct Session {
    pub scenario: Arc<Scenario>,
    pub run: Run,
}

/// Start a new run of the scenario with this id.
#[derive(Event, Debug, Clone)]
pub struct StartScenario(pub String);

/// Resume the run saved by an earlier session.
#[derive(Event, Debug, Clone, Copy)]
pub struct ContinueSavedRun;

/// Make the choice at this index of the current node's choices.
#[derive(Event, Debug, Clone, Copy)]
pub struct Choose(pub usize);

/// Take back the last decision.
#[derive(Event, Debug, Clone, Copy)]
pub struct UndoDecision;

/// Start the current scenario again, with a new seed.
#[derive(Event, Debug, Clone, Copy)]
pub struct RestartScenario;

/// Go to a screen.
#[derive(Event, Debug, Clone, Copy)]
pub struct Navigate(pub Screen);

/// Seeds for new runs: the engine needs one and takes no entropy itself, so the game mixes
/// how long it has been running with a count of runs started.
#[derive(Resource, Default)]
struct Seeds(u64);

impl Seeds {
    fn next(&mut self, time: &Time<Real>) -> u64 {
        self.0 = self.0.wrapping_add(1);
        let mut z = (time.elapsed().as_nanos() as u64) ^ self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // splitmix64's finaliser spreads the bits.
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Seeds>()
        .add_observer(start)
        .add_observer(resume)
        .add_observer(choose)
        .add_observer(undo)
        .add_observer(restart)
        .add_observer(|navigate: On<Navigate>, mut commands: Commands| {
            commands.set_state_if_neq(navigate.0);
        });
}

fn begin(commands: &mut Commands, storage: &Storage, scenario: Arc<Scenario>, seed: u64) {
    let run = Run::new(&scenario, seed);
    save_run(storage, &run);
    info!("promoted: new run of `{}` with seed {seed}", scenario.id);
    commands.insert_resource(Session { scenario, run });
    commands.set_state(Screen::Play);
}

fn start(
    event: On<StartScenario>,
    mut commands: Commands,
    library: Res<Library>,
    storage: Res<Storage>,
    time: Res<Time<Real>>,
    mut seeds: ResMut<Seeds>,
    mut saved: ResMut<SavedRun>,
) {
    let Some(scenario) = library.find(&event.0) else {
        warn!("no playable scenario `{}`", event.0);
        return;
    };
    saved.0 = None;
    begin(&mut commands, &storage, scenario.clone(), seeds.next(&time));
}

fn restart(
    _: On<RestartScenario>,
    mut commands: Commands,
    session: Option<Res<Session>>,
    storage: Res<Storage>,
    time: Res<Time<Real>>,
    mut seeds: ResMut<Seeds>,
) {
    if let Some(session) = session {
        // Entering Play again, even from Play, rebuilds the screen for the new run.
        begin(
            &mut commands,
            &storage,
            session.scenario.clone(),
            seeds.next(&time),
        );
    }
}

fn resume(
    _: On<ContinueSavedRun>,
    mut commands: Commands,
    library: Res<Library>,
    storage: Res<Storage>,
    mut saved: ResMut<SavedRun>,
    mut notice: ResMut<Notice>,
) {
    let Some(run) = saved.0.take() else {
        return;
    };
    let Some(scenario) = library.find(&run.scenario).cloned() else {
        set_run_aside(&storage);
        notice.0 = Some(format!(
            "Your saved run is of a scenario that is no longer available (`{}`); it was set aside.",
            run.scenario
        ));
        return;
    };
    match run.resume(&scenario) {
        Ok(run) => {
            info!("promoted: resumed a run of `{}`", scenario.id);
            commands.insert_resource(Session { scenario, run });
            commands.set_state(Screen::Play);
        }
        Err(e) => {
            set_run_aside(&storage);
            notice.0 = Some(format!(
                "Your saved run could not be resumed ({e}); it was set aside."
            ));
        }
    }
}

fn choose(
    event: On<Choose>,
    mut commands: Commands,
    session: Option<ResMut<Session>>,
    storage: Res<Storage>,
    mut best: ResMut<BestScores>,
) {
    let Some(mut session) = session else {
        return;
    };
    let Session { scenario, run } = &mut *session;
    if let Err(e) = run.choose(scenario, event.0) {
        warn!("choice {} refused: {e}", event.0 + 1);
        return;
    }
    if run.is_finished() {
        clear_run(&storage);
        if let Some(score) = run.score(scenario) {
            best.record(&scenario.id, score.overall);
        }
        commands.set_state(Screen::Outcome);
    } else {
        save_run(&storage, run);
    }
}

fn undo(
    _: On<UndoDecision>,
    mut commands: Commands,
    session: Option<ResMut<Session>>,
    storage: Res<Storage>,
    state: Res<State<Screen>>,
) {
    let Some(mut session) = session else {
        return;
    };
    if session.run.undo().is_some() {
        save_run(&storage, &session.run);
        if *state.get() == Screen::Outcome {
            commands.set_state(Screen::Play);
        }
    }
}
