//! Texts with live values and passages that show only on some paths. They are parsed once,
//! when the scenario is compiled (see `compile::text`), so rendering never fails.

use super::{Condition, FlagId, MeterId, Scenario, StakeholderId};
use crate::source::Span;
use crate::state::State;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub(crate) passages: Vec<Passage>,
    pub(crate) span: Span,
}

/// A run of the text shown when its condition holds (always, without one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Passage {
    pub when: Option<Condition>,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Name(StakeholderId, NameForm),
    Role(StakeholderId),
    /// A meter's value, trust included.
    Value(MeterId),
    Day,
    Deadline,
    DaysLeft,
    /// `{flag ? then | otherwise}`, or `{!flag ? then | otherwise}` (`negated`).
    Inline {
        flag: FlagId,
        negated: bool,
        then: Vec<Segment>,
        otherwise: Vec<Segment>,
    },
}

/// How `{priya}` names her.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameForm {
    /// In full at the first mention (in a run, or on a page), by the short name after
    /// (format 2); always in full in format 1.
    Auto,
    Full,
    Short,
}

impl Text {
    /// A text with no tokens.
    pub fn plain(text: &str) -> Text {
        Text {
            passages: vec![Passage {
                when: None,
                segments: vec![Segment::Literal(text.to_owned())],
            }],
            span: Span::default(),
        }
    }

    pub fn span(&self) -> Span {
        self.span
    }

    /// The text with its passages chosen and its tokens filled in from the run's state.
    /// Passages are joined by a space, unless one ends or starts a line.
    pub fn render(&self, scenario: &Scenario, state: &State) -> String {
        self.render_after(scenario, state, &mut Mentions::default())
    }

    /// The text as read after others on the same screen: people those named in full are
    /// named by their short names here (format 2), and those it names are added.
    pub fn render_after(&self, scenario: &Scenario, state: &State, named: &mut Mentions) -> String {
        let mut out = String::new();
        for passage in &self.passages {
            if !passage.when.as_ref().is_none_or(|c| state.holds(c)) {
                continue;
            }
            let mut piece = String::new();
            render_segments(&passage.segments, scenario, state, named, &mut piece);
            // An inline alternative left empty leaves the spaces around it: they read as one.
            if piece.contains("  ") || piece.starts_with(' ') || piece.ends_with(' ') {
                piece = collapse_spaces(&piece);
            }
            if piece.is_empty() {
                continue;
            }
            if !out.is_empty() && !out.ends_with('\n') && !piece.starts_with('\n') {
                out.push(' ');
            }
            out.push_str(&piece);
        }
        out
    }

    /// The rendered length in characters, when it is the same on every path: a text with no
    /// conditions and no live numbers. Answer-key checks compare options' lengths with it
    /// and render only the texts that vary.
    pub(crate) fn fixed_length(&self, scenario: &Scenario) -> Option<usize> {
        if self.passages.iter().any(|p| p.when.is_some())
            || self.passages.iter().any(|p| varies(&p.segments))
        {
            return None;
        }
        Some(self.render(scenario, &State::blank()).chars().count())
    }

    /// Whether any passage depends on the state.
    pub fn is_conditional(&self) -> bool {
        self.passages
            .iter()
            .any(|p| p.when.is_some() || varies(&p.segments))
    }

    /// The meters whose values the text prints, for `check`'s warnings.
    pub(crate) fn printed_meters(&self) -> Vec<MeterId> {
        fn walk(segments: &[Segment], out: &mut Vec<MeterId>) {
            for s in segments {
                match s {
                    Segment::Value(m) => out.push(*m),
                    Segment::Inline {
                        then, otherwise, ..
                    } => {
                        walk(then, out);
                        walk(otherwise, out);
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for p in &self.passages {
            walk(&p.segments, &mut out);
        }
        out
    }

    /// The literal words of every passage, for counting what a screen asks people to read.
    pub fn words(&self) -> usize {
        fn walk(segments: &[Segment]) -> usize {
            segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(l) => l.split_whitespace().count(),
                    Segment::Inline {
                        then, otherwise, ..
                    } => walk(then).max(walk(otherwise)),
                    _ => 1,
                })
                .sum()
        }
        self.passages.iter().map(|p| walk(&p.segments)).sum()
    }
}

/// Runs of spaces as one, none at either end (line breaks are kept as they are).
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' && (out.is_empty() || out.ends_with(' ') || out.ends_with('\n')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether segments print a value that changes with the state.
fn varies(segments: &[Segment]) -> bool {
    segments.iter().any(|s| {
        matches!(
            s,
            Segment::Value(_)
                | Segment::Day
                | Segment::Deadline
                | Segment::DaysLeft
                | Segment::Inline { .. }
        )
    })
}

/// The stakeholders named so far on a screen, so later mentions can be short: a node's text
/// and its options, or an epilogue and its lines, read as one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mentions([u64; 1]);

impl Mentions {
    /// Whether `s` was named before; marks it named.
    fn mention(&mut self, s: StakeholderId) -> bool {
        let bit = 1u64 << (s.0 % 64);
        let before = self.0[0] & bit != 0;
        self.0[0] |= bit;
        before
    }
}

fn render_segments(
    segments: &[Segment],
    scenario: &Scenario,
    state: &State,
    named: &mut Mentions,
    out: &mut String,
) {
    for segment in segments {
        match segment {
            Segment::Literal(s) => out.push_str(s),
            Segment::Name(who, form) => {
                let person = scenario.stakeholder(*who);
                let seen = named.mention(*who);
                let short = match form {
                    NameForm::Full => false,
                    NameForm::Short => true,
                    NameForm::Auto => seen && scenario.rules.short_names(),
                };
                out.push_str(if short { &person.short } else { &person.name });
            }
            Segment::Role(who) => out.push_str(&scenario.stakeholder(*who).role),
            Segment::Value(m) => out.push_str(&state.meter(*m).to_string()),
            Segment::Day => out.push_str(&state.day().to_string()),
            Segment::Deadline => out.push_str(&state.deadline().to_string()),
            Segment::DaysLeft => out.push_str(&state.days_left().to_string()),
            Segment::Inline {
                flag,
                negated,
                then,
                otherwise,
            } => {
                let shown = if state.flag(*flag) != *negated {
                    then
                } else {
                    otherwise
                };
                render_segments(shown, scenario, state, named, out);
            }
        }
    }
}
