//! The room's rhythm as a plain model: each decision goes read → discuss → vote (→ tie-break)
//! → reveal, with a scoreboard between teams. The facilitator acts ([`Action`]); the room
//! says what happened ([`Happened`]). Keys, buttons, a presenter window and phones all drive
//! this one model, and it is tested without any of them.

use serde::{Deserialize, Serialize};

use super::{Ballot, Voting, Workshop, WorkshopError, verdict};
use crate::model::{ChoiceIdx, Scenario};

/// The most votes one option can have: three digits fit the keypad and the screen.
pub const MAX_COUNT: u32 = 999;
/// Seconds the facilitator adds with one press.
pub const EXTENSION: u32 = 30;

/// Where a decision stands in the room's rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Every team has finished: the debrief.
    Debrief,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Read => "Read",
            Stage::Discuss => "Discuss",
            Stage::Vote | Stage::TieBreak => "Vote",
            Stage::Reveal => "Reveal",
            Stage::Handover => "Scoreboard",
            Stage::Debrief => "Debrief",
        }
    }
}

/// What the facilitator does: buttons, keys and clickers all come down to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
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
    /// More time for the discussion.
    Extend,
    ToggleBlank,
    TogglePrompt,
    TogglePause,
}

/// What an action led to, for the views and the window around the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happened {
    /// The rhythm moved to this stage.
    Stage(Stage),
    /// A team's decision was made.
    Decided { team: usize },
    /// A decision was taken back.
    Undone { team: usize },
    /// The tally or the selection changed.
    Tally,
    /// The blank screen, the prompt or the pause changed.
    Controls,
    /// The countdown changed (started, extended, stopped).
    Countdown,
    /// The request was refused, with the reason the room sees.
    Refused(String),
}

/// The facilitator's controls over the room's screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Controls {
    /// The screen is black (B): the room looks at the facilitator, not the slide.
    pub blank: bool,
    /// This node's facilitator prompt is shown (P).
    pub prompt: bool,
    /// Everything waits, the countdown included (Space).
    pub paused: bool,
}

/// Seconds of discussion left, and whether the time is up. Time is given to it from
/// outside ([`Room::tick`]), so tests step it exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Countdown {
    /// The whole time given, extensions included.
    pub total: f32,
    pub left: f32,
    pub running: bool,
}

impl Countdown {
    fn start(&mut self, seconds: u32) {
        self.total = seconds as f32;
        self.left = self.total;
        self.running = true;
    }

    fn stop(&mut self) {
        self.running = false;
    }

    fn extend(&mut self, seconds: u32) -> bool {
        if self.running || self.is_up() {
            self.total += seconds as f32;
            self.left += seconds as f32;
            self.running = true;
            return true;
        }
        false
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

/// A workshop in the room: the session, and where its rhythm stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    workshop: Workshop,
    stage: Stage,
    /// The votes being entered for the current decision, by the node's choice index.
    tally: Vec<u32>,
    /// The option (by position among the available ones) whose count is being typed.
    selected: usize,
    /// Whether the next digit adds to the selected count (true) or starts it afresh.
    typing: bool,
    /// A replayed session's recorded ballots, per team, in order.
    script: Option<Vec<Vec<Ballot>>>,
    /// Why the last request was refused, for the room to see.
    message: Option<String>,
    controls: Controls,
    countdown: Countdown,
}

impl Room {
    /// A room at the start of a session, or of a resumed one (at its next decision).
    pub fn new(scenario: &Scenario, workshop: Workshop, script: Option<Vec<Vec<Ballot>>>) -> Room {
        let stage = if workshop.is_finished() {
            Stage::Debrief
        } else {
            Stage::Read
        };
        let mut room = Room {
            workshop,
            stage,
            tally: Vec::new(),
            selected: 0,
            typing: false,
            script,
            message: None,
            controls: Controls::default(),
            countdown: Countdown::default(),
        };
        room.clear_tally(scenario);
        room
    }

    pub fn workshop(&self) -> &Workshop {
        &self.workshop
    }
    pub fn stage(&self) -> Stage {
        self.stage
    }
    pub fn tally(&self) -> &[u32] {
        &self.tally
    }
    /// The option (by position among the available ones) whose count is being typed.
    pub fn selected(&self) -> usize {
        self.selected
    }
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    pub fn controls(&self) -> Controls {
        self.controls
    }
    pub fn countdown(&self) -> &Countdown {
        &self.countdown
    }

    /// The team whose decision it is.
    pub fn team(&self) -> Option<usize> {
        self.workshop.current()
    }

    /// The team on screen: the one deciding, or the one whose decision is revealed.
    pub fn shown_team(&self) -> Option<usize> {
        match self.stage {
            Stage::Reveal => self.workshop.order().last().copied(),
            _ => self.team(),
        }
    }

    /// The options the current team can choose, in the order shown.
    pub fn available(&self, scenario: &Scenario) -> Vec<ChoiceIdx> {
        self.team()
            .map(|t| self.workshop.teams()[t].run.available(scenario))
            .unwrap_or_default()
    }

    /// The tied options while a tie waits for the facilitator.
    pub fn tied(&self, scenario: &Scenario) -> Vec<ChoiceIdx> {
        match verdict(&self.tally, &self.available(scenario)) {
            super::Verdict::Tie(tied) => tied,
            _ => Vec::new(),
        }
    }

    /// Time passes: the countdown runs while the room discusses and nothing is paused.
    /// Returns whether the time ran out just now.
    pub fn tick(&mut self, seconds: f32) -> bool {
        if !self.countdown.running || self.stage != Stage::Discuss || self.controls.paused {
            return false;
        }
        self.countdown.left -= seconds;
        if self.countdown.left <= 0.0 {
            self.countdown.left = 0.0;
            self.countdown.running = false;
            return true;
        }
        false
    }

    /// Whether the countdown is running now (the window keeps redrawing while it does).
    pub fn is_counting_down(&self) -> bool {
        self.countdown.running && self.stage == Stage::Discuss && !self.controls.paused
    }

    /// The facilitator acts; the room says what happened.
    pub fn act(&mut self, scenario: &Scenario, action: Action) -> Vec<Happened> {
        let mut happened = Vec::new();
        match action {
            Action::ToggleBlank => {
                self.controls.blank = !self.controls.blank;
                happened.push(Happened::Controls);
            }
            Action::TogglePrompt => {
                self.controls.prompt = !self.controls.prompt;
                happened.push(Happened::Controls);
            }
            Action::TogglePause => {
                self.controls.paused = !self.controls.paused;
                happened.push(Happened::Controls);
            }
            // While the screen is blank or paused, only those three act.
            _ if self.controls.blank || self.controls.paused => {}
            Action::Undo => self.undo(scenario, &mut happened),
            _ if self.stage == Stage::Debrief => {}
            Action::Advance => self.advance(scenario, &mut happened),
            Action::Back => self.back(scenario, &mut happened),
            Action::Extend => {
                if self.countdown.extend(EXTENSION) {
                    happened.push(Happened::Countdown);
                }
            }
            Action::Select(position) if self.stage == Stage::Vote => {
                if position < self.available(scenario).len() {
                    self.selected = position;
                    self.typing = false;
                    happened.push(Happened::Tally);
                }
            }
            Action::Digit(digit) if self.stage == Stage::Vote && digit <= 9 => {
                if let Some(option) = self.available(scenario).get(self.selected) {
                    let count = &mut self.tally[option.index()];
                    *count = if self.typing {
                        (*count * 10 + digit).min(MAX_COUNT)
                    } else {
                        digit
                    };
                    self.typing = true;
                    self.message = None;
                    happened.push(Happened::Tally);
                }
            }
            Action::Erase if self.stage == Stage::Vote => {
                if let Some(option) = self.available(scenario).get(self.selected) {
                    self.tally[option.index()] /= 10;
                    self.typing = true;
                    happened.push(Happened::Tally);
                }
            }
            Action::Adjust { option, delta } if self.stage == Stage::Vote => {
                if let Some(index) = self.available(scenario).get(option) {
                    let count = &mut self.tally[index.index()];
                    *count = count.saturating_add_signed(delta).min(MAX_COUNT);
                    self.selected = option;
                    self.typing = false;
                    self.message = None;
                    happened.push(Happened::Tally);
                }
            }
            Action::Pick(position) => self.pick(scenario, position, &mut happened),
            Action::Select(_) | Action::Digit(_) | Action::Erase | Action::Adjust { .. } => {}
        }
        happened
    }

    fn set_stage(&mut self, stage: Stage, happened: &mut Vec<Happened>) {
        if self.stage != stage {
            self.stage = stage;
            happened.push(Happened::Stage(stage));
        }
    }

    fn advance(&mut self, scenario: &Scenario, happened: &mut Vec<Happened>) {
        let seconds = self.workshop.setup.discussion_seconds;
        match self.stage {
            Stage::Read if seconds > 0 => {
                self.countdown.start(seconds);
                happened.push(Happened::Countdown);
                self.set_stage(Stage::Discuss, happened);
            }
            Stage::Read | Stage::Discuss => {
                self.countdown.stop();
                self.open_vote(happened);
            }
            Stage::Vote => self.decide(scenario, None, happened),
            Stage::TieBreak => {
                self.refuse("A tie: pick the option the room goes with.", happened);
            }
            Stage::Reveal => self.after_reveal(scenario, happened),
            Stage::Handover => self.set_stage(Stage::Read, happened),
            Stage::Debrief => {}
        }
    }

    fn back(&mut self, scenario: &Scenario, happened: &mut Vec<Happened>) {
        let seconds = self.workshop.setup.discussion_seconds;
        match self.stage {
            Stage::Discuss => {
                self.countdown.stop();
                self.set_stage(Stage::Read, happened);
            }
            Stage::Vote if seconds > 0 => {
                self.countdown.start(seconds);
                happened.push(Happened::Countdown);
                self.set_stage(Stage::Discuss, happened);
            }
            Stage::Vote => self.set_stage(Stage::Read, happened),
            Stage::TieBreak => self.set_stage(Stage::Vote, happened),
            Stage::Reveal => self.undo(scenario, happened),
            Stage::Read | Stage::Handover if !self.workshop.order().is_empty() => {
                self.set_stage(Stage::Reveal, happened);
            }
            Stage::Read | Stage::Handover | Stage::Debrief => {}
        }
    }

    fn pick(&mut self, scenario: &Scenario, position: usize, happened: &mut Vec<Happened>) {
        let Some(&option) = self.available(scenario).get(position) else {
            return;
        };
        match self.stage {
            Stage::TieBreak if self.tied(scenario).contains(&option) => {
                self.decide(scenario, Some(option), happened);
            }
            Stage::TieBreak => self.refuse(
                &format!("Option {} is not one of the tied options.", position + 1),
                happened,
            ),
            Stage::Vote if self.workshop.setup.voting == Voting::Majority => {
                self.tally.iter_mut().for_each(|c| *c = 0);
                self.tally[option.index()] = 1;
                self.decide(scenario, None, happened);
            }
            _ => {}
        }
    }

    fn refuse(&mut self, why: &str, happened: &mut Vec<Happened>) {
        self.message = Some(why.to_owned());
        happened.push(Happened::Refused(why.to_owned()));
    }

    fn clear_tally(&mut self, scenario: &Scenario) {
        let width = self.team().map_or(0, |t| {
            let run = &self.workshop.teams()[t].run;
            scenario.node(run.state().node()).choices.len()
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

    fn open_vote(&mut self, happened: &mut Vec<Happened>) {
        if let Some(ballot) = self.recorded_ballot() {
            let counts = ballot.counts.clone();
            if counts.len() == self.tally.len() {
                self.tally = counts;
            }
        }
        self.set_stage(Stage::Vote, happened);
    }

    /// Decide by the tally; a tie goes to the facilitator unless `tie_break` settles it.
    fn decide(
        &mut self,
        scenario: &Scenario,
        tie_break: Option<ChoiceIdx>,
        happened: &mut Vec<Happened>,
    ) {
        let tie_break = tie_break.or_else(|| self.recorded_ballot().and_then(|b| b.tie_break));
        let ballot = Ballot {
            counts: self.tally.clone(),
            tie_break,
        };
        let team = self.team();
        match self.workshop.decide(scenario, &ballot) {
            Ok(_) => {
                self.message = None;
                if let Some(team) = team {
                    happened.push(Happened::Decided { team });
                }
                self.set_stage(Stage::Reveal, happened);
            }
            Err(WorkshopError::Tie(_)) => self.set_stage(Stage::TieBreak, happened),
            Err(e) => self.refuse(&capitalised(&e.to_string()), happened),
        }
    }

    fn undo(&mut self, scenario: &Scenario, happened: &mut Vec<Happened>) {
        if let Some((team, vote)) = self.workshop.undo() {
            self.clear_tally(scenario);
            if vote.counts.len() == self.tally.len() {
                self.tally = vote.counts;
            }
            self.message = None;
            happened.push(Happened::Undone { team });
            self.set_stage(Stage::Vote, happened);
        }
    }

    /// After a reveal: the next team's scoreboard, the next decision, or the debrief.
    fn after_reveal(&mut self, scenario: &Scenario, happened: &mut Vec<Happened>) {
        let last = self.workshop.order().last().copied();
        match self.team() {
            None => self.set_stage(Stage::Debrief, happened),
            Some(next) => {
                let stage = if self.workshop.teams().len() > 1 && Some(next) != last {
                    Stage::Handover
                } else {
                    Stage::Read
                };
                self.clear_tally(scenario);
                self.set_stage(stage, happened);
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
