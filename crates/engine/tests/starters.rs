//! The two starter scenarios use every feature of the format between them, so an author can
//! learn each one from a real example.

use std::collections::BTreeSet;

use promoted_engine::format::{ChoiceFile, Cmp, ConditionFile, EffectFile, Op, ScenarioFile};
use promoted_engine::parse;

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

    fn text(&mut self, file: &ScenarioFile, text: &str) {
        for token in text
            .split('{')
            .skip(1)
            .filter_map(|t| t.split_once('}'))
            .map(|(t, _)| t)
        {
            let kind = match token.split_once('.') {
                Some((_, field)) => format!("token .{field}"),
                None if file.cast.iter().any(|s| s.id == token) => "token name".to_owned(),
                None if file.meters.iter().any(|m| m.id == token) => "token meter".to_owned(),
                None => format!("token {token}"),
            };
            self.add(kind);
        }
    }

    fn effects(&mut self, effects: &[EffectFile]) {
        for e in effects {
            let (name, op) = match e {
                EffectFile::Meter(_, op) => ("effect Meter", Some(op)),
                EffectFile::Trust(_, op) => ("effect Trust", Some(op)),
                EffectFile::SetFlag(_) => ("effect SetFlag", None),
                EffectFile::ClearFlag(_) => ("effect ClearFlag", None),
                EffectFile::Days(_) => ("effect Days", None),
                EffectFile::Deadline(_) => ("effect Deadline", None),
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

    fn condition(&mut self, c: &ConditionFile) {
        let cmp = match c {
            ConditionFile::Meter(_, cmp) => Some(("condition Meter", cmp)),
            ConditionFile::Trust(_, cmp) => Some(("condition Trust", cmp)),
            ConditionFile::Day(cmp) => Some(("condition Day", cmp)),
            ConditionFile::DaysLeft(cmp) => Some(("condition DaysLeft", cmp)),
            ConditionFile::Flag(_) => {
                self.add("condition Flag");
                None
            }
            ConditionFile::All(list) | ConditionFile::Any(list) => {
                self.add(if matches!(c, ConditionFile::All(_)) {
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
        };
        if let Some((name, cmp)) = cmp {
            self.add(name);
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

    fn choice(&mut self, file: &ScenarioFile, c: &ChoiceFile) {
        self.text(file, &c.text);
        self.text(file, &c.note);
        self.effects(&c.effects);
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
        if !c.competencies.is_empty() {
            self.add("choice competencies");
        }
        if c.competencies.values().any(|&p| p < 0) {
            self.add("negative competency points");
        }
        match c.next.as_str() {
            "end" => self.add("next end"),
            "resume" => self.add("next resume"),
            _ => self.add("next node"),
        }
        for o in &c.outcomes {
            self.add("outcomes");
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

#[test]
fn the_starters_use_every_feature_of_the_format() {
    let mut seen = Seen::default();
    for text in STARTERS {
        let file = parse(text).expect("parses");
        seen.add(format!("{:?}", file.difficulty));
        if file.clock.is_some() {
            seen.add("clock");
        }
        if file.scoring != Default::default() {
            seen.add("scoring");
        }
        if !file.discussion.is_empty() {
            seen.add("discussion");
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
        for f in &file.flags {
            seen.text(&file, &f.description);
        }
        for n in &file.nodes {
            seen.add(if n.speaker.is_some() {
                "speaker stakeholder"
            } else {
                "speaker narrator"
            });
            if n.prompt.is_some() {
                seen.add("node prompt");
            }
            seen.text(&file, &n.text);
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
        for e in &file.endings {
            seen.add(format!("rating {:?}", e.rating));
            seen.text(&file, &e.epilogue);
            match &e.condition {
                Some(c) => seen.condition(c),
                None => seen.add("ending fallback"),
            }
        }
    }
    let every = [
        "Intermediate",
        "clock",
        "scoring",
        "discussion",
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
    let missing: Vec<&str> = every
        .iter()
        .copied()
        .filter(|f| !seen.0.contains(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "the starter scenarios do not use: {missing:?}"
    );
}
