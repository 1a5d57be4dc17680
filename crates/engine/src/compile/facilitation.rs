//! The facilitation block: every node and ending it names resolved, the agendas' minutes
//! added up, and what it leaves out said as a warning, so a draft still plays.

use super::Compiler;
use crate::format::{DebriefFile, FacilitationFile, PhaseFile};
use crate::model::{
    Agenda, Debrief, DebriefPhase, EndingId, Facilitation, Node, Phase, PhaseKind, PivotalNote,
};
use crate::source::{Spanned, shown};

/// A 60-minute cut needs enough pivotal decisions to be worth debriefing, and few enough
/// to fit.
pub const PIVOTAL: std::ops::RangeInclusive<usize> = 6..=10;
/// The most minutes one phase of an agenda may take: a whole session is a few hours.
const PHASE_MINUTES: u32 = 240;

impl Compiler<'_> {
    pub(super) fn compile_facilitation(&mut self, nodes: &[Node]) -> Option<Facilitation> {
        let f = self.file;
        let pivotal_nodes = nodes.iter().filter(|n| n.pivotal).count();
        let Some(block) = &f.facilitation else {
            return None;
        };
        self.needs_v2(block.span, "facilitation", "`facilitation`");
        let b = &block.value;
        if !PIVOTAL.contains(&pivotal_nodes) {
            self.warning(
                "pivotal-count",
                block.span,
                "facilitation",
                format!(
                    "{pivotal_nodes} nodes are marked `pivotal`: a 60-minute cut wants {} to {}",
                    PIVOTAL.start(),
                    PIVOTAL.end()
                ),
            );
        }
        if let Some(first) = f.discussion.first() {
            self.error(
                first.span,
                "discussion",
                "with a `facilitation` block, the debrief's questions go in its `debrief`",
            );
        }
        let facilitation = Facilitation {
            objectives: self.objectives(b),
            short: self.agenda(&b.agenda_60, "agenda_60", 60),
            full: self.agenda(&b.agenda_90, "agenda_90", 90),
            pivotal: self.pivotal_notes(b, nodes),
            lessons: self.lessons(b),
            debrief: self.debrief(&b.debrief),
        };
        Some(facilitation)
    }

    fn objectives(&mut self, b: &FacilitationFile) -> Vec<String> {
        if b.objectives.value.is_empty() {
            self.error(
                b.objectives.span,
                "facilitation.objectives",
                "name at least one thing the session teaches",
            );
        }
        b.objectives
            .value
            .iter()
            .map(|o| {
                self.plain_text(o, "facilitation.objectives", "objective");
                o.value.clone()
            })
            .collect()
    }

    fn agenda(
        &mut self,
        agenda: &Spanned<Vec<Spanned<PhaseFile>>>,
        place: &str,
        length: u32,
    ) -> Agenda {
        let mut phases = Vec::new();
        for phase in &agenda.value {
            let (kind, minutes, notes) = match &phase.value {
                PhaseFile::Brief(m, n) => (PhaseKind::Brief, *m, n),
                PhaseFile::Play(m, n) => (PhaseKind::Play, *m, n),
                PhaseFile::Break(m, n) => (PhaseKind::Break, *m, n),
                PhaseFile::Debrief(m, n) => (PhaseKind::Debrief, *m, n),
                PhaseFile::Commit(m, n) => (PhaseKind::Commit, *m, n),
            };
            if !(1..=PHASE_MINUTES).contains(&minutes) {
                self.error(
                    phase.span,
                    place,
                    format!("a phase lasts 1 to {PHASE_MINUTES} minutes, not {minutes}"),
                );
            }
            self.plain_text(
                &Spanned::new(phase.span, notes.clone()),
                place,
                "phase's notes",
            );
            phases.push(Phase {
                kind,
                minutes: minutes.min(PHASE_MINUTES),
                notes: notes.clone(),
            });
        }
        let agenda_made = Agenda { phases };
        let sum = agenda_made.minutes();
        if sum != length {
            self.error(
                agenda.span,
                place,
                format!("its phases add up to {sum} minutes, not {length}"),
            );
        }
        for kind in [PhaseKind::Play, PhaseKind::Debrief] {
            if !agenda_made.phases.iter().any(|p| p.kind == kind) {
                self.error(
                    agenda.span,
                    place,
                    format!("a session needs a `{kind:?}` phase"),
                );
            }
        }
        let debrief: u32 = agenda_made
            .phases
            .iter()
            .filter(|p| matches!(p.kind, PhaseKind::Debrief | PhaseKind::Commit))
            .map(|p| p.minutes)
            .sum();
        if debrief * 2 < agenda_made.play_minutes() {
            self.warning(
                "facilitation",
                agenda.span,
                place,
                format!(
                    "{debrief} minutes of debrief for {} of play: give the debrief at least half the play's time",
                    agenda_made.play_minutes()
                ),
            );
        }
        agenda_made
    }

    fn pivotal_notes(&mut self, b: &FacilitationFile, nodes: &[Node]) -> Vec<PivotalNote> {
        let place = "facilitation.pivotal";
        let mut notes: Vec<PivotalNote> = Vec::new();
        for p in &b.pivotal.value {
            let n = &p.value;
            self.plain_text(&n.teaches, place, "note on what it teaches");
            self.plain_text(&n.split, place, "note on the room's split");
            let Some(&id) = self.nodes.get(n.node.value.as_str()) else {
                let message = crate::diagnostic::unknown(
                    "node",
                    &n.node.value,
                    self.file.nodes.value.iter().map(|n| n.id.value.as_str()),
                );
                self.error(n.node.span, place, message);
                continue;
            };
            if !nodes[id.index()].pivotal {
                self.error(
                    n.node.span,
                    place,
                    format!(
                        "node `{}` is not marked `pivotal: true`",
                        shown(&n.node.value)
                    ),
                );
            }
            if notes.iter().any(|known| known.node == id) {
                self.error(n.node.span, place, "this node has a note already");
                continue;
            }
            notes.push(PivotalNote {
                node: id,
                teaches: n.teaches.value.clone(),
                split: n.split.value.clone(),
            });
        }
        for node in nodes.iter().filter(|n| n.pivotal) {
            let id = self.nodes.get(node.id.as_str()).copied();
            if !notes.iter().any(|n| Some(n.node) == id) {
                self.warning(
                    "facilitation",
                    node.span,
                    crate::compile::node_place(&node.id),
                    "a pivotal node with no note in `facilitation.pivotal`: the presenter window has nothing to say about it",
                );
            }
        }
        notes
    }

    fn lessons(&mut self, b: &FacilitationFile) -> Vec<(EndingId, String)> {
        let place = "facilitation.endings";
        let endings = &self.file.endings.value;
        let mut lessons: Vec<(EndingId, String)> = Vec::new();
        for l in &b.endings.value {
            self.plain_text(&l.value.teaches, place, "lesson");
            let Some(i) = endings
                .iter()
                .position(|e| e.id.value == l.value.ending.value)
            else {
                let message = crate::diagnostic::unknown(
                    "ending",
                    &l.value.ending.value,
                    endings.iter().map(|e| e.id.value.as_str()),
                );
                self.error(l.value.ending.span, place, message);
                continue;
            };
            let id = EndingId::at(i);
            if lessons.iter().any(|(e, _)| *e == id) {
                self.error(
                    l.value.ending.span,
                    place,
                    "this ending has a lesson already",
                );
                continue;
            }
            lessons.push((id, l.value.teaches.value.clone()));
        }
        for (i, e) in endings.iter().enumerate() {
            if !lessons.iter().any(|(id, _)| id.index() == i) {
                self.warning(
                    "facilitation",
                    e.span,
                    format!("ending `{}`", shown(&e.id.value)),
                    "an ending with no lesson in `facilitation.endings`: the debrief cannot say what reaching it teaches",
                );
            }
        }
        lessons
    }

    fn debrief(&mut self, d: &Spanned<DebriefFile>) -> Debrief {
        let file = &d.value;
        let mut questions = Vec::new();
        for phase in DebriefPhase::ALL {
            let asked = match phase {
                DebriefPhase::Feel => &file.feel,
                DebriefPhase::Happened => &file.happened,
                DebriefPhase::Learned => &file.learned,
                DebriefPhase::Work => &file.work,
                DebriefPhase::WhatIf => &file.what_if,
                DebriefPhase::Next => &file.next,
            };
            let place = format!("facilitation.debrief.{}", phase.key());
            let wanted = if phase == DebriefPhase::Work { 2 } else { 1 };
            if asked.len() < wanted {
                self.warning(
                    "facilitation",
                    d.span,
                    &place,
                    match phase {
                        DebriefPhase::Work => {
                            "ask at least two questions about the participants' own teams"
                                .to_owned()
                        }
                        _ => format!("no questions for “{}”", phase.label()),
                    },
                );
            }
            for q in asked {
                self.plain_text(q, &place, "question");
            }
            questions.push((phase, asked.iter().map(|q| q.value.clone()).collect()));
        }
        Debrief { questions }
    }
}
