//! The scenario file as authors write it: serde types mirroring the RON text, each part with
//! its place in the file ([`Spanned`]) so that every message can point at it.
//!
//! Nothing here is checked beyond its shape; [`crate::compile`] resolves the string
//! references into indices and reports what is wrong. Version 1 files read with these same
//! types: what version 2 adds is optional, and the compiler refuses it in a version 1 file.

mod facilitation;
mod text;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::source::Spanned;

pub use facilitation::{DebriefFile, FacilitationFile, LessonFile, PhaseFile, PivotalFile};
pub use text::{PassageFile, TextFile, WeightFile};

/// The newest format version this engine reads; it reads every version from 1.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    pub format: Spanned<u32>,
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub summary: Spanned<String>,
    pub minutes: Spanned<u32>,
    pub difficulty: Difficulty,
    pub competencies: Spanned<Vec<Competency>>,
    /// The campaign this scenario is a chapter of (format 2): the game lists it inside that
    /// campaign rather than on its own.
    #[serde(default)]
    pub chapter_of: Option<Spanned<String>>,
    /// What each of the player's possible priorities stands for here (format 2).
    #[serde(default)]
    pub priorities: Option<Spanned<PrioritiesFile>>,
    #[serde(default)]
    pub cast: Vec<Spanned<StakeholderFile>>,
    #[serde(default)]
    pub meters: Vec<Spanned<MeterFile>>,
    #[serde(default)]
    pub flags: Vec<Spanned<FlagFile>>,
    #[serde(default)]
    pub clock: Option<Spanned<Clock>>,
    pub start: Spanned<String>,
    pub nodes: Spanned<Vec<Spanned<NodeFile>>>,
    #[serde(default)]
    pub events: Vec<Spanned<EventFile>>,
    pub endings: Spanned<Vec<Spanned<EndingFile>>>,
    #[serde(default)]
    pub scoring: Option<Spanned<Scoring>>,
    #[serde(default)]
    pub discussion: Vec<Spanned<String>>,
    /// What a facilitator needs to run the scenario with a room (format 2).
    #[serde(default)]
    pub facilitation: Option<Spanned<FacilitationFile>>,
    /// Warnings the author has acknowledged for the whole scenario (format 2).
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
}

/// The meters and stakeholders that stand for each priority a player may name at the start.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Priorities")]
pub struct PrioritiesFile {
    #[serde(default)]
    pub team: Vec<Spanned<String>>,
    #[serde(default)]
    pub delivery: Vec<Spanned<String>>,
    #[serde(default)]
    pub credibility: Vec<Spanned<String>>,
    #[serde(default)]
    pub customer: Vec<Spanned<String>>,
    #[serde(default)]
    pub quality: Vec<Spanned<String>>,
}

impl PrioritiesFile {
    /// Each priority with the ids that stand for it, in the order players see them.
    pub fn each(&self) -> [(Priority, &[Spanned<String>]); 5] {
        [
            (Priority::Team, &self.team),
            (Priority::Delivery, &self.delivery),
            (Priority::Credibility, &self.credibility),
            (Priority::Customer, &self.customer),
            (Priority::Quality, &self.quality),
        ]
    }
}

/// What a lead may say matters most to them. The list is the same in every scenario, so a
/// player who replays can compare what they said with what they did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    Team,
    Delivery,
    Credibility,
    Customer,
    Quality,
}

impl Priority {
    pub const ALL: [Priority; 5] = [
        Priority::Team,
        Priority::Delivery,
        Priority::Credibility,
        Priority::Customer,
        Priority::Quality,
    ];

    /// How the player reads it: "what matters most to me is …".
    pub fn label(self) -> &'static str {
        match self {
            Priority::Team => "The team's trust",
            Priority::Delivery => "Delivery",
            Priority::Credibility => "My credibility",
            Priority::Customer => "The customer",
            Priority::Quality => "The quality of the work",
        }
    }

    /// How the debrief says it back to the player, inside a sentence: "you said the team's
    /// trust and your credibility".
    pub fn phrase(self) -> &'static str {
        match self {
            Priority::Team => "the team's trust",
            Priority::Delivery => "delivery",
            Priority::Credibility => "your credibility",
            Priority::Customer => "the customer",
            Priority::Quality => "the quality of the work",
        }
    }

    /// The priority whose [`Priority::key`] this is.
    pub fn from_key(key: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.key() == key)
    }

    /// A stable name for files and command lines.
    pub fn key(self) -> &'static str {
        match self {
            Priority::Team => "team",
            Priority::Delivery => "delivery",
            Priority::Credibility => "credibility",
            Priority::Customer => "customer",
            Priority::Quality => "quality",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    Introductory,
    Intermediate,
    Advanced,
}

/// The leadership skills a scenario trains; choices earn or lose points in them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Competency {
    /// Communicating with non-technical stakeholders.
    Communication,
    /// Keeping the team motivated.
    Motivation,
    /// Aligning technical work with business goals.
    Alignment,
    /// Planning timelines and resources.
    Planning,
    /// Giving feedback.
    Feedback,
    /// Handling conflict.
    Conflict,
    /// Keeping people from leaving.
    Retention,
    /// Letting go of the work and growing others.
    Delegation,
}

impl Competency {
    pub const ALL: [Competency; 8] = [
        Competency::Communication,
        Competency::Motivation,
        Competency::Alignment,
        Competency::Planning,
        Competency::Feedback,
        Competency::Conflict,
        Competency::Retention,
        Competency::Delegation,
    ];

    /// A stable name for reports and learning platforms: the short word in lower case.
    pub fn key(self) -> &'static str {
        match self {
            Competency::Communication => "communication",
            Competency::Motivation => "motivation",
            Competency::Alignment => "alignment",
            Competency::Planning => "planning",
            Competency::Feedback => "feedback",
            Competency::Conflict => "conflict",
            Competency::Retention => "retention",
            Competency::Delegation => "delegation",
        }
    }

    /// One word, where space is short (a filter button).
    pub fn short(self) -> &'static str {
        match self {
            Competency::Communication => "Communication",
            Competency::Motivation => "Motivation",
            Competency::Alignment => "Alignment",
            Competency::Planning => "Planning",
            Competency::Feedback => "Feedback",
            Competency::Conflict => "Conflict",
            Competency::Retention => "Retention",
            Competency::Delegation => "Delegation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Competency::Communication => "Stakeholder communication",
            Competency::Motivation => "Team motivation",
            Competency::Alignment => "Business alignment",
            Competency::Planning => "Planning",
            Competency::Feedback => "Feedback",
            Competency::Conflict => "Handling conflict",
            Competency::Retention => "Retention",
            Competency::Delegation => "Delegation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Stakeholder")]
pub struct StakeholderFile {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// How texts name them after the first mention (format 2); the first word of `name`
    /// when left out.
    #[serde(default)]
    pub short: Option<Spanned<String>>,
    pub role: Spanned<String>,
    pub wants: Spanned<String>,
    pub trust: Spanned<i32>,
    #[serde(default = "one")]
    pub weight: Spanned<u32>,
    /// Their line in the epilogue, by their final trust: the first band that holds (format 2).
    #[serde(default)]
    pub afterwards: Vec<Spanned<(Cmp, TextFile)>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Meter")]
pub struct MeterFile {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    pub min: Spanned<i32>,
    pub max: Spanned<i32>,
    pub start: Spanned<i32>,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default = "yes")]
    pub higher_is_better: bool,
    #[serde(default = "one")]
    pub weight: Spanned<u32>,
    pub description: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Flag")]
pub struct FlagFile {
    pub id: Spanned<String>,
    pub description: Spanned<String>,
    /// An earlier chapter of a campaign may have set it (format 2): `check` does not ask
    /// for a way to set it here.
    #[serde(default)]
    pub campaign: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    #[serde(default = "one_i32")]
    pub start: i32,
    pub deadline: i32,
    pub label: String,
    /// What one step of the clock is: working days (the default) or hours.
    #[serde(default)]
    pub unit: ClockUnit,
}

impl Clock {
    /// "Day 3 · 7 days left to the demo", "Day 10 · the demo is today", "Day 12 · 2 days past
    /// the demo"; a clock in hours reads as the time of day: "3 a.m. · 6 hours left to the
    /// pre-sale", "Day 3, 8 a.m. · 2 days past the pre-sale".
    pub fn status(&self, now: i32, left: i32) -> String {
        let when = match (left, self.unit) {
            (0, ClockUnit::Day) => format!("{} is today", self.label),
            (0, ClockUnit::Hour) => format!("{} is now", self.label),
            (l, unit) if l < 0 => format!("{} past {}", unit.span(l.saturating_neg()), self.label),
            (l, unit) => format!("{} left to {}", unit.span(l), self.label),
        };
        let at = match self.unit {
            ClockUnit::Day => format!("Day {now}"),
            ClockUnit::Hour => {
                let (day, hour) = (now.div_euclid(24) + 1, now.rem_euclid(24));
                if day == 1 {
                    time_of_day(hour)
                } else {
                    format!("Day {day}, {}", time_of_day(hour))
                }
            }
        };
        format!("{at} · {when}")
    }
}

/// "midnight", "3 a.m.", "noon", "6 p.m.".
fn time_of_day(hour: i32) -> String {
    match hour {
        0 => "midnight".to_owned(),
        12 => "noon".to_owned(),
        h if h < 12 => format!("{h} a.m."),
        h => format!("{} p.m.", h - 12),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockUnit {
    #[default]
    Day,
    Hour,
}

impl ClockUnit {
    /// How long `n` of these is, as people say it: in hours up to two days, then in days.
    fn span(self, n: i32) -> String {
        match self {
            ClockUnit::Hour if n >= 48 => ClockUnit::Day.count(n / 24),
            unit => unit.count(n),
        }
    }

    /// "1 day", "3 hours".
    pub fn count(self, n: i32) -> String {
        let unit = match self {
            ClockUnit::Day => "day",
            ClockUnit::Hour => "hour",
        };
        if n.unsigned_abs() == 1 {
            format!("{n} {unit}")
        } else {
            format!("{n} {unit}s")
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Node")]
pub struct NodeFile {
    pub id: Spanned<String>,
    #[serde(default)]
    pub speaker: Option<Spanned<String>>,
    /// Required where the node shows choices; a routing node is never shown.
    #[serde(default)]
    pub text: Option<TextFile>,
    #[serde(default)]
    pub choices: Vec<Spanned<ChoiceFile>>,
    /// A routing node goes on by the first route whose condition holds (format 2).
    #[serde(default)]
    pub routes: Vec<Spanned<RouteFile>>,
    /// Applied whenever a run arrives here (format 2).
    #[serde(default)]
    pub enter: Vec<Spanned<EffectFile>>,
    #[serde(default)]
    pub prompt: Option<Spanned<String>>,
    /// What a mentor asks a player who asks for help here (format 2).
    #[serde(default)]
    pub mentor: Option<TextFile>,
    /// A decision put to the room even in a shortened workshop (format 2).
    #[serde(default)]
    pub pivotal: bool,
    /// The choice a shortened workshop takes here without a vote (format 2).
    #[serde(default)]
    pub default: Option<Spanned<String>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Route")]
pub struct RouteFile {
    #[serde(default)]
    pub when: Option<Spanned<ConditionFile>>,
    pub next: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Choice")]
pub struct ChoiceFile {
    pub id: Spanned<String>,
    pub text: TextFile,
    #[serde(default)]
    pub condition: Option<Spanned<ConditionFile>>,
    #[serde(default)]
    pub disabled: Option<TextFile>,
    #[serde(default)]
    pub effects: Vec<Spanned<EffectFile>>,
    #[serde(default)]
    pub outcomes: Vec<Spanned<OutcomeFile>>,
    #[serde(default)]
    pub later: Vec<Spanned<LaterFile>>,
    #[serde(default)]
    pub result: Option<TextFile>,
    pub note: TextFile,
    #[serde(default)]
    pub competencies: Option<Spanned<BTreeMap<Competency, i32>>>,
    pub next: Spanned<String>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Outcome")]
pub struct OutcomeFile {
    pub weight: Spanned<WeightFile>,
    pub text: TextFile,
    #[serde(default)]
    pub effects: Vec<Spanned<EffectFile>>,
    #[serde(default)]
    pub next: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Later")]
pub struct LaterFile {
    pub after: Spanned<u32>,
    pub text: TextFile,
    #[serde(default)]
    pub effects: Vec<Spanned<EffectFile>>,
    #[serde(default)]
    pub condition: Option<Spanned<ConditionFile>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Event")]
pub struct EventFile {
    pub id: Spanned<String>,
    pub when: Spanned<ConditionFile>,
    pub text: TextFile,
    #[serde(default)]
    pub effects: Vec<Spanned<EffectFile>>,
    #[serde(default)]
    pub goto: Option<Spanned<String>>,
    #[serde(default)]
    pub repeat: bool,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Ending")]
pub struct EndingFile {
    pub id: Spanned<String>,
    #[serde(default)]
    pub condition: Option<Spanned<ConditionFile>>,
    pub title: Spanned<String>,
    pub epilogue: TextFile,
    /// What became of the business: the delivery, the product, the numbers (format 2).
    #[serde(default)]
    pub business: Option<TextFile>,
    pub rating: Rating,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
}

/// How well an ending went, from the worst to the best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rating {
    Disaster,
    Poor,
    Mixed,
    Good,
    Excellent,
}

impl Rating {
    /// The ending's part of the score, 0–100.
    pub fn score(self) -> u32 {
        match self {
            Rating::Disaster => 0,
            Rating::Poor => 25,
            Rating::Mixed => 50,
            Rating::Good => 75,
            Rating::Excellent => 100,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    #[serde(default = "forty")]
    pub meters: u32,
    #[serde(default = "forty")]
    pub competencies: u32,
    #[serde(default = "twenty")]
    pub ending: u32,
    #[serde(default = "six")]
    pub competency_scale: u32,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            meters: 40,
            competencies: 40,
            ending: 20,
            competency_scale: 6,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum EffectFile {
    Meter(String, Op),
    Trust(String, Op),
    SetFlag(String),
    ClearFlag(String),
    Days(i32),
    Deadline(i32),
    /// Competency points, on a choice only (format 2): they reward the decision.
    Points(Competency, i32),
    /// These effects when the condition holds as the effect is reached (format 2).
    If(Spanned<ConditionFile>, Vec<Spanned<EffectFile>>),
    /// The first effects when the condition holds, the second otherwise (format 2).
    IfElse(
        Spanned<ConditionFile>,
        Vec<Spanned<EffectFile>>,
        Vec<Spanned<EffectFile>>,
    ),
}

/// A change to a meter. The result is always clamped to the meter's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    Add(i32),
    Sub(i32),
    Set(i32),
    /// Move this percentage of the way to the maximum.
    FairAdd(i32),
    /// Move this percentage of the way to the minimum.
    FairSub(i32),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum ConditionFile {
    Meter(String, Cmp),
    Trust(String, Cmp),
    Flag(String),
    Day(Cmp),
    DaysLeft(Cmp),
    All(Vec<Spanned<ConditionFile>>),
    Any(Vec<Spanned<ConditionFile>>),
    Not(Box<Spanned<ConditionFile>>),
    /// The sum of meters and trust compares (format 2).
    Sum(Vec<QuantityFile>, Cmp),
    /// One meter or trust against another (format 2).
    Compare(QuantityFile, Order, QuantityFile),
}

/// A meter's or a stakeholder's trust value, where conditions and weights use one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum QuantityFile {
    Meter(String),
    Trust(String),
}

/// A comparison of a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cmp {
    Below(i32),
    AtMost(i32),
    Above(i32),
    AtLeast(i32),
    Is(i32),
    Between(i32, i32),
}

/// How one quantity stands against another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Order {
    Below,
    AtMost,
    Above,
    AtLeast,
    Is,
}

impl Order {
    pub fn holds(self, left: i64, right: i64) -> bool {
        match self {
            Order::Below => left < right,
            Order::AtMost => left <= right,
            Order::Above => left > right,
            Order::AtLeast => left >= right,
            Order::Is => left == right,
        }
    }
}

impl Cmp {
    pub fn holds(self, value: i64) -> bool {
        match self {
            Cmp::Below(n) => value < i64::from(n),
            Cmp::AtMost(n) => value <= i64::from(n),
            Cmp::Above(n) => value > i64::from(n),
            Cmp::AtLeast(n) => value >= i64::from(n),
            Cmp::Is(n) => value == i64::from(n),
            Cmp::Between(a, b) => i64::from(a) <= value && value <= i64::from(b),
        }
    }

    /// Whether some value in `min..=max` satisfies the comparison.
    pub fn satisfiable_within(self, min: i64, max: i64) -> bool {
        match self {
            Cmp::Below(n) => min < i64::from(n),
            Cmp::AtMost(n) => min <= i64::from(n),
            Cmp::Above(n) => max > i64::from(n),
            Cmp::AtLeast(n) => max >= i64::from(n),
            Cmp::Is(n) => min <= i64::from(n) && i64::from(n) <= max,
            Cmp::Between(a, b) => a <= b && i64::from(a) <= max && i64::from(b) >= min,
        }
    }

    /// Whether every value in `min..=max` satisfies it (every comparison holds on an
    /// interval). A `Between` band is left out: covering the whole range is deliberate.
    pub fn always_within(self, min: i64, max: i64) -> bool {
        self.holds(min) && self.holds(max) && !matches!(self, Cmp::Between(..))
    }
}

fn yes() -> bool {
    true
}
fn one() -> Spanned<u32> {
    Spanned::new(Default::default(), 1)
}
fn one_i32() -> i32 {
    1
}
fn six() -> u32 {
    6
}
fn twenty() -> u32 {
    20
}
fn forty() -> u32 {
    40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(unit: ClockUnit) -> Clock {
        Clock {
            start: 2,
            deadline: 9,
            label: "the pre-sale".into(),
            unit,
        }
    }

    #[test]
    fn a_clock_in_hours_reads_as_the_time_of_day() {
        let hours = clock(ClockUnit::Hour);
        assert_eq!(hours.status(2, 7), "2 a.m. · 7 hours left to the pre-sale");
        assert_eq!(hours.status(9, 0), "9 a.m. · the pre-sale is now");
        assert_eq!(hours.status(12, -3), "noon · 3 hours past the pre-sale");
        assert_eq!(
            hours.status(24, -15),
            "Day 2, midnight · 15 hours past the pre-sale"
        );
        assert_eq!(
            hours.status(56, -47),
            "Day 3, 8 a.m. · 47 hours past the pre-sale"
        );
        assert_eq!(
            hours.status(80, -71),
            "Day 4, 8 a.m. · 2 days past the pre-sale"
        );
        let days = clock(ClockUnit::Day);
        assert_eq!(days.status(3, 6), "Day 3 · 6 days left to the pre-sale");
        assert_eq!(days.status(12, -3), "Day 12 · 3 days past the pre-sale");
    }
}
