//! `promoted check`: parse, validate and explore every scenario, and check campaigns against
//! the scenarios beside them.

use std::io::Write;
use std::path::Path;

use promoted_engine::check::{Checked, check_scenario, plural};
use promoted_engine::{Campaign, Scenario};

use crate::args::Args;
use crate::files::{
    find_scenarios, folder_of, is_campaign, read_limited, read_source, scenarios_in,
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
        let checked = if is_campaign(file) {
            check_campaign(file, &scenarios)
        } else {
            match read_limited(file) {
                Ok(bytes) => check_scenario(&bytes, budget),
                Err(diagnostics) => Checked::not_loaded(None, diagnostics),
            }
        };
        errors += checked.errors();
        warnings += checked.warnings();
        let (verdict, summary) = (checked.verdict(), &checked.summary);
        let _ = writeln!(out, "{name}: {verdict} ({summary})");
        for line in checked.rendered(&name) {
            let _ = writeln!(out, "  {line}");
        }
        scenarios.extend(checked.scenario);
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

/// A campaign, checked against the scenarios checked before it, or, when it is checked
/// alone, against those in its own folder.
fn check_campaign(file: &Path, checked: &[Scenario]) -> Checked {
    let beside;
    let scenarios: &[Scenario] = if checked.is_empty() {
        beside = scenarios_in(folder_of(file));
        &beside
    } else {
        checked
    };
    let (source, diagnostics, summary) = match read_source(file) {
        Err(diagnostics) => (None, diagnostics, "not loaded".to_owned()),
        Ok(source) => {
            let refs: Vec<&Scenario> = scenarios.iter().collect();
            match Campaign::load(source.text().as_bytes(), &refs) {
                Ok((campaign, diagnostics)) => (
                    Some(source),
                    diagnostics,
                    format!("a campaign of {} chapters", campaign.chapters.len()),
                ),
                Err(diagnostics) => (Some(source), diagnostics, "not loaded".to_owned()),
            }
        }
    };
    let mut checked = Checked {
        source,
        scenario: None,
        diagnostics,
        summary,
    };
    checked.sort();
    checked
}
