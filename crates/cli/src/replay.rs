//! `promoted play --replay REPORT.json`: a workshop session played again from its report.

use std::io::Write;
use std::path::Path;

use promoted_engine::Scenario;
use promoted_engine::workshop::{WorkshopReport, replay};

use crate::files::scenarios_in;
use crate::{Failure, OK, load_one};

/// Reports are small; anything bigger is not one.
const MAX_REPORT_BYTES: u64 = 4 * 1024 * 1024;

pub(crate) fn run(
    report_path: &str,
    paths: &[String],
    out: &mut impl Write,
) -> Result<i32, Failure> {
    let fail = |why: String| Failure::Scenario(vec![format!("{report_path}: {why}")]);
    let size = std::fs::metadata(report_path)
        .map_err(|e| fail(format!("cannot read the report: {e}")))?
        .len();
    if size > MAX_REPORT_BYTES {
        return Err(fail(format!(
            "{size} bytes is too large for a workshop report"
        )));
    }
    let text = std::fs::read_to_string(report_path)
        .map_err(|e| fail(format!("cannot read the report: {e}")))?;
    let report = WorkshopReport::from_json(&text).map_err(|e| fail(e.to_string()))?;
    let scenario = match paths {
        [] => find_by_id(&report.scenario)?,
        [path] => load_one(path)?,
        _ => {
            return Err(Failure::Usage(
                "give at most one scenario file to replay with".into(),
            ));
        }
    };
    let workshop = replay(&scenario, &report).map_err(|e| fail(e.to_string()))?;
    let _ = writeln!(
        out,
        "{} — a workshop of {} team(s), seed {}\n",
        scenario.title,
        report.teams.len(),
        report.setup.seed
    );
    for team in &report.teams {
        let _ = writeln!(out, "{}", team.name);
        for (i, d) in team.decisions.iter().enumerate() {
            let chosen = d
                .chosen_option()
                .map_or(d.chosen.as_str(), |o| o.text.as_str());
            if d.meanwhile {
                let _ = writeln!(out, "{:>4}. {chosen}  [by default]", i + 1);
                continue;
            }
            let how = if d.tie_break {
                ", tie broken by the facilitator"
            } else {
                ""
            };
            let _ = writeln!(out, "{:>4}. {chosen}  [{}{how}]", i + 1, d.split());
        }
        match (&team.ending_title, &team.score) {
            (Some(ending), Some(score)) => {
                let _ = writeln!(
                    out,
                    "      → {ending}, score {} ({})\n",
                    score.overall, score.grade
                );
            }
            _ => {
                let _ = writeln!(out, "      → not finished\n");
            }
        }
    }
    let _ = writeln!(
        out,
        "Replayed {} of the room's decisions: the same path, endings and scores as the report.",
        workshop.order().len()
    );
    Ok(OK)
}

/// The scenario with this id in `scenarios/`.
pub(crate) fn find_by_id(id: &str) -> Result<Scenario, Failure> {
    scenarios_in(Path::new("scenarios"))
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "no scenario `{id}` in scenarios/; give its file: promoted play --replay REPORT.json PATH"
            ))
        })
}
