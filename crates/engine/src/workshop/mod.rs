//! A workshop: a room of people playing one scenario on one shared screen. Teams play the same
//! scenario with the same seed; every decision is voted, and the engine remembers the tally,
//! how a tie was broken, and where the runner-up would most likely have led.

mod report;
mod road;

use serde::{Deserialize, Serialize};

pub use report::{
    DecisionReport, MeterValue, OptionReport, REPORT_FORMAT, ReplayError, Report, RoadReport,
    ScoreReport, TeamReport, replay,
};
pub use road::{Branch, PLAYTHROUGHS, ROAD_POLICY, Road, runner_up};

use crate::run::{ChoiceError, Decision, Run};
use crate::scenario::Scenario;

/// At most this many teams share a screen: more would not fit a scoreboard a room can read.
pub const MAX_TEAMS: usize = 6;

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
}

/// How teams take turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Turns {
    /// Decision by decision: team 1, team 2, …, team 1 again.
    Alternate,
    /// Each team plays the whole scenario before the next one starts.
    InSequence,
}

/// The room's vote at one decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// Votes for each of the node's choices, by index.
    pub counts: Vec<u32>,
    /// The facilitator's pick when the top count is shared.
    pub tie_break: Option<usize>,
}

/// What a tally says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    NoVotes,
    Winner(usize),
    /// The choices sharing the top count, in the order they are listed.
    Tie(Vec<usize>),
}

/// The verdict of `counts` over the choices in `available`.
pub fn verdict(counts: &[u32], available: &[usize]) -> Verdict {
    let count = |i: usize| counts.get(i).copied().unwrap_or(0);
    let top = available.iter().map(|&i| count(i)).max().unwrap_or(0);
    if top == 0 {
        return Verdict::NoVotes;
    }
    let leaders: Vec<usize> = available
        .iter()
        .copied()
        .filter(|&i| count(i) == top)
        .collect();
    match leaders[..] {
        [one] => Verdict::Winner(one),
        _ => Verdict::Tie(leaders),
    }
}

/// A decision as the workshop remembers it, beside the run's own record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub counts: Vec<u32>,
    pub chosen: usize,
    /// The facilitator broke a tie.
    pub tie_break: bool,
    /// Where the runner-up would most likely have led; `None` when there was no other option.
    pub road: Option<Road>,
}

impl Vote {
    /// Won by a single vote or by a tie-break: the decisions worth revisiting in a debrief.
    pub fn is_close_call(&self) -> bool {
        if self.tie_break {
            return true;
        }
        let winner = self.counts.get(self.chosen).copied().unwrap_or(0);
        let second = self
            .counts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != self.chosen)
            .map(|(_, &c)| c)
            .max()
            .unwrap_or(0);
        second > 0 && winner == second + 1
    }
}

/// One team's playthrough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamPlay {
    pub team: Team,
    pub run: Run,
    pub votes: Vec<Vote>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkshopError {
    Setup(String),
    AllFinished,
    NoVotes,
    /// The top count is shared; the facilitator must pick among these.
    Tie(Vec<usize>),
    /// A tie-break was given for a choice that was not among the tied ones.
    BadTieBreak(usize),
    Choice(ChoiceError),
}

impl std::fmt::Display for WorkshopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkshopError::Setup(why) => write!(f, "the workshop cannot start: {why}"),
            WorkshopError::AllFinished => write!(f, "every team has finished"),
            WorkshopError::NoVotes => write!(f, "no votes were counted"),
            WorkshopError::Tie(tied) => {
                let numbers: Vec<String> = tied.iter().map(|i| (i + 1).to_string()).collect();
                write!(f, "a tie between options {}", numbers.join(" and "))
            }
            WorkshopError::BadTieBreak(i) => write!(f, "option {} was not tied", i + 1),
            WorkshopError::Choice(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WorkshopError {}

/// A workshop in progress: every team's run, and the order in which decisions were made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    pub setup: Setup,
    teams: Vec<TeamPlay>,
    /// The team that made each decision so far, in order: what undo and turns follow.
    order: Vec<usize>,
}

impl Workshop {
    pub fn new(scenario: &Scenario, setup: Setup) -> Result<Workshop, WorkshopError> {
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
        let teams = setup
            .teams
            .iter()
            .map(|team| TeamPlay {
                team: team.clone(),
                run: Run::new(scenario, setup.seed),
                votes: Vec::new(),
            })
            .collect();
        Ok(Workshop {
            setup,
            teams,
            order: Vec::new(),
        })
    }

    pub fn teams(&self) -> &[TeamPlay] {
        &self.teams
    }

    /// The team that made each decision so far, in order.
    pub fn order(&self) -> &[usize] {
        &self.order
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

    /// Decide the current team's node by the room's ballot.
    pub fn decide(
        &mut self,
        scenario: &Scenario,
        ballot: &Ballot,
    ) -> Result<&Decision, WorkshopError> {
        let team = self.current().ok_or(WorkshopError::AllFinished)?;
        let play = &mut self.teams[team];
        let available: Vec<usize> = play
            .run
            .choices(scenario)
            .into_iter()
            .filter(|c| c.disabled.is_none())
            .map(|c| c.index)
            .collect();
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
        });
        self.order.push(team);
        Ok(self.teams[team]
            .run
            .history()
            .last()
            .expect("a decision was just made"))
    }

    /// Take back the last decision, whichever team made it; returns that team and its vote,
    /// so the tally can be shown again.
    pub fn undo(&mut self) -> Option<(usize, Vote)> {
        let team = self.order.pop()?;
        let play = &mut self.teams[team];
        play.run.undo();
        play.votes.pop().map(|vote| (team, vote))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_names_a_winner_a_tie_or_nothing() {
        assert_eq!(verdict(&[0, 0, 0], &[0, 1, 2]), Verdict::NoVotes);
        assert_eq!(verdict(&[3, 5, 1], &[0, 1, 2]), Verdict::Winner(1));
        assert_eq!(verdict(&[4, 1, 4], &[0, 1, 2]), Verdict::Tie(vec![0, 2]));
        // Votes for an option that is not available do not count.
        assert_eq!(verdict(&[9, 1, 2], &[1, 2]), Verdict::Winner(2));
        assert_eq!(verdict(&[2], &[0, 1]), Verdict::Winner(0));
    }

    #[test]
    fn close_calls_are_one_vote_or_a_tie_break() {
        let vote = |counts: Vec<u32>, chosen, tie_break| Vote {
            counts,
            chosen,
            tie_break,
            road: None,
        };
        assert!(vote(vec![5, 4, 0], 0, false).is_close_call());
        assert!(vote(vec![3, 3], 1, true).is_close_call());
        assert!(!vote(vec![6, 4], 0, false).is_close_call());
        // A clicked majority (one vote, nothing else) is not a close call.
        assert!(!vote(vec![0, 1, 0], 1, false).is_close_call());
    }
}
