//! The score of a finished run: see "Scoring" in docs/scenario-format.md.

use serde::Serialize;

use crate::format::Competency;
use crate::model::Scenario;
use crate::state::{RunStatus, State};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    /// 0–100.
    pub overall: u32,
    pub grade: Grade,
    /// The meters part, 0–100.
    pub meters: u32,
    /// The ending part, 0–100.
    pub ending: u32,
    pub competencies: Vec<CompetencyScore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompetencyScore {
    pub competency: Competency,
    pub points: i32,
    /// 0–100.
    pub score: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
}

impl Grade {
    pub fn for_score(score: u32) -> Grade {
        match score {
            85.. => Grade::A,
            70..85 => Grade::B,
            55..70 => Grade::C,
            40..55 => Grade::D,
            _ => Grade::E,
        }
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

/// The meters part: the weighted mean of each meter's position in its range.
pub fn meter_score(scenario: &Scenario, state: &State) -> f64 {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (def, &value) in scenario.meters.iter().zip(state.meters()) {
        if def.weight == 0 {
            continue;
        }
        let position = def.fraction(value);
        let goodness = if def.higher_is_better {
            position
        } else {
            1.0 - position
        };
        sum += f64::from(def.weight) * goodness;
        weights += f64::from(def.weight);
    }
    if weights == 0.0 {
        50.0
    } else {
        100.0 * sum / weights
    }
}

/// A competency's score from its points.
pub fn competency_score(points: i32, scale: u32) -> u32 {
    let score = 50.0 + 50.0 * f64::from(points) / f64::from(scale.max(1));
    score.clamp(0.0, 100.0).round() as u32
}

/// The score of a finished run, or `None` while it is still being played.
pub fn score(scenario: &Scenario, state: &State) -> Option<Score> {
    let ending = match state.status() {
        RunStatus::Ended(e) => scenario.ending(e).rating.score(),
        RunStatus::NoEnding => 0,
        RunStatus::Playing => return None,
    };
    let s = &scenario.scoring;
    let competencies: Vec<CompetencyScore> = scenario
        .competencies
        .iter()
        .map(|&competency| {
            let points = state.points(competency);
            CompetencyScore {
                competency,
                points,
                score: competency_score(points, s.competency_scale),
            }
        })
        .collect();
    let competency_mean = if competencies.is_empty() {
        50.0
    } else {
        competencies.iter().map(|c| f64::from(c.score)).sum::<f64>() / competencies.len() as f64
    };
    let meters = meter_score(scenario, state);
    // Each part is 0–100 and the weights add up to 100 (the compiler checks it), so the
    // weighted mean is 0–100 too.
    let overall = (meters * f64::from(s.meters)
        + competency_mean * f64::from(s.competencies)
        + f64::from(ending) * f64::from(s.ending))
        / 100.0;
    let overall = overall.round() as u32;
    Some(Score {
        overall,
        grade: Grade::for_score(overall),
        meters: meters.round() as u32,
        ending,
        competencies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_have_documented_thresholds() {
        assert_eq!(Grade::for_score(100), Grade::A);
        assert_eq!(Grade::for_score(85), Grade::A);
        assert_eq!(Grade::for_score(84), Grade::B);
        assert_eq!(Grade::for_score(70), Grade::B);
        assert_eq!(Grade::for_score(69), Grade::C);
        assert_eq!(Grade::for_score(55), Grade::C);
        assert_eq!(Grade::for_score(54), Grade::D);
        assert_eq!(Grade::for_score(40), Grade::D);
        assert_eq!(Grade::for_score(39), Grade::E);
        assert_eq!(Grade::for_score(0), Grade::E);
    }

    #[test]
    fn competency_points_map_around_fifty() {
        assert_eq!(competency_score(0, 6), 50);
        assert_eq!(competency_score(6, 6), 100);
        assert_eq!(competency_score(12, 6), 100);
        assert_eq!(competency_score(-3, 6), 25);
        assert_eq!(competency_score(-9, 6), 0);
        assert_eq!(competency_score(1, 6), 58);
    }
}
