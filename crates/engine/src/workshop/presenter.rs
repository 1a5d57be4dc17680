//! What the facilitator's own window shows and the room's never does: the stage and its
//! controls, each option with its coach's note and what it would lead to, the prompt, the
//! pivotal decision's note, the agenda clock and the session plan. A plain snapshot of the
//! room, so the native presenter window and the browser's (a page of its own, fed over a
//! channel) draw the same thing.

use serde::{Deserialize, Serialize};

use super::{AgendaClock, Room, Stage, votes};
use crate::model::Scenario;
use crate::state::{Pick, State};

/// The facilitator's view of the room, as of now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Briefing {
    pub title: String,
    pub stage: String,
    /// The team deciding (or revealed, or recapped), and its decision's number.
    pub team: Option<String>,
    pub decision: usize,
    /// "1:05" while a discussion runs.
    pub countdown: Option<String>,
    pub paused: bool,
    pub blank: bool,
    /// The room's screen shows the prompt too.
    pub prompt_shown: bool,
    pub prompt: Option<String>,
    /// The pivotal decision's note: what it teaches, and how rooms split (during a recap,
    /// the decision that follows it).
    pub teaches: Option<String>,
    pub split: Option<String>,
    pub options: Vec<OptionBrief>,
    /// Why the room refused the last request.
    pub message: Option<String>,
    /// "on time", "3 min ahead", with the agenda's phase and the minutes left.
    pub pace: Option<String>,
    pub phase: Option<String>,
    pub minutes_left: Option<u32>,
    pub agenda: Vec<PhaseBrief>,
    pub objectives: Vec<String>,
    /// In the debrief: each team's ending and what reaching it teaches.
    pub lessons: Vec<String>,
    /// What the facilitator's keys do at this stage.
    pub keys: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionBrief {
    /// As the room reads it beside the option.
    pub number: usize,
    pub text: String,
    /// The coach's note: what the option trades.
    pub note: String,
    /// The visible changes it would make, and where it leads.
    pub likely: String,
    pub votes: u32,
    /// The option whose count the keypad types into.
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseBrief {
    pub label: String,
    pub minutes: u32,
    pub notes: String,
    /// The phase the agenda has the session in now.
    pub now: bool,
}

impl Briefing {
    /// The facilitator's view of `room` after `seconds` of session, by its agenda `clock`.
    pub fn of(
        scenario: &Scenario,
        room: &Room,
        clock: Option<&AgendaClock>,
        seconds: f32,
    ) -> Briefing {
        let workshop = room.workshop();
        let stage = room.stage();
        let shown = room.shown_team().map(|t| &workshop.teams()[t]);
        let deciding = matches!(
            stage,
            Stage::Read | Stage::Discuss | Stage::Vote | Stage::TieBreak
        );
        let run = room.team().map(|t| &workshop.teams()[t].run);
        let node = run
            .filter(|_| deciding || stage == Stage::Meanwhile)
            .map(|r| scenario.node(r.state().node()));
        let options = match (run, deciding) {
            (Some(run), true) => room
                .available(scenario)
                .iter()
                .enumerate()
                .map(|(position, &choice)| {
                    let c = node.map(|n| n.choice(choice));
                    OptionBrief {
                        number: position + 1,
                        text: c.map_or(String::new(), |c| c.text.render(scenario, run.state())),
                        note: c.map_or(String::new(), |c| c.note.render(scenario, run.state())),
                        likely: likely(scenario, run.state(), choice),
                        votes: votes(&room.counts(), choice),
                        selected: matches!(stage, Stage::Vote) && position == room.selected(),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        let plan = scenario.facilitation.as_ref();
        let note = node
            .and_then(|n| scenario.node_index(&n.id))
            .and_then(|id| plan?.note(id));
        let (phase, left) = clock.map_or((None, None), |c| {
            let (phase, left) = c.phase_at(seconds);
            (phase.map(|p| p.kind.label().to_owned()), Some(left))
        });
        let agenda = clock.map_or_else(Vec::new, |c| {
            let (now, _) = c.phase_at(seconds);
            c.agenda()
                .phases
                .iter()
                .map(|p| PhaseBrief {
                    label: p.kind.label().to_owned(),
                    minutes: p.minutes,
                    notes: p.notes.clone(),
                    now: now.is_some_and(|n| std::ptr::eq(n, p)),
                })
                .collect()
        });
        let countdown = room.countdown();
        Briefing {
            title: scenario.title.clone(),
            stage: stage.label().to_owned(),
            team: shown.map(|t| t.team.name.clone()),
            decision: shown.map_or(0, |t| match stage {
                Stage::Reveal => t.room_votes(),
                _ => t.room_votes() + 1,
            }),
            countdown: (stage == Stage::Discuss && countdown.total > 0.0)
                .then(|| countdown.display()),
            paused: room.controls().paused,
            blank: room.controls().blank,
            prompt_shown: room.controls().prompt,
            prompt: node.and_then(|n| n.prompt.clone()),
            teaches: note.map(|n| n.teaches.clone()),
            split: note.map(|n| n.split.clone()),
            options,
            message: room.message().map(str::to_owned),
            pace: clock.map(|c| c.pace(seconds, workshop.order().len() as u32).words()),
            phase,
            minutes_left: left,
            agenda,
            objectives: plan.map_or_else(Vec::new, |p| p.objectives.clone()),
            lessons: match (stage, plan) {
                (Stage::Debrief, Some(plan)) => workshop
                    .teams()
                    .iter()
                    .filter_map(|t| {
                        let ending = t.run.ending(scenario)?;
                        let id = scenario.endings.iter().position(|e| e.id == ending.id)?;
                        let lesson = plan.lesson(crate::model::EndingId(id as u16))?;
                        Some(format!(
                            "{} reached “{}”: {lesson}",
                            t.team.name, ending.title
                        ))
                    })
                    .collect(),
                _ => Vec::new(),
            },
            keys: keys(stage).to_owned(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What choosing this option now would do: the visible changes and where the story goes.
fn likely(scenario: &Scenario, state: &State, choice: crate::model::ChoiceIdx) -> String {
    let mut after = state.clone();
    after.step(scenario, choice, Pick::Draw, &mut ());
    let changes: Vec<String> = scenario
        .meters
        .iter()
        .zip(state.meters().iter().zip(after.meters()))
        .filter(|(m, (b, a))| m.visible && b != a)
        .map(|(m, (b, a))| format!("{} {:+}", m.label, a - b))
        .collect();
    let next = if after.is_playing() {
        let node = scenario.node(after.node());
        match node.speaker {
            Some(s) => format!("then {}", scenario.stakeholder(s).name),
            None => "then the story goes on".to_owned(),
        }
    } else {
        "then the end".to_owned()
    };
    match changes.is_empty() {
        true => format!("No visible change; {next}."),
        false => format!("{}; {next}.", changes.join(", ")),
    }
}

fn keys(stage: Stage) -> &'static str {
    match stage {
        Stage::Meanwhile => "PageDown: on to the room's decision",
        Stage::Read => "PageDown: discuss (or vote, without a timer)",
        Stage::Discuss => "Space: pause · E: +30 s · PageDown: vote",
        Stage::Vote => "Up/Down: option · digits: count · + −: adjust · PageDown: reveal",
        Stage::TieBreak => "A tie: the number of the tied option the room goes with",
        Stage::Reveal => "PageDown: on · PageUp: take it back",
        Stage::Handover => "PageDown: hand over to the next team",
        Stage::Debrief => "The debrief is on the room's screen: C notes a commitment",
    }
}
