//! One scenario file checked as `promoted check` checks it: read, compiled, then explored,
//! every finding located and rendered as a compiler would. The CLI prints it; the game shows
//! it when a player opens a file of their own, so both say exactly the same.

use crate::analysis::{analyse, default_budget};
use crate::{Diagnostic, Scenario, Source, load_source};

/// What checking one scenario file found.
pub struct Checked {
    /// The file's text, when it could be read, for showing the lines findings point at.
    pub source: Option<Source>,
    /// The scenario, when it compiled.
    pub scenario: Option<Scenario>,
    /// Errors first, then warnings, each in the order of the file.
    pub diagnostics: Vec<Diagnostic>,
    /// "26 nodes, 5 endings; all 1830 reachable states explored", or "not loaded".
    pub summary: String,
}

/// Check a scenario file's bytes; `budget` caps the states explored (the scenario's default
/// budget when `None`).
pub fn check_scenario(bytes: &[u8], budget: Option<usize>) -> Checked {
    let source = match Source::new(bytes) {
        Ok(source) => source,
        Err(d) => return Checked::not_loaded(None, vec![d]),
    };
    let (scenario, mut diagnostics) = match load_source(&source) {
        Ok(loaded) => loaded,
        Err(errors) => return Checked::not_loaded(Some(source), errors),
    };
    let analysis = analyse(
        &scenario,
        budget.unwrap_or_else(|| default_budget(&scenario)),
    );
    let explored = if analysis.exhaustive {
        format!("all {} reachable states explored", analysis.states)
    } else {
        format!(
            "{} states explored (budget), plus random runs",
            analysis.states
        )
    };
    let summary = format!(
        "{} nodes, {} endings; {explored}",
        scenario.nodes.len(),
        scenario.endings.len()
    );
    for mut d in analysis.diagnostics {
        source.locate(&mut d);
        diagnostics.push(d);
    }
    let mut checked = Checked {
        source: Some(source),
        scenario: Some(scenario),
        diagnostics,
        summary,
    };
    checked.sort();
    checked
}

impl Checked {
    /// A file that did not load: its errors, and its text when it could be read.
    pub fn not_loaded(source: Option<Source>, errors: Vec<Diagnostic>) -> Checked {
        let mut checked = Checked {
            source,
            scenario: None,
            diagnostics: errors,
            summary: "not loaded".to_owned(),
        };
        checked.sort();
        checked
    }

    /// Errors before warnings, each by place in the file.
    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by_key(|d| (std::cmp::Reverse(d.severity), d.line, d.column));
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// "ok", "ok with 2 warnings", "3 errors".
    pub fn verdict(&self) -> String {
        match (self.errors(), self.warnings()) {
            (0, 0) => "ok".to_owned(),
            (0, w) => format!("ok with {w} warning{}", plural(w)),
            (e, _) => format!("{e} error{}", plural(e)),
        }
    }

    /// Every finding rendered for `file`, with the lines they point at.
    pub fn rendered(&self, file: &str) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| render(d, file, self.source.as_ref()))
            .collect()
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A diagnostic as a compiler prints it: the message, then the line it points at with a caret
/// under the column (for an error, or a warning about one value on one line: a warning about
/// a whole node needs no excerpt), then a way there when it has one.
pub fn render(d: &Diagnostic, file: &str, source: Option<&Source>) -> String {
    let mut out = d.headline(file);
    let one_line = d.span.zip(source).is_some_and(|(span, source)| {
        source.line_column(span.start).0 == source.line_column(span.end).0
    });
    if let (Some(source), Some(line), Some(column)) = (source, d.line, d.column)
        && (d.is_error() || one_line)
        && let Some(text) = source.line_text(line)
    {
        let shown: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(160)
            .collect();
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        let before = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        let caret = " ".repeat(before.min(shown.chars().count()));
        out.push_str(&format!(
            "\n    {pad} |\n    {number} | {shown}\n    {pad} | {caret}^"
        ));
    }
    if let Some(way) = d.way_there(file) {
        out.push_str(&format!("\n    {way}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_file_is_rendered_with_its_place_and_the_line_it_points_at() {
        let checked = check_scenario(b"Scenario(\n  id: \"x\",\n  title: 7,\n)", None);
        assert!(checked.scenario.is_none());
        assert_eq!(checked.summary, "not loaded");
        let shown = checked.rendered("mine.scenario.ron");
        assert!(shown[0].starts_with("mine.scenario.ron:3:"), "{}", shown[0]);
        assert!(shown[0].contains("3 |   title: 7,"), "{}", shown[0]);
        assert!(shown[0].contains('^'), "{}", shown[0]);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size_before_it_is_parsed() {
        let huge = vec![b' '; crate::MAX_SCENARIO_BYTES + 1];
        let checked = check_scenario(&huge, None);
        assert_eq!(checked.errors(), 1);
        assert!(checked.source.is_none());
        assert!(checked.verdict() == "1 error");
    }

    #[test]
    fn a_shipped_scenario_checks_clean_and_says_what_was_explored() {
        let checked = check_scenario(
            include_bytes!("../../../scenarios/peer-to-boss.scenario.ron"),
            None,
        );
        assert!(checked.scenario.is_some());
        assert_eq!(checked.errors(), 0);
        assert!(checked.summary.contains("nodes"), "{}", checked.summary);
    }
}
