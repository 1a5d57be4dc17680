//! What a learning platform is told about a run, after every decision: where to resume
//! (the [`Mark`]), each decision with what it traded, the mentor's questions asked and the
//! priorities named, and, once an ending is reached, the score and each competency's score.
//! The page maps it onto SCORM's data model or xAPI statements (web/lms/); the rules that
//! make it are here.

use serde::Serialize;

use super::bookmark::Mark;
use crate::campaign::{Campaign, Progress};
use crate::format::Competency;
use crate::model::Scenario;
use crate::run::Run;
use crate::state::State;

/// A run as a learning platform records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The text that resumes the run: see [`Mark`].
    pub bookmark: String,
    /// Which run this is, `scenario.seed`: a platform that journals decisions tells a new
    /// run (a replay, the next chapter) from the one going on.
    pub run: String,
    /// The decision open now (its node's id), while the run is played.
    pub at: Option<String>,
    pub scenario: Activity,
    /// Set when the run is a chapter of a campaign.
    pub campaign: Option<CampaignPart>,
    /// The run's decisions so far, in order.
    pub decisions: Vec<Interaction>,
    /// Where the player asked the mentor, and the question as it was put.
    pub mentor: Vec<Question>,
    /// The priorities the scenario offered and how each fared; `named` ones the player chose.
    pub priorities: Vec<PriorityKept>,
    /// The run's ending and score, once it ended.
    pub ended: Option<Ended>,
    /// The course is done: the scenario ended, or the campaign's last chapter did.
    pub complete: bool,
    /// The course's score, 0–100, once complete: the scenario's, or the campaign's (the mean
    /// of its chapters).
    pub score: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignPart {
    pub id: String,
    pub title: String,
    /// The chapter being played, from 1.
    pub chapter: usize,
    pub chapters: usize,
    /// The finished chapters' scores.
    pub scores: Vec<u32>,
}

/// One decision: SCORM's interaction, xAPI's "answered".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    /// `scenario.node`: unique in a campaign, stable across versions of a scenario.
    pub id: String,
    pub node: String,
    pub choice: String,
    /// The choice's words as the player read them.
    pub text: String,
    /// The node's choices as the player saw them, in order: id and words.
    pub options: Vec<(String, String)>,
    /// What it traded, in words: "Team trust -4, Delivery +2".
    pub traded: String,
    /// The visible meters it moved.
    pub meters: Vec<Change>,
    /// The competencies it moved (points).
    pub competencies: Vec<Change>,
    pub asked_mentor: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub id: String,
    pub label: String,
    pub delta: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub node: String,
    pub question: String,
    /// What the player chose after asking, if they have.
    pub chosen: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityKept {
    pub key: String,
    pub label: String,
    pub named: bool,
    /// The average change of its meters, in points of 100.
    pub change: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ended {
    pub ending: String,
    pub title: String,
    /// "disaster" … "excellent".
    pub rating: String,
    /// 0–100, and its grade letter.
    pub score: u32,
    pub grade: String,
    /// One objective per competency the scenario scores.
    pub objectives: Vec<Objective>,
}

/// A competency's score: SCORM's objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// `scenario.competency`, so a campaign's chapters keep theirs apart.
    pub id: String,
    pub competency: String,
    pub label: String,
    /// 0–100.
    pub score: u32,
}

impl Record {
    /// The record of `run` of `scenario`, a chapter of `campaign` at `progress` if it is one.
    pub fn of(scenario: &Scenario, run: &Run, campaign: Option<(&Campaign, &Progress)>) -> Record {
        let history = run.history();
        let asked = |d: usize| {
            run.questions()
                .iter()
                .any(|a| a.decision as usize == d && a.node == history[d].node)
        };
        let decisions = history
            .iter()
            .enumerate()
            .map(|(d, decision)| {
                let after = history.get(d + 1).map_or(run.state(), |next| &next.before);
                let node = scenario.node(decision.node);
                let meters: Vec<Change> = decision
                    .visible_changes(scenario)
                    .iter()
                    .map(|c| {
                        let meter = scenario.meter(c.meter);
                        Change {
                            id: meter.id.clone(),
                            label: meter.label.clone(),
                            delta: c.delta(),
                        }
                    })
                    .collect();
                let competencies = competency_changes(&decision.before, after);
                Interaction {
                    id: format!("{}.{}", scenario.id, node.id),
                    node: node.id.clone(),
                    choice: node.choice(decision.choice).id.clone(),
                    text: run.chosen_text(scenario, decision),
                    options: crate::run::screen(scenario, &decision.before)
                        .1
                        .into_iter()
                        .map(|c| (c.id, c.text))
                        .collect(),
                    traded: traded(&meters, &competencies),
                    meters,
                    competencies,
                    asked_mentor: asked(d),
                }
            })
            .collect();
        let ended = run.score(scenario).map(|score| {
            let ending = run.ending(scenario);
            Ended {
                ending: ending.map_or_else(String::new, |e| e.id.clone()),
                title: ending.map_or_else(String::new, |e| e.title.clone()),
                rating: ending
                    .map_or_else(String::new, |e| format!("{:?}", e.rating).to_lowercase()),
                score: score.overall,
                grade: score.grade.to_string(),
                objectives: score
                    .competencies
                    .iter()
                    .map(|c| Objective {
                        id: format!("{}.{}", scenario.id, c.competency.key()),
                        competency: c.competency.key().to_owned(),
                        label: c.competency.label().to_owned(),
                        score: c.score,
                    })
                    .collect(),
            }
        });
        let (complete, score) = match (&ended, campaign) {
            (None, _) => (false, None),
            (Some(ended), None) => (true, Some(ended.score)),
            (Some(ended), Some((campaign, progress))) => {
                let last = progress.chapter + 1 >= campaign.chapters.len();
                let mut scores = progress.scores.clone();
                scores.push(ended.score);
                (last, last.then(|| Campaign::score(&scores)))
            }
        };
        Record {
            bookmark: Mark::of(scenario, run, campaign.map(|(_, p)| p)).to_text(),
            run: format!("{}.{:x}", scenario.id, run.seed),
            at: (!run.is_finished()).then(|| scenario.node(run.state().node()).id.clone()),
            scenario: Activity {
                id: scenario.id.clone(),
                title: scenario.title.clone(),
                summary: scenario.summary.clone(),
            },
            campaign: campaign.map(|(campaign, progress)| CampaignPart {
                id: campaign.id.clone(),
                title: campaign.title.clone(),
                chapter: progress.chapter + 1,
                chapters: campaign.chapters.len(),
                scores: progress.scores.clone(),
            }),
            decisions,
            mentor: run
                .asked(scenario)
                .into_iter()
                .map(|a| Question {
                    node: scenario.node(a.node).id.clone(),
                    question: a.question,
                    chosen: a.chosen,
                })
                .collect(),
            priorities: run
                .protected(scenario)
                .into_iter()
                .map(|p| PriorityKept {
                    key: p.priority.key().to_owned(),
                    label: p.priority.label().to_owned(),
                    named: p.named,
                    change: p.change,
                })
                .collect(),
            ended,
            complete,
            score,
        }
    }

    /// The record as the page reads it.
    pub fn to_json(&self) -> String {
        // Every field is a string, a number, a bool or a list of them: nothing can fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The competency points a decision moved, from the state before it to the one after.
fn competency_changes(before: &State, after: &State) -> Vec<Change> {
    Competency::ALL
        .into_iter()
        .filter_map(|c| {
            let delta = after.points(c) - before.points(c);
            (delta != 0).then(|| Change {
                id: c.key().to_owned(),
                label: c.label().to_owned(),
                delta,
            })
        })
        .collect()
}

/// "Team trust -4, Delivery +2; Feedback +1": the meters, then the competencies. ASCII, as
/// some learning platforms keep text in a narrow character set.
fn traded(meters: &[Change], competencies: &[Change]) -> String {
    let list = |changes: &[Change]| {
        changes
            .iter()
            .map(|c| format!("{} {:+}", c.label, c.delta))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (meters.is_empty(), competencies.is_empty()) {
        (true, true) => "nothing visible".to_owned(),
        (false, true) => list(meters),
        (true, false) => list(competencies),
        (false, false) => format!("{}; {}", list(meters), list(competencies)),
    }
}
