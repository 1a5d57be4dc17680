//! Messages about a scenario file: what is wrong, and where.

use std::fmt;

use serde::Serialize;

use crate::source::{Span, shown};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about a scenario: an error makes it unplayable, a warning is a likely mistake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A warning's name, by which a file acknowledges it (`allow: ["never-available"]`).
    pub code: Option<&'static str>,
    /// Where in the file, as byte offsets; [`crate::source::Source::locate`] turns it into
    /// the line and column.
    #[serde(skip)]
    pub span: Option<Span>,
    /// 1-based line and column (in characters) in the file, when known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// Where in the scenario, e.g. "node `kickoff`, choice `commit`".
    pub place: String,
    pub message: String,
    /// A way there from the start, as `promoted play --path` takes it: choice ids, with
    /// `:n` where a random outcome must fall on its `n`th branch.
    pub path: Option<Vec<String>>,
}

impl Diagnostic {
    pub fn error(place: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            span: None,
            line: None,
            column: None,
            place: place.into(),
            message: message.into(),
            path: None,
        }
    }

    /// A warning, with the name a file acknowledges it by.
    pub fn warning(
        code: &'static str,
        place: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code: Some(code),
            ..Diagnostic::error(place, message)
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn spanned(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_path(mut self, path: Vec<String>) -> Self {
        self.path = Some(path);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message as a compiler would print it:
    /// `file:line:col: warning[code]: place: message`, and the way there beneath.
    pub fn render(&self, file: &str) -> String {
        match self.way_there(file) {
            Some(way) => format!("{}\n    {way}", self.headline(file)),
            None => self.headline(file),
        }
    }

    /// `file:line:col: warning[code]: place: message`.
    pub fn headline(&self, file: &str) -> String {
        let mut out = String::from(file);
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                out.push_str(&format!(":{column}"));
            }
        }
        match (self.severity, self.code) {
            (Severity::Error, _) => out.push_str(": error: "),
            (Severity::Warning, Some(code)) => out.push_str(&format!(": warning[{code}]: ")),
            (Severity::Warning, None) => out.push_str(": warning: "),
        }
        if !self.place.is_empty() {
            out.push_str(&self.place);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        out
    }

    /// "a way there: promoted play FILE --path a,b:2", when the finding has one.
    pub fn way_there(&self, file: &str) -> Option<String> {
        let path = self.path.as_ref()?;
        Some(if path.is_empty() {
            "a way there: at the start".to_owned()
        } else {
            format!(
                "a way there: promoted play {file} --path {}",
                path.join(",")
            )
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("scenario"))
    }
}

/// Every warning `check` gives, by the name a file acknowledges it with in `allow`, and what
/// it means. `docs/scenario-format.md` lists them too; a test keeps the two in step.
pub const WARNINGS: &[(&str, &str)] = &[
    (
        "unreachable",
        "no choice, route or event leads to this node",
    ),
    ("never-reached", "a node or ending that no run reaches"),
    (
        "never-available",
        "a choice whose condition is false whenever its node is reached",
    ),
    (
        "never-fires",
        "an event whose condition never holds after a decision",
    ),
    (
        "resume-nowhere",
        "`next: \"resume\"` where no event's detour leads",
    ),
    (
        "unset-flag",
        "a flag nothing sets, so conditions on it are never true",
    ),
    (
        "unread-flag",
        "a flag that is set but that no condition or text reads",
    ),
    ("never-true", "a condition that can never hold"),
    ("always-true", "a condition that always holds"),
    ("clamped-set", "`Set` outside the meter's range"),
    (
        "unscored-points",
        "points in a competency the scenario does not list",
    ),
    ("single-outcome", "one random outcome, which is not random"),
    (
        "disabled-without-condition",
        "a `disabled` reason on a choice that is always available",
    ),
    (
        "shadowed-ending",
        "an ending after one with no condition, which always wins",
    ),
    (
        "hidden-meter-shown",
        "a text prints the value of a hidden meter",
    ),
    (
        "number-in-dialogue",
        "someone reads a meter's number aloud, or says a number beside its name",
    ),
    (
        "no-line-for-trust",
        "a stakeholder's `afterwards` has no line for some trust",
    ),
    (
        "default-choice",
        "a shortened workshop's default choice that may not be available",
    ),
    (
        "pivotal-count",
        "fewer than 6 or more than 10 pivotal decisions: a 60-minute cut too thin to debrief, or too long to fit",
    ),
    (
        "facilitation",
        "a facilitation block that leaves out a pivotal decision, an ending or a debrief phase, or gives the debrief under half the play's time",
    ),
    (
        "longest-is-best",
        "the highest-scoring option is the longest: length gives the answer away",
    ),
    (
        "reads-own-flag",
        "a result or outcome text reads a flag its own choice sets, so it always reads the same",
    ),
    (
        "long-screen",
        "a screen over 140 words, or a scenario whose median screen is over 90",
    ),
    (
        "few-dilemmas",
        "under a third of decisions set two options against each other",
    ),
    (
        "free-best-option",
        "the highest-scoring option costs nothing at most decisions",
    ),
    (
        "fixed-policy-wins",
        "a player who always picks by position, length or greed reaches the best ending",
    ),
    (
        "silent-person",
        "a campaign's epilogue says nothing of one of its `people`",
    ),
    (
        "other-campaign",
        "a campaign's chapter is written as a chapter of another campaign",
    ),
];

/// Ids longer than this get no "did you mean": no id of a scenario is that long.
const LONGEST_SUGGESTED: usize = 64;

/// The closest known id to a misspelt one, for "did you mean" hints. Linear in the number of
/// known ids, and bounded per id, however long the misspelling.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = wrong.chars().count();
    if length > LONGEST_SUGGESTED {
        return None;
    }
    known
        .into_iter()
        .filter_map(|k| {
            let k_length = k.chars().count();
            let allowed = (k_length.max(length) / 3).max(1);
            // The distance is at least the difference in length: skip hopeless ones cheaply.
            if k_length > LONGEST_SUGGESTED || k_length.abs_diff(length) > allowed {
                return None;
            }
            let d = edit_distance(wrong, k);
            (d <= allowed).then_some((d, k))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `unknown meter `x` (did you mean `y`?)`, with the id printed safely.
pub fn unknown<'a>(kind: &str, id: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(id, known) {
        Some(close) => format!("unknown {kind} `{}` (did you mean `{close}`?)", shown(id)),
        None => format!("unknown {kind} `{}`", shown(id)),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_id() {
        assert_eq!(did_you_mean("moral", ["morale", "budget"]), Some("morale"));
        assert_eq!(did_you_mean("xyz", ["morale", "budget"]), None);
        // A misspelling hundreds of thousands of characters long is passed over at once.
        let long = "m".repeat(300_000);
        assert_eq!(did_you_mean(&long, ["morale"]), None);
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::error("node `a`", "unknown meter `x`").at(3, 7);
        assert_eq!(
            d.render("f.ron"),
            "f.ron:3:7: error: node `a`: unknown meter `x`"
        );
        let w = Diagnostic::warning("unread-flag", "", "flag `f` is never read")
            .with_path(vec!["a".into(), "b:2".into()]);
        assert_eq!(
            w.render("f.ron"),
            "f.ron: warning[unread-flag]: flag `f` is never read\n    a way there: promoted play f.ron --path a,b:2"
        );
    }

    #[test]
    fn unknown_ids_are_printed_escaped() {
        assert_eq!(
            unknown("meter", "mor\u{1b}[2J", ["morale"]),
            "unknown meter `mor\\u{1b}[2J`"
        );
    }
}
