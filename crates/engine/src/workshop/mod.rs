//! A workshop: a room of people playing one scenario on one shared screen. Teams play the same
//! scenario with the same seed; every decision is voted, and the engine remembers the tally,
//! how a tie was broken, and where the runner-up would most likely have led.
//!
//! [`Workshop`] holds the rules of the session (turns, tallies, tie-breaks, undo); [`Room`]
//! holds the rhythm around them (read → discuss → vote → reveal, the keypad, the timer, the
//! facilitator's screen controls); [`Draft`] is the setup being edited; [`WorkshopReport`]
//! is what a finished session leaves behind.

mod agenda;
mod draft;
pub mod phones;
mod presenter;
mod report;
mod road;
mod room;
mod sheet;
mod tally;

use serde::{Deserialize, Serialize};

pub use agenda::{AgendaClock, Pace};
pub use draft::{
    DISCUSSION_PRESETS, Draft, Field, MAX_DISCUSSION, MAX_TEAM_NAME, SetupEdit, TEAM_COLOURS,
};
pub use presenter::{Briefing, OptionBrief, PhaseBrief};
pub use report::{
    DecisionReport, MeterValue, OptionReport, REPORT_FORMAT, ReplayError, RoadReport, ScoreReport,
    TeamReport, WorkshopReport, replay,
};
pub use road::{Branch, PLAYTHROUGHS, ROAD_POLICY, Road, runner_up};
pub use room::{Action, Controls, Countdown, Happened, PhoneCount, Room, Stage};
pub use sheet::{sheet_html, sheet_markdown};
pub use tally::{Ballot, Split, Verdict, verdict, votes};

use crate::model::{ChoiceIdx, Scenario};
use crate::run::{ChoiceError, Decision, Run};

/// At most this many teams share a screen: more would not fit a scoreboard a room can read.
pub const MAX_TEAMS: usize = 6;
/// A room's commitments: one each for a room of a hundred is plenty.
pub const MAX_COMMITMENTS: usize = 100;
/// A commitment is a sentence or two.
pub const MAX_COMMITMENT_CHARS: usize = 280;

/// A commitment as it will be kept: trimmed, not empty, not too long, no control characters.
fn check_commitment(text: &str) -> Result<&str, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty commitment".into());
    }
    if text.chars().count() > MAX_COMMITMENT_CHARS {
        return Err(format!(
            "a commitment is at most {MAX_COMMITMENT_CHARS} characters"
        ));
    }
    if text.chars().any(char::is_control) {
        return Err("a commitment is one line of text".into());
    }
    Ok(text)
}

/// How the workshop is run, chosen by the facilitator before it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    pub scenario: String,
    /// Shown and editable, so a session can be replayed exactly.
    pub seed: u64,
    pub teams: Vec<Team>,
    pub voting: Voting,
    pub turns: Turns,
    /// Discussion time per decision in seconds; 0 means no timer.
    pub discussion_seconds: u32,
    /// Whether the meters show during play (hiding them makes the room argue from the story).
    pub meters_visible: bool,
    /// Whether the facilitator may show each node's prompt.
    pub prompts: bool,
    /// Every decision, or only the pivotal ones (the 60-minute cut).
    #[serde(default)]
    pub length: Length,
}

/// How much of the scenario goes to the room.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Length {
    /// Every decision is voted.
    #[default]
    Full,
    /// Only the pivotal decisions are voted; the others take the author's default and the
    /// room sees them as a "Meanwhile…" recap.
    Cut,
}

impl Length {
    pub fn label(self) -> &'static str {
        match self {
            Length::Full => "Full",
            Length::Cut => "60-minute cut",
        }
    }

    /// The agenda a session of this length runs by.
    pub fn agenda(self, plan: &crate::model::Facilitation) -> &crate::model::Agenda {
        match self {
            Length::Full => &plan.full,
            Length::Cut => &plan.short,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// How the room's vote is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Voting {
    /// The facilitator types a show-of-hands count for each option.
    Counts,
    /// The facilitator clicks the option the majority chose.
    Majority,
    /// The room votes on its phones (through `promoted host`); the facilitator may add hands
    /// for people without one.
    Phones,
}

/// How teams take turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Turns {
    /// Decision by decision: team 1, team 2, …, team 1 again.
    Alternate,
    /// Each team plays the whole scenario before the next one starts.
    InSequence,
}

/// A decision as the workshop remembers it, beside the run's own record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub counts: Vec<u32>,
    pub chosen: ChoiceIdx,
    /// The facilitator broke a tie.
    pub tie_break: bool,
    /// Where the runner-up would most likely have led; `None` when there was no other option.
    pub road: Option<Road>,
    /// Taken by the author's default in a cut session, not put to the room.
    #[serde(default)]
    pub meanwhile: bool,
}

impl Vote {
    pub fn split(&self) -> Split<'_> {
        Split {
            counts: &self.counts,
            chosen: self.chosen,
            tie_break: self.tie_break,
        }
    }

    /// Won by a single vote or by a tie-break: the decisions worth revisiting in a debrief.
    pub fn is_close_call(&self) -> bool {
        self.split().is_close_call()
    }
}

/// One team's playthrough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamPlay {
    pub team: Team,
    pub run: Run,
    /// One per decision of the run, the cut's defaults included.
    pub votes: Vec<Vote>,
}

impl TeamPlay {
    /// The run's index of the room's last decision.
    pub fn room_decision(&self) -> Option<usize> {
        self.votes.iter().rposition(|v| !v.meanwhile)
    }

    /// The decisions the cut took by default since the room's last one: the recap.
    pub fn meanwhile(&self) -> std::ops::Range<usize> {
        self.room_decision().map_or(0, |i| i + 1)..self.votes.len()
    }

    /// The decisions the room voted on.
    pub fn room_votes(&self) -> usize {
        self.votes.iter().filter(|v| !v.meanwhile).count()
    }

    /// In a cut session, take the author's default at every node that is not pivotal, up to
    /// the next pivotal one or the end. A default that is unavailable gives way to the
    /// first available option.
    fn take_defaults(&mut self, scenario: &Scenario) -> Result<(), WorkshopError> {
        while !self.run.is_finished() {
            let node = scenario.node(self.run.state().node());
            if node.pivotal {
                break;
            }
            let available = self.run.available(scenario);
            let chosen = node
                .default_choice(&available)
                .ok_or_else(|| WorkshopError::NoDefault(node.id.clone()))?;
            let counts = vec![0; node.choices.len()];
            self.run
                .choose(scenario, chosen)
                .map_err(WorkshopError::Choice)?;
            self.votes.push(Vote {
                counts,
                chosen,
                tie_break: false,
                road: None,
                meanwhile: true,
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkshopError {
    Setup(String),
    AllFinished,
    NoVotes,
    /// The top count is shared; the facilitator must pick among these.
    Tie(Vec<ChoiceIdx>),
    /// A tie-break was given for a choice that was not among the tied ones.
    BadTieBreak(ChoiceIdx),
    Choice(ChoiceError),
    /// A cut reached a node with no option to take by default.
    NoDefault(String),
}

impl std::fmt::Display for WorkshopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkshopError::Setup(why) => write!(f, "the workshop cannot start: {why}"),
            WorkshopError::AllFinished => write!(f, "every team has finished"),
            WorkshopError::NoVotes => write!(f, "no votes were counted"),
            WorkshopError::Tie(tied) => {
                let numbers: Vec<String> =
                    tied.iter().map(|i| (i.index() + 1).to_string()).collect();
                write!(f, "a tie between options {}", numbers.join(" and "))
            }
            WorkshopError::BadTieBreak(i) => write!(f, "option {} was not tied", i.index() + 1),
            WorkshopError::Choice(e) => e.fmt(f),
            WorkshopError::NoDefault(node) => write!(
                f,
                "the cut reached `{node}`, which offers no option to take by default"
            ),
        }
    }
}

impl std::error::Error for WorkshopError {}

/// A workshop in progress: every team's run, and the order in which decisions were made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    pub setup: Setup,
    teams: Vec<TeamPlay>,
    /// The team that made each of the room's decisions so far, in order: what undo and turns
    /// follow. A cut's defaults are not turns: they follow the room's decision before them.
    order: Vec<usize>,
    /// What the room will try differently on Monday: part of the report, not of the play.
    #[serde(default)]
    commitments: Vec<String>,
}

impl Workshop {
    pub fn new(scenario: &Scenario, setup: Setup) -> Result<Workshop, WorkshopError> {
        check_setup(scenario, &setup)?;
        let mut teams: Vec<TeamPlay> = setup
            .teams
            .iter()
            .map(|team| TeamPlay {
                team: team.clone(),
                run: Run::new(scenario, setup.seed),
                votes: Vec::new(),
            })
            .collect();
        if setup.length == Length::Cut {
            for play in &mut teams {
                play.take_defaults(scenario)?;
            }
        }
        Ok(Workshop {
            setup,
            teams,
            order: Vec::new(),
            commitments: Vec::new(),
        })
    }

    /// Check that a deserialized workshop fits this scenario and is consistent in itself —
    /// the teams' runs, their votes and the order of turns — so that nothing restored can
    /// make the session index past what it has.
    pub fn resume(self, scenario: &Scenario) -> Result<Workshop, String> {
        check_setup(scenario, &self.setup).map_err(|e| e.to_string())?;
        if self.teams.len() != self.setup.teams.len() {
            return Err("its teams do not match its setup".into());
        }
        if let Some(&bad) = self.order.iter().find(|&&t| t >= self.teams.len()) {
            return Err(format!(
                "its order names team {}, which it does not have",
                bad + 1
            ));
        }
        let mut teams = Vec::with_capacity(self.teams.len());
        for (i, mut play) in self.teams.into_iter().enumerate() {
            play.run = play.run.resume(scenario).map_err(|e| e.to_string())?;
            let turns = self.order.iter().filter(|&&t| t == i).count();
            let decisions = play.run.history().len();
            if play.votes.len() != decisions || turns != play.room_votes() {
                return Err(format!(
                    "team {} has {decisions} decisions, {} votes and {turns} turns",
                    i + 1,
                    play.votes.len()
                ));
            }
            if self.setup.length == Length::Full && play.votes.iter().any(|v| v.meanwhile) {
                return Err(format!(
                    "team {} has a cut's defaults in a full session",
                    i + 1
                ));
            }
            let votes_fit = play.votes.iter().zip(play.run.history()).all(|(v, d)| {
                v.chosen == d.choice
                    && v.counts.len() == scenario.node(d.node).choices.len()
                    && v.road.as_ref().is_none_or(|r| r.fits(scenario, d))
            });
            if !votes_fit {
                return Err(format!("team {}'s votes do not match its decisions", i + 1));
            }
            teams.push(play);
        }
        if self.commitments.len() > MAX_COMMITMENTS
            || self
                .commitments
                .iter()
                .any(|c| check_commitment(c).is_err())
        {
            return Err("its commitments are too many or too long".into());
        }
        Ok(Workshop {
            setup: self.setup,
            teams,
            order: self.order,
            commitments: self.commitments,
        })
    }

    pub fn teams(&self) -> &[TeamPlay] {
        &self.teams
    }

    /// The team that made each of the room's decisions so far, in order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    pub fn commitments(&self) -> &[String] {
        &self.commitments
    }

    /// Note one of the room's commitments, trimmed.
    pub fn commit(&mut self, text: &str) -> Result<(), String> {
        let text = check_commitment(text)?;
        if self.commitments.len() >= MAX_COMMITMENTS {
            return Err(format!("at most {MAX_COMMITMENTS} commitments"));
        }
        self.commitments.push(text.to_owned());
        Ok(())
    }

    /// Take back the last commitment noted.
    pub fn uncommit(&mut self) -> Option<String> {
        self.commitments.pop()
    }

    pub fn is_finished(&self) -> bool {
        self.teams.iter().all(|t| t.run.is_finished())
    }

    /// The team whose decision is next, or `None` when every team has finished.
    pub fn current(&self) -> Option<usize> {
        let n = self.teams.len();
        let unfinished = |i: &usize| !self.teams[*i].run.is_finished();
        match self.setup.turns {
            Turns::InSequence => (0..n).find(unfinished),
            Turns::Alternate => {
                let start = self.order.last().map_or(0, |&last| last + 1);
                (start..start + n).map(|i| i % n).find(unfinished)
            }
        }
    }

    /// The team whose decision was made last, with it.
    pub fn last(&self) -> Option<(usize, &TeamPlay)> {
        let &team = self.order.last()?;
        Some((team, &self.teams[team]))
    }

    /// Decide the current team's node by the room's ballot; in a cut session, the defaults
    /// up to the team's next pivotal node follow. Returns the room's decision.
    pub fn decide(
        &mut self,
        scenario: &Scenario,
        ballot: &Ballot,
    ) -> Result<&Decision, WorkshopError> {
        let team = self.current().ok_or(WorkshopError::AllFinished)?;
        let play = &mut self.teams[team];
        let available = play.run.available(scenario);
        let (chosen, tie_break) = match (verdict(&ballot.counts, &available), ballot.tie_break) {
            (Verdict::NoVotes, _) => return Err(WorkshopError::NoVotes),
            (Verdict::Winner(w), _) => (w, false),
            (Verdict::Tie(tied), None) => return Err(WorkshopError::Tie(tied)),
            (Verdict::Tie(tied), Some(pick)) if tied.contains(&pick) => (pick, true),
            (Verdict::Tie(_), Some(pick)) => return Err(WorkshopError::BadTieBreak(pick)),
        };
        let mut counts = ballot.counts.clone();
        counts.resize(scenario.node(play.run.state().node()).choices.len(), 0);
        let road = runner_up(&counts, chosen, &available)
            .map(|other| Road::explore(scenario, play.run.state(), chosen, other));
        play.run
            .choose(scenario, chosen)
            .map_err(WorkshopError::Choice)?;
        play.votes.push(Vote {
            counts,
            chosen,
            tie_break,
            road,
            meanwhile: false,
        });
        self.order.push(team);
        let decided = play.votes.len() - 1;
        if self.setup.length == Length::Cut {
            play.take_defaults(scenario)?;
        }
        self.teams[team]
            .run
            .history()
            .get(decided)
            .ok_or(WorkshopError::AllFinished)
    }

    /// Take back the room's last decision, whichever team made it, with the defaults that
    /// followed it; returns that team and its vote, so the tally can be shown again.
    pub fn undo(&mut self) -> Option<(usize, Vote)> {
        let team = self.order.pop()?;
        let play = &mut self.teams[team];
        while let Some(vote) = play.votes.pop() {
            play.run.undo();
            if !vote.meanwhile {
                return Some((team, vote));
            }
        }
        None
    }
}

fn check_setup(scenario: &Scenario, setup: &Setup) -> Result<(), WorkshopError> {
    if setup.scenario != scenario.id {
        return Err(WorkshopError::Setup(format!(
            "it is set up for `{}`, not `{}`",
            setup.scenario, scenario.id
        )));
    }
    if setup.teams.is_empty() || setup.teams.len() > MAX_TEAMS {
        return Err(WorkshopError::Setup(format!(
            "it needs 1 to {MAX_TEAMS} teams, not {}",
            setup.teams.len()
        )));
    }
    if let Some(i) = setup.teams.iter().position(|t| t.name.trim().is_empty()) {
        return Err(WorkshopError::Setup(format!("team {} has no name", i + 1)));
    }
    if setup.length == Length::Cut && !scenario.nodes.iter().any(|n| n.pivotal) {
        return Err(WorkshopError::Setup(
            "this scenario marks no pivotal decisions, so it has no 60-minute cut".into(),
        ));
    }
    if setup.discussion_seconds > MAX_DISCUSSION {
        return Err(WorkshopError::Setup(format!(
            "a discussion lasts at most {MAX_DISCUSSION} seconds"
        )));
    }
    Ok(())
}
