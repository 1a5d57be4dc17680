//! A scenario's session plan, compiled: what the presenter window and the facilitator's sheet
//! show. The room's screen never reads it.

use super::{EndingId, NodeId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facilitation {
    pub objectives: Vec<String>,
    /// The 60-minute session, which plays the cut.
    pub short: Agenda,
    /// The 90-minute session, which plays every decision.
    pub full: Agenda,
    /// One note per pivotal node, in the order the file lists them.
    pub pivotal: Vec<PivotalNote>,
    /// What each ending teaches, by ending.
    pub lessons: Vec<(EndingId, String)>,
    pub debrief: Debrief,
}

impl Facilitation {
    pub fn note(&self, node: NodeId) -> Option<&PivotalNote> {
        self.pivotal.iter().find(|p| p.node == node)
    }

    pub fn lesson(&self, ending: EndingId) -> Option<&str> {
        self.lessons
            .iter()
            .find(|(e, _)| *e == ending)
            .map(|(_, text)| text.as_str())
    }
}

/// A session's phases in order; their minutes add up to the session's length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda {
    pub phases: Vec<Phase>,
}

impl Agenda {
    pub fn minutes(&self) -> u32 {
        self.phases.iter().map(|p| p.minutes).sum()
    }

    /// The minutes the room spends deciding.
    pub fn play_minutes(&self) -> u32 {
        self.phases
            .iter()
            .filter(|p| p.kind == PhaseKind::Play)
            .map(|p| p.minutes)
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub kind: PhaseKind,
    pub minutes: u32,
    /// What the facilitator does in it.
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhaseKind {
    /// Framing the session before play.
    Brief,
    /// The room decides.
    Play,
    Break,
    /// The six-phase debrief.
    Debrief,
    /// "What will you try differently on Monday?"
    Commit,
}

impl PhaseKind {
    pub fn label(self) -> &'static str {
        match self {
            PhaseKind::Brief => "Brief",
            PhaseKind::Play => "Play",
            PhaseKind::Break => "Break",
            PhaseKind::Debrief => "Debrief",
            PhaseKind::Commit => "Commitments",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PivotalNote {
    pub node: NodeId,
    pub teaches: String,
    /// The split a room usually shows.
    pub split: String,
}

/// The debrief's questions, by phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debrief {
    pub questions: Vec<(DebriefPhase, Vec<String>)>,
}

impl Debrief {
    pub fn of(&self, phase: DebriefPhase) -> &[String] {
        self.questions
            .iter()
            .find(|(p, _)| *p == phase)
            .map_or(&[], |(_, q)| q.as_slice())
    }
}

/// The six phases of a debrief, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DebriefPhase {
    Feel,
    Happened,
    Learned,
    Work,
    WhatIf,
    Next,
}

impl DebriefPhase {
    pub const ALL: [DebriefPhase; 6] = [
        DebriefPhase::Feel,
        DebriefPhase::Happened,
        DebriefPhase::Learned,
        DebriefPhase::Work,
        DebriefPhase::WhatIf,
        DebriefPhase::Next,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DebriefPhase::Feel => "How did it feel?",
            DebriefPhase::Happened => "What happened?",
            DebriefPhase::Learned => "What did you learn?",
            DebriefPhase::Work => "How does it relate to your work?",
            DebriefPhase::WhatIf => "What if…?",
            DebriefPhase::Next => "What next?",
        }
    }

    /// The field that holds it in the file.
    pub fn key(self) -> &'static str {
        match self {
            DebriefPhase::Feel => "feel",
            DebriefPhase::Happened => "happened",
            DebriefPhase::Learned => "learned",
            DebriefPhase::Work => "work",
            DebriefPhase::WhatIf => "what_if",
            DebriefPhase::Next => "next",
        }
    }
}
