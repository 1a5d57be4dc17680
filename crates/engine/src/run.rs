//! A playthrough with its history: what the game and the terminal player drive. The run
//! tells its views what happened (each [`Decision`] with its consequences and changes), so
//! no screen works those out again.

use serde::{Deserialize, Serialize};

use crate::format::Priority;
use crate::format::Rating;
use crate::model::{
    ChoiceIdx, Ending, EndingId, EventId, Later, Mentions, MeterId, NodeId, Scenario, ShownIdx,
    StakeholderId, Target,
};
use crate::reflection::{
    Asked, AskedView, MENTOR_QUESTIONS, MentorError, PriorityError, Protected, Reflection,
    check_priorities, protected,
};
use crate::score::{Score, score};
use crate::state::{Carried, Observer, Pending, Pick, RunStatus, State, later_of};

/// A run of one scenario: its state, and every decision made so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub scenario: String,
    pub fingerprint: u64,
    pub seed: u64,
    state: State,
    history: Vec<Decision>,
    /// The mentor's questions asked and the priorities named: shown, never scored.
    #[serde(default)]
    reflection: Reflection,
    /// The people named on the screens played so far: a person is introduced by their full
    /// name once in a run, and by their short name after.
    #[serde(default)]
    met: Mentions,
}

/// One decision and all that followed from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub node: NodeId,
    pub choice: ChoiceIdx,
    /// The random outcome, and the roll that picked it (none when it was forced).
    pub outcome: Option<u16>,
    pub roll: Option<u32>,
    /// Delayed effects that came due, and whether their condition let them apply.
    pub came_due: Vec<(Pending, bool)>,
    pub events: Vec<EventId>,
    /// The state just before, which undo restores exactly.
    pub before: State,
    pub meters_after: Vec<i32>,
    /// The people the player had met before this decision's screen, so its texts name them
    /// short (and undo forgets who this screen introduced).
    #[serde(default)]
    pub met_before: Mentions,
}

/// One meter's change in a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeterChange {
    pub meter: MeterId,
    pub before: i32,
    pub after: i32,
}

impl MeterChange {
    pub fn delta(&self) -> i32 {
        self.after - self.before
    }

    /// Whether the change is good news: up on a meter that is better high, or down on one
    /// that is better low.
    pub fn is_good(&self, scenario: &Scenario) -> bool {
        (self.delta() > 0) == scenario.meter(self.meter).higher_is_better
    }
}

impl Decision {
    /// Every meter the decision changed, hidden ones included, in the scenario's order.
    pub fn changes(&self) -> Vec<MeterChange> {
        self.before
            .meters()
            .iter()
            .zip(&self.meters_after)
            .enumerate()
            .filter(|(_, (b, a))| b != a)
            .map(|(i, (&before, &after))| MeterChange {
                meter: MeterId::at(i),
                before,
                after,
            })
            .collect()
    }

    /// The changes a player sees: visible meters only.
    pub fn visible_changes(&self, scenario: &Scenario) -> Vec<MeterChange> {
        self.changes()
            .into_iter()
            .filter(|c| scenario.meter(c.meter).visible)
            .collect()
    }
}

/// A choice as the player sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceView {
    /// Its place among the node's choices (what [`Run::choose`] takes).
    pub index: ChoiceIdx,
    /// Its place among those shown: the player reads `shown.number()` beside it.
    pub shown: ShownIdx,
    pub id: String,
    pub text: String,
    /// `None` when it can be chosen, or the reason it cannot.
    pub disabled: Option<String>,
}

/// How a run ended, as the debrief tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epilogue {
    pub ending: EndingId,
    pub title: String,
    pub rating: Rating,
    pub text: String,
    /// What became of the business.
    pub business: Option<String>,
    /// Each stakeholder's line, by their final trust.
    pub people: Vec<(StakeholderId, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceError {
    Finished,
    NoSuchChoice(String),
    Unavailable {
        choice: String,
        reason: String,
    },
    /// A forced outcome that the choice does not have, or that cannot happen now.
    NoSuchOutcome {
        choice: String,
        outcome: usize,
    },
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChoiceError::Finished => write!(f, "the run is over"),
            ChoiceError::NoSuchChoice(c) => write!(f, "there is no choice `{c}` here"),
            ChoiceError::Unavailable { choice, reason } => {
                write!(f, "`{choice}` is not available: {reason}")
            }
            ChoiceError::NoSuchOutcome { choice, outcome } => {
                write!(
                    f,
                    "`{choice}` has no outcome {outcome} that can happen here"
                )
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
    fn event(&mut self, event: EventId) {
        self.0.events.push(event);
    }
}

impl Run {
    pub fn new(scenario: &Scenario, seed: u64) -> Run {
        Run::starting(scenario, seed, &Carried::default())
    }

    /// A run that starts with what an earlier chapter of a campaign carried in.
    pub fn starting(scenario: &Scenario, seed: u64, carried: &Carried) -> Run {
        Run {
            scenario: scenario.id.clone(),
            fingerprint: scenario.fingerprint,
            seed,
            state: State::starting(scenario, seed, carried),
            history: Vec::new(),
            reflection: Reflection::default(),
            met: Mentions::default(),
        }
    }

    /// A run that starts at `node` instead of the scenario's start, for an author trying a
    /// part of it: the meters as they start, then the node's `enter` effects.
    pub fn starting_at(scenario: &Scenario, seed: u64, node: NodeId) -> Run {
        let mut run = Run::new(scenario, seed);
        run.state.enter(scenario, node);
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

    /// The state the run started in (before its first decision).
    pub fn first_state(&self) -> &State {
        self.history.first().map_or(&self.state, |d| &d.before)
    }

    /// The choices shown at the current node: available ones, and unavailable ones that
    /// explain themselves. Hidden choices are left out.
    pub fn choices(&self, scenario: &Scenario) -> Vec<ChoiceView> {
        if self.is_finished() {
            return Vec::new();
        }
        choices_read(scenario, &self.state, &mut self.met.clone())
    }

    /// The choices that can be made now, in the node's order.
    pub fn available(&self, scenario: &Scenario) -> Vec<ChoiceIdx> {
        available(scenario, &self.state)
    }

    /// Make the choice at `index` of the current node, its random outcome drawn.
    pub fn choose(
        &mut self,
        scenario: &Scenario,
        index: ChoiceIdx,
    ) -> Result<&Decision, ChoiceError> {
        self.choose_with(scenario, index, Pick::Draw)
    }

    /// Make a choice with its random outcome drawn or forced (as `play --path` replays).
    pub fn choose_with(
        &mut self,
        scenario: &Scenario,
        index: ChoiceIdx,
        pick: Pick,
    ) -> Result<&Decision, ChoiceError> {
        if self.is_finished() {
            return Err(ChoiceError::Finished);
        }
        let node = scenario.node(self.state.node());
        let choice = node
            .choices
            .get(index.index())
            .ok_or_else(|| ChoiceError::NoSuchChoice(index.0.saturating_add(1).to_string()))?;
        if !self.state.is_available(choice) {
            return Err(ChoiceError::Unavailable {
                choice: choice.id.clone(),
                reason: choice.disabled.as_ref().map_or_else(
                    || "its condition does not hold".to_owned(),
                    |d| d.render(scenario, &self.state),
                ),
            });
        }
        if let Pick::Outcome(o) = pick {
            // Weights are worked out after the choice's own effects, as the step does.
            let mut after = self.state.clone();
            after.apply(scenario, &choice.effects);
            if !after.weights(scenario, choice).possible(o) {
                return Err(ChoiceError::NoSuchOutcome {
                    choice: choice.id.clone(),
                    outcome: o + 1,
                });
            }
        }
        let mut decision = Decision {
            node: self.state.node(),
            choice: index,
            outcome: None,
            roll: None,
            came_due: Vec::new(),
            events: Vec::new(),
            before: self.state.clone(),
            meters_after: Vec::new(),
            met_before: self.met,
        };
        // The player read this screen: whoever it named is met.
        choices_read(scenario, &self.state, &mut self.met);
        self.state
            .step(scenario, index, pick, &mut Recorder(&mut decision));
        decision.meters_after = self.state.meters().to_vec();
        self.history.push(decision);
        let mut met = self.met;
        self.consequences_after(scenario, self.history.len() - 1, &mut met);
        self.met = met;
        self.history.last().ok_or(ChoiceError::Finished)
    }

    /// Make the choice with this id at the current node.
    pub fn choose_id(&mut self, scenario: &Scenario, id: &str) -> Result<&Decision, ChoiceError> {
        let index = self.choice_by_id(scenario, id)?;
        self.choose(scenario, index)
    }

    /// The current node's choice with this id.
    pub fn choice_by_id(&self, scenario: &Scenario, id: &str) -> Result<ChoiceIdx, ChoiceError> {
        if self.is_finished() {
            return Err(ChoiceError::Finished);
        }
        scenario
            .node(self.state.node())
            .choices
            .iter()
            .position(|c| c.id == id)
            .map(ChoiceIdx::at)
            .ok_or_else(|| ChoiceError::NoSuchChoice(id.to_owned()))
    }

    /// Take back the last decision, restoring the state exactly (random generator included).
    pub fn undo(&mut self) -> Option<Decision> {
        let decision = self.history.pop()?;
        self.state = decision.before.clone();
        self.met = decision.met_before;
        Some(decision)
    }

    /// The current node's text, with live values; people met before are named short.
    pub fn text(&self, scenario: &Scenario) -> String {
        scenario.node(self.state.node()).text.render_after(
            scenario,
            &self.state,
            &mut self.met.clone(),
        )
    }

    pub fn ending<'s>(&self, scenario: &'s Scenario) -> Option<&'s Ending> {
        match self.state.status() {
            RunStatus::Ended(e) => scenario.endings.get(e.index()),
            _ => None,
        }
    }

    /// How the run ended, with each stakeholder's line and the business's; `None` while
    /// it is still being played (or when no ending's condition held).
    pub fn epilogue(&self, scenario: &Scenario) -> Option<Epilogue> {
        let RunStatus::Ended(id) = self.state.status() else {
            return None;
        };
        let ending = scenario.endings.get(id.index())?;
        let state = &self.state;
        // The epilogue reads as one page: its text first, then each person's line, then the
        // business's.
        let mut named = Mentions::default();
        let text = ending.epilogue.render_after(scenario, state, &mut named);
        let people = scenario
            .cast
            .iter()
            .enumerate()
            .filter_map(|(i, person)| {
                let trust = i64::from(state.meter(person.trust));
                let (_, line) = person
                    .afterwards
                    .iter()
                    .find(|(band, _)| band.holds(trust))?;
                Some((
                    StakeholderId::at(i),
                    line.render_after(scenario, state, &mut named),
                ))
            })
            .collect();
        Some(Epilogue {
            ending: id,
            title: ending.title.clone(),
            rating: ending.rating,
            text,
            business: ending
                .business
                .as_ref()
                .map(|b| b.render_after(scenario, state, &mut named)),
            people,
        })
    }

    pub fn score(&self, scenario: &Scenario) -> Option<Score> {
        score(scenario, &self.state)
    }

    /// What the `n`th decision (from 0) led to, as lines to show the player: the choice's
    /// result, the random outcome, what came due and the events that fired, each read as
    /// things stood right after the decision.
    pub fn consequences(&self, scenario: &Scenario, n: usize) -> Vec<String> {
        let Some(decision) = self.history.get(n) else {
            return Vec::new();
        };
        // The lines follow the screen they answer: who it named is met.
        let mut met = decision.met_before;
        choices_read(scenario, &decision.before, &mut met);
        self.consequences_after(scenario, n, &mut met)
    }

    /// The `n`th decision's consequences, read after the people in `met`, whom they add to.
    fn consequences_after(&self, scenario: &Scenario, n: usize, met: &mut Mentions) -> Vec<String> {
        let Some(decision) = self.history.get(n) else {
            return Vec::new();
        };
        let after = self
            .history
            .get(n + 1)
            .map_or(&self.state, |next| &next.before);
        let choice = scenario.choice(decision.node, decision.choice);
        let mut lines = Vec::new();
        let mut render = |text: &crate::model::Text| {
            let line = text.render_after(scenario, after, met);
            if !line.is_empty() {
                lines.push(line);
            }
        };
        if let Some(result) = &choice.result {
            render(result);
        }
        if let Some(outcome) = decision
            .outcome
            .and_then(|o| choice.outcomes.get(usize::from(o)))
        {
            render(&outcome.text);
        }
        for (pending, applied) in &decision.came_due {
            if *applied {
                render(&later_of(scenario, pending).text);
            }
        }
        for &e in &decision.events {
            render(&scenario.events[e.index()].text);
        }
        lines
    }

    /// The coach's note on a decision, read against the situation the choice was made in:
    /// "right call, because her trust was already high" is about then, not now.
    pub fn note(&self, scenario: &Scenario, decision: &Decision) -> String {
        scenario
            .choice(decision.node, decision.choice)
            .note
            .render(scenario, &decision.before)
    }

    /// The choice's text as it read when it was made.
    pub fn chosen_text(&self, scenario: &Scenario, decision: &Decision) -> String {
        scenario
            .choice(decision.node, decision.choice)
            .text
            .render(scenario, &decision.before)
    }

    /// The delayed effects still to come, with how many decisions until each is due.
    pub fn upcoming<'s>(&self, scenario: &'s Scenario) -> Vec<Upcoming<'s>> {
        self.state
            .pending()
            .iter()
            .map(|p| Upcoming {
                due_in: p.due.saturating_sub(self.state.decisions()),
                later: later_of(scenario, p),
                from: scenario
                    .choice(p.node, p.choice)
                    .text
                    .render(scenario, &self.state),
            })
            .collect()
    }

    /// Name the priorities the player holds as a lead, before the first decision.
    pub fn name_priorities(
        &mut self,
        scenario: &Scenario,
        chosen: &[Priority],
    ) -> Result<(), PriorityError> {
        if !self.history.is_empty() {
            return Err(PriorityError::Started);
        }
        check_priorities(scenario, chosen)?;
        self.reflection.priorities = chosen.to_vec();
        Ok(())
    }

    pub fn priorities(&self) -> &[Priority] {
        &self.reflection.priorities
    }

    /// Each priority the scenario offers and how it fared, best kept first.
    pub fn protected(&self, scenario: &Scenario) -> Vec<Protected> {
        protected(
            scenario,
            &self.reflection.priorities,
            self.first_state(),
            &self.state,
        )
    }

    /// Where the mentor was asked, in the order asked.
    pub fn questions(&self) -> &[Asked] {
        &self.reflection.asked
    }

    /// Questions still to ask in this run.
    pub fn mentor_left(&self) -> usize {
        MENTOR_QUESTIONS.saturating_sub(self.reflection.asked.len())
    }

    /// Whether the player could ask the mentor now.
    pub fn mentor_available(&self, scenario: &Scenario) -> Result<(), MentorError> {
        if self.is_finished() {
            return Err(MentorError::Finished);
        }
        if scenario.node(self.state.node()).mentor.is_none() {
            return Err(MentorError::NoQuestion);
        }
        if self.asked_here().is_none() && self.mentor_left() == 0 {
            return Err(MentorError::NoneLeft);
        }
        Ok(())
    }

    /// Ask the mentor at the current decision: their question, read as things stand. Asking
    /// again at the same decision repeats it without spending a second question.
    pub fn ask_mentor(&mut self, scenario: &Scenario) -> Result<String, MentorError> {
        self.mentor_available(scenario)?;
        let node = scenario.node(self.state.node());
        let question = node
            .mentor
            .as_ref()
            .ok_or(MentorError::NoQuestion)?
            .render_after(scenario, &self.state, &mut self.screen_mentions(scenario));
        if self.asked_here().is_none() {
            self.reflection.asked.push(Asked {
                node: self.state.node(),
                decision: self.state.decisions(),
            });
        }
        Ok(question)
    }

    /// The mentor's question, if the player asked it at the current decision.
    pub fn mentor_question(&self, scenario: &Scenario) -> Option<String> {
        self.asked_here()?;
        let mentor = scenario.node(self.state.node()).mentor.as_ref()?;
        Some(mentor.render_after(scenario, &self.state, &mut self.screen_mentions(scenario)))
    }

    /// Whom the player has met, this screen included: what a line shown beside it reads after.
    fn screen_mentions(&self, scenario: &Scenario) -> Mentions {
        let mut met = self.met;
        choices_read(scenario, &self.state, &mut met);
        met
    }

    /// The question asked at the current decision, if any.
    fn asked_here(&self) -> Option<&Asked> {
        self.reflection
            .asked
            .iter()
            .find(|a| a.node == self.state.node() && a.decision == self.state.decisions())
    }

    /// Where the player asked the mentor, with the question as it was put and what they
    /// chose next.
    pub fn asked(&self, scenario: &Scenario) -> Vec<AskedView> {
        self.reflection
            .asked
            .iter()
            .filter_map(|a| {
                let made = usize::try_from(a.decision)
                    .ok()
                    .and_then(|d| self.history.get(d))
                    .filter(|d| d.node == a.node);
                let state = made.map_or(&self.state, |d| &d.before);
                let question = scenario.nodes.get(a.node.index())?.mentor.as_ref()?;
                Some(AskedView {
                    node: a.node,
                    question: question.render(scenario, state),
                    chosen: made.map(|d| self.chosen_text(scenario, d)),
                })
            })
            .collect()
    }

    /// Check that a deserialized run belongs to this scenario and is internally sound, so
    /// nothing restored can make the engine index past what the scenario has.
    pub fn resume(self, scenario: &Scenario) -> Result<Run, ResumeError> {
        if self.scenario != scenario.id {
            return Err(ResumeError::OtherScenario {
                saved: self.scenario,
            });
        }
        if self.fingerprint != scenario.fingerprint {
            return Err(ResumeError::ScenarioChanged);
        }
        let node_ok = |n: NodeId| n.index() < scenario.nodes.len();
        let target_ok = |t: Option<Target>| match t {
            Some(Target::Node(n)) => node_ok(n),
            _ => true,
        };
        let sound = |s: &State| {
            s.meters().len() == scenario.meters.len()
                && s.meters()
                    .iter()
                    .zip(&scenario.meters)
                    .all(|(v, m)| (m.min..=m.max).contains(v))
                && node_ok(s.node())
                && target_ok(s.resume)
                && s.pending().iter().all(|p| {
                    scenario
                        .nodes
                        .get(p.node.index())
                        .and_then(|n| n.choices.get(p.choice.index()))
                        .is_some_and(|c| usize::from(p.later) < c.later.len())
                })
                && match s.status() {
                    RunStatus::Ended(e) => e.index() < scenario.endings.len(),
                    _ => true,
                }
        };
        let history_sound = self.history.iter().all(|d| {
            sound(&d.before)
                && d.meters_after.len() == scenario.meters.len()
                && d.events.iter().all(|e| e.index() < scenario.events.len())
                && scenario
                    .nodes
                    .get(d.node.index())
                    .and_then(|n| n.choices.get(d.choice.index()))
                    .is_some_and(|c| d.outcome.is_none_or(|o| usize::from(o) < c.outcomes.len()))
        });
        let reflection_sound = self.reflection.asked.len() <= MENTOR_QUESTIONS
            && self.reflection.asked.iter().all(|a| {
                scenario
                    .nodes
                    .get(a.node.index())
                    .is_some_and(|n| n.mentor.is_some())
            })
            && (self.reflection.priorities.is_empty()
                || check_priorities(scenario, &self.reflection.priorities).is_ok());
        if !sound(&self.state) || !history_sound || !reflection_sound {
            return Err(ResumeError::Corrupt(
                "it refers to parts the scenario does not have".into(),
            ));
        }
        Ok(self)
    }
}

/// A delayed effect still to come.
#[derive(Debug, Clone)]
pub struct Upcoming<'s> {
    /// Decisions until it comes due.
    pub due_in: u32,
    pub later: &'s Later,
    /// The text of the choice it comes from, as it reads now.
    pub from: String,
}

/// The screen at `state` as it first reads: the node's text, then its choices.
pub fn screen(scenario: &Scenario, state: &State) -> (String, Vec<ChoiceView>) {
    let mut named = Mentions::default();
    let text = scenario
        .node(state.node())
        .text
        .render_after(scenario, state, &mut named);
    (text, options_read(scenario, state, &mut named))
}

/// The screen at `state` read after `named`, whom it adds to: its text, then its choices.
fn choices_read(scenario: &Scenario, state: &State, named: &mut Mentions) -> Vec<ChoiceView> {
    scenario
        .node(state.node())
        .text
        .render_after(scenario, state, named);
    options_read(scenario, state, named)
}

/// The choices shown at `state`, read after `named`.
fn options_read(scenario: &Scenario, state: &State, named: &mut Mentions) -> Vec<ChoiceView> {
    let node = scenario.node(state.node());
    let mut shown = 0;
    node.choices
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let available = state.is_available(c);
            if !available && c.disabled.is_none() {
                return None;
            }
            let text = c.text.render_after(scenario, state, named);
            let disabled = match (&c.disabled, available) {
                (Some(reason), false) => Some(reason.render_after(scenario, state, named)),
                _ => None,
            };
            let view = ChoiceView {
                index: ChoiceIdx::at(i),
                shown: ShownIdx(shown),
                id: c.id.clone(),
                text,
                disabled,
            };
            shown += 1;
            Some(view)
        })
        .collect()
}

/// The choices that can be made in `state`, in the node's order.
pub fn available(scenario: &Scenario, state: &State) -> Vec<ChoiceIdx> {
    let mut available = Vec::new();
    state.available_into(scenario, &mut available);
    available
}
