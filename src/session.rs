//! The run being played, and the domain events that drive it. Buttons, keys and tests all
//! trigger these events; the observers here hand them to the engine, which holds every rule.

use std::sync::Arc;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use promoted_engine::campaign::Progress;
use promoted_engine::scenario::MeterIdx;
use promoted_engine::{Campaign, Run, Scenario};

use crate::library::Library;
use crate::persistence::{
    BestScores, Notice, SavedGame, SavedRun, clear_run, save_run, set_run_aside,
};
use crate::screens::Screen;
use crate::storage::Storage;

/// The scenario being played and the run through it.
#[derive(Resource)]
pub struct Session {
    pub scenario: Arc<Scenario>,
    pub run: Run,
    /// The campaign this run is a chapter of, if any.
    pub campaign: Option<CampaignPlay>,
}

#[derive(Clone)]
pub struct CampaignPlay {
    pub campaign: Arc<Campaign>,
    pub progress: Progress,
}

impl Session {
    fn saved(&self) -> SavedGame {
        SavedGame {
            run: self.run.clone(),
            campaign: self.campaign.as_ref().map(|c| c.progress.clone()),
        }
    }

    /// The scores of the campaign's finished chapters, this one included when it is over.
    pub fn campaign_scores(&self) -> Vec<u32> {
        let Some(play) = &self.campaign else {
            return Vec::new();
        };
        let mut scores = play.progress.scores.clone();
        scores.extend(self.run.score(&self.scenario).map(|s| s.overall));
        scores
    }
}

/// Start a campaign from its first chapter.
#[derive(Event, Debug, Clone)]
pub struct StartCampaign(pub String);

/// Go on to the campaign's next chapter, carrying what this one left behind.
#[derive(Event, Debug, Clone, Copy)]
pub struct NextChapter;

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
pub(crate) struct Seeds(u64);

impl Seeds {
    pub(crate) fn next(&mut self, time: &Time<Real>) -> u64 {
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
        .add_observer(start_campaign)
        .add_observer(next_chapter)
        .add_observer(resume)
        .add_observer(choose)
        .add_observer(undo)
        .add_observer(restart)
        .add_observer(|navigate: On<Navigate>, mut commands: Commands| {
            commands.set_state_if_neq(navigate.0);
        });
}

/// What starting a run needs: the observers below share it.
#[derive(SystemParam)]
struct Starter<'w, 's> {
    commands: Commands<'w, 's>,
    library: Res<'w, Library>,
    storage: Res<'w, Storage>,
    time: Res<'w, Time<Real>>,
    seeds: ResMut<'w, Seeds>,
    saved: ResMut<'w, SavedRun>,
}

impl Starter<'_, '_> {
    /// Start a run of `scenario` with a fresh seed, its meters starting at `starts` where
    /// given, save it, and go to the play screen (re-entering it if already there).
    fn start(
        &mut self,
        scenario: Arc<Scenario>,
        starts: &[(MeterIdx, i32)],
        campaign: Option<CampaignPlay>,
    ) {
        let run = Run::with_starts(&scenario, self.seeds.next(&self.time), starts);
        let session = Session {
            scenario,
            run,
            campaign,
        };
        self.saved.0 = None;
        save_run(&self.storage, &session.saved());
        info!(
            "promoted: new run of `{}` with seed {}",
            session.scenario.id, session.run.seed
        );
        self.commands.insert_resource(session);
        self.commands.set_state(Screen::Play);
    }
}

fn start(event: On<StartScenario>, mut starter: Starter) {
    let Some(scenario) = starter.library.find(&event.0).cloned() else {
        warn!("no playable scenario `{}`", event.0);
        return;
    };
    starter.start(scenario, &[], None);
}

fn start_campaign(event: On<StartCampaign>, mut starter: Starter) {
    let Some(campaign) = starter.library.campaign(&event.0).cloned() else {
        warn!("no playable campaign `{}`", event.0);
        return;
    };
    let Some(scenario) = campaign
        .chapters
        .first()
        .and_then(|c| starter.library.find(&c.scenario))
        .cloned()
    else {
        return;
    };
    let progress = Progress {
        campaign: campaign.id.clone(),
        chapter: 0,
        scores: Vec::new(),
    };
    starter.start(scenario, &[], Some(CampaignPlay { campaign, progress }));
}

fn next_chapter(_: On<NextChapter>, session: Option<Res<Session>>, mut starter: Starter) {
    let Some(session) = session else {
        return;
    };
    let Some(play) = &session.campaign else {
        return;
    };
    let next = play.progress.chapter + 1;
    let Some(scenario) = play
        .campaign
        .chapters
        .get(next)
        .and_then(|c| starter.library.find(&c.scenario))
        .cloned()
    else {
        return;
    };
    if !session.run.is_finished() {
        return;
    }
    let starts = play
        .campaign
        .carried(next, &session.scenario, session.run.state(), &scenario);
    let progress = Progress {
        campaign: play.campaign.id.clone(),
        chapter: next,
        scores: session.campaign_scores(),
    };
    starter.start(
        scenario,
        &starts,
        Some(CampaignPlay {
            campaign: play.campaign.clone(),
            progress,
        }),
    );
}

fn restart(_: On<RestartScenario>, session: Option<Res<Session>>, mut starter: Starter) {
    let Some(session) = session else {
        return;
    };
    // The new run starts where this one did: a campaign chapter keeps what it carried in.
    let first = session
        .run
        .history()
        .first()
        .map_or(session.run.state(), |d| &d.before);
    let starts: Vec<(MeterIdx, i32)> = first
        .meters()
        .iter()
        .enumerate()
        .map(|(i, &v)| (i as MeterIdx, v))
        .collect();
    starter.start(session.scenario.clone(), &starts, session.campaign.clone());
}

fn resume(
    _: On<ContinueSavedRun>,
    mut commands: Commands,
    library: Res<Library>,
    storage: Res<Storage>,
    mut saved: ResMut<SavedRun>,
    mut notice: ResMut<Notice>,
) {
    let Some(SavedGame {
        run,
        campaign: progress,
    }) = saved.0.take()
    else {
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
    let campaign = match progress {
        Some(progress) => match library.campaign(&progress.campaign) {
            Some(campaign) => Some(CampaignPlay {
                campaign: campaign.clone(),
                progress,
            }),
            None => {
                set_run_aside(&storage);
                notice.0 = Some(format!(
                    "Your saved run is part of a campaign that is no longer available (`{}`); it was set aside.",
                    progress.campaign
                ));
                return;
            }
        },
        None => None,
    };
    match run.resume(&scenario) {
        Ok(run) => {
            info!("promoted: resumed a run of `{}`", scenario.id);
            commands.insert_resource(Session {
                scenario,
                run,
                campaign,
            });
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
    let Session { scenario, run, .. } = &mut *session;
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
        save_run(&storage, &session.saved());
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
        save_run(&storage, &session.saved());
        if *state.get() == Screen::Outcome {
            commands.set_state(Screen::Play);
        }
    }
}
