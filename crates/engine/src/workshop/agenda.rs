//! The agenda clock: whether a session is on time by its agenda's minutes. The play phases'
//! minutes are spread evenly over the decisions a room usually meets; the clock compares the
//! time gone with where the agenda says the session should be after the decisions made.

use super::{Length, Setup};
use crate::model::{Agenda, Phase, PhaseKind, Scenario};
use crate::simulate::{Policy, simulate, simulate_cut};

/// Within this many minutes of the plan, a session is on time.
pub const ON_TIME_MINUTES: f32 = 2.0;
/// Runs that estimate how many decisions a room meets.
const ESTIMATE_RUNS: u32 = 200;

/// Ahead of the agenda, on time, or behind it, by whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Ahead(u32),
    OnTime,
    Behind(u32),
}

impl Pace {
    pub fn words(self) -> String {
        match self {
            Pace::Ahead(m) => format!("{m} min ahead"),
            Pace::OnTime => "on time".to_owned(),
            Pace::Behind(m) => format!("{m} min behind"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgendaClock {
    agenda: Agenda,
    /// The room's decisions the session plans for, every team's together.
    planned: u32,
}

impl AgendaClock {
    /// The clock of a session by its scenario's agenda for its length; `None` when the
    /// scenario has no facilitation block.
    pub fn new(scenario: &Scenario, setup: &Setup) -> Option<AgendaClock> {
        let plan = scenario.facilitation.as_ref()?;
        let per_team = match setup.length {
            Length::Cut => {
                simulate_cut(scenario, ESTIMATE_RUNS, setup.seed, Policy::Random)
                    .pivotal
                    .median
            }
            Length::Full => {
                simulate(scenario, ESTIMATE_RUNS, setup.seed, Policy::Random)
                    .decisions
                    .median
            }
        };
        let teams = setup.teams.len().max(1) as u32;
        Some(AgendaClock::with(
            setup.length.agenda(plan).clone(),
            (per_team.max(1) as u32).saturating_mul(teams),
        ))
    }

    /// A clock for this agenda and this many planned decisions.
    pub fn with(agenda: Agenda, planned: u32) -> AgendaClock {
        AgendaClock {
            agenda,
            planned: planned.max(1),
        }
    }

    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    pub fn planned_decisions(&self) -> u32 {
        self.planned
    }

    /// The minute the agenda expects `decided` decisions to be done by.
    fn planned_minutes(&self, decided: u32) -> f32 {
        let share = (decided.min(self.planned) as f32) / self.planned as f32;
        let mut play_left = share * self.agenda.play_minutes() as f32;
        let last_play = self
            .agenda
            .phases
            .iter()
            .rposition(|p| p.kind == PhaseKind::Play);
        let mut at = 0.0;
        for (i, phase) in self.agenda.phases.iter().enumerate() {
            if Some(i) > last_play {
                break;
            }
            let minutes = phase.minutes as f32;
            if phase.kind == PhaseKind::Play {
                let take = play_left.min(minutes);
                at += take;
                play_left -= take;
                if take < minutes {
                    return at;
                }
            } else {
                at += minutes;
            }
        }
        at
    }

    /// How the session stands after `seconds`, with `decided` of the room's decisions made.
    /// A session is on time while the decision under way can end when the agenda wants it.
    pub fn pace(&self, seconds: f32, decided: u32) -> Pace {
        let now = seconds.max(0.0) / 60.0;
        let done_by = self.planned_minutes(decided.saturating_add(1));
        let started_by = self.planned_minutes(decided);
        if now > done_by + ON_TIME_MINUTES {
            Pace::Behind((now - done_by).round() as u32)
        } else if decided > 0 && now < started_by - ON_TIME_MINUTES {
            Pace::Ahead((started_by - now).round() as u32)
        } else {
            Pace::OnTime
        }
    }

    /// The phase the agenda has the session in after `seconds`, and the minutes left in the
    /// whole session (zero once it is over time).
    pub fn phase_at(&self, seconds: f32) -> (Option<&Phase>, u32) {
        let now = seconds.max(0.0) / 60.0;
        let mut end = 0.0;
        let mut current = None;
        for phase in &self.agenda.phases {
            end += phase.minutes as f32;
            if current.is_none() && now < end {
                current = Some(phase);
            }
        }
        let left = (self.agenda.minutes() as f32 - now).max(0.0).ceil() as u32;
        (current, left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda() -> Agenda {
        let phase = |kind, minutes| Phase {
            kind,
            minutes,
            notes: String::new(),
        };
        Agenda {
            phases: vec![
                phase(PhaseKind::Brief, 5),
                phase(PhaseKind::Play, 30),
                phase(PhaseKind::Debrief, 20),
                phase(PhaseKind::Commit, 5),
            ],
        }
    }

    #[test]
    fn eight_decisions_in_thirty_minutes_after_a_five_minute_brief() {
        let clock = AgendaClock::with(agenda(), 8);
        // Decision 1 is due done by 5 + 3.75 minutes: at 8 minutes, on time.
        assert_eq!(clock.pace(8.0 * 60.0, 0), Pace::OnTime);
        // Still on the first decision at 13 minutes: over 2 minutes past its end.
        assert_eq!(clock.pace(13.0 * 60.0, 0), Pace::Behind(4));
        // Four done at 12 minutes, where the agenda has them at 20: ahead.
        assert_eq!(clock.pace(12.0 * 60.0, 4), Pace::Ahead(8));
        assert_eq!(clock.pace(20.0 * 60.0, 4), Pace::OnTime);
        // Every decision made: the debrief is due at 35.
        assert_eq!(clock.pace(40.0 * 60.0, 8), Pace::Behind(5));
        assert_eq!(Pace::Behind(5).words(), "5 min behind");
    }

    #[test]
    fn the_phase_the_agenda_expects_and_the_minutes_left() {
        let clock = AgendaClock::with(agenda(), 8);
        let (phase, left) = clock.phase_at(4.0 * 60.0);
        assert_eq!(phase.map(|p| p.kind), Some(PhaseKind::Brief));
        assert_eq!(left, 56);
        let (phase, _) = clock.phase_at(36.0 * 60.0);
        assert_eq!(phase.map(|p| p.kind), Some(PhaseKind::Debrief));
        let (phase, left) = clock.phase_at(75.0 * 60.0);
        assert_eq!((phase, left), (None, 0), "over time");
    }
}
