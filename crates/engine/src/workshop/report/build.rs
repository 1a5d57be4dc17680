//! Making the report from a session.

use super::{
    DecisionReport, MeterValue, OptionReport, REPORT_FORMAT, RoadReport, ScoreReport, TeamReport,
    WorkshopReport,
};
use crate::model::{DebriefPhase, Scenario};
use crate::workshop::{ROAD_POLICY, TeamPlay, Workshop};

impl WorkshopReport {
    pub fn new(workshop: &Workshop, scenario: &Scenario) -> WorkshopReport {
        let teams: Vec<TeamReport> = workshop
            .teams()
            .iter()
            .map(|play| team_report(scenario, play))
            .collect();
        WorkshopReport {
            format: REPORT_FORMAT,
            scenario: scenario.id.clone(),
            title: scenario.title.clone(),
            fingerprint: scenario.fingerprint,
            setup: workshop.setup.clone(),
            order: workshop.order().to_vec(),
            diverged_at: divergence(&teams),
            teams,
            discussion: scenario.discussion.clone(),
            debrief: scenario
                .facilitation
                .iter()
                .flat_map(|plan| {
                    DebriefPhase::ALL
                        .map(|phase| (phase.label().to_owned(), plan.debrief.of(phase).to_vec()))
                })
                .filter(|(_, questions)| !questions.is_empty())
                .collect(),
            road_policy: ROAD_POLICY.to_owned(),
            commitments: workshop.commitments().to_vec(),
        }
    }
}

/// The meters a road sentence names: the visible ones that are not a stakeholder's trust.
fn road_meters(scenario: &Scenario, values: &[i32]) -> Vec<MeterValue> {
    scenario
        .meters
        .iter()
        .zip(values)
        .filter(|(m, _)| m.visible && m.stakeholder.is_none())
        .map(|(m, &value)| MeterValue {
            label: m.label.clone(),
            value,
        })
        .collect()
}

fn team_report(scenario: &Scenario, play: &TeamPlay) -> TeamReport {
    let run = &play.run;
    let decisions = run
        .history()
        .iter()
        .zip(&play.votes)
        .enumerate()
        .map(|(n, (decision, vote))| {
            let node = scenario.node(decision.node);
            let options: Vec<OptionReport> = crate::run::available(scenario, &decision.before)
                .into_iter()
                .map(|i| {
                    let c = &node.choices[i.index()];
                    OptionReport {
                        id: c.id.clone(),
                        text: c.text.render(scenario, &decision.before),
                        votes: crate::workshop::votes(&vote.counts, i),
                    }
                })
                .collect();
            let road = vote.road.as_ref().map(|road| {
                let other = node.choice(road.choice);
                RoadReport {
                    choice: other.id.clone(),
                    text: other.text.render(scenario, &decision.before),
                    ending: scenario.endings[road.not_taken.ending].title.clone(),
                    reached: road.not_taken.reached,
                    playthroughs: road.not_taken.playthroughs,
                    score: road.not_taken.score,
                    meters: road_meters(scenario, &road.not_taken.meters),
                    taken_ending: scenario.endings[road.taken.ending].title.clone(),
                    taken_reached: road.taken.reached,
                    taken_score: road.taken.score,
                    taken_meters: road_meters(scenario, &road.taken.meters),
                }
            });
            DecisionReport {
                node: node.id.clone(),
                speaker: node.speaker.map(|s| scenario.stakeholder(s).name.clone()),
                options,
                chosen: node.choice(vote.chosen).id.clone(),
                tie_break: vote.tie_break,
                close_call: !vote.meanwhile && vote.is_close_call(),
                consequences: run.consequences(scenario, n),
                road,
                meanwhile: vote.meanwhile,
            }
        })
        .collect();
    let ending = run.ending(scenario);
    TeamReport {
        name: play.team.name.clone(),
        colour: play.team.colour.clone(),
        decisions,
        ending: ending.map(|e| e.id.clone()),
        ending_title: ending.map(|e| e.title.clone()),
        rating: ending.map(|e| e.rating),
        score: run.score(scenario).map(|s| ScoreReport {
            overall: s.overall,
            grade: s.grade.to_string(),
            competencies: s
                .competencies
                .iter()
                .map(|c| (c.competency.label().to_owned(), c.score))
                .collect(),
        }),
        trajectory: std::iter::once(run.first_state().meters().to_vec())
            .chain(run.history().iter().map(|d| d.meters_after.clone()))
            .collect(),
        meters: scenario
            .meters
            .iter()
            .zip(run.state().meters())
            .map(|(m, &value)| MeterValue {
                label: m.label.clone(),
                value,
            })
            .collect(),
    }
}

/// The first decision (1-based) where two teams chose differently.
fn divergence(teams: &[TeamReport]) -> Option<usize> {
    if teams.len() < 2 {
        return None;
    }
    let longest = teams.iter().map(|t| t.decisions.len()).max().unwrap_or(0);
    (0..longest)
        .find(|&i| {
            let first = teams[0].decisions.get(i).map(|d| (&d.node, &d.chosen));
            teams[1..]
                .iter()
                .any(|t| t.decisions.get(i).map(|d| (&d.node, &d.chosen)) != first)
        })
        .map(|i| i + 1)
}
