//! `promoted check`: parse, validate and explore every scenario, and check campaigns against
//! the scenarios beside them.

use std::io::Write;
use std::path::Path;

use promoted_engine::analysis::{analyse, default_budget};
use promoted_engine::{Campaign, Diagnostic, Scenario, Severity, Source};

use crate::args::Args;
use crate::files::{
    Loaded, NotLoaded, find_scenarios, folder_of, is_campaign, load_file, read_source, render,
    scenarios_in,
};
use crate::{Failure, OK, SCENARIO_ERRORS};

pub(crate) fn run(rest: &[String], out: &mut impl Write) -> Result<i32, Failure> {
    let args = Args::parse(rest, &["--max-states"], &[])?;
    let budget: Option<usize> = match args.value("--max-states") {
        None => None,
        Some(_) => Some(args.number("--max-states", 0)?),
    };
    let roots = if args.positional.is_empty() {
        vec!["scenarios".to_owned()]
    } else {
        args.positional.clone()
    };
    let mut files = Vec::new();
    for root in &roots {
        match find_scenarios(Path::new(root)) {
            Ok(found) if found.is_empty() => {
                return Err(Failure::Usage(format!(
                    "no `*.scenario.ron` files in `{root}`"
                )));
            }
            Ok(found) => files.extend(found),
            Err(e) => return Err(Failure::Usage(format!("cannot read `{root}`: {e}"))),
        }
    }
    // Scenarios first: campaigns are checked against them.
    files.sort_by_key(|f| is_campaign(f));
    files.dedup();
    let mut scenarios: Vec<Scenario> = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let name = file.display().to_string();
        let (source, mut diagnostics, summary) = if is_campaign(file) {
            check_campaign(file, &scenarios)
        } else {
            match load_file(file) {
                Ok(Loaded {
                    source,
                    scenario,
                    warnings,
                }) => {
                    let budget = budget.unwrap_or_else(|| default_budget(&scenario));
                    let analysis = analyse(&scenario, budget);
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
                    scenarios.push(scenario);
                    let mut all = warnings;
                    for mut d in analysis.diagnostics {
                        source.locate(&mut d);
                        all.push(d);
                    }
                    (Some(source), all, summary)
                }
                Err(NotLoaded { source, errors }) => (source, errors, "not loaded".to_owned()),
            }
        };
        diagnostics.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.line, d.column));
        let e = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let w = diagnostics.len() - e;
        errors += e;
        warnings += w;
        let verdict = match (e, w) {
            (0, 0) => "ok".to_owned(),
            (0, w) => format!("ok with {w} warning{}", plural(w)),
            (e, _) => format!("{e} error{}", plural(e)),
        };
        let _ = writeln!(out, "{name}: {verdict} ({summary})");
        for d in &diagnostics {
            let _ = writeln!(out, "  {}", render(d, &name, source.as_ref()));
        }
    }
    let _ = writeln!(
        out,
        "{} file{} checked: {errors} error{}, {warnings} warning{}",
        files.len(),
        plural(files.len()),
        plural(errors),
        plural(warnings)
    );
    Ok(if errors > 0 { SCENARIO_ERRORS } else { OK })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A campaign, checked against the scenarios checked before it, or, when it is checked
/// alone, against those in its own folder.
fn check_campaign(file: &Path, checked: &[Scenario]) -> (Option<Source>, Vec<Diagnostic>, String) {
    let beside;
    let scenarios: &[Scenario] = if checked.is_empty() {
        beside = scenarios_in(folder_of(file));
        &beside
    } else {
        checked
    };
    let source = match read_source(file) {
        Ok(source) => source,
        Err(diagnostics) => return (None, diagnostics, "not loaded".into()),
    };
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    match Campaign::load(source.text().as_bytes(), &refs) {
        Ok((campaign, diagnostics)) => {
            let summary = format!("a campaign of {} chapters", campaign.chapters.len());
            (Some(source), diagnostics, summary)
        }
        Err(diagnostics) => (Some(source), diagnostics, "not loaded".into()),
    }
}
