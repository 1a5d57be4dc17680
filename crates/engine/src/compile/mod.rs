//! From the authored file to a [`Scenario`]: every id resolved to an index, every problem
//! collected (not only the first), each with the place in the file it is about.
//!
//! The work is split by what is compiled: the cast and meters (`cast`), references to them
//! (`refs`), conditions, effects and weights (`logic`), texts (`text`), nodes, choices and
//! events (`nodes`), and the checks over the whole (`checks`).

mod cast;
mod checks;
mod facilitation;
mod logic;
mod nodes;
mod refs;
mod text;

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::format::{FORMAT_VERSION, Priority, ScenarioFile};
use crate::model::{END, MeterId, NodeId, RESUME, Rules, Scenario, StakeholderId};
use crate::source::{Span, Spanned, shown};

/// Flags and events are tracked in fixed bit sets of this size.
pub const MAX_FLAGS: usize = 256;
pub const MAX_EVENTS: usize = 256;
/// Texts track who they have named in a 64-bit set.
pub const MAX_CAST: usize = 64;
pub const MAX_NODES: usize = u16::MAX as usize;
/// The longest id: ids are names a person types, not data.
pub const MAX_ID_CHARS: usize = 64;

pub use facilitation::PIVOTAL;

/// Documented bounds: values beyond them are refused with a located error, so no sum the
/// engine works out can overflow.
pub mod bounds {
    /// A meter's `min`, `max` and `start` lie within ±this.
    pub const METER: i32 = 1_000_000;
    /// `Add`, `Sub` and `Set` take values within ±this (twice the widest range).
    pub const CHANGE: i32 = 2_000_000;
    /// The clock's `start` and `deadline` lie within ±this.
    pub const CLOCK: i32 = 1_000_000;
    /// `Days(n)` and `Deadline(n)` move the clock by at most this.
    pub const CLOCK_STEP: i32 = 10_000;
    /// A choice gives or takes at most this many points in one competency.
    pub const POINTS: i32 = 100;
    /// `Later(after: n)`: n decisions at most.
    pub const AFTER: u32 = 1_000;
    /// A choice has at most this many random outcomes.
    pub const OUTCOMES: usize = 64;
    /// Conditions nest at most this deep.
    pub const CONDITION_DEPTH: usize = 128;
    /// A stakeholder's or a meter's weight in the score.
    pub const SCORE_WEIGHT: u32 = 1_000;
    /// `competency_scale` at most.
    pub const COMPETENCY_SCALE: u32 = 1_000;
    /// An estimate of minutes for one playthrough.
    pub const MINUTES: u32 = 600;
}

impl Scenario {
    /// Compile an authored file. Returns the scenario and its warnings, or every error found
    /// (with the warnings). `fingerprint` identifies the source bytes.
    pub fn compile(
        file: &ScenarioFile,
        fingerprint: u64,
    ) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
        Compiler::new(file).compile(fingerprint)
    }

    /// Work out once the length of every choice text that reads the same on every path.
    fn fix_lengths(&mut self) {
        let lengths: Vec<Vec<Option<usize>>> = self
            .nodes
            .iter()
            .map(|n| {
                n.choices
                    .iter()
                    .map(|c| c.text.fixed_length(self))
                    .collect()
            })
            .collect();
        for (node, lengths) in self.nodes.iter_mut().zip(lengths) {
            for (choice, length) in node.choices.iter_mut().zip(lengths) {
                choice.fixed_length = length;
            }
        }
    }
}

/// Resolves ids into indices, collecting every problem instead of stopping at the first.
pub(crate) struct Compiler<'f> {
    file: &'f ScenarioFile,
    format: u32,
    meters: HashMap<&'f str, crate::model::MeterId>,
    stakeholders: HashMap<&'f str, StakeholderId>,
    flags: HashMap<&'f str, crate::model::FlagId>,
    nodes: HashMap<&'f str, NodeId>,
    diagnostics: Vec<Diagnostic>,
    /// The words that name each meter in speech, worked out once for the texts that need them.
    meter_words: Vec<Vec<String>>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub(crate) fn node_place(node: &str) -> String {
    format!("node `{}`", shown(node))
}

pub(crate) fn choice_place(node: &str, choice: &str) -> String {
    format!("node `{}`, choice `{}`", shown(node), shown(choice))
}

impl<'f> Compiler<'f> {
    fn new(file: &'f ScenarioFile) -> Self {
        Compiler {
            file,
            format: file.format.value,
            meters: HashMap::new(),
            stakeholders: HashMap::new(),
            flags: HashMap::new(),
            nodes: HashMap::new(),
            diagnostics: Vec::new(),
            meter_words: text::meter_words(file),
        }
    }

    fn error(&mut self, span: Span, place: impl Into<String>, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(place, message).spanned(span));
    }

    fn warning(
        &mut self,
        code: &'static str,
        span: Span,
        place: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::warning(code, place, message).spanned(span));
    }

    /// Refuse a feature of format 2 in an older file.
    fn needs_v2(&mut self, span: Span, place: &str, feature: &str) {
        if self.format < 2 {
            self.error(
                span,
                place,
                format!(
                    "{feature} needs `format: 2` (this file is format {})",
                    self.format
                ),
            );
        }
    }

    /// An id's own problems: its characters and its length.
    fn check_id(&mut self, id: &Spanned<String>, place: &str) {
        if id.value.chars().count() > MAX_ID_CHARS {
            self.error(
                id.span,
                place,
                format!("an id is at most {MAX_ID_CHARS} characters"),
            );
        } else if !valid_id(&id.value) {
            self.error(
                id.span,
                place,
                "an id is lowercase letters, digits, `_` and `-`",
            );
        }
    }

    /// Register the ids of one kind, reporting malformed and duplicate ones.
    fn declare<T: Copy>(
        &mut self,
        kind: &str,
        ids: impl IntoIterator<Item = &'f Spanned<String>>,
        index: impl Fn(usize) -> T,
    ) -> HashMap<&'f str, T> {
        let mut map = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            let place = format!("{kind} `{}`", shown(&id.value));
            self.check_id(id, &place);
            if map.insert(id.value.as_str(), index(i)).is_some() {
                self.error(id.span, place, format!("two {kind}s have this id"));
            }
        }
        map
    }

    fn compile(mut self, fingerprint: u64) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
        let f = self.file;
        self.check_metadata();

        self.meters = self.declare("meter", f.meters.iter().map(|m| &m.id), |i| {
            crate::model::MeterId::at(i)
        });
        self.stakeholders = self.declare(
            "stakeholder",
            f.cast.iter().map(|s| &s.id),
            StakeholderId::at,
        );
        self.flags = self.declare(
            "flag",
            f.flags.iter().map(|s| &s.id),
            crate::model::FlagId::at,
        );
        self.nodes = self.declare("node", f.nodes.iter().map(|n| &n.id), NodeId::at);
        self.declare("event", f.events.iter().map(|e| &e.id), |i| i);
        self.declare("ending", f.endings.iter().map(|e| &e.id), |i| i);
        for reserved in [END, RESUME] {
            if let Some(node) = f.nodes.iter().find(|n| n.id.value == reserved) {
                self.error(
                    node.id.span,
                    node_place(reserved),
                    format!("`{reserved}` is reserved for `next`"),
                );
            }
        }
        for s in &f.cast {
            if self.meters.contains_key(s.id.value.as_str()) {
                self.error(
                    s.id.span,
                    format!("stakeholder `{}`", shown(&s.id)),
                    "a meter has the same id, so `{id}` in a text would be ambiguous",
                );
            }
        }
        let limits = [
            (
                "flags",
                f.flags.len(),
                MAX_FLAGS,
                f.flags.get(MAX_FLAGS).map(|x| x.span),
            ),
            (
                "events",
                f.events.len(),
                MAX_EVENTS,
                f.events.get(MAX_EVENTS).map(|x| x.span),
            ),
            (
                "stakeholders",
                f.cast.len(),
                MAX_CAST,
                f.cast.get(MAX_CAST).map(|x| x.span),
            ),
            (
                "nodes",
                f.nodes.len(),
                MAX_NODES,
                f.nodes.get(MAX_NODES).map(|x| x.span),
            ),
        ];
        for (what, count, max, first_extra) in limits {
            if count > max {
                self.error(
                    first_extra.unwrap_or(f.nodes.span),
                    what,
                    format!("at most {max} {what}; this file has {count}"),
                );
            }
        }

        let meters = self.compile_meters();
        let cast = self.compile_cast();
        let flags = self.compile_flags();
        let start = match self.nodes.get(f.start.value.as_str()) {
            Some(&n) => n,
            None => {
                let message = crate::diagnostic::unknown(
                    "start node",
                    &f.start,
                    f.nodes.iter().map(|n| n.id.value.as_str()),
                );
                self.error(f.start.span, "start", message);
                NodeId(0)
            }
        };
        let priorities = self.compile_priorities();
        if let Some(campaign) = &f.chapter_of {
            self.needs_v2(campaign.span, "chapter_of", "`chapter_of`");
        }
        let nodes = self.compile_nodes();
        let events = self.compile_events();
        let endings = self.compile_endings();
        let facilitation = self.compile_facilitation(&nodes);
        let allow = self.allow_list(&f.allow, "the scenario");
        let mut scenario = Scenario {
            rules: Rules {
                format: self.format,
            },
            id: f.id.value.clone(),
            title: f.title.value.clone(),
            summary: f.summary.value.clone(),
            minutes: f.minutes.value,
            difficulty: f.difficulty,
            competencies: f.competencies.value.clone(),
            chapter_of: f.chapter_of.as_ref().map(|c| c.value.clone()),
            priorities,
            cast,
            meters,
            flags,
            clock: f.clock.as_ref().map(|c| c.value.clone()),
            start,
            nodes,
            events,
            endings,
            scoring: f
                .scoring
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default(),
            discussion: f.discussion.iter().map(|d| d.value.clone()).collect(),
            facilitation,
            allow,
            fingerprint,
            id_span: f.id.span,
            endings_span: f.endings.span,
        };
        scenario.fix_lengths();
        self.check_whole(&scenario);
        let diagnostics = checks::acknowledged(&scenario, self.diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            Err(diagnostics)
        } else {
            Ok((scenario, diagnostics))
        }
    }

    /// Each priority the scenario maps, with the meters or stakeholders' trust it stands for.
    fn compile_priorities(&mut self) -> Vec<(Priority, Vec<MeterId>)> {
        let Some(file) = &self.file.priorities else {
            return Vec::new();
        };
        self.needs_v2(file.span, "priorities", "`priorities`");
        let mut mapped = Vec::new();
        for (priority, ids) in file.value.each() {
            let place = format!("priority `{}`", priority.key());
            let mut meters = Vec::new();
            for id in ids {
                let found = match self.stakeholders.get(id.value.as_str()) {
                    Some(&s) => Some(self.stakeholder_trust(s)),
                    None if self.meters.contains_key(id.value.as_str()) => {
                        self.meter_ref(id.span, &place, &id.value)
                    }
                    None => {
                        let message = crate::diagnostic::unknown(
                            "meter or stakeholder",
                            id,
                            self.file
                                .meters
                                .iter()
                                .map(|m| m.id.value.as_str())
                                .chain(self.file.cast.iter().map(|s| s.id.value.as_str())),
                        );
                        self.error(id.span, &place, message);
                        None
                    }
                };
                if let Some(m) = found {
                    if meters.contains(&m) {
                        self.error(id.span, &place, "listed twice for this priority");
                    } else {
                        meters.push(m);
                    }
                }
            }
            if !meters.is_empty() {
                mapped.push((priority, meters));
            }
        }
        if mapped.len() < 2 {
            self.error(
                file.span,
                "priorities",
                "map at least two priorities, so a player has two to pick",
            );
        }
        mapped
    }

    fn check_metadata(&mut self) {
        let f = self.file;
        if !(1..=FORMAT_VERSION).contains(&f.format.value) {
            self.error(
                f.format.span,
                "format",
                format!(
                    "format {} is not supported; this version reads formats 1 to {FORMAT_VERSION}",
                    f.format.value
                ),
            );
        }
        self.check_id(&f.id, "id");
        for (field, value) in [("title", &f.title), ("summary", &f.summary)] {
            self.plain_text(value, field, field);
        }
        if f.minutes.value == 0 || f.minutes.value > bounds::MINUTES {
            self.error(
                f.minutes.span,
                "minutes",
                format!("minutes for one playthrough: 1 to {}", bounds::MINUTES),
            );
        }
        if f.competencies.value.is_empty() {
            self.error(
                f.competencies.span,
                "competencies",
                "list at least one competency the scenario trains",
            );
        }
        if let Some(scoring) = &f.scoring {
            let s = &scoring.value;
            let sum = u64::from(s.meters) + u64::from(s.competencies) + u64::from(s.ending);
            if sum != 100 {
                self.error(
                    scoring.span,
                    "scoring",
                    format!("the weights add up to {sum}, not 100"),
                );
            }
            if !(1..=bounds::COMPETENCY_SCALE).contains(&s.competency_scale) {
                self.error(
                    scoring.span,
                    "scoring",
                    format!("`competency_scale` is 1 to {}", bounds::COMPETENCY_SCALE),
                );
            }
        }
        if let Some(clock) = &f.clock {
            let c = &clock.value;
            if c.label.trim().is_empty() {
                self.error(clock.span, "clock", "empty label");
            }
            for (field, value) in [("start", c.start), ("deadline", c.deadline)] {
                if value.unsigned_abs() > bounds::CLOCK.unsigned_abs() {
                    self.error(
                        clock.span,
                        "clock",
                        format!("`{field}` {value} is outside ±{}", bounds::CLOCK),
                    );
                }
            }
        }
        for d in &f.discussion {
            self.plain_text(d, "discussion", "discussion question");
        }
    }

    /// A text that shows as written: not empty, and no control characters.
    fn plain_text(&mut self, text: &Spanned<String>, place: &str, what: &str) {
        if text.value.trim().is_empty() {
            self.error(text.span, place, format!("empty {what}"));
        } else if let Some(c) = text::control_character(&text.value) {
            self.error(text.span, place, format!("{what}: {c}"));
        }
    }

    /// Acknowledged warnings: each must name a warning this engine gives.
    fn allow_list(&mut self, allow: &[Spanned<String>], place: &str) -> Vec<String> {
        if let Some(first) = allow.first() {
            self.needs_v2(first.span, place, "`allow`");
        }
        for a in allow {
            if !crate::diagnostic::WARNINGS
                .iter()
                .any(|(code, _)| *code == a.value)
            {
                let message = crate::diagnostic::unknown(
                    "warning",
                    &a.value,
                    crate::diagnostic::WARNINGS.iter().map(|(c, _)| *c),
                );
                self.error(a.span, place, format!("{message} in `allow`"));
            }
        }
        allow.iter().map(|a| a.value.clone()).collect()
    }
}
