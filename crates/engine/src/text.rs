//! Texts with live values: `{maya}`, `{maya.role}`, `{morale}`, `{days_left}`.
//! Templates are parsed once, when the scenario is compiled, so rendering never fails.

use crate::scenario::{MeterIdx, Scenario};
use crate::state::State;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Name(usize),
    Role(usize),
    Meter(MeterIdx),
    Day,
    Deadline,
    DaysLeft,
}

/// What a `{token}` can name, supplied by the compiler.
pub(crate) trait Names {
    fn stakeholder(&self, id: &str) -> Option<usize>;
    fn stakeholder_trust(&self, stakeholder: usize) -> MeterIdx;
    fn meter(&self, id: &str) -> Option<MeterIdx>;
    fn has_clock(&self) -> bool;
}

impl Text {
    /// A text with no tokens.
    pub fn plain(text: &str) -> Text {
        Text {
            segments: vec![Segment::Literal(text.to_owned())],
        }
    }

    pub(crate) fn parse(source: &str, names: &impl Names) -> Result<Text, String> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut token = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => token.push(c),
                            None => return Err(format!("`{{{token}` is not closed with `}}`")),
                        }
                    }
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(resolve(token.trim(), names)?);
                }
                '}' => return Err("a lone `}` (write `}}` for a brace)".to_owned()),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() || segments.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok(Text { segments })
    }

    /// The text with its tokens filled in from the run's state.
    pub fn render(&self, scenario: &Scenario, state: &State) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(s) => out.push_str(s),
                Segment::Name(i) => out.push_str(&scenario.cast[*i].name),
                Segment::Role(i) => out.push_str(&scenario.cast[*i].role),
                Segment::Meter(m) => out.push_str(&state.meter(*m).to_string()),
                Segment::Day => out.push_str(&state.day().to_string()),
                Segment::Deadline => out.push_str(&state.deadline().to_string()),
                Segment::DaysLeft => out.push_str(&state.days_left().to_string()),
            }
        }
        out
    }
}

fn resolve(token: &str, names: &impl Names) -> Result<Segment, String> {
    let clock = |segment| {
        if names.has_clock() {
            Ok(segment)
        } else {
            Err(format!(
                "`{{{token}}}` needs a `clock`, and the scenario has none"
            ))
        }
    };
    match token {
        "day" => return clock(Segment::Day),
        "deadline" => return clock(Segment::Deadline),
        "days_left" => return clock(Segment::DaysLeft),
        _ => {}
    }
    let (id, field) = match token.split_once('.') {
        Some((id, field)) => (id, Some(field)),
        None => (token, None),
    };
    if let Some(who) = names.stakeholder(id) {
        return match field {
            None | Some("name") => Ok(Segment::Name(who)),
            Some("role") => Ok(Segment::Role(who)),
            Some("trust") => Ok(Segment::Meter(names.stakeholder_trust(who))),
            Some(other) => Err(format!(
                "`{{{token}}}`: a stakeholder has `name`, `role` and `trust`, not `{other}`"
            )),
        };
    }
    match (names.meter(id), field) {
        (Some(m), None) => Ok(Segment::Meter(m)),
        _ => Err(format!(
            "`{{{token}}}` names no stakeholder, meter or clock value (write `{{{{` for a brace)"
        )),
    }
}
