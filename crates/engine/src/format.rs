//! The scenario file as authors write it: plain serde types mirroring the RON text.
//!
//! Nothing here is checked beyond its shape; [`crate::Scenario::compile`] resolves the
//! string references into indices and reports what is wrong.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The format version this engine reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    pub format: u32,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub difficulty: Difficulty,
    pub competencies: Vec<Competency>,
    #[serde(default)]
    pub cast: Vec<StakeholderFile>,
    #[serde(default)]
    pub meters: Vec<MeterFile>,
    #[serde(default)]
    pub flags: Vec<FlagFile>,
    #[serde(default)]
    pub clock: Option<Clock>,
    pub start: String,
    pub nodes: Vec<NodeFile>,
    #[serde(default)]
    pub events: Vec<EventFile>,
    pub endings: Vec<EndingFile>,
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(default)]
    pub discussion: Vec<String>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Stakeholder")]
pub struct StakeholderFile {
    pub id: String,
    pub name: String,
    pub role: String,
    pub wants: String,
    pub trust: i32,
    #[serde(default = "one")]
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Meter")]
pub struct MeterFile {
    pub id: String,
    pub label: String,
    pub min: i32,
    pub max: i32,
    pub start: i32,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default = "yes")]
    pub higher_is_better: bool,
    #[serde(default = "one")]
    pub weight: u32,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Flag")]
pub struct FlagFile {
    pub id: String,
    pub description: String,
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
    /// the demo".
    pub fn status(&self, now: i32, left: i32) -> String {
        let when = match (left, self.unit) {
            (0, ClockUnit::Day) => format!("{} is today", self.label),
            (0, ClockUnit::Hour) => format!("{} is now", self.label),
            (l, unit) if l < 0 => format!("{} past {}", unit.count(-l), self.label),
            (l, unit) => format!("{} left to {}", unit.count(l), self.label),
        };
        format!("{} {now} · {when}", self.unit.name())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockUnit {
    #[default]
    Day,
    Hour,
}

impl ClockUnit {
    /// "Day" or "Hour", for "Day 3".
    pub fn name(self) -> &'static str {
        match self {
            ClockUnit::Day => "Day",
            ClockUnit::Hour => "Hour",
        }
    }

    /// "1 day", "3 hours".
    pub fn count(self, n: i32) -> String {
        let unit = match self {
            ClockUnit::Day => "day",
            ClockUnit::Hour => "hour",
        };
        if n.abs() == 1 {
            format!("{n} {unit}")
        } else {
            format!("{n} {unit}s")
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Node")]
pub struct NodeFile {
    pub id: String,
    #[serde(default)]
    pub speaker: Option<String>,
    pub text: String,
    pub choices: Vec<ChoiceFile>,
    #[serde(default)]
    pub prompt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Choice")]
pub struct ChoiceFile {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub condition: Option<ConditionFile>,
    #[serde(default)]
    pub disabled: Option<String>,
    #[serde(default)]
    pub effects: Vec<EffectFile>,
    #[serde(default)]
    pub outcomes: Vec<OutcomeFile>,
    #[serde(default)]
    pub later: Vec<LaterFile>,
    #[serde(default)]
    pub result: Option<String>,
    pub note: String,
    #[serde(default)]
    pub competencies: BTreeMap<Competency, i32>,
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Outcome")]
pub struct OutcomeFile {
    pub weight: u32,
    pub text: String,
    #[serde(default)]
    pub effects: Vec<EffectFile>,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Later")]
pub struct LaterFile {
    pub after: u32,
    pub text: String,
    #[serde(default)]
    pub effects: Vec<EffectFile>,
    #[serde(default)]
    pub condition: Option<ConditionFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Event")]
pub struct EventFile {
    pub id: String,
    pub when: ConditionFile,
    pub text: String,
    #[serde(default)]
    pub effects: Vec<EffectFile>,
    #[serde(default)]
    pub goto: Option<String>,
    #[serde(default)]
    pub repeat: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Ending")]
pub struct EndingFile {
    pub id: String,
    #[serde(default)]
    pub condition: Option<ConditionFile>,
    pub title: String,
    pub epilogue: String,
    pub rating: Rating,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EffectFile {
    Meter(String, Op),
    Trust(String, Op),
    SetFlag(String),
    ClearFlag(String),
    Days(i32),
    Deadline(i32),
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ConditionFile {
    Meter(String, Cmp),
    Trust(String, Cmp),
    Flag(String),
    Day(Cmp),
    DaysLeft(Cmp),
    All(Vec<ConditionFile>),
    Any(Vec<ConditionFile>),
    Not(Box<ConditionFile>),
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

impl Cmp {
    pub fn holds(self, value: i32) -> bool {
        match self {
            Cmp::Below(n) => value < n,
            Cmp::AtMost(n) => value <= n,
            Cmp::Above(n) => value > n,
            Cmp::AtLeast(n) => value >= n,
            Cmp::Is(n) => value == n,
            Cmp::Between(a, b) => a <= value && value <= b,
        }
    }

    /// Whether some value in `min..=max` satisfies the comparison.
    pub fn satisfiable_within(self, min: i32, max: i32) -> bool {
        match self {
            Cmp::Below(n) => min < n,
            Cmp::AtMost(n) => min <= n,
            Cmp::Above(n) => max > n,
            Cmp::AtLeast(n) => max >= n,
            Cmp::Is(n) => min <= n && n <= max,
            Cmp::Between(a, b) => a <= b && a <= max && b >= min,
        }
    }
}

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
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
