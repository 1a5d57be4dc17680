//! `promoted simulate`: seeded random playthroughs, summarised for balancing.

use std::io::Write;

use promoted_engine::simulate::{Policy, Report, simulate};

use crate::args::Args;
use crate::{Failure, OK, SCENARIO_ERRORS, load_one};

pub(crate) fn run(rest: &[String], out: &mut impl Write) -> Result<i32, Failure> {
    let args = Args::parse(rest, &["--runs", "--seed", "--policy"], &["--json"])?;
    let path = args.single_path()?;
    let runs: u32 = args.number("--runs", 10_000)?;
    if runs == 0 {
        return Err(Failure::Usage("`--runs` must be at least 1".into()));
    }
    let seed: u64 = args.number("--seed", 1)?;
    let policy_name = args.value("--policy").unwrap_or("random");
    let policy = Policy::parse(policy_name).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown policy `{policy_name}` (random, first, last or greedy)"
        ))
    })?;
    let scenario = load_one(path)?;
    let report = simulate(&scenario, runs, seed, policy);
    if args.flag("--json") {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Failure::Usage(e.to_string()))?;
        let _ = writeln!(out, "{json}");
    } else {
        let _ = write!(out, "{}", render(&report));
    }
    Ok(if report.failed > 0 {
        SCENARIO_ERRORS
    } else {
        OK
    })
}

fn percent(part: u32, whole: u32) -> f64 {
    100.0 * f64::from(part) / f64::from(whole.max(1))
}

fn bar(part: u32, whole: u32, width: usize) -> String {
    let cells = ((f64::from(part) / f64::from(whole.max(1))) * width as f64).round() as usize;
    "█".repeat(cells)
}

pub(crate) fn render(r: &Report) -> String {
    let mut s = String::new();
    let policy = r.policy;
    s.push_str(&format!(
        "{}: {} runs, policy {policy}, seeds {}..{}\n\n",
        r.scenario,
        r.runs,
        r.seed,
        r.seed + u64::from(r.runs) - 1
    ));
    s.push_str("Endings\n");
    let id_width = r.endings.iter().map(|e| e.id.len()).max().unwrap_or(0);
    for e in &r.endings {
        s.push_str(&format!(
            "  {:id_width$}  {:9}  {:>7}  {:5.1}%  {}\n",
            e.id,
            format!("{:?}", e.rating),
            e.runs,
            percent(e.runs, r.runs),
            bar(e.runs, r.runs, 30)
        ));
    }
    s.push_str(&format!(
        "\nScore  min {}  median {}  max {}\n",
        r.scores.min, r.scores.median, r.scores.max
    ));
    let top = r.histogram.iter().copied().max().unwrap_or(0);
    for (band, &count) in r.histogram.iter().enumerate() {
        let label = if band == 9 {
            "90–100".to_owned()
        } else {
            format!("{}–{}", band * 10, band * 10 + 9)
        };
        s.push_str(&format!(
            "  {label:>6}  {count:>7}  {}\n",
            bar(count, top, 30)
        ));
    }
    s.push_str(&format!(
        "\nDecisions per run  min {}  median {}  max {}\n",
        r.decisions.min, r.decisions.median, r.decisions.max
    ));
    s.push_str("\nMeters at the end          min  median  max\n");
    for m in &r.meters {
        let hidden = if m.visible { "" } else { " (hidden)" };
        s.push_str(&format!(
            "  {:24} {:>5} {:>7} {:>4}\n",
            format!("{}{hidden}", m.label),
            m.finals.min,
            m.finals.median,
            m.finals.max
        ));
    }
    let (nodes, all_nodes) = r.node_coverage();
    let (choices, all_choices) = r.choice_coverage();
    s.push_str(&format!(
        "\nCoverage  nodes {nodes}/{all_nodes}, choices {choices}/{all_choices}\n"
    ));
    for c in r.nodes.iter().filter(|c| c.runs == 0) {
        s.push_str(&format!("  node never reached: {}\n", c.id));
    }
    for c in r.choices.iter().filter(|c| c.runs == 0) {
        s.push_str(&format!("  choice never taken: {}\n", c.id));
    }
    s.push_str(&format!("\nFailed runs: {}\n", r.failed));
    for f in &r.failures {
        s.push_str(&format!(
            "  seed {}: {}  (replay: --runs 1 --seed {})\n",
            f.seed, f.problem, f.seed
        ));
    }
    s
}
