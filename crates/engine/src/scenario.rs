//! A compiled scenario: the authored file with every reference resolved to an index, ready
//! to be played thousands of times a second.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::format::{
    ChoiceFile, Clock, Cmp, Competency, ConditionFile, Difficulty, EffectFile, FORMAT_VERSION, Op,
    Rating, ScenarioFile, Scoring,
};
use crate::text::{Names, Text};

pub type MeterIdx = u16;
pub type FlagIdx = u16;
pub type NodeIdx = u16;
pub type EventIdx = u16;
pub type EndingIdx = u16;

/// Flags and events are tracked in fixed bit sets of this size.
pub const MAX_FLAGS: usize = 256;
pub const MAX_EVENTS: usize = 256;
const MAX_NODES: usize = u16::MAX as usize;

/// The reserved `next` targets.
pub const END: &str = "end";
pub const RESUME: &str = "resume";

#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub difficulty: Difficulty,
    pub competencies: Vec<Competency>,
    pub cast: Vec<Stakeholder>,
    /// Declared meters first, then one trust meter per stakeholder, in cast order.
    pub meters: Vec<Meter>,
    pub flags: Vec<Flag>,
    pub clock: Option<Clock>,
    pub start: NodeIdx,
    pub nodes: Vec<Node>,
    pub events: Vec<Event>,
    pub endings: Vec<Ending>,
    pub scoring: Scoring,
    pub discussion: Vec<String>,
    /// A hash of the source text: a saved run only resumes on the scenario it was made with.
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct Stakeholder {
    pub id: String,
    pub name: String,
    pub role: String,
    pub wants: String,
    pub trust: MeterIdx,
}

#[derive(Debug, Clone)]
pub struct Meter {
    /// The declared id; a trust meter's id is the stakeholder's id.
    pub id: String,
    pub label: String,
    pub min: i32,
    pub max: i32,
    pub start: i32,
    pub visible: bool,
    pub higher_is_better: bool,
    pub weight: u32,
    pub description: String,
    /// The stakeholder whose trust this is.
    pub stakeholder: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Flag {
    pub id: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    /// A cast index, or `None` for the narrator.
    pub speaker: Option<usize>,
    pub text: Text,
    pub choices: Vec<Choice>,
    pub prompt: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub text: Text,
    pub condition: Option<Condition>,
    /// Why the choice is unavailable, shown when its condition is false.
    pub disabled: Option<Text>,
    pub effects: Vec<Effect>,
    pub outcomes: Vec<Outcome>,
    /// The sum of the outcomes' weights.
    pub total_weight: u32,
    pub later: Vec<Later>,
    pub result: Option<Text>,
    /// The coach's note for the debrief.
    pub note: Text,
    pub competencies: Vec<(Competency, i32)>,
    pub next: Target,
}

impl Choice {
    /// The outcome a roll in `0..total_weight` lands on.
    pub fn outcome_for_roll(&self, roll: u32) -> usize {
        let mut acc = 0;
        for (i, o) in self.outcomes.iter().enumerate() {
            acc += o.weight;
            if roll < acc {
                return i;
            }
        }
        self.outcomes.len() - 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Target {
    Node(NodeIdx),
    End,
    Resume,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub weight: u32,
    pub text: Text,
    pub effects: Vec<Effect>,
    pub next: Option<Target>,
}

#[derive(Debug, Clone)]
pub struct Later {
    pub after: u32,
    pub text: Text,
    pub effects: Vec<Effect>,
    pub condition: Option<Condition>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub when: Condition,
    pub text: Text,
    pub effects: Vec<Effect>,
    pub goto: Option<NodeIdx>,
    pub repeat: bool,
}

#[derive(Debug, Clone)]
pub struct Ending {
    pub id: String,
    pub condition: Option<Condition>,
    pub title: String,
    pub epilogue: Text,
    pub rating: Rating,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Meter(MeterIdx, Cmp),
    Flag(FlagIdx),
    Day(Cmp),
    DaysLeft(Cmp),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Meter(MeterIdx, Op),
    SetFlag(FlagIdx),
    ClearFlag(FlagIdx),
    Days(i32),
    Deadline(i32),
}

impl Scenario {
    pub fn node_index(&self, id: &str) -> Option<NodeIdx> {
        self.nodes
            .iter()
            .position(|n| n.id == id)
            .map(|i| i as NodeIdx)
    }

    pub fn meter_index(&self, id: &str) -> Option<MeterIdx> {
        self.meters
            .iter()
            .position(|m| m.id == id)
            .map(|i| i as MeterIdx)
    }

    pub fn node(&self, idx: NodeIdx) -> &Node {
        &self.nodes[usize::from(idx)]
    }

    /// The speaker's name and role, or `None` for the narrator.
    pub fn speaker(&self, node: NodeIdx) -> Option<&Stakeholder> {
        self.node(node).speaker.map(|i| &self.cast[i])
    }

    /// Compile an authored file. Returns the scenario and its warnings, or every error found.
    pub fn compile(file: &ScenarioFile) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
        Compiler::new(file).compile()
    }
}

/// Resolves ids into indices, collecting every problem instead of stopping at the first.
struct Compiler<'f> {
    file: &'f ScenarioFile,
    meters: HashMap<&'f str, MeterIdx>,
    stakeholders: HashMap<&'f str, usize>,
    flags: HashMap<&'f str, FlagIdx>,
    nodes: HashMap<&'f str, NodeIdx>,
    diagnostics: Vec<Diagnostic>,
}

impl Names for Compiler<'_> {
    fn stakeholder(&self, id: &str) -> Option<usize> {
        self.stakeholders.get(id).copied()
    }
    fn stakeholder_trust(&self, stakeholder: usize) -> MeterIdx {
        (self.file.meters.len() + stakeholder) as MeterIdx
    }
    fn meter(&self, id: &str) -> Option<MeterIdx> {
        self.meters.get(id).copied()
    }
    fn has_clock(&self) -> bool {
        self.file.clock.is_some()
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn node_place(node: &str) -> String {
    format!("node `{node}`")
}

fn choice_place(node: &str, choice: &str) -> String {
    format!("node `{node}`, choice `{choice}`")
}

impl<'f> Compiler<'f> {
    fn new(file: &'f ScenarioFile) -> Self {
        Compiler {
            file,
            meters: HashMap::new(),
            stakeholders: HashMap::new(),
            flags: HashMap::new(),
            nodes: HashMap::new(),
            diagnostics: Vec::new(),
        }
    }

    fn error(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(place, message));
    }

    fn warning(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(place, message));
    }

    fn unknown(&self, kind: &str, id: &str, known: impl IntoIterator<Item = &'f str>) -> String {
        match did_you_mean(id, known) {
            Some(close) => format!("unknown {kind} `{id}` (did you mean `{close}`?)"),
            None => format!("unknown {kind} `{id}`"),
        }
    }

    /// Register the ids of one kind, reporting malformed and duplicate ones.
    fn declare<T: Copy>(
        &mut self,
        kind: &str,
        ids: impl IntoIterator<Item = &'f str>,
        index: impl Fn(usize) -> T,
    ) -> HashMap<&'f str, T> {
        let mut map = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            if !valid_id(id) {
                self.error(
                    format!("{kind} `{id}`"),
                    "an id is lowercase letters, digits, `_` and `-`",
                );
            }
            if map.insert(id, index(i)).is_some() {
                self.error(
                    format!("{kind} `{id}`"),
                    format!("two {kind}s have this id"),
                );
            }
        }
        map
    }

    fn compile(mut self) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
        let f = self.file;
        self.check_metadata();

        self.meters = self.declare("meter", f.meters.iter().map(|m| m.id.as_str()), |i| {
            i as MeterIdx
        });
        self.stakeholders =
            self.declare("stakeholder", f.cast.iter().map(|s| s.id.as_str()), |i| i);
        self.flags = self.declare("flag", f.flags.iter().map(|s| s.id.as_str()), |i| {
            i as FlagIdx
        });
        self.nodes = self.declare("node", f.nodes.iter().map(|n| n.id.as_str()), |i| {
            i as NodeIdx
        });
        self.declare("event", f.events.iter().map(|e| e.id.as_str()), |i| i);
        self.declare("ending", f.endings.iter().map(|e| e.id.as_str()), |i| i);
        for reserved in [END, RESUME] {
            if self.nodes.contains_key(reserved) {
                self.error(
                    node_place(reserved),
                    format!("`{reserved}` is reserved for `next`"),
                );
            }
        }
        for s in &f.cast {
            if self.meters.contains_key(s.id.as_str()) {
                self.error(
                    format!("stakeholder `{}`", s.id),
                    "a meter has the same id, so `{id}` in a text would be ambiguous",
                );
            }
        }
        if f.flags.len() > MAX_FLAGS {
            self.error("flags", format!("at most {MAX_FLAGS} flags"));
        }
        if f.events.len() > MAX_EVENTS {
            self.error("events", format!("at most {MAX_EVENTS} events"));
        }
        if f.nodes.len() > MAX_NODES {
            self.error("nodes", format!("at most {MAX_NODES} nodes"));
        }

        let meters = self.compile_meters();
        let start = match self.nodes.get(f.start.as_str()) {
            Some(&n) => n,
            None => {
                let message = self.unknown(
                    "start node",
                    &f.start,
                    f.nodes.iter().map(|n| n.id.as_str()),
                );
                self.error("start", message);
                0
            }
        };
        let cast = f
            .cast
            .iter()
            .enumerate()
            .map(|(i, s)| Stakeholder {
                id: s.id.clone(),
                name: s.name.clone(),
                role: s.role.clone(),
                wants: s.wants.clone(),
                trust: self.stakeholder_trust(i),
            })
            .collect();
        let nodes = f
            .nodes
            .iter()
            .map(|n| {
                let place = node_place(&n.id);
                let speaker = n.speaker.as_ref().and_then(|who| {
                    let found = self.stakeholders.get(who.as_str()).copied();
                    if found.is_none() {
                        let message =
                            self.unknown("speaker", who, f.cast.iter().map(|s| s.id.as_str()));
                        self.error(place.clone(), message);
                    }
                    found
                });
                if n.choices.is_empty() {
                    self.error(
                        place.clone(),
                        "no choices: a node needs a way forward (use `next: \"end\"` to finish)",
                    );
                }
                let mut seen = HashMap::new();
                for c in &n.choices {
                    if !valid_id(&c.id) {
                        self.error(
                            choice_place(&n.id, &c.id),
                            "an id is lowercase letters, digits, `_` and `-`",
                        );
                    }
                    if seen.insert(c.id.as_str(), ()).is_some() {
                        self.error(
                            choice_place(&n.id, &c.id),
                            "two choices of this node have this id",
                        );
                    }
                }
                Node {
                    id: n.id.clone(),
                    speaker,
                    text: self.text(&place, "text", &n.text),
                    choices: n.choices.iter().map(|c| self.choice(&n.id, c)).collect(),
                    prompt: n.prompt.clone(),
                }
            })
            .collect();
        let events = f
            .events
            .iter()
            .map(|e| {
                let place = format!("event `{}`", e.id);
                let goto = e.goto.as_ref().and_then(|g| {
                    let found = self.nodes.get(g.as_str()).copied();
                    if found.is_none() {
                        let message =
                            self.unknown("node", g, f.nodes.iter().map(|n| n.id.as_str()));
                        self.error(format!("{place}, goto"), message);
                    }
                    found
                });
                Event {
                    id: e.id.clone(),
                    when: self.condition(&place, &e.when),
                    text: self.text(&place, "text", &e.text),
                    effects: self.effects(&place, &e.effects),
                    goto,
                    repeat: e.repeat,
                }
            })
            .collect();
        if f.endings.is_empty() {
            self.error("endings", "a scenario needs at least one ending");
        }
        let endings: Vec<Ending> = f
            .endings
            .iter()
            .map(|e| {
                let place = format!("ending `{}`", e.id);
                if e.title.trim().is_empty() {
                    self.error(place.clone(), "empty title");
                }
                Ending {
                    id: e.id.clone(),
                    condition: e.condition.as_ref().map(|c| self.condition(&place, c)),
                    title: e.title.clone(),
                    epilogue: self.text(&place, "epilogue", &e.epilogue),
                    rating: e.rating,
                }
            })
            .collect();
        if let Some(i) = endings.iter().position(|e| e.condition.is_none())
            && i + 1 < endings.len()
        {
            for later in &endings[i + 1..] {
                self.warning(
                    format!("ending `{}`", later.id),
                    format!(
                        "never reached: ending `{}` before it has no condition and always wins",
                        endings[i].id
                    ),
                );
            }
        }
        self.check_flag_use();

        let scenario = Scenario {
            id: f.id.clone(),
            title: f.title.clone(),
            summary: f.summary.clone(),
            minutes: f.minutes,
            difficulty: f.difficulty,
            competencies: f.competencies.clone(),
            cast,
            meters,
            flags: f
                .flags
                .iter()
                .map(|fl| Flag {
                    id: fl.id.clone(),
                    description: fl.description.clone(),
                })
                .collect(),
            clock: f.clock.clone(),
            start,
            nodes,
            events,
            endings,
            scoring: f.scoring.clone(),
            discussion: f.discussion.clone(),
            fingerprint: 0,
        };
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            Err(self.diagnostics)
        } else {
            Ok((scenario, self.diagnostics))
        }
    }

    fn check_metadata(&mut self) {
        let f = self.file;
        if f.format != FORMAT_VERSION {
            self.error(
                "format",
                format!(
                    "format {} is not supported; this version reads format {FORMAT_VERSION}",
                    f.format
                ),
            );
        }
        if !valid_id(&f.id) {
            self.error("id", "an id is lowercase letters, digits, `_` and `-`");
        }
        for (field, value) in [("title", &f.title), ("summary", &f.summary)] {
            if value.trim().is_empty() {
                self.error(field, "empty text");
            }
        }
        if f.competencies.is_empty() {
            self.error(
                "competencies",
                "list at least one competency the scenario trains",
            );
        }
        let s = &f.scoring;
        if s.meters + s.competencies + s.ending != 100 {
            self.error(
                "scoring",
                format!(
                    "the weights add up to {}, not 100",
                    s.meters + s.competencies + s.ending
                ),
            );
        }
        if s.competency_scale == 0 {
            self.error("scoring", "`competency_scale` must be at least 1");
        }
        if let Some(clock) = &f.clock
            && clock.label.trim().is_empty()
        {
            self.error("clock", "empty label");
        }
    }

    fn compile_meters(&mut self) -> Vec<Meter> {
        let f = self.file;
        let mut meters = Vec::new();
        for m in &f.meters {
            let place = format!("meter `{}`", m.id);
            if m.min >= m.max {
                self.error(
                    place.clone(),
                    format!("min {} is not below max {}", m.min, m.max),
                );
            } else if !(m.min..=m.max).contains(&m.start) {
                self.error(
                    place.clone(),
                    format!("start {} is outside {}..={}", m.start, m.min, m.max),
                );
            }
            if m.label.trim().is_empty() {
                self.error(place, "empty label");
            }
            meters.push(Meter {
                id: m.id.clone(),
                label: m.label.clone(),
                min: m.min,
                max: m.max,
                start: m.start,
                visible: m.visible,
                higher_is_better: m.higher_is_better,
                weight: m.weight,
                description: m.description.clone(),
                stakeholder: None,
            });
        }
        for (i, s) in f.cast.iter().enumerate() {
            let place = format!("stakeholder `{}`", s.id);
            if !(0..=100).contains(&s.trust) {
                self.error(
                    place.clone(),
                    format!("trust {} is outside 0..=100", s.trust),
                );
            }
            for (field, value) in [("name", &s.name), ("role", &s.role), ("wants", &s.wants)] {
                if value.trim().is_empty() {
                    self.error(place.clone(), format!("empty {field}"));
                }
            }
            meters.push(Meter {
                id: s.id.clone(),
                label: format!("{}'s trust", s.name),
                min: 0,
                max: 100,
                start: s.trust,
                visible: true,
                higher_is_better: true,
                weight: s.weight,
                description: format!(
                    "How much {} trusts you. {} wants: {}",
                    s.name, s.name, s.wants
                ),
                stakeholder: Some(i),
            });
        }
        meters
    }

    fn text(&mut self, place: &str, field: &str, source: &str) -> Text {
        if source.trim().is_empty() {
            self.error(place, format!("empty {field}"));
        }
        match Text::parse(source, &*self) {
            Ok(text) => text,
            Err(message) => {
                self.error(place, format!("{field}: {message}"));
                Text::plain(source)
            }
        }
    }

    fn target(&mut self, place: &str, next: &str) -> Target {
        match next {
            END => Target::End,
            RESUME => Target::Resume,
            id => match self.nodes.get(id) {
                Some(&n) => Target::Node(n),
                None => {
                    let known = self
                        .file
                        .nodes
                        .iter()
                        .map(|n| n.id.as_str())
                        .chain([END, RESUME]);
                    let message = self.unknown("next node", id, known);
                    self.error(place, message);
                    Target::End
                }
            },
        }
    }

    fn choice(&mut self, node: &str, c: &ChoiceFile) -> Choice {
        let place = choice_place(node, &c.id);
        if c.note.trim().is_empty() {
            self.error(
                place.clone(),
                "empty coach's note: say what this choice trades",
            );
        }
        if c.disabled.is_some() && c.condition.is_none() {
            self.warning(
                place.clone(),
                "`disabled` has no effect without a `condition`",
            );
        }
        for competency in c.competencies.keys() {
            if !self.file.competencies.contains(competency) {
                self.warning(
                    place.clone(),
                    format!("points in {competency:?}, which the scenario does not list in `competencies`, are not scored"),
                );
            }
        }
        let outcomes = c
            .outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let place = format!("{place}, outcome {}", i + 1);
                if o.weight == 0 {
                    self.error(place.clone(), "weight 0: the outcome can never happen");
                }
                Outcome {
                    weight: o.weight,
                    text: self.text(&place, "text", &o.text),
                    effects: self.effects(&place, &o.effects),
                    next: o.next.as_deref().map(|n| self.target(&place, n)),
                }
            })
            .collect::<Vec<_>>();
        let total_weight = outcomes
            .iter()
            .map(|o| o.weight)
            .fold(0u32, u32::saturating_add);
        if outcomes.len() == 1 {
            self.warning(
                place.clone(),
                "a single outcome is not random: put its effects on the choice",
            );
        }
        let later = c
            .later
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let place = format!("{place}, later {}", i + 1);
                if l.after == 0 {
                    self.error(place.clone(), "`after` must be at least 1 decision");
                }
                Later {
                    after: l.after,
                    text: self.text(&place, "text", &l.text),
                    effects: self.effects(&place, &l.effects),
                    condition: l
                        .condition
                        .as_ref()
                        .map(|cond| self.condition(&place, cond)),
                }
            })
            .collect();
        Choice {
            id: c.id.clone(),
            text: self.text(&place, "text", &c.text),
            condition: c
                .condition
                .as_ref()
                .map(|cond| self.condition(&place, cond)),
            disabled: c
                .disabled
                .as_deref()
                .map(|d| self.text(&place, "disabled reason", d)),
            effects: self.effects(&place, &c.effects),
            outcomes,
            total_weight,
            later,
            result: c.result.as_deref().map(|r| self.text(&place, "result", r)),
            note: self.text(&place, "coach's note", &c.note),
            competencies: c.competencies.iter().map(|(k, v)| (*k, *v)).collect(),
            next: self.target(&place, &c.next),
        }
    }

    fn meter_ref(&mut self, place: &str, id: &str) -> Option<MeterIdx> {
        let found = self.meters.get(id).copied();
        if found.is_none() {
            let message = if self.stakeholders.contains_key(id) {
                format!("`{id}` is a stakeholder: write `Trust(\"{id}\", ..)`")
            } else {
                self.unknown("meter", id, self.file.meters.iter().map(|m| m.id.as_str()))
            };
            self.error(place, message);
        }
        found
    }

    fn trust_ref(&mut self, place: &str, id: &str) -> Option<MeterIdx> {
        let found = self
            .stakeholders
            .get(id)
            .map(|&i| self.stakeholder_trust(i));
        if found.is_none() {
            let message = if self.meters.contains_key(id) {
                format!("`{id}` is a meter: write `Meter(\"{id}\", ..)`")
            } else {
                self.unknown(
                    "stakeholder",
                    id,
                    self.file.cast.iter().map(|s| s.id.as_str()),
                )
            };
            self.error(place, message);
        }
        found
    }

    fn flag_ref(&mut self, place: &str, id: &str) -> Option<FlagIdx> {
        let found = self.flags.get(id).copied();
        if found.is_none() {
            let message = self.unknown("flag", id, self.file.flags.iter().map(|f| f.id.as_str()));
            self.error(place, message);
        }
        found
    }

    fn range_of(&self, meter: MeterIdx) -> (i32, i32) {
        let f = self.file;
        match f.meters.get(usize::from(meter)) {
            Some(m) => (m.min, m.max),
            None => (0, 100),
        }
    }

    fn effects(&mut self, place: &str, effects: &[EffectFile]) -> Vec<Effect> {
        let mut out = Vec::with_capacity(effects.len());
        for e in effects {
            let compiled = match e {
                EffectFile::Meter(id, op) => {
                    self.meter_ref(place, id).map(|m| Effect::Meter(m, *op))
                }
                EffectFile::Trust(id, op) => {
                    self.trust_ref(place, id).map(|m| Effect::Meter(m, *op))
                }
                EffectFile::SetFlag(id) => self.flag_ref(place, id).map(Effect::SetFlag),
                EffectFile::ClearFlag(id) => self.flag_ref(place, id).map(Effect::ClearFlag),
                EffectFile::Days(n) => Some(Effect::Days(*n)),
                EffectFile::Deadline(n) => Some(Effect::Deadline(*n)),
            };
            match (e, compiled) {
                (EffectFile::Days(_) | EffectFile::Deadline(_), _) if self.file.clock.is_none() => {
                    self.error(
                        place,
                        format!("`{e:?}` needs a `clock`, and the scenario has none"),
                    );
                }
                (_, Some(Effect::Meter(m, op))) => {
                    self.check_op(place, m, op);
                    out.push(Effect::Meter(m, op));
                }
                (_, Some(effect)) => out.push(effect),
                (_, None) => {}
            }
        }
        out
    }

    fn check_op(&mut self, place: &str, meter: MeterIdx, op: Op) {
        let (min, max) = self.range_of(meter);
        match op {
            Op::FairAdd(p) | Op::FairSub(p) if !(1..=100).contains(&p) => {
                self.error(
                    place,
                    format!("`{op:?}`: fairmath takes a percentage from 1 to 100"),
                );
            }
            Op::Set(v) if !(min..=max).contains(&v) => {
                self.warning(
                    place,
                    format!("`{op:?}` is outside {min}..={max} and will be clamped"),
                );
            }
            _ => {}
        }
    }

    fn condition(&mut self, place: &str, c: &ConditionFile) -> Condition {
        let compiled = match c {
            ConditionFile::Meter(id, cmp) => {
                self.meter_ref(place, id).map(|m| Condition::Meter(m, *cmp))
            }
            ConditionFile::Trust(id, cmp) => {
                self.trust_ref(place, id).map(|m| Condition::Meter(m, *cmp))
            }
            ConditionFile::Flag(id) => self.flag_ref(place, id).map(Condition::Flag),
            ConditionFile::Day(cmp) | ConditionFile::DaysLeft(cmp) => {
                if self.file.clock.is_none() {
                    self.error(place, "a condition on the clock needs a `clock`");
                }
                Some(match c {
                    ConditionFile::Day(_) => Condition::Day(*cmp),
                    _ => Condition::DaysLeft(*cmp),
                })
            }
            ConditionFile::All(list) => Some(Condition::All(
                list.iter().map(|c| self.condition(place, c)).collect(),
            )),
            ConditionFile::Any(list) => Some(Condition::Any(
                list.iter().map(|c| self.condition(place, c)).collect(),
            )),
            ConditionFile::Not(inner) => {
                Some(Condition::Not(Box::new(self.condition(place, inner))))
            }
        };
        if let Some(Condition::Meter(m, cmp)) = &compiled {
            let (min, max) = self.range_of(*m);
            if !cmp.satisfiable_within(min, max) {
                self.warning(
                    place,
                    format!("`{c:?}` can never be true: the meter stays within {min}..={max}"),
                );
            } else if cmp.holds(min) && cmp.holds(max) && !matches!(cmp, Cmp::Between(..)) {
                self.warning(
                    place,
                    format!("`{c:?}` is always true: the meter stays within {min}..={max}"),
                );
            }
        }
        if let ConditionFile::Any(list) | ConditionFile::All(list) = c
            && list.is_empty()
        {
            self.warning(
                place,
                "an empty `All`/`Any`: write the condition out, or leave it away",
            );
        }
        // An unresolved reference was reported; a false placeholder keeps compiling.
        compiled.unwrap_or_else(|| Condition::Any(Vec::new()))
    }

    /// Flags that are read but never set (conditions on them are never true) and the reverse.
    fn check_flag_use(&mut self) {
        let f = self.file;
        let mut set = vec![false; f.flags.len()];
        let mut read = vec![false; f.flags.len()];
        let flag = |id: &str| self.flags.get(id).map(|&i| usize::from(i));
        let mut effects: Vec<&EffectFile> = Vec::new();
        let mut conditions: Vec<&ConditionFile> = Vec::new();
        for n in &f.nodes {
            for c in &n.choices {
                effects.extend(&c.effects);
                conditions.extend(&c.condition);
                for o in &c.outcomes {
                    effects.extend(&o.effects);
                }
                for l in &c.later {
                    effects.extend(&l.effects);
                    conditions.extend(&l.condition);
                }
            }
        }
        for e in &f.events {
            effects.extend(&e.effects);
            conditions.push(&e.when);
        }
        conditions.extend(f.endings.iter().filter_map(|e| e.condition.as_ref()));
        for e in effects {
            if let EffectFile::SetFlag(id) = e
                && let Some(i) = flag(id)
            {
                set[i] = true;
            }
        }
        fn visit(c: &ConditionFile, on_flag: &mut dyn FnMut(&str)) {
            match c {
                ConditionFile::Flag(id) => on_flag(id),
                ConditionFile::All(list) | ConditionFile::Any(list) => {
                    list.iter().for_each(|c| visit(c, on_flag))
                }
                ConditionFile::Not(inner) => visit(inner, on_flag),
                _ => {}
            }
        }
        for c in conditions {
            visit(c, &mut |id| {
                if let Some(i) = flag(id) {
                    read[i] = true;
                }
            });
        }
        for (i, fl) in f.flags.iter().enumerate() {
            let place = format!("flag `{}`", fl.id);
            if !set[i] {
                self.warning(place, "never set, so conditions on it are never true");
            } else if !read[i] {
                self.warning(place, "set but never read by any condition");
            }
        }
    }
}
