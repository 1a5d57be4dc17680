//! The room's rhythm as a plain model: each decision goes read → discuss → vote (→ tie-break)
//! → reveal, with a scoreboard between teams and, in a cut session, a "Meanwhile…" recap of
//! the decisions taken by default before the next one the room makes. The facilitator acts ([`Action`]); the room
//! says what happened ([`Happened`]). Keys, buttons, a presenter window and phones all drive
//! this one model, and it is tested without any of them.

use serde::{Deserialize, Serialize};

use super::phones::Tally;
use super::{Ballot, Voting, Workshop, WorkshopError, verdict};
use crate::model::{ChoiceIdx, Scenario};

/// The most votes one option can have: three digits fit the keypad and the screen.
pub const MAX_COUNT: u32 = 999;
/// Seconds the facilitator adds with one press.
pub const EXTENSION: u32 = 30;

/// Where a decision stands in the room's rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// A cut session's recap: what happened by default since the room's last decision.
    Meanwhile,
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
            Stage::Meanwhile => "Meanwhile",
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
    /// Show the phones' counts on the room's screen (hidden while the vote runs, so nobody
    /// follows the crowd), or hide them again.
    ShowCounts,
    /// Count the hands alone, setting the phones' votes aside (or count them again).
    HandsOnly,
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
    /// The tally or the selection changed (the phones' counts included).
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

/// The room's phones on one decision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneCount {
    /// By the node's choice index.
    pub counts: Vec<u32>,
    /// Phones that voted.
    pub voters: u32,
    /// The facilitator has shown the counts on the room's screen.
    pub shown: bool,
    /// The vote is closing: the host's last count will decide.
    pub closing: bool,
    /// The facilitator counts the hands alone.
    pub hands_only: bool,
}

/// A decision's name on the phones: the team's and its decision's numbers, so the same
/// decision, reopened after a reload or an undo, is the same vote.
/// A vote's key on the phones: the team, how many decisions it has made, and the node, so a
/// decision taken back and made again elsewhere never inherits another question's votes.
fn poll_key(team: usize, decided: usize, node: usize) -> String {
    format!("t{}d{}n{}", team + 1, decided + 1, node)
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
    /// The team whose recap the Meanwhile stage shows.
    recap: Option<usize>,
    /// The room's phones on the current decision; hands are the typed `tally`.
    phones: PhoneCount,
    controls: Controls,
    countdown: Countdown,
}

impl Room {
    /// A room at the start of a session, or of a resumed one (at its next decision).
    pub fn new(scenario: &Scenario, workshop: Workshop, script: Option<Vec<Vec<Ballot>>>) -> Room {
        let mut room = Room {
            workshop,
            stage: Stage::Debrief,
            tally: Vec::new(),
            selected: 0,
            typing: false,
            script,
            message: None,
            recap: None,
            phones: PhoneCount::default(),
            controls: Controls::default(),
            countdown: Countdown::default(),
        };
        room.stage = match room.team() {
            Some(team) if room.has_recap(team) => {
                room.recap = Some(team);
                Stage::Meanwhile
            }
            Some(_) => Stage::Read,
            None => Stage::Debrief,
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
    /// The counts typed in: in a session on phones, the hands added to the phones' votes.
    pub fn tally(&self) -> &[u32] {
        &self.tally
    }

    /// The counts that decide: the typed ones, plus the phones' unless set aside.
    pub fn counts(&self) -> Vec<u32> {
        let mut counts = self.tally.clone();
        if !self.phones.hands_only {
            for (count, phones) in counts.iter_mut().zip(&self.phones.counts) {
                *count = count.saturating_add(*phones);
            }
        }
        counts
    }

    /// The phones' votes on this decision; `None` in a session without phones.
    pub fn phones(&self) -> Option<&PhoneCount> {
        self.phones_live().then_some(&self.phones)
    }

    /// Whether the room's phones vote (a replay puts the recorded counts up instead).
    fn phones_live(&self) -> bool {
        self.workshop.setup.voting == Voting::Phones && self.script.is_none()
    }

    /// The decision the phones vote on, as long as its vote should be open on them.
    pub fn poll_key(&self) -> Option<String> {
        let open = self.phones_live() && self.stage == Stage::Vote && !self.phones.closing;
        let team = self.team().filter(|_| open)?;
        Some(self.voting_key(team))
    }

    /// The key of the vote being closed: the host's last count for it decides.
    pub fn closing_key(&self) -> Option<String> {
        let closing = self.phones_live() && self.stage == Stage::Vote && self.phones.closing;
        let team = self.team().filter(|_| closing)?;
        Some(self.voting_key(team))
    }

    fn voting_key(&self, team: usize) -> String {
        let play = &self.workshop.teams()[team];
        poll_key(team, play.votes.len(), play.run.state().node().index())
    }

    /// The host's count of the phones' votes. The last one, after the vote closed, decides.
    pub fn phones_counted(&mut self, scenario: &Scenario, tally: &Tally) -> Vec<Happened> {
        let mut happened = Vec::new();
        let Some(team) = self.team().filter(|_| self.phones_live()) else {
            return happened;
        };
        if tally.key != self.voting_key(team) || !matches!(self.stage, Stage::Vote) {
            return happened;
        }
        let mut counts = vec![0; self.tally.len()];
        for (&choice, &count) in self.available(scenario).iter().zip(&tally.counts) {
            counts[choice.index()] = count.min(MAX_COUNT);
        }
        self.phones.counts = counts;
        self.phones.voters = tally.voters;
        happened.push(Happened::Tally);
        if self.phones.closing && !tally.open {
            self.decide(scenario, None, &mut happened);
        }
        happened
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

    /// Note one of the room's commitments (the debrief's last step).
    pub fn commit(&mut self, text: &str) -> Result<(), String> {
        self.workshop.commit(text)
    }

    /// Take back the last commitment noted.
    pub fn uncommit(&mut self) -> Option<String> {
        self.workshop.uncommit()
    }

    /// The team whose decision it is.
    pub fn team(&self) -> Option<usize> {
        self.workshop.current()
    }

    /// The team on screen: the one deciding, the one whose decision is revealed, or the one
    /// whose recap is shown.
    pub fn shown_team(&self) -> Option<usize> {
        match self.stage {
            Stage::Reveal => self.workshop.order().last().copied(),
            Stage::Meanwhile => self.recap,
            _ => self.team(),
        }
    }

    /// The decisions the Meanwhile stage recaps: the shown team's, by index into its run.
    pub fn recap(&self) -> Option<(usize, std::ops::Range<usize>)> {
        let team = self.recap.filter(|_| self.stage == Stage::Meanwhile)?;
        Some((team, self.workshop.teams()[team].meanwhile()))
    }

    fn has_recap(&self, team: usize) -> bool {
        !self.workshop.teams()[team].meanwhile().is_empty()
    }

    /// The options the current team can choose, in the order shown.
    pub fn available(&self, scenario: &Scenario) -> Vec<ChoiceIdx> {
        self.team()
            .map(|t| self.workshop.teams()[t].run.available(scenario))
            .unwrap_or_default()
    }

    /// The tied options while a tie waits for the facilitator.
    pub fn tied(&self, scenario: &Scenario) -> Vec<ChoiceIdx> {
        match verdict(&self.counts(), &self.available(scenario)) {
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
            Action::ShowCounts if self.stage == Stage::Vote && self.phones_live() => {
                self.phones.shown = !self.phones.shown;
                happened.push(Happened::Tally);
            }
            Action::HandsOnly if self.stage == Stage::Vote && self.phones_live() => {
                self.phones.hands_only = !self.phones.hands_only;
                happened.push(Happened::Tally);
            }
            Action::Select(_)
            | Action::Digit(_)
            | Action::Erase
            | Action::Adjust { .. }
            | Action::ShowCounts
            | Action::HandsOnly => {}
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
            // The phones' vote closes first; the host's last count decides. Pressed again
            // (a host out of reach), the counts the room has decide.
            Stage::Vote if self.phones_live() && !self.phones.closing => {
                self.phones.closing = true;
                happened.push(Happened::Tally);
            }
            Stage::Vote => self.decide(scenario, None, happened),
            Stage::TieBreak => {
                self.refuse("A tie: pick the option the room goes with.", happened);
            }
            Stage::Reveal => self.after_reveal(scenario, happened),
            Stage::Meanwhile if self.recap == self.team() => self.set_stage(Stage::Read, happened),
            Stage::Meanwhile => self.hand_on(scenario, self.recap, happened),
            Stage::Handover => self.open_decision(happened),
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
            Stage::Vote if self.phones.closing => {
                self.phones.closing = false;
                happened.push(Happened::Tally);
            }
            Stage::Vote if seconds > 0 => {
                self.countdown.start(seconds);
                happened.push(Happened::Countdown);
                self.set_stage(Stage::Discuss, happened);
            }
            Stage::Vote => self.set_stage(Stage::Read, happened),
            Stage::TieBreak => self.set_stage(Stage::Vote, happened),
            Stage::Reveal => self.undo(scenario, happened),
            Stage::Read | Stage::Handover | Stage::Meanwhile
                if !self.workshop.order().is_empty() =>
            {
                self.set_stage(Stage::Reveal, happened);
            }
            Stage::Read | Stage::Handover | Stage::Meanwhile | Stage::Debrief => {}
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
        self.phones = PhoneCount {
            counts: vec![0; width],
            ..PhoneCount::default()
        };
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
        self.phones.closing = false;
        let ballot = Ballot {
            counts: self.counts(),
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
            // On phones, the votes come back from the phones themselves.
            if vote.counts.len() == self.tally.len() && !self.phones_live() {
                self.tally = vote.counts;
            }
            self.message = None;
            happened.push(Happened::Undone { team });
            self.set_stage(Stage::Vote, happened);
        }
    }

    /// After a reveal: the recap of a team whose run the cut's defaults finished, or on to
    /// the next team.
    fn after_reveal(&mut self, scenario: &Scenario, happened: &mut Vec<Happened>) {
        let last = self.workshop.order().last().copied();
        if let Some(team) = last
            && self.workshop.teams()[team].run.is_finished()
            && self.has_recap(team)
        {
            self.recap = Some(team);
            self.set_stage(Stage::Meanwhile, happened);
            return;
        }
        self.hand_on(scenario, last, happened);
    }

    /// The next team's scoreboard, its decision, or the debrief.
    fn hand_on(&mut self, scenario: &Scenario, last: Option<usize>, happened: &mut Vec<Happened>) {
        match self.team() {
            None => self.set_stage(Stage::Debrief, happened),
            Some(next) => {
                self.clear_tally(scenario);
                if self.workshop.teams().len() > 1 && Some(next) != last {
                    self.set_stage(Stage::Handover, happened);
                } else {
                    self.open_decision(happened);
                }
            }
        }
    }

    /// The current team's decision, after its recap if the cut took decisions for it.
    fn open_decision(&mut self, happened: &mut Vec<Happened>) {
        match self.team() {
            Some(team) if self.has_recap(team) => {
                self.recap = Some(team);
                self.set_stage(Stage::Meanwhile, happened);
            }
            Some(_) => self.set_stage(Stage::Read, happened),
            None => self.set_stage(Stage::Debrief, happened),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workshop::{Setup, Team, Turns};

    /// Two decisions of three options each, the middle one of the first needing trust the
    /// player does not have: the available options are not the node's choices.
    fn scenario() -> Scenario {
        let text = r#"Scenario(format: 2, id: "room", title: "Room", summary: "S.", minutes: 5,
            difficulty: Introductory, competencies: [Planning],
            cast: [Stakeholder(id: "ana", name: "Ana Ruiz", role: "PM", wants: "W.", trust: 50)],
            meters: [Meter(id: "m", label: "M", min: 0, max: 100, start: 50, description: "M.")],
            start: "one",
            nodes: [
                Node(id: "one", text: "One.", choices: [
                    Choice(id: "a", text: "A.", effects: [Meter("m", Add(5))], note: "N.", next: "two"),
                    Choice(id: "hidden", text: "H.", condition: Trust("ana", AtLeast(90)), note: "N.", next: "two"),
                    Choice(id: "b", text: "B.", effects: [Meter("m", Sub(5))], note: "N.", next: "two"),
                    Choice(id: "c", text: "C.", note: "N.", next: "two"),
                ]),
                Node(id: "two", text: "Two.", choices: [
                    Choice(id: "x", text: "X.", note: "N.", next: "end"),
                    Choice(id: "y", text: "Y.", note: "N.", next: "end"),
                ]),
            ],
            endings: [Ending(id: "done", title: "Done", epilogue: "E.", rating: Mixed)],
        )"#;
        crate::load::load(text.as_bytes()).expect("loads").0
    }

    fn room_with(scenario: &Scenario, teams: usize, voting: Voting, seconds: u32) -> Room {
        let setup = Setup {
            scenario: scenario.id.clone(),
            seed: 1,
            teams: (0..teams)
                .map(|i| Team {
                    name: format!("Team {i}"),
                    colour: "#f5b83d".to_owned(),
                })
                .collect(),
            voting,
            turns: Turns::Alternate,
            discussion_seconds: seconds,
            meters_visible: true,
            prompts: true,
            length: crate::workshop::Length::Full,
        };
        let workshop = Workshop::new(scenario, setup).expect("a valid setup");
        Room::new(scenario, workshop, None)
    }

    fn room(scenario: &Scenario) -> Room {
        room_with(scenario, 1, Voting::Counts, 60)
    }

    /// Type `count` votes for the option at `position` among the available ones.
    fn count(room: &mut Room, scenario: &Scenario, position: usize, count: u32) {
        room.act(scenario, Action::Select(position));
        for digit in count.to_string().chars().filter_map(|c| c.to_digit(10)) {
            room.act(scenario, Action::Digit(digit));
        }
    }

    fn to_vote(room: &mut Room, scenario: &Scenario) {
        while room.stage() != Stage::Vote {
            room.act(scenario, Action::Advance);
        }
    }

    fn phone_tally(key: &str, counts: &[u32], open: bool) -> Tally {
        Tally {
            key: key.to_owned(),
            counts: counts.to_vec(),
            voters: counts.iter().sum(),
            open,
        }
    }

    #[test]
    fn on_phones_the_hosts_last_count_with_the_hands_decides() {
        let scenario = scenario();
        let mut room = room_with(&scenario, 1, Voting::Phones, 0);
        assert_eq!(room.poll_key(), None, "no vote open while the room reads");
        to_vote(&mut room, &scenario);
        let key = room.poll_key().expect("a vote open");
        assert!(key.starts_with("t1d1n"), "{key}");
        // Counts come by position among the three available options.
        room.phones_counted(&scenario, &phone_tally(&key, &[2, 3, 1], true));
        assert_eq!(room.counts(), [2, 0, 3, 1]);
        assert!(
            !room.phones().unwrap().shown,
            "hidden until the facilitator shows them"
        );
        room.act(&scenario, Action::ShowCounts);
        assert!(room.phones().unwrap().shown);
        // Two hands for the first option, from people without a phone.
        count(&mut room, &scenario, 0, 2);
        assert_eq!(room.counts(), [4, 0, 3, 1]);
        // A count for another decision changes nothing.
        room.phones_counted(&scenario, &phone_tally("t1d2", &[9, 9, 9], true));
        assert_eq!(room.counts(), [4, 0, 3, 1]);
        // Advance closes the vote; the room waits for the host's last count.
        room.act(&scenario, Action::Advance);
        assert_eq!(room.stage(), Stage::Vote);
        assert_eq!(room.poll_key(), None, "closing");
        assert_eq!(room.closing_key(), Some(key.clone()));
        let happened = room.phones_counted(&scenario, &phone_tally(&key, &[2, 3, 2], false));
        assert!(happened.contains(&Happened::Decided { team: 0 }));
        assert_eq!(room.stage(), Stage::Reveal);
        let vote = &room.workshop().teams()[0].votes[0];
        assert_eq!(
            (&vote.counts[..], vote.chosen),
            (&[4, 0, 3, 2][..], ChoiceIdx(0))
        );
    }

    #[test]
    fn on_phones_a_host_out_of_reach_never_blocks_the_room() {
        let scenario = scenario();
        let mut room = room_with(&scenario, 1, Voting::Phones, 0);
        to_vote(&mut room, &scenario);
        let key = room.poll_key().expect("a vote open");
        room.phones_counted(&scenario, &phone_tally(&key, &[0, 5, 1], true));
        room.act(&scenario, Action::Advance);
        // Back reopens the vote; Advance twice decides on the counts the room has.
        room.act(&scenario, Action::Back);
        assert_eq!(room.poll_key(), Some(key.clone()));
        room.act(&scenario, Action::Advance);
        room.act(&scenario, Action::Advance);
        assert_eq!(room.stage(), Stage::Reveal);
        assert_eq!(room.workshop().teams()[0].votes[0].chosen, ChoiceIdx(2));
        // Taken back, the vote reopens with no hands: the phones still hold their votes.
        room.act(&scenario, Action::Back);
        assert_eq!(room.poll_key(), Some(key.clone()));
        assert_eq!(room.counts(), [0, 0, 0, 0]);
        // The facilitator may count hands alone.
        room.phones_counted(&scenario, &phone_tally(&key, &[0, 5, 1], true));
        count(&mut room, &scenario, 0, 3);
        room.act(&scenario, Action::HandsOnly);
        assert_eq!(room.counts(), [3, 0, 0, 0]);
    }

    #[test]
    fn a_decision_goes_read_discuss_vote_reveal_and_on_to_the_next() {
        let s = scenario();
        let mut room = room(&s);
        assert_eq!(room.stage(), Stage::Read);
        let happened = room.act(&s, Action::Advance);
        assert_eq!(
            happened,
            [Happened::Countdown, Happened::Stage(Stage::Discuss)]
        );
        assert!(room.is_counting_down());
        assert!(!room.tick(59.5));
        assert_eq!(room.countdown().display(), "0:01");
        assert!(room.tick(1.0), "the time runs out now");
        assert!(room.countdown().is_up());
        assert_eq!(
            room.stage(),
            Stage::Discuss,
            "the facilitator moves on, not the clock"
        );
        assert_eq!(
            room.act(&s, Action::Advance),
            [Happened::Stage(Stage::Vote)]
        );
        count(&mut room, &s, 1, 4);
        assert_eq!(
            room.tally(),
            [0, 0, 4, 0],
            "position 1 of those shown is `b`"
        );
        let happened = room.act(&s, Action::Advance);
        assert_eq!(
            happened,
            [
                Happened::Decided { team: 0 },
                Happened::Stage(Stage::Reveal)
            ]
        );
        let chosen = room.workshop().teams()[0].votes[0].chosen;
        assert_eq!(
            s.node(crate::model::NodeId(0)).choices[chosen.index()].id,
            "b"
        );
        assert_eq!(
            room.act(&s, Action::Advance),
            [Happened::Stage(Stage::Read)]
        );
        assert_eq!(room.tally(), [0, 0], "a fresh tally for the next node");
    }

    #[test]
    fn without_a_timer_reading_goes_straight_to_the_vote_and_two_teams_hand_over() {
        let s = scenario();
        let mut room = room_with(&s, 2, Voting::Counts, 0);
        assert_eq!(
            room.act(&s, Action::Advance),
            [Happened::Stage(Stage::Vote)]
        );
        count(&mut room, &s, 0, 3);
        room.act(&s, Action::Advance);
        assert_eq!(
            room.shown_team(),
            Some(0),
            "the reveal shows the team that decided"
        );
        assert_eq!(room.team(), Some(1));
        assert_eq!(
            room.act(&s, Action::Advance),
            [Happened::Stage(Stage::Handover)]
        );
        assert_eq!(
            room.act(&s, Action::Advance),
            [Happened::Stage(Stage::Read)]
        );
    }

    #[test]
    fn a_tie_waits_for_the_facilitator_who_may_only_pick_a_tied_option() {
        let s = scenario();
        let mut room = room(&s);
        to_vote(&mut room, &s);
        count(&mut room, &s, 0, 5);
        count(&mut room, &s, 2, 5);
        assert_eq!(
            room.act(&s, Action::Advance),
            [Happened::Stage(Stage::TieBreak)]
        );
        let tied: Vec<&str> = room
            .tied(&s)
            .iter()
            .map(|c| {
                s.node(crate::model::NodeId(0)).choices[c.index()]
                    .id
                    .as_str()
            })
            .collect();
        assert_eq!(tied, ["a", "c"]);
        assert!(matches!(
            room.act(&s, Action::Advance).as_slice(),
            [Happened::Refused(_)]
        ));
        assert!(matches!(
            room.act(&s, Action::Pick(1)).as_slice(),
            [Happened::Refused(why)] if why.contains("Option 2 is not one of the tied")
        ));
        assert_eq!(room.stage(), Stage::TieBreak);
        room.act(&s, Action::Pick(2));
        assert_eq!(room.stage(), Stage::Reveal);
        let vote = &room.workshop().teams()[0].votes[0];
        assert!(vote.tie_break);
        assert_eq!(
            s.node(crate::model::NodeId(0)).choices[vote.chosen.index()].id,
            "c",
            "the option the facilitator picked won"
        );
    }

    #[test]
    fn back_from_a_reveal_takes_the_decision_back_with_its_tally() {
        let s = scenario();
        let mut room = room(&s);
        to_vote(&mut room, &s);
        count(&mut room, &s, 2, 7);
        room.act(&s, Action::Advance);
        assert_eq!(room.stage(), Stage::Reveal);
        let happened = room.act(&s, Action::Back);
        assert_eq!(
            happened,
            [Happened::Undone { team: 0 }, Happened::Stage(Stage::Vote)]
        );
        assert_eq!(room.workshop().order().len(), 0);
        assert_eq!(room.tally(), [0, 0, 0, 7]);
        // And back through the rhythm: the vote goes back to the discussion, afresh.
        room.act(&s, Action::Back);
        assert_eq!(room.stage(), Stage::Discuss);
        assert_eq!(room.countdown().left, 60.0);
    }

    #[test]
    fn a_blank_or_paused_room_holds_everything_and_the_clock() {
        let s = scenario();
        let mut room = room(&s);
        room.act(&s, Action::Advance);
        room.act(&s, Action::ToggleBlank);
        assert!(room.act(&s, Action::Advance).is_empty());
        assert_eq!(room.stage(), Stage::Discuss);
        room.act(&s, Action::ToggleBlank);
        room.act(&s, Action::TogglePause);
        assert!(!room.is_counting_down());
        assert!(!room.tick(100.0));
        assert_eq!(room.countdown().left, 60.0);
        assert!(room.act(&s, Action::Undo).is_empty());
        room.act(&s, Action::TogglePause);
        assert!(!room.tick(10.0));
        assert_eq!(room.countdown().left, 50.0);
        assert_eq!(room.act(&s, Action::TogglePrompt), [Happened::Controls]);
        assert!(room.controls().prompt);
    }

    #[test]
    fn counts_are_typed_erased_adjusted_and_capped() {
        let s = scenario();
        let mut room = room(&s);
        to_vote(&mut room, &s);
        count(&mut room, &s, 0, 12);
        assert_eq!(room.tally()[0], 12);
        room.act(&s, Action::Erase);
        assert_eq!(room.tally()[0], 1);
        count(&mut room, &s, 0, 98765);
        assert_eq!(room.tally()[0], MAX_COUNT);
        room.act(
            &s,
            Action::Adjust {
                option: 1,
                delta: -3,
            },
        );
        assert_eq!(room.tally()[2], 0, "never below zero");
        room.act(
            &s,
            Action::Adjust {
                option: 1,
                delta: 2,
            },
        );
        assert_eq!(room.tally()[2], 2);
        assert_eq!(room.selected(), 1);
        // An option past the end, and a digit outside a vote, change nothing.
        assert!(room.act(&s, Action::Select(9)).is_empty());
        assert!(room.act(&s, Action::Digit(10)).is_empty());
        // No votes at all is refused with a reason.
        let mut empty = self::room(&s);
        to_vote(&mut empty, &s);
        assert!(matches!(
            empty.act(&s, Action::Advance).as_slice(),
            [Happened::Refused(_)]
        ));
        assert!(empty.message().is_some());
    }

    #[test]
    fn the_time_can_be_extended_while_it_runs_or_once_it_is_up() {
        let s = scenario();
        let mut room = room(&s);
        assert!(
            room.act(&s, Action::Extend).is_empty(),
            "nothing to extend yet"
        );
        room.act(&s, Action::Advance);
        room.tick(70.0);
        assert_eq!(room.act(&s, Action::Extend), [Happened::Countdown]);
        assert_eq!(room.countdown().left, 30.0);
        assert_eq!(room.countdown().total, 90.0);
        assert!(room.is_counting_down());
    }

    #[test]
    fn a_clicked_majority_decides_at_once() {
        let s = scenario();
        let mut room = room_with(&s, 1, Voting::Majority, 0);
        room.act(&s, Action::Advance);
        room.act(&s, Action::Pick(2));
        assert_eq!(room.stage(), Stage::Reveal);
        let vote = &room.workshop().teams()[0].votes[0];
        assert_eq!(
            s.node(crate::model::NodeId(0)).choices[vote.chosen.index()].id,
            "c"
        );
    }

    #[test]
    fn a_replayed_session_puts_the_recorded_tally_up_and_its_tie_break() {
        let s = scenario();
        let recorded = vec![vec![
            Ballot {
                counts: vec![2, 0, 2, 1],
                tie_break: Some(ChoiceIdx(2)),
            },
            Ballot {
                counts: vec![0, 3],
                tie_break: None,
            },
        ]];
        let fresh = room(&s);
        let mut room = Room::new(&s, fresh.workshop().clone(), Some(recorded));
        to_vote(&mut room, &s);
        assert_eq!(room.tally(), [2, 0, 2, 1]);
        room.act(&s, Action::Advance);
        assert_eq!(
            room.stage(),
            Stage::Reveal,
            "the recorded tie-break settles it"
        );
        room.act(&s, Action::Advance);
        to_vote(&mut room, &s);
        assert_eq!(room.tally(), [0, 3]);
        room.act(&s, Action::Advance);
        room.act(&s, Action::Advance);
        assert_eq!(room.stage(), Stage::Debrief);
        assert!(room.act(&s, Action::Advance).is_empty());
    }
}
