//! Workshop mode: a room plays one scenario on a shared screen. The facilitator sets the
//! session up, and each decision goes read → discuss → vote → reveal. The engine's
//! [`Workshop`] holds the rules (turns, tallies, tie-breaks, the road not taken); this module
//! holds what only a room needs: the stage of the rhythm, the tally being entered, the timer,
//! and the facilitator's blank screen, prompt and pause.

mod debrief;
mod export;
mod keys;
mod setup;
mod timer;
mod view;

use std::sync::Arc;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use promoted_engine::Scenario;
use promoted_engine::workshop::{
    Ballot, ReplayError, Report, Voting, Workshop, WorkshopError, replay,
};

use crate::library::Library;
use crate::persistence::{Notice, read, set_aside, write};
use crate::screens::Screen;
use crate::storage::Storage;

pub use debrief::{CloseCallLine, ResultRow, RoadLine};
pub use export::{ExportReport, ReportFormat, Reports};
pub use setup::{Draft, Editing, Field, SetupEdit, StartWorkshop, not_editing};
pub use timer::Countdown;
pub use view::{CountdownText, OptionRow, PromptCard, StageLabel, TallyBar};

/// Where the last finished workshop's report is kept, for "Replay the last workshop".
const LAST_REPORT: &str = "workshop-report";
/// Where the workshop in progress is kept, so a reload or a crash loses nothing.
const IN_PROGRESS: &str = "workshop";

/// The workshop being played.
#[derive(Resource)]
pub struct WorkshopSession {
    pub scenario: Arc<Scenario>,
    pub workshop: Workshop,
    pub stage: Stage,
    /// The votes being entered for the current decision, by the node's choice index.
    pub tally: Vec<u32>,
    /// The option (by position among the available ones) whose count is being typed.
    pub selected: usize,
    /// Whether the next digit adds to the selected count (true) or starts it afresh.
    pub typing: bool,
    /// A replayed session's recorded ballots, per team, in order.
    pub script: Option<Vec<Vec<Ballot>>>,
    /// Why the last request was refused, for the room to see.
    pub message: Option<String>,
}

/// Where a decision stands in the room's rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The situation and the options are on screen.
    Read,
    /// The countdown runs while the room talks.
    Discuss,
    /// The facilitator enters the tally.
    Vote,
    /// The top count is shared: the facilitator decides.
    TieBreak,
    /// What the decision led to.
    Reveal,
    /// Between two teams' turns: the scoreboard.
    Handover,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Read => "Read",
            Stage::Discuss => "Discuss",
            Stage::Vote | Stage::TieBreak => "Vote",
            Stage::Reveal => "Reveal",
            Stage::Handover => "Scoreboard",
        }
    }
}

impl WorkshopSession {
    fn new(scenario: Arc<Scenario>, workshop: Workshop, script: Option<Vec<Vec<Ballot>>>) -> Self {
        let mut session = WorkshopSession {
            scenario,
            workshop,
            stage: Stage::Read,
            tally: Vec::new(),
            selected: 0,
            typing: false,
            script,
            message: None,
        };
        session.clear_tally();
        session
    }

    /// The team whose decision it is.
    pub fn team(&self) -> Option<usize> {
        self.workshop.current()
    }

    /// The indices of the options the current team can choose, in the order shown.
    pub fn available(&self) -> Vec<usize> {
        let Some(team) = self.team() else {
            return Vec::new();
        };
        self.workshop.teams()[team]
            .run
            .choices(&self.scenario)
            .into_iter()
            .filter(|c| c.disabled.is_none())
            .map(|c| c.index)
            .collect()
    }

    /// The tied options while a tie waits for the facilitator.
    pub fn tied(&self) -> Vec<usize> {
        match promoted_engine::workshop::verdict(&self.tally, &self.available()) {
            promoted_engine::workshop::Verdict::Tie(tied) => tied,
            _ => Vec::new(),
        }
    }

    fn clear_tally(&mut self) {
        let width = self.team().map_or(0, |t| {
            let run = &self.workshop.teams()[t].run;
            self.scenario.node(run.state().node()).choices.len()
        });
        self.tally = vec![0; width];
        self.selected = 0;
        self.typing = false;
    }

    /// A replayed session puts the recorded tally up when the vote opens.
    fn recorded_ballot(&self) -> Option<&Ballot> {
        let team = self.team()?;
        let made = self.workshop.teams()[team].votes.len();
        self.script.as_ref()?.get(team)?.get(made)
    }

    fn open_vote(&mut self) {
        self.stage = Stage::Vote;
        if let Some(ballot) = self.recorded_ballot() {
            self.tally = ballot.counts.clone();
        }
    }

    /// Decide by the tally; a tie goes to the facilitator unless `tie_break` settles it.
    fn decide(&mut self, tie_break: Option<usize>) {
        let tie_break = tie_break.or_else(|| self.recorded_ballot().and_then(|b| b.tie_break));
        let ballot = Ballot {
            counts: self.tally.clone(),
            tie_break,
        };
        match self.workshop.decide(&self.scenario, &ballot) {
            Ok(_) => {
                self.stage = Stage::Reveal;
                self.message = None;
            }
            Err(WorkshopError::Tie(_)) => self.stage = Stage::TieBreak,
            Err(e) => self.message = Some(capitalised(&e.to_string())),
        }
    }

    fn undo(&mut self) {
        if let Some((_, vote)) = self.workshop.undo() {
            self.tally = vote.counts;
            self.selected = 0;
            self.typing = false;
            self.stage = Stage::Vote;
            self.message = None;
        }
    }

    /// After a reveal: the next team's scoreboard, the next decision, or the debrief.
    fn after_reveal(&mut self, commands: &mut Commands) {
        let last = self.workshop.order().last().copied();
        match self.team() {
            None => commands.set_state(Screen::WorkshopDebrief),
            Some(next) => {
                self.stage = if self.workshop.teams().len() > 1 && Some(next) != last {
                    Stage::Handover
                } else {
                    Stage::Read
                };
                self.clear_tally();
            }
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What the facilitator does during play: buttons, keys and clickers all trigger these.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facilitate {
    /// Next step of the rhythm (PageDown, →).
    Advance,
    /// Step back (PageUp, ←); from a reveal, this takes the decision back.
    Back,
    /// Take back the last decision, whichever team made it.
    Undo,
    /// Select the option whose count is typed (by position among the available ones).
    Select(usize),
    /// Type a digit of the selected option's count.
    Digit(u32),
    /// Remove the last digit of the selected option's count.
    Erase,
    /// Add to (or take from) an option's count, by position.
    Adjust {
        option: usize,
        delta: i32,
    },
    /// The option at this position: the clicked majority, or the facilitator's tie-break.
    Pick(usize),
    /// Thirty more seconds of discussion.
    Extend,
    ToggleBlank,
    TogglePrompt,
    TogglePause,
}

/// The facilitator's controls over the room's screen.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facilitator {
    /// The screen is black (B): the room looks at the facilitator, not the slide.
    pub blank: bool,
    /// This node's facilitator prompt is shown (P).
    pub prompt: bool,
    /// Everything waits, the countdown included (Space).
    pub paused: bool,
}

/// Replay the last finished workshop from the title screen.
#[derive(Event, Debug, Clone, Copy)]
pub struct ReplayLastWorkshop;

/// The report of the last finished workshop, if one was kept.
#[derive(Resource, Default)]
pub struct LastReport(pub Option<Report>);

/// The workshop a reload or a crash interrupted, offered on the title screen.
#[derive(Resource, Default)]
pub struct SavedWorkshop(pub Option<Workshop>);

/// Go on with the interrupted workshop.
#[derive(Event, Debug, Clone, Copy)]
pub struct ContinueWorkshop;

pub(super) fn plugin(app: &mut App) {
    let last = app
        .world()
        .get_resource::<Storage>()
        .and_then(|s| s.get(LAST_REPORT))
        .and_then(|text| Report::from_json(&text).ok());
    let mut notices = Vec::new();
    let saved = app.world().get_resource::<Storage>().and_then(|storage| {
        read::<Workshop>(
            storage,
            IN_PROGRESS,
            "the workshop in progress",
            &mut notices,
        )
    });
    if !notices.is_empty()
        && let Some(mut notice) = app.world_mut().get_resource_mut::<Notice>()
    {
        notices.extend(notice.0.take());
        notice.0 = Some(notices.join(" "));
    }
    app.insert_resource(LastReport(last))
        .insert_resource(SavedWorkshop(saved))
        .init_resource::<Facilitator>()
        .add_plugins((
            setup::plugin,
            timer::plugin,
            view::plugin,
            keys::plugin,
            debrief::plugin,
            export::plugin,
        ))
        .add_observer(facilitate)
        .add_observer(replay_last)
        .add_observer(continue_saved)
        .add_systems(
            Update,
            save_progress
                .run_if(in_state(Screen::Workshop).and_then(resource_changed::<WorkshopSession>)),
        )
        .add_systems(
            PostUpdate,
            redraw_after_change.run_if(
                resource_exists_and_changed::<WorkshopSession>
                    .or_else(resource_changed::<Facilitator>)
                    .or_else(resource_changed::<Reports>),
            ),
        )
        .add_systems(OnExit(Screen::Workshop), offer_unfinished)
        .add_systems(
            OnEnter(Screen::WorkshopDebrief),
            |storage: Res<Storage>, mut saved: ResMut<SavedWorkshop>| {
                storage.remove(IN_PROGRESS);
                saved.0 = None;
            },
        )
        .add_systems(OnEnter(Screen::Workshop), |mut f: ResMut<Facilitator>| {
            *f = Facilitator::default();
        })
        .add_systems(
            Update,
            announce_stage
                .run_if(in_state(Screen::Workshop).and_then(resource_changed::<WorkshopSession>)),
        );
}

/// The facilitator's keys change the session in `Update`, possibly after the screen was
/// drawn from it; the window only redraws on input, so ask for one more frame to show it.
fn redraw_after_change(mut redraw: MessageWriter<RequestRedraw>) {
    redraw.write(RequestRedraw);
}

/// A log line when the stage changes; browser tests wait for it.
fn announce_stage(session: Res<WorkshopSession>, mut last: Local<Option<(Stage, usize)>>) {
    let now = (session.stage, session.workshop.order().len());
    if *last != Some(now) {
        *last = Some(now);
        info!(
            "promoted: workshop stage {:?} after {} decisions",
            session.stage,
            session.workshop.order().len()
        );
    }
}

fn facilitate(
    event: On<Facilitate>,
    mut commands: Commands,
    session: Option<ResMut<WorkshopSession>>,
    mut facilitator: ResMut<Facilitator>,
    mut countdown: ResMut<Countdown>,
    state: Res<State<Screen>>,
) {
    let Some(mut session) = session else {
        return;
    };
    let s = &mut *session;
    let on_debrief = *state.get() == Screen::WorkshopDebrief;
    match *event {
        Facilitate::ToggleBlank => facilitator.blank = !facilitator.blank,
        Facilitate::TogglePrompt => facilitator.prompt = !facilitator.prompt,
        Facilitate::TogglePause => facilitator.paused = !facilitator.paused,
        // While the screen is blank or paused, only those three keys act.
        _ if facilitator.blank || facilitator.paused => {}
        Facilitate::Undo => {
            s.undo();
            if on_debrief {
                commands.set_state(Screen::Workshop);
            }
        }
        _ if on_debrief => {}
        Facilitate::Advance => match s.stage {
            Stage::Read if s.workshop.setup.discussion_seconds > 0 => {
                s.stage = Stage::Discuss;
                countdown.start(s.workshop.setup.discussion_seconds);
            }
            Stage::Read | Stage::Discuss => {
                countdown.stop();
                s.open_vote();
            }
            Stage::Vote => s.decide(None),
            Stage::TieBreak => {
                s.message = Some("A tie: pick the option the room goes with.".into());
            }
            Stage::Reveal => s.after_reveal(&mut commands),
            Stage::Handover => s.stage = Stage::Read,
        },
        Facilitate::Back => match s.stage {
            Stage::Discuss => {
                countdown.stop();
                s.stage = Stage::Read;
            }
            Stage::Vote if s.workshop.setup.discussion_seconds > 0 => {
                s.stage = Stage::Discuss;
                countdown.start(s.workshop.setup.discussion_seconds);
            }
            Stage::Vote => s.stage = Stage::Read,
            Stage::TieBreak => s.stage = Stage::Vote,
            Stage::Reveal => s.undo(),
            Stage::Read | Stage::Handover if !s.workshop.order().is_empty() => {
                s.stage = Stage::Reveal;
            }
            Stage::Read | Stage::Handover => {}
        },
        Facilitate::Extend => countdown.extend(30),
        Facilitate::Select(position) if s.stage == Stage::Vote => {
            if position < s.available().len() {
                s.selected = position;
                s.typing = false;
            }
        }
        Facilitate::Digit(digit) if s.stage == Stage::Vote => {
            if let Some(&option) = s.available().get(s.selected) {
                let count = &mut s.tally[option];
                *count = if s.typing {
                    (*count * 10 + digit).min(999)
                } else {
                    digit
                };
                s.typing = true;
                s.message = None;
            }
        }
        Facilitate::Erase if s.stage == Stage::Vote => {
            if let Some(&option) = s.available().get(s.selected) {
                s.tally[option] /= 10;
                s.typing = true;
            }
        }
        Facilitate::Adjust { option, delta } if s.stage == Stage::Vote => {
            if let Some(&index) = s.available().get(option) {
                s.tally[index] = s.tally[index].saturating_add_signed(delta).min(999);
                s.selected = option;
                s.typing = false;
                s.message = None;
            }
        }
        Facilitate::Pick(position) => {
            let Some(&option) = s.available().get(position) else {
                return;
            };
            match s.stage {
                Stage::TieBreak if s.tied().contains(&option) => s.decide(Some(option)),
                Stage::TieBreak => {
                    s.message = Some(format!(
                        "Option {} is not one of the tied options.",
                        position + 1
                    ));
                }
                Stage::Vote if s.workshop.setup.voting == Voting::Majority => {
                    s.tally.iter_mut().for_each(|c| *c = 0);
                    s.tally[option] = 1;
                    s.decide(None);
                }
                _ => {}
            }
        }
        Facilitate::Select(_)
        | Facilitate::Digit(_)
        | Facilitate::Erase
        | Facilitate::Adjust { .. } => {}
    }
}

/// Start the workshop a report describes, its recorded votes ready at each decision.
fn replay_last(
    _: On<ReplayLastWorkshop>,
    mut commands: Commands,
    last: Res<LastReport>,
    library: Res<Library>,
    mut notice: ResMut<Notice>,
) {
    let Some(report) = &last.0 else {
        return;
    };
    let Some(scenario) = library.find(&report.scenario).cloned() else {
        notice.0 = Some(format!(
            "The last workshop was of a scenario that is no longer available (`{}`).",
            report.scenario
        ));
        return;
    };
    // Check the whole session replays before the room sees any of it.
    let workshop = match replay(&scenario, report).and_then(|_| {
        Workshop::new(&scenario, report.setup.clone())
            .map_err(|e| ReplayError::Format(e.to_string()))
    }) {
        Ok(workshop) => workshop,
        Err(e) => {
            notice.0 = Some(format!("The last workshop cannot be replayed: {e}."));
            return;
        }
    };
    let script = match report.ballots(&scenario) {
        Ok(script) => script,
        Err(e) => {
            notice.0 = Some(format!("The last workshop cannot be replayed: {e}."));
            return;
        }
    };
    info!(
        "promoted: replaying the workshop of `{}` with seed {}",
        scenario.id, report.setup.seed
    );
    commands.insert_resource(WorkshopSession::new(scenario, workshop, Some(script)));
    commands.set_state(Screen::Workshop);
}

/// Keep the finished workshop's report for "Replay the last workshop".
pub(crate) fn keep_report(storage: &Storage, last: &mut LastReport, report: &Report) {
    storage.set(LAST_REPORT, &report.to_json());
    last.0 = Some(report.clone());
}

/// Save the workshop after every decision (and when it starts).
fn save_progress(
    session: Res<WorkshopSession>,
    storage: Res<Storage>,
    mut saved: Local<Option<(u64, usize)>>,
) {
    let now = (session.workshop.setup.seed, session.workshop.order().len());
    if *saved != Some(now) {
        *saved = Some(now);
        write(&storage, IN_PROGRESS, &session.workshop);
    }
}

/// A workshop left for the title before its end is offered there to continue.
fn offer_unfinished(session: Option<Res<WorkshopSession>>, mut saved: ResMut<SavedWorkshop>) {
    if let Some(session) = session.filter(|s| !s.workshop.is_finished()) {
        saved.0 = Some(session.workshop.clone());
    }
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
    let Some(workshop) = saved.0.take() else {
        return;
    };
    let scenario = library.find(&workshop.setup.scenario).cloned();
    let problem = match &scenario {
        None => Some(format!(
            "its scenario (`{}`) is no longer available",
            workshop.setup.scenario
        )),
        Some(scenario) => workshop
            .teams()
            .iter()
            .find_map(|team| team.run.clone().resume(scenario).err())
            .map(|e| e.to_string()),
    };
    match (scenario, problem) {
        (Some(scenario), None) => {
            info!("promoted: resumed the workshop of `{}`", scenario.id);
            commands.insert_resource(WorkshopSession::new(scenario, workshop, None));
            commands.set_state(Screen::Workshop);
        }
        (_, problem) => {
            if let Some(text) = storage.get(IN_PROGRESS) {
                set_aside(&storage, IN_PROGRESS, &text);
            }
            notice.0 = Some(format!(
                "The workshop in progress could not be resumed ({}); it was set aside.",
                problem.unwrap_or_default()
            ));
        }
    }
}
