//! The facilitation block (format 2): what a facilitator needs to run the scenario with a
//! room — objectives, two timed agendas, a note on each pivotal decision, what each ending
//! teaches, and the debrief's questions. None of it reaches the room's screen.

use serde::Deserialize;

use crate::source::Spanned;

/// ```ron
/// facilitation: Facilitation(
///     objectives: ["Give feedback that names behaviour and its impact."],
///     agenda_60: [Brief(5, "…"), Play(30, "…"), Debrief(20, "…"), Commit(5, "…")],
///     agenda_90: [Brief(10, "…"), Play(45, "…"), Break(5, "…"), Debrief(25, "…"), Commit(5, "…")],
///     pivotal: [Pivotal(node: "first_talk", teaches: "…", split: "…")],
///     endings: [Lesson(ending: "trusted", teaches: "…")],
///     debrief: Debrief(feel: […], happened: […], learned: […], work: […], what_if: […], next: […]),
/// ),
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Facilitation")]
pub struct FacilitationFile {
    pub objectives: Spanned<Vec<Spanned<String>>>,
    /// The 60-minute session, which plays the cut: only the pivotal decisions go to the room.
    pub agenda_60: Spanned<Vec<Spanned<PhaseFile>>>,
    /// The 90-minute session, which plays every decision.
    pub agenda_90: Spanned<Vec<Spanned<PhaseFile>>>,
    pub pivotal: Spanned<Vec<Spanned<PivotalFile>>>,
    pub endings: Spanned<Vec<Spanned<LessonFile>>>,
    pub debrief: Spanned<DebriefFile>,
}

/// One phase of an agenda: its minutes and what the facilitator does in it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum PhaseFile {
    Brief(u32, String),
    Play(u32, String),
    Break(u32, String),
    Debrief(u32, String),
    Commit(u32, String),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Pivotal")]
pub struct PivotalFile {
    pub node: Spanned<String>,
    pub teaches: Spanned<String>,
    /// The split a room usually shows, and why.
    pub split: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Lesson")]
pub struct LessonFile {
    pub ending: Spanned<String>,
    pub teaches: Spanned<String>,
}

/// The debrief's questions in its six phases.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Debrief")]
pub struct DebriefFile {
    pub feel: Vec<Spanned<String>>,
    pub happened: Vec<Spanned<String>>,
    pub learned: Vec<Spanned<String>>,
    pub work: Vec<Spanned<String>>,
    pub what_if: Vec<Spanned<String>>,
    pub next: Vec<Spanned<String>>,
}
