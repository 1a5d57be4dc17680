//! Playing a recorded session again, checking it goes exactly where the report says.

use super::WorkshopReport;
use crate::model::Scenario;
use crate::workshop::{Workshop, WorkshopError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// Not a report this version can read.
    Format(String),
    OtherScenario {
        report: String,
    },
    ScenarioChanged,
    /// The recorded votes no longer lead where they did.
    Diverged(String),
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayError::Format(why) => write!(f, "not a workshop report: {why}"),
            ReplayError::OtherScenario { report } => {
                write!(f, "the report is of scenario `{report}`")
            }
            ReplayError::ScenarioChanged => {
                write!(f, "the scenario has changed since this session was played")
            }
            ReplayError::Diverged(why) => write!(f, "the replay went another way: {why}"),
        }
    }
}

impl std::error::Error for ReplayError {}

/// Play a recorded session again — the same setup, the same votes in the same order —
/// checking at each step and at the end that it goes exactly where the report says it went.
pub fn replay(scenario: &Scenario, report: &WorkshopReport) -> Result<Workshop, ReplayError> {
    if report.scenario != scenario.id {
        return Err(ReplayError::OtherScenario {
            report: report.scenario.clone(),
        });
    }
    if report.fingerprint != scenario.fingerprint {
        return Err(ReplayError::ScenarioChanged);
    }
    let mut workshop = Workshop::new(scenario, report.setup.clone())
        .map_err(|e| ReplayError::Format(e.to_string()))?;
    let mut next = vec![0usize; report.teams.len()];
    for (step, &team) in report.order.iter().enumerate() {
        let diverged = |why: String| {
            ReplayError::Diverged(format!("decision {} of the session: {why}", step + 1))
        };
        if workshop.current() != Some(team) {
            return Err(diverged(format!("it was not team {}'s turn", team + 1)));
        }
        // A cut's defaults follow the room's decisions by themselves; the end checks them.
        let decisions = report.teams.get(team).map_or(&[][..], |t| &t.decisions[..]);
        while decisions.get(next[team]).is_some_and(|d| d.meanwhile) {
            next[team] += 1;
        }
        let recorded = decisions
            .get(next[team])
            .ok_or_else(|| diverged("the report lists no such decision".into()))?;
        next[team] += 1;
        let at = &scenario.node(workshop.teams()[team].run.state().node()).id;
        if *at != recorded.node {
            return Err(diverged(format!("at `{at}`, not `{}`", recorded.node)));
        }
        let ballot = recorded.ballot(scenario).map_err(diverged)?;
        let decision = workshop
            .decide(scenario, &ballot)
            .map_err(|e: WorkshopError| diverged(e.to_string()))?;
        let node = scenario.node(decision.node);
        let chosen = &node.choice(decision.choice).id;
        if node.id != recorded.node || *chosen != recorded.chosen {
            return Err(diverged(format!(
                "expected `{}.{}`, got `{}.{chosen}`",
                recorded.node, recorded.chosen, node.id
            )));
        }
    }
    let replayed = WorkshopReport::new(&workshop, scenario);
    for (was, now) in report.teams.iter().zip(&replayed.teams) {
        let path = |t: &super::TeamReport| -> Vec<(String, String, bool)> {
            t.decisions
                .iter()
                .map(|d| (d.node.clone(), d.chosen.clone(), d.meanwhile))
                .collect()
        };
        if path(was) != path(now) {
            return Err(ReplayError::Diverged(format!(
                "{} made {} decisions where the report has {}, or other ones",
                was.name,
                now.decisions.len(),
                was.decisions.len()
            )));
        }
        if was.ending != now.ending || was.score != now.score {
            return Err(ReplayError::Diverged(format!(
                "{} ended at {:?} with {:?}, not {:?} with {:?}",
                was.name,
                now.ending,
                now.score.as_ref().map(|s| s.overall),
                was.ending,
                was.score.as_ref().map(|s| s.overall)
            )));
        }
    }
    Ok(workshop)
}
