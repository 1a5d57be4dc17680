//! Every feature of the format has an example an author can learn from: the two starter
//! scenarios use every feature of format 1 between them, and the complete example in
//! `docs/scenario-format.md` uses every feature of format 2.

mod common;

use std::collections::BTreeSet;

use promoted_engine::format::{
    ChoiceFile, Cmp, ConditionFile, EffectFile, Op, PassageFile, ScenarioFile, TextFile, WeightFile,
};
use promoted_engine::source::Spanned;
use promoted_engine::{Source, load::parse};

const STARTERS: [&str; 2] = [
    include_str!("../../../scenarios/impossible-deadline.scenario.ron"),
    include_str!("../../../scenarios/peer-to-boss.scenario.ron"),
];

#[derive(Default)]
struct Seen(BTreeSet<String>);

impl Seen {
    fn add(&mut self, feature: impl Into<String>) {
        self.0.insert(feature.into());
    }

    fn text(&mut self, file: &ScenarioFile, text: &TextFile) {
        for passage in &text.passages {
            match &passage.value {
                PassageFile::Always(s) => self.template(file, s),
                PassageFile::If(c, s) => {
                    self.add("passage If");
                    self.condition(c);
                    self.template(file, s);
                }
                PassageFile::IfElse(c, s, otherwise) => {
                    self.add("passage IfElse");
                    self.condition(c);
                    self.template(file, s);
                    self.template(file, otherwise);
                }
            }
        }
    }

    fn template(&mut self, file: &ScenarioFile, text: &str) {
        for token in text
            .split('{')
            .skip(1)
            .filter_map(|t| t.split_once('}'))
            .map(|(t, _)| t)
        {
            let kind = match token.split_once('.') {
                _ if token.contains('?') => "token inline".to_owned(),
                Some((_, field)) => format!("token .{field}"),
                None if file.cast.iter().any(|s| s.id.value == token) => "token name".to_owned(),
                None if file.meters.iter().any(|m| m.id.value == token) => "token meter".to_owned(),
                None => format!("token {token}"),
            };
            self.add(kind);
        }
    }

    fn effects(&mut self, effects: &[Spanned<EffectFile>]) {
        for e in effects {
            let (name, op) = match &e.value {
                EffectFile::Meter(_, op) => ("effect Meter", Some(op)),
                EffectFile::Trust(_, op) => ("effect Trust", Some(op)),
                EffectFile::SetFlag(_) => ("effect SetFlag", None),
                EffectFile::ClearFlag(_) => ("effect ClearFlag", None),
                EffectFile::Days(_) => ("effect Days", None),
                EffectFile::Deadline(_) => ("effect Deadline", None),
                EffectFile::Points(..) => ("effect Points", None),
                EffectFile::If(c, then) => {
                    self.condition(c);
                    self.effects(then);
                    ("effect If", None)
                }
                EffectFile::IfElse(c, then, otherwise) => {
                    self.condition(c);
                    self.effects(then);
                    self.effects(otherwise);
                    ("effect IfElse", None)
                }
            };
            self.add(name);
            if let Some(op) = op {
                self.add(match op {
                    Op::Add(_) => "op Add",
                    Op::Sub(_) => "op Sub",
                    Op::Set(_) => "op Set",
                    Op::FairAdd(_) => "op FairAdd",
                    Op::FairSub(_) => "op FairSub",
                });
            }
        }
    }

    fn condition(&mut self, c: &Spanned<ConditionFile>) {
        let cmp = match &c.value {
            ConditionFile::Meter(_, cmp) => Some(("condition Meter", cmp)),
            ConditionFile::Trust(_, cmp) => Some(("condition Trust", cmp)),
            ConditionFile::Day(cmp) => Some(("condition Day", cmp)),
            ConditionFile::DaysLeft(cmp) => Some(("condition DaysLeft", cmp)),
            ConditionFile::Flag(_) => {
                self.add("condition Flag");
                None
            }
            ConditionFile::All(list) | ConditionFile::Any(list) => {
                self.add(if matches!(c.value, ConditionFile::All(_)) {
                    "condition All"
                } else {
                    "condition Any"
                });
                list.iter().for_each(|c| self.condition(c));
                None
            }
            ConditionFile::Not(inner) => {
                self.add("condition Not");
                self.condition(inner);
                None
            }
            ConditionFile::Sum(_, cmp) => Some(("condition Sum", cmp)),
            ConditionFile::Compare(..) => {
                self.add("condition Compare");
                None
            }
        };
        if let Some((name, cmp)) = cmp {
            self.add(name);
            self.cmp(*cmp);
        }
    }

    fn cmp(&mut self, cmp: Cmp) {
        {
            self.add(match cmp {
                Cmp::Below(_) => "cmp Below",
                Cmp::AtMost(_) => "cmp AtMost",
                Cmp::Above(_) => "cmp Above",
                Cmp::AtLeast(_) => "cmp AtLeast",
                Cmp::Is(_) => "cmp Is",
                Cmp::Between(..) => "cmp Between",
            });
        }
    }

    fn weight(&mut self, w: &WeightFile) {
        match w {
            WeightFile::Fixed(_) => self.add("weight number"),
            WeightFile::Meter(_) => self.add("weight Meter"),
            WeightFile::Trust(_) => self.add("weight Trust"),
            WeightFile::Headroom(_) => self.add("weight Headroom"),
            WeightFile::IfElse(c, a, b) => {
                self.add("weight IfElse");
                self.condition(c);
                self.weight(a);
                self.weight(b);
            }
            WeightFile::Sum(parts) => {
                self.add("weight Sum");
                parts.iter().for_each(|p| self.weight(p));
            }
        }
    }

    fn choice(&mut self, file: &ScenarioFile, c: &ChoiceFile) {
        self.text(file, &c.text);
        self.text(file, &c.note);
        self.effects(&c.effects);
        if let Some(d) = &c.disabled {
            self.text(file, d);
        }
        if let Some(cond) = &c.condition {
            self.condition(cond);
            self.add(if c.disabled.is_some() {
                "choice disabled with reason"
            } else {
                "choice hidden"
            });
        }
        if let Some(r) = &c.result {
            self.add("choice result");
            self.text(file, r);
        }
        if let Some(points) = &c.competencies {
            self.add("choice competencies");
            if points.values().any(|&p| p < 0) {
                self.add("negative competency points");
            }
        }
        match c.next.value.as_str() {
            "end" => self.add("next end"),
            "resume" => self.add("next resume"),
            _ => self.add("next node"),
        }
        if !c.allow.is_empty() {
            self.add("allow");
        }
        for o in &c.outcomes {
            self.add("outcomes");
            self.weight(&o.weight);
            self.text(file, &o.text);
            self.effects(&o.effects);
            if o.next.is_some() {
                self.add("outcome next");
            }
        }
        for l in &c.later {
            self.add("later");
            self.text(file, &l.text);
            self.effects(&l.effects);
            if let Some(cond) = &l.condition {
                self.add("later condition");
                self.condition(cond);
            }
        }
    }
}

fn features_of(text: &str) -> Seen {
    let mut seen = Seen::default();
    let file = parse(&Source::new(text.as_bytes()).expect("text")).expect("parses");
    seen.add(format!("{:?}", file.difficulty));
    if file.clock.is_some() {
        seen.add("clock");
    }
    if file.scoring.is_some() {
        seen.add("scoring");
    }
    if file.facilitation.is_some() {
        seen.add("facilitation");
    }
    if !file.discussion.is_empty() {
        seen.add("discussion");
    }
    if file.priorities.is_some() {
        seen.add("priorities");
    }
    for p in &file.cast {
        if p.short.is_some() {
            seen.add("stakeholder short");
        }
        for band in &p.afterwards {
            seen.add("stakeholder afterwards");
            seen.cmp(band.value.0);
            seen.text(&file, &band.value.1);
        }
    }
    for m in &file.meters {
        seen.add(if m.visible {
            "meter visible"
        } else {
            "meter hidden"
        });
        if !m.higher_is_better {
            seen.add("meter lower is better");
        }
    }
    if file.flags.iter().any(|f| f.campaign) {
        seen.add("flag campaign");
    }
    for n in &file.nodes.value {
        seen.add(if n.speaker.is_some() {
            "speaker stakeholder"
        } else {
            "speaker narrator"
        });
        for (present, feature) in [
            (n.prompt.is_some(), "node prompt"),
            (n.pivotal, "node pivotal"),
            (n.mentor.is_some(), "node mentor"),
            (n.default.is_some(), "node default"),
            (!n.enter.is_empty(), "node enter"),
            (!n.routes.is_empty(), "routing node"),
            (!n.allow.is_empty(), "allow"),
        ] {
            if present {
                seen.add(feature);
            }
        }
        seen.effects(&n.enter);
        for r in &n.routes {
            if let Some(c) = &r.when {
                seen.condition(c);
            }
        }
        if let Some(text) = &n.text {
            seen.text(&file, text);
        }
        for c in &n.choices {
            seen.choice(&file, c);
        }
    }
    for e in &file.events {
        seen.add("event");
        seen.condition(&e.when);
        seen.effects(&e.effects);
        seen.text(&file, &e.text);
        if e.goto.is_some() {
            seen.add("event goto");
        }
        if e.repeat {
            seen.add("event repeat");
        }
    }
    for e in &file.endings.value {
        seen.add(format!("rating {:?}", e.rating));
        seen.text(&file, &e.epilogue);
        if let Some(b) = &e.business {
            seen.add("ending business");
            seen.text(&file, b);
        }
        match &e.condition {
            Some(c) => seen.condition(c),
            None => seen.add("ending fallback"),
        }
    }
    seen
}

/// What format 1 offers (its `discussion` questions, which format 2 keeps in the
/// facilitation block's debrief, aside).
const FORMAT_1: &[&str] = &[
    "Intermediate",
    "clock",
    "scoring",
    "meter visible",
    "meter hidden",
    "meter lower is better",
    "speaker stakeholder",
    "speaker narrator",
    "node prompt",
    "effect Meter",
    "effect Trust",
    "effect SetFlag",
    "effect ClearFlag",
    "effect Days",
    "effect Deadline",
    "op Add",
    "op Sub",
    "op Set",
    "op FairAdd",
    "op FairSub",
    "condition Meter",
    "condition Trust",
    "condition Flag",
    "condition Day",
    "condition DaysLeft",
    "condition All",
    "condition Any",
    "condition Not",
    "cmp Below",
    "cmp AtMost",
    "cmp Above",
    "cmp AtLeast",
    "cmp Is",
    "cmp Between",
    "choice hidden",
    "choice disabled with reason",
    "choice result",
    "choice competencies",
    "negative competency points",
    "next node",
    "next end",
    "next resume",
    "outcomes",
    "outcome next",
    "later",
    "later condition",
    "event",
    "event goto",
    "event repeat",
    "ending fallback",
    "rating Disaster",
    "rating Poor",
    "rating Mixed",
    "rating Good",
    "rating Excellent",
    "token name",
    "token .role",
    "token .trust",
    "token meter",
    "token day",
    "token days_left",
    "token deadline",
];

/// What format 2 adds.
const FORMAT_2: &[&str] = &[
    "Introductory",
    "passage If",
    "passage IfElse",
    "token inline",
    "token .full",
    "token .short",
    "stakeholder short",
    "stakeholder afterwards",
    "flag campaign",
    "node pivotal",
    "node default",
    "node enter",
    "routing node",
    "allow",
    "effect Points",
    "effect If",
    "effect IfElse",
    "condition Sum",
    "condition Compare",
    "weight number",
    "weight IfElse",
    "ending business",
    "node mentor",
    "priorities",
    "facilitation",
];

fn missing(seen: &Seen, features: &[&'static str]) -> Vec<&'static str> {
    features
        .iter()
        .copied()
        .filter(|f| !seen.0.contains(*f))
        .collect()
}

#[test]
fn the_starters_use_every_feature_of_format_1() {
    let mut seen = Seen::default();
    for text in STARTERS {
        seen.0.extend(features_of(text).0);
    }
    let missing = missing(&seen, FORMAT_1);
    assert!(
        missing.is_empty(),
        "the starter scenarios do not use: {missing:?}"
    );
}

#[test]
fn the_documented_example_uses_every_feature_of_format_2() {
    let seen = features_of(&common::documented_example());
    let all: Vec<&'static str> = FORMAT_1.iter().chain(FORMAT_2).copied().collect();
    // The example is Introductory, so it cannot also be Intermediate.
    let missing: Vec<&str> = missing(&seen, &all)
        .into_iter()
        .filter(|f| *f != "Intermediate")
        .collect();
    assert!(
        missing.is_empty(),
        "the documented example does not use: {missing:?}"
    );
}

#[test]
fn the_documented_warnings_are_exactly_the_engine_s() {
    let doc = include_str!("../../../docs/scenario-format.md");
    let section = &doc[doc.find("## Warnings").expect("a warnings section")..];
    let section = &section[..section.find("\n## ").expect("a section after")];
    let documented: Vec<(&str, &str)> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` | "))
        .map(|(code, what)| (code, what.trim_end_matches(" |")))
        .collect();
    assert_eq!(documented, promoted_engine::diagnostic::WARNINGS);
}
