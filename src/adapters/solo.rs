//! Solo play: the run being played, and the domain events that drive it. Buttons, keys and
//! tests all trigger these events; the observers here hand them to the engine, which holds
//! every rule, and keep the saved run up to date.

use std::sync::Arc;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use promoted_engine::campaign::Progress;
use promoted_engine::reflection::PRIORITIES;
use promoted_engine::state::Carried;
use promoted_engine::{Campaign, ChoiceIdx, Priority, Run, Scenario};

use super::library::Library;
use super::persistence::{BestScores, Notice, SavedGame, SavedRun, Storage, set_aside_record};
use crate::screens::Screen;

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

impl CampaignPlay {
    /// The chapter being played. A saved campaign was checked against the campaign when it
    /// was resumed, so its chapter is the campaign's.
    pub fn chapter(&self) -> Option<&promoted_engine::campaign::Chapter> {
        self.campaign.chapters.get(self.progress.chapter)
    }

    pub fn is_last_chapter(&self) -> bool {
        self.progress.chapter + 1 >= self.campaign.chapters.len()
    }
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

    /// What the campaign remembers with this chapter's run counted: for its closing lines.
    pub fn campaign_memory(&self) -> promoted_engine::campaign::Memory {
        let Some(play) = &self.campaign else {
            return Default::default();
        };
        let mut memory = play.progress.memory.clone();
        play.campaign
            .remember(&mut memory, &self.scenario, self.run.state());
        memory
    }

    /// Whether the finished run is a campaign chapter with more to come: then it stays saved,
    /// so a restart can go on to the next chapter.
    fn has_next_chapter(&self) -> bool {
        self.campaign.as_ref().is_some_and(|c| !c.is_last_chapter())
    }
}

/// The two priorities a player picks before a run's first decision, as they pick them: a
/// plain model that the play screen shows and its buttons and keys edit.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct PriorityDraft {
    open: bool,
    picked: Vec<Priority>,
}

impl PriorityDraft {
    /// Open where the scenario offers priorities and the run has not begun or named them.
    pub fn opening(scenario: &Scenario, run: &Run) -> PriorityDraft {
        PriorityDraft {
            open: !scenario.priorities.is_empty()
                && run.history().is_empty()
                && run.priorities().is_empty(),
            picked: Vec::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn picked(&self) -> &[Priority] {
        &self.picked
    }

    /// Pick or unpick; a third pick replaces the older of the two.
    pub fn toggle(&mut self, priority: Priority) {
        if let Some(at) = self.picked.iter().position(|p| *p == priority) {
            self.picked.remove(at);
            return;
        }
        if self.picked.len() == PRIORITIES {
            self.picked.remove(0);
        }
        self.picked.push(priority);
    }

    pub fn is_ready(&self) -> bool {
        self.picked.len() == PRIORITIES
    }

    fn close(&mut self) {
        self.open = false;
    }
}

/// Pick or unpick a priority in the draft.
#[derive(Event, Debug, Clone, Copy)]
pub struct TogglePriority(pub Priority);

/// Name the two priorities picked, and begin.
#[derive(Event, Debug, Clone, Copy)]
pub struct ConfirmPriorities;

/// Begin without naming priorities.
#[derive(Event, Debug, Clone, Copy)]
pub struct SkipPriorities;

/// Ask the mentor at the current decision.
#[derive(Event, Debug, Clone, Copy)]
pub struct AskMentor;

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

/// Make this choice of the current node.
#[derive(Event, Debug, Clone, Copy)]
pub struct Choose(pub ChoiceIdx);

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
pub struct Seeds(u64);

impl Seeds {
    pub fn next(&mut self, time: &Time<Real>) -> u64 {
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
        .init_resource::<PriorityDraft>()
        .add_observer(start)
        .add_observer(toggle_priority)
        .add_observer(confirm_priorities)
        .add_observer(skip_priorities)
        .add_observer(ask_mentor)
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
    time: Res<'w, Time<Real>>,
    seeds: ResMut<'w, Seeds>,
    saved: ResMut<'w, SavedRun>,
    draft: ResMut<'w, PriorityDraft>,
}

impl Starter<'_, '_> {
    /// Start a run of `scenario` with a fresh seed and what it carries in, save it, and go to
    /// the play screen (re-entering it if already there).
    fn start(&mut self, scenario: Arc<Scenario>, campaign: Option<CampaignPlay>) {
        let carried = campaign
            .as_ref()
            .map_or_else(Carried::default, |c| c.progress.carried.clone());
        let run = Run::starting(&scenario, self.seeds.next(&self.time), &carried);
        *self.draft = PriorityDraft::opening(&scenario, &run);
        let session = Session {
            scenario,
            run,
            campaign,
        };
        self.saved.0 = Some(session.saved());
        info!(
            "promoted: new run of `{}` with seed {}",
            session.scenario.id, session.run.seed
        );
        if self.draft.is_open() {
            info!("promoted: priorities asked");
        }
        self.commands.insert_resource(session);
        self.commands.set_state(Screen::Play);
    }
}

fn start(event: On<StartScenario>, mut starter: Starter) {
    let Some(scenario) = starter.library.find(&event.0).cloned() else {
        warn!("no playable scenario `{}`", event.0);
        return;
    };
    starter.start(scenario, None);
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
    let progress = campaign.begin();
    starter.start(scenario, Some(CampaignPlay { campaign, progress }));
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
    let Some(progress) =
        play.campaign
            .advance(&play.progress, &session.scenario, &session.run, &scenario)
    else {
        return;
    };
    let campaign = play.campaign.clone();
    starter.start(scenario, Some(CampaignPlay { campaign, progress }));
}

fn restart(_: On<RestartScenario>, session: Option<Res<Session>>, mut starter: Starter) {
    let Some(session) = session else {
        return;
    };
    // The new run starts where this one did: a campaign chapter keeps what it carried in.
    starter.start(session.scenario.clone(), session.campaign.clone());
}

fn resume(
    _: On<ContinueSavedRun>,
    mut commands: Commands,
    library: Res<Library>,
    storage: Res<Storage>,
    mut saved: ResMut<SavedRun>,
    mut notice: ResMut<Notice>,
    mut draft: ResMut<PriorityDraft>,
) {
    let Some(SavedGame {
        run,
        campaign: progress,
    }) = saved.0.clone()
    else {
        return;
    };
    let mut refuse = |why: String, saved: &mut SavedRun| {
        set_aside_record::<SavedRun>(
            &storage,
            &mut notice,
            format!("Your saved run {why}; it was set aside."),
        );
        saved.0 = None;
    };
    let Some(scenario) = library.find(&run.scenario).cloned() else {
        refuse(
            format!(
                "is of a scenario that is no longer available (`{}`)",
                run.scenario
            ),
            &mut saved,
        );
        return;
    };
    let campaign = match progress {
        None => None,
        Some(progress) => match library.campaign(&progress.campaign) {
            None => {
                refuse(
                    format!(
                        "is part of a campaign that is no longer available (`{}`)",
                        progress.campaign
                    ),
                    &mut saved,
                );
                return;
            }
            Some(campaign) => match campaign.check(&progress) {
                Ok(()) if campaign.chapters[progress.chapter].scenario == scenario.id => {
                    Some(CampaignPlay {
                        campaign: campaign.clone(),
                        progress,
                    })
                }
                Ok(()) => {
                    refuse("no longer fits its campaign".into(), &mut saved);
                    return;
                }
                Err(why) => {
                    refuse(format!("no longer fits its campaign: {why}"), &mut saved);
                    return;
                }
            },
        },
    };
    match run.resume(&scenario) {
        Ok(run) => {
            info!("promoted: resumed a run of `{}`", scenario.id);
            *draft = PriorityDraft::opening(&scenario, &run);
            let screen = if run.is_finished() {
                Screen::Outcome
            } else {
                Screen::Play
            };
            commands.insert_resource(Session {
                scenario,
                run,
                campaign,
            });
            commands.set_state(screen);
        }
        Err(e) => refuse(format!("could not be resumed ({e})"), &mut saved),
    }
}

fn toggle_priority(event: On<TogglePriority>, mut draft: ResMut<PriorityDraft>) {
    if draft.is_open() {
        draft.toggle(event.0);
    }
}

fn confirm_priorities(
    _: On<ConfirmPriorities>,
    session: Option<ResMut<Session>>,
    mut draft: ResMut<PriorityDraft>,
    mut saved: ResMut<SavedRun>,
) {
    let Some(mut session) = session else {
        return;
    };
    if !draft.is_open() || !draft.is_ready() {
        return;
    }
    let Session { scenario, run, .. } = &mut *session;
    match run.name_priorities(scenario, draft.picked()) {
        Ok(()) => {
            let named: Vec<&str> = draft.picked().iter().map(|p| p.key()).collect();
            info!("promoted: priorities {}", named.join(", "));
            draft.close();
            saved.0 = Some(session.saved());
        }
        Err(e) => warn!("priorities refused: {e}"),
    }
}

fn skip_priorities(_: On<SkipPriorities>, mut draft: ResMut<PriorityDraft>) {
    draft.close();
}

fn ask_mentor(_: On<AskMentor>, session: Option<ResMut<Session>>, mut saved: ResMut<SavedRun>) {
    let Some(mut session) = session else {
        return;
    };
    let Session { scenario, run, .. } = &mut *session;
    match run.ask_mentor(scenario) {
        Ok(_) => {
            info!(
                "promoted: mentor asked at `{}`, {} left",
                scenario.node(run.state().node()).id,
                run.mentor_left()
            );
            saved.0 = Some(session.saved());
        }
        Err(e) => warn!("mentor: {e}"),
    }
}

fn choose(
    event: On<Choose>,
    mut commands: Commands,
    session: Option<ResMut<Session>>,
    mut saved: ResMut<SavedRun>,
    mut best: ResMut<BestScores>,
    draft: Res<PriorityDraft>,
) {
    let Some(mut session) = session else {
        return;
    };
    // The priorities come first: a choice made behind them would skip the question.
    if draft.is_open() {
        return;
    }
    let Session { scenario, run, .. } = &mut *session;
    if let Err(e) = run.choose(scenario, event.0) {
        warn!("choice {} refused: {e}", event.0.index() + 1);
        return;
    }
    if !run.is_finished() {
        saved.0 = Some(session.saved());
        return;
    }
    if let Some(score) = run.score(scenario) {
        best.record(&scenario.id, score.overall);
    }
    saved.0 = session.has_next_chapter().then(|| session.saved());
    commands.set_state(Screen::Outcome);
}

fn undo(
    _: On<UndoDecision>,
    mut commands: Commands,
    session: Option<ResMut<Session>>,
    mut saved: ResMut<SavedRun>,
    state: Res<State<Screen>>,
) {
    let Some(mut session) = session else {
        return;
    };
    if session.run.undo().is_some() {
        saved.0 = Some(session.saved());
        if *state.get() == Screen::Outcome {
            commands.set_state(Screen::Play);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_holds_two_priorities_and_a_third_replaces_the_older() {
        let mut draft = PriorityDraft {
            open: true,
            picked: Vec::new(),
        };
        draft.toggle(Priority::Team);
        assert!(!draft.is_ready());
        draft.toggle(Priority::Delivery);
        assert!(draft.is_ready());
        draft.toggle(Priority::Quality);
        assert_eq!(draft.picked(), [Priority::Delivery, Priority::Quality]);
        draft.toggle(Priority::Delivery);
        assert_eq!(draft.picked(), [Priority::Quality]);
    }
}
