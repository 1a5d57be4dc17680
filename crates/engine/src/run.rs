//! A playthrough with its history: what the game and the terminal player drive.

use serde::{Deserialize, Serialize};

use crate::scenario::{Ending, EventIdx, Later, MeterIdx, NodeIdx, Scenario};
use crate::score::{Score, score};
use crate::state::{Observer, Pending, Pick, State, Status};

/// A run of one scenario: its state, and every decision made so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub scenario: String,
    pub fingerprint: u64,
    pub seed: u64,
    state: State,
    history: Vec<Decision>,
}

/// One decision and all that followed from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub node: NodeIdx,
    pub choice: u16,
    /// The random outcome, and the roll that picked it.
    pub outcome: Option<u16>,
    pub roll: Option<u32>,
    /// Delayed effects that came due, and whether their condition let them apply.
    pub came_due: Vec<(Pending, bool)>,
    pub events: Vec<EventIdx>,
    /// The state just before, which undo restores exactly.
    pub before: State,
    pub meters_after: Vec<i32>,
    pub day_after: i32,
}

/// A choice as the player sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceView {
    /// Index into the node's choices (what [`Run::choose`] takes).
    pub index: usize,
    pub id: String,
    pub text: String,
    /// `None` when it can be chosen, or the reason it cannot.
    pub disabled: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceError {
    Finished,
    NoSuchChoice(String),
    Unavailable { choice: String, reason: String },
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChoiceError::Finished => write!(f, "the run is over"),
            ChoiceError::NoSuchChoice(c) => write!(f, "there is no choice `{c}` here"),
            ChoiceError::Unavailable { choice, reason } => {
                write!(f, "`{choice}` is not available: {reason}")
            }
        }
    }
}

impl std::error::Error for ChoiceError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeError {
    OtherScenario { saved: String },
    ScenarioChanged,
    Corrupt(String),
}

impl std::fmt::Display for ResumeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResumeError::OtherScenario { saved } => write!(f, "the save is of scenario `{saved}`"),
            ResumeError::ScenarioChanged => {
                write!(f, "the scenario has changed since this run was saved")
            }
            ResumeError::Corrupt(why) => write!(f, "the save is damaged: {why}"),
        }
    }
}

impl std::error::Error for ResumeError {}

/// Records what a step does into a [`Decision`].
struct Recorder<'d>(&'d mut Decision);

impl Observer for Recorder<'_> {
    fn outcome(&mut self, outcome: usize, roll: Option<u32>) {
        self.0.outcome = Some(outcome as u16);
        self.0.roll = roll;
    }
    fn came_due(&mut self, pending: Pending, applied: bool) {
        self.0.came_due.push((pending, applied));
    }
    fn event(&mut self, event: EventIdx) {
        self.0.events.push(event);
    }
}

impl Run {
    pub fn new(scenario: &Scenario, seed: u64) -> Run {
        Run {
            scenario: scenario.id.clone(),
            fingerprint: scenario.fingerprint,
            seed,
            state: State::new(scenario, seed),
            history: Vec::new(),
        }
    }

    /// A run whose meters start from values carried in from an earlier scenario (a campaign).
    pub fn with_starts(scenario: &Scenario, seed: u64, starts: &[(MeterIdx, i32)]) -> Run {
        let mut run = Run::new(scenario, seed);
        for &(meter, value) in starts {
            let def = &scenario.meters[usize::from(meter)];
            run.state.meters[usize::from(meter)] = value.clamp(def.min, def.max);
        }
        run
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn history(&self) -> &[Decision] {
        &self.history
    }

    pub fn is_finished(&self) -> bool {
        !self.state.is_playing()
    }

    /// The choices shown at the current node: available ones, and unavailable ones that
    /// explain themselves. Hidden choices are left out.
    pub fn choices(&self, scenario: &Scenario) -> Vec<ChoiceView> {
        if self.is_finished() {
            return Vec::new();
        }
        let node = scenario.node(self.state.node());
        node.choices
            .iter()
            .enumerate()
            .filter_map(|(index, c)| {
                let disabled = if self.state.is_available(c) {
                    None
                } else {
                    Some(c.disabled.as_ref()?.render(scenario, &self.state))
                };
                Some(ChoiceView {
                    index,
                    id: c.id.clone(),
                    text: c.text.render(scenario, &self.state),
                    disabled,
                })
            })
            .collect()
    }

    /// Make the choice at `index` of the current node.
    pub fn choose(&mut self, scenario: &Scenario, index: usize) -> Result<&Decision, ChoiceError> {
        if self.is_finished() {
            return Err(ChoiceError::Finished);
        }
        let node = scenario.node(self.state.node());
        let choice = node
            .choices
            .get(index)
            .ok_or_else(|| ChoiceError::NoSuchChoice((index + 1).to_string()))?;
        if !self.state.is_available(choice) {
            return Err(ChoiceError::Unavailable {
                choice: choice.id.clone(),
                reason: choice.disabled.as_ref().map_or_else(
                    || "its condition does not hold".to_owned(),
                    |d| d.render(scenario, &self.state),
                ),
            });
        }
        let mut decision = Decision {
            node: self.state.node(),
            choice: index as u16,
            outcome: None,
            roll: None,
            came_due: Vec::new(),
            events: Vec::new(),
            before: self.state.clone(),
            meters_after: Vec::new(),
            day_after: 0,
        };
        self.state
            .step(scenario, index, Pick::Draw, &mut Recorder(&mut decision));
        decision.meters_after = self.state.meters().to_vec();
        decision.day_after = self.state.day();
        self.history.push(decision);
        Ok(self.history.last().expect("just pushed"))
    }

    /// Make the choice with this id at the current node.
    pub fn choose_id(&mut self, scenario: &Scenario, id: &str) -> Result<&Decision, ChoiceError> {
        let index = scenario
            .node(self.state.node())
            .choices
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| ChoiceError::NoSuchChoice(id.to_owned()))?;
        self.choose(scenario, index)
    }

    /// Take back the last decision, restoring the state exactly (random generator included).
    pub fn undo(&mut self) -> Option<Decision> {
        let decision = self.history.pop()?;
        self.state = decision.before.clone();
        Some(decision)
    }

    /// The current node's text, with live values.
    pub fn text(&self, scenario: &Scenario) -> String {
        scenario
            .node(self.state.node())
            .text
            .render(scenario, &self.state)
    }

    pub fn ending<'s>(&self, scenario: &'s Scenario) -> Option<&'s Ending> {
        match self.state.status() {
            Status::Ended(e) => scenario.endings.get(usize::from(e)),
            _ => None,
        }
    }

    pub fn score(&self, scenario: &Scenario) -> Option<Score> {
        score(scenario, &self.state)
    }

    /// What the decision led to, as lines to show the player: the choice's result, the
    /// random outcome, what came due and the events that fired.
    pub fn consequences(&self, scenario: &Scenario, decision: &Decision) -> Vec<String> {
        let choice = &scenario.node(decision.node).choices[usize::from(decision.choice)];
        let mut lines = Vec::new();
        let mut render = |text: &crate::text::Text| lines.push(text.render(scenario, &self.state));
        if let Some(result) = &choice.result {
            render(result);
        }
        if let Some(o) = decision.outcome {
            render(&choice.outcomes[usize::from(o)].text);
        }
        for (pending, applied) in &decision.came_due {
            if *applied {
                render(&later(scenario, pending).text);
            }
        }
        for &e in &decision.events {
            render(&scenario.events[usize::from(e)].text);
        }
        lines
    }

    /// The delayed effects still to come, with how many decisions until each is due.
    pub fn upcoming<'s>(&self, scenario: &'s Scenario) -> Vec<(u32, &'s Later)> {
        self.state
            .pending()
            .iter()
            .map(|p| {
                (
                    p.due.saturating_sub(self.state.decisions()),
                    later(scenario, p),
                )
            })
            .collect()
    }

    /// Check that a deserialized run belongs to this scenario and is internally sound.
    pub fn resume(self, scenario: &Scenario) -> Result<Run, ResumeError> {
        if self.scenario != scenario.id {
            return Err(ResumeError::OtherScenario {
                saved: self.scenario,
            });
        }
        if self.fingerprint != scenario.fingerprint {
            return Err(ResumeError::ScenarioChanged);
        }
        let sound = |s: &State| {
            s.meters().len() == scenario.meters.len()
                && usize::from(s.node()) < scenario.nodes.len()
                && s.pending().iter().all(|p| {
                    scenario
                        .nodes
                        .get(usize::from(p.node))
                        .and_then(|n| n.choices.get(usize::from(p.choice)))
                        .is_some_and(|c| usize::from(p.later) < c.later.len())
                })
                && match s.status() {
                    Status::Ended(e) => usize::from(e) < scenario.endings.len(),
                    _ => true,
                }
        };
        let history_sound = self.history.iter().all(|d| {
            sound(&d.before)
                && scenario
                    .nodes
                    .get(usize::from(d.node))
                    .is_some_and(|n| usize::from(d.choice) < n.choices.len())
        });
        if !sound(&self.state) || !history_sound {
            return Err(ResumeError::Corrupt(
                "it refers to parts the scenario does not have".into(),
            ));
        }
        Ok(self)
    }
}

pub(crate) fn later<'s>(scenario: &'s Scenario, p: &Pending) -> &'s Later {
    &scenario.node(p.node).choices[usize::from(p.choice)].later[usize::from(p.later)]
}
