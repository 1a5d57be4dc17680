//! A compiled scenario: the authored file with every reference resolved to an index, ready
//! to be played thousands of times a second. [`crate::compile`] builds it; [`crate::state`]
//! plays it.

mod facilitation;
mod ids;
pub(crate) mod text;

use serde::{Deserialize, Serialize};

pub use facilitation::{
    Agenda, Debrief, DebriefPhase, Facilitation, Phase, PhaseKind, PivotalNote,
};
pub use ids::{ChoiceIdx, EndingId, EventId, FlagId, MeterId, NodeId, ShownIdx, StakeholderId};
pub use text::{Mentions, NameForm, Text};

use crate::format::{Clock, Cmp, Competency, Difficulty, Op, Order, Priority, Rating, Scoring};
use crate::source::Span;
use crate::state::State;

/// The reserved `next` targets.
pub const END: &str = "end";
pub const RESUME: &str = "resume";

#[derive(Debug, Clone)]
pub struct Scenario {
    /// The format version the file was written in; it decides fairmath's rounding and how
    /// `{name}` reads (see [`Rules`]).
    pub rules: Rules,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub difficulty: Difficulty,
    pub competencies: Vec<Competency>,
    /// The campaign this scenario is a chapter of, if it is written only as one.
    pub chapter_of: Option<String>,
    /// The priorities a player may name at the start, each with the meters (trust included)
    /// that stand for it here; empty when the scenario offers none.
    pub priorities: Vec<(Priority, Vec<MeterId>)>,
    pub cast: Vec<Stakeholder>,
    /// Declared meters first, then one trust meter per stakeholder, in cast order.
    pub meters: Vec<Meter>,
    pub flags: Vec<Flag>,
    pub clock: Option<Clock>,
    pub start: NodeId,
    pub nodes: Vec<Node>,
    pub events: Vec<Event>,
    pub endings: Vec<Ending>,
    pub scoring: Scoring,
    pub discussion: Vec<String>,
    /// The session plan a facilitator runs it by (format 2).
    pub facilitation: Option<Facilitation>,
    /// Warnings acknowledged for the whole scenario.
    pub allow: Vec<String>,
    /// A hash of the source text: a saved run only resumes on the scenario it was made with.
    pub fingerprint: u64,
    /// Where the file gives the scenario's id, for findings about the whole scenario, and
    /// where its endings are listed.
    pub id_span: Span,
    pub endings_span: Span,
}

/// What changed in the rules between format versions; a version 1 file keeps playing
/// exactly as it always did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub format: u32,
}

impl Rules {
    /// Fairmath as ChoiceScript computes it (format 2), or rounded to the nearest (format 1).
    pub fn choicescript_fairmath(self) -> bool {
        self.format >= 2
    }

    /// `{priya}` names her in full at the first mention in a text and by her short name after
    /// (format 2), or always in full (format 1).
    pub fn short_names(self) -> bool {
        self.format >= 2
    }

    /// A detour that comes due with another, or during one, waits until the run is back on
    /// its way (format 2), or fires with its `goto` ignored (format 1).
    pub fn detours_wait(self) -> bool {
        self.format >= 2
    }
}

#[derive(Debug, Clone)]
pub struct Stakeholder {
    pub id: String,
    pub name: String,
    /// How texts name them after the first mention.
    pub short: String,
    pub role: String,
    pub wants: String,
    pub trust: MeterId,
    /// Their line in the epilogue, by final trust: the first band that holds.
    pub afterwards: Vec<(Cmp, Text)>,
    pub span: Span,
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
    pub stakeholder: Option<StakeholderId>,
    pub span: Span,
}

impl Meter {
    /// Where a value stands in the range, 0–1.
    pub fn fraction(&self, value: i32) -> f64 {
        f64::from(value - self.min) / f64::from(self.max - self.min)
    }
}

#[derive(Debug, Clone)]
pub struct Flag {
    pub id: String,
    pub description: String,
    /// An earlier chapter of a campaign may set it.
    pub campaign: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    /// Who speaks, or `None` for the narrator.
    pub speaker: Option<StakeholderId>,
    pub text: Text,
    pub choices: Vec<Choice>,
    /// A routing node goes on by the first route that holds, without a choice.
    pub routes: Vec<Route>,
    /// Applied whenever a run arrives here.
    pub enter: Vec<Effect>,
    pub prompt: Option<String>,
    /// What a mentor asks a player who asks for help here.
    pub mentor: Option<Text>,
    pub pivotal: bool,
    pub default: Option<ChoiceIdx>,
    pub allow: Vec<String>,
    pub span: Span,
}

impl Node {
    pub fn is_routing(&self) -> bool {
        !self.routes.is_empty()
    }

    pub fn choice(&self, c: ChoiceIdx) -> &Choice {
        &self.choices[c.index()]
    }

    /// What a cut session takes here without asking the room: the author's default, or the
    /// first available option where the default is unavailable or not given.
    pub fn default_choice(&self, available: &[ChoiceIdx]) -> Option<ChoiceIdx> {
        self.default
            .filter(|d| available.contains(d))
            .or_else(|| available.first().copied())
    }
}

#[derive(Debug, Clone)]
pub struct Route {
    pub when: Option<Condition>,
    pub next: Target,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub text: Text,
    pub condition: Option<Condition>,
    /// Why the choice is unavailable, shown when its condition is false.
    pub disabled: Option<Text>,
    /// Applied in order; competency points are among them.
    pub effects: Vec<Effect>,
    pub outcomes: Vec<Outcome>,
    pub later: Vec<Later>,
    pub result: Option<Text>,
    /// The coach's note for the debrief, read against the state the choice was made in.
    pub note: Text,
    pub next: Target,
    pub allow: Vec<String>,
    pub span: Span,
    /// The text's length in characters when it is the same on every path, worked out once:
    /// the answer-key checks and the length-reading bots ask at every decision.
    pub(crate) fixed_length: Option<usize>,
}

impl Choice {
    /// The text's length in characters as shown in `state`.
    pub fn shown_length(&self, scenario: &Scenario, state: &State) -> usize {
        self.fixed_length
            .unwrap_or_else(|| self.text.render(scenario, state).chars().count())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Node(NodeId),
    End,
    Resume,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub weight: Amount,
    pub text: Text,
    pub effects: Vec<Effect>,
    pub next: Option<Target>,
}

/// The largest weight an outcome can have; weights add up without overflow.
pub const MAX_WEIGHT: u32 = 1_000_000;

/// A whole number worked out from the state: an outcome's weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    Fixed(u32),
    /// The meter's value counted from its minimum.
    Meter(MeterId),
    /// What the meter lacks to its maximum.
    Headroom(MeterId),
    IfElse(Box<Condition>, Box<Amount>, Box<Amount>),
    Sum(Vec<Amount>),
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
    pub goto: Option<NodeId>,
    pub repeat: bool,
    pub allow: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Ending {
    pub id: String,
    pub condition: Option<Condition>,
    pub title: String,
    pub epilogue: Text,
    pub business: Option<Text>,
    pub rating: Rating,
    pub allow: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Meter(MeterId, Cmp),
    Flag(FlagId),
    Day(Cmp),
    DaysLeft(Cmp),
    Sum(Vec<MeterId>, Cmp),
    Compare(MeterId, Order, MeterId),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// A condition that never holds: what an unresolved reference compiles to, after its
    /// error is reported.
    pub(crate) fn never() -> Condition {
        Condition::Any(Vec::new())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Meter(MeterId, Op),
    SetFlag(FlagId),
    ClearFlag(FlagId),
    Days(i32),
    Deadline(i32),
    Points(Competency, i32),
    IfElse(Condition, Vec<Effect>, Vec<Effect>),
}

/// Something a warning can be about, to look up what the author acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Scenario,
    Node(NodeId),
    Choice(NodeId, ChoiceIdx),
    Event(EventId),
    Ending(EndingId),
}

impl Scenario {
    pub fn node_index(&self, id: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.id == id).map(NodeId::at)
    }

    pub fn meter_index(&self, id: &str) -> Option<MeterId> {
        self.meters.iter().position(|m| m.id == id).map(MeterId::at)
    }

    pub fn flag_index(&self, id: &str) -> Option<FlagId> {
        self.flags.iter().position(|f| f.id == id).map(FlagId::at)
    }

    pub fn stakeholder_index(&self, id: &str) -> Option<StakeholderId> {
        self.cast
            .iter()
            .position(|s| s.id == id)
            .map(StakeholderId::at)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn meter(&self, id: MeterId) -> &Meter {
        &self.meters[id.index()]
    }

    pub fn stakeholder(&self, id: StakeholderId) -> &Stakeholder {
        &self.cast[id.index()]
    }

    pub fn ending(&self, id: EndingId) -> &Ending {
        &self.endings[id.index()]
    }

    pub fn choice(&self, node: NodeId, choice: ChoiceIdx) -> &Choice {
        self.node(node).choice(choice)
    }

    /// The speaker's name and role, or `None` for the narrator.
    pub fn speaker(&self, node: NodeId) -> Option<&Stakeholder> {
        self.node(node).speaker.map(|s| self.stakeholder(s))
    }

    /// The best rating any ending has.
    pub fn best_rating(&self) -> Option<Rating> {
        self.endings.iter().map(|e| e.rating).max()
    }

    /// A meter's label, with a stakeholder's trust named after them by their short name.
    pub fn short_label(&self, meter: MeterId) -> String {
        let m = self.meter(meter);
        match m.stakeholder {
            Some(s) => format!("{}'s trust", self.stakeholder(s).short),
            None => m.label.clone(),
        }
    }

    /// Whether the author has acknowledged warnings named `code` about `item` (or about
    /// anything the item belongs to).
    pub fn allows(&self, item: Item, code: &str) -> bool {
        let has = |list: &[String]| list.iter().any(|a| a == code);
        has(&self.allow)
            || match item {
                Item::Scenario => false,
                Item::Node(n) => has(&self.node(n).allow),
                Item::Choice(n, c) => has(&self.node(n).allow) || has(&self.choice(n, c).allow),
                Item::Event(e) => has(&self.events[e.index()].allow),
                Item::Ending(e) => has(&self.ending(e).allow),
            }
    }
}
