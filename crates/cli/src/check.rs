//! `promoted check`: parse, validate and explore every scenario.

use std::io::Write;
use std::path::Path;

use promoted_engine::analysis::{DEFAULT_STATE_BUDGET, analyse};
use promoted_engine::{Campaign, Diagnostic, Scenario, Severity};

use crate::args::Args;
use crate::files::{CAMPAIGN, find_scenarios, load_file, read_limited};
use crate::{Failure, OK, SCENARIO_ERRORS};

pub(crate) fn run(rest: &[String], out: &mut impl Write) -> Result<i32, Failure> {
    let args = Args::parse(rest, &["--max-states"], &[])?;
    let budget = args.number("--max-states", DEFAULT_STATE_BUDGET)?;
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
    files.sort_by_key(|f| f.to_string_lossy().ends_with(CAMPAIGN));
    let mut scenarios = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let name = file.display().to_string();
        let is_campaign = file.to_string_lossy().ends_with(CAMPAIGN);
        let loaded = if is_campaign {
            check_campaign(file, &scenarios)
        } else {
            load_file(file).map(|(scenario, diagnostics)| {
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
                (
                    diagnostics
                        .into_iter()
                        .chain(analysis.diagnostics)
                        .collect(),
                    summary,
                )
            })
        };
        let (mut diagnostics, summary) = match loaded {
            Ok(found) => found,
            Err(diagnostics) => (diagnostics, "not loaded".to_owned()),
        };
        diagnostics.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.line));
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
            let _ = writeln!(out, "  {}", d.render(&name));
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

/// A campaign, checked against the scenarios loaded before it.
fn check_campaign(
    file: &Path,
    scenarios: &[Scenario],
) -> Result<(Vec<Diagnostic>, String), Vec<Diagnostic>> {
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    let (campaign, diagnostics) = Campaign::load(&read_limited(file)?, &refs)?;
    Ok((
        diagnostics,
        format!("a campaign of {} chapters", campaign.chapters.len()),
    ))
}
