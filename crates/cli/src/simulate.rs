//! `promoted simulate`: seeded playthroughs, summarised for balancing, with the tells that
//! give an answer key away.

use std::io::Write;

use promoted_engine::Campaign;
use promoted_engine::simulate::{
    CUT_ENDINGS, CampaignPolicyResult, CampaignSummary, CutSummary, MAX_RUNS, Policy, Summary,
    TellsSummary, campaign_policies, simulate, simulate_campaign, simulate_cut,
};
use serde::Serialize;

use crate::args::Args;
use crate::files::{folder_of, is_campaign, read_limited, scenarios_in};
use crate::{Failure, OK, SCENARIO_ERRORS, load_one};

/// What `--json` prints: the simulation and the tells.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    tells: &'a TellsSummary,
}

pub(crate) fn run(rest: &[String], out: &mut impl Write) -> Result<i32, Failure> {
    let args = Args::parse(
        rest,
        &["--runs", "--seed", "--policy"],
        &["--json", "--cut"],
    )?;
    let path = args.single_path()?;
    let runs: u32 = args.number("--runs", 10_000)?;
    if !(1..=MAX_RUNS).contains(&runs) {
        return Err(Failure::Usage(format!(
            "`--runs` is 1 to {MAX_RUNS}, not {runs}"
        )));
    }
    let seed: u64 = args.number("--seed", 1)?;
    let policy_name = args.value("--policy").unwrap_or("random");
    let policy = Policy::parse(policy_name).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown policy `{policy_name}` (random, first, last, greedy, longest, shortest, or a position such as 2)"
        ))
    })?;
    if is_campaign(std::path::Path::new(path)) {
        return simulate_whole_campaign(path, runs, seed, policy, args.flag("--json"), out);
    }
    let scenario = load_one(path)?;
    if args.flag("--cut") {
        let cut = simulate_cut(&scenario, runs, seed, policy);
        report(out, args.flag("--json"), &cut, || {
            render_cut(&scenario, &cut)
        })?;
        return Ok(if cut.failed > 0 || cut.endings_reached() < CUT_ENDINGS {
            SCENARIO_ERRORS
        } else {
            OK
        });
    }
    let summary = simulate(&scenario, runs, seed, policy);
    let tells = TellsSummary::measure(&scenario, runs, seed);
    let output = Output {
        summary: &summary,
        tells: &tells,
    };
    report(out, args.flag("--json"), &output, || {
        render(&summary, &tells)
    })?;
    Ok(if summary.failed > 0 {
        SCENARIO_ERRORS
    } else {
        OK
    })
}

/// What `--json` prints for a campaign: its runs and the fixed policies' campaigns.
#[derive(Serialize)]
struct CampaignOutput<'a> {
    #[serde(flatten)]
    summary: &'a CampaignSummary,
    policies: &'a [CampaignPolicyResult],
}

/// A campaign played whole, chapter after chapter, against the scenarios beside it.
fn simulate_whole_campaign(
    path: &str,
    runs: u32,
    seed: u64,
    policy: Policy,
    json: bool,
    out: &mut impl Write,
) -> Result<i32, Failure> {
    let folder = folder_of(std::path::Path::new(path));
    let scenarios = scenarios_in(folder);
    let refs: Vec<&promoted_engine::Scenario> = scenarios.iter().collect();
    let failed = |d: Vec<promoted_engine::Diagnostic>| {
        Failure::Scenario(d.iter().map(|d| d.render(path)).collect())
    };
    let bytes = read_limited(std::path::Path::new(path)).map_err(failed)?;
    let (campaign, _) = Campaign::load(&bytes, &refs).map_err(failed)?;
    let summary = simulate_campaign(&campaign, &refs, runs, seed, policy);
    let policies = campaign_policies(&campaign, &refs, runs, seed);
    let output = CampaignOutput {
        summary: &summary,
        policies: &policies,
    };
    report(out, json, &output, || render_campaign(&summary, &policies))?;
    Ok(if summary.failed > 0 {
        SCENARIO_ERRORS
    } else {
        OK
    })
}

fn render_campaign(r: &CampaignSummary, policies: &[CampaignPolicyResult]) -> String {
    let mut s = format!(
        "{}: {} campaign runs, policy {}, seeds {}..{}\n\nCampaign endings\n",
        r.campaign,
        r.runs,
        r.policy,
        r.seed,
        r.seed.wrapping_add(u64::from(r.runs.saturating_sub(1)))
    );
    let width = r
        .endings
        .iter()
        .map(|e| e.title.chars().count())
        .max()
        .unwrap_or(0);
    for e in &r.endings {
        s.push_str(&format!(
            "  {:width$}  {:>3}+  {:>7}  {:5.1}%  {}\n",
            e.title,
            e.min_score,
            e.runs,
            percent(e.runs, r.runs),
            bar(e.runs, r.runs, 30)
        ));
    }
    s.push_str(&format!(
        "\nScore  min {}  median {}  max {}\n\nChapters\n",
        r.scores.min, r.scores.median, r.scores.max
    ));
    for (n, c) in r.chapters.iter().enumerate() {
        let endings: Vec<String> = c
            .endings
            .iter()
            .map(|(title, runs)| format!("{title} {:.1}%", percent(*runs, r.runs)))
            .collect();
        s.push_str(&format!(
            "  {}. {}  median {}\n     {}\n",
            n + 1,
            c.scenario,
            c.scores.median,
            endings.join(" · ")
        ));
    }
    s.push_str(&format!("\nFailed runs: {}\n", r.failed));
    s.push_str("\nFixed policies through the whole campaign\n  policy             runs  median score  best ending\n");
    for p in policies {
        s.push_str(&format!(
            "    {:16} {:>5}  {:>12}  {:>6.1}%\n",
            p.policy.to_string(),
            p.runs,
            p.median_score,
            percent(p.best_endings, p.runs)
        ));
    }
    s
}

/// Print a simulation as JSON, or as the text `render` makes.
fn report(
    out: &mut impl Write,
    json: bool,
    output: &impl Serialize,
    render: impl FnOnce() -> String,
) -> Result<(), Failure> {
    if json {
        let json =
            serde_json::to_string_pretty(output).map_err(|e| Failure::Usage(e.to_string()))?;
        let _ = writeln!(out, "{json}");
    } else {
        let _ = write!(out, "{}", render());
    }
    Ok(())
}

/// The cut's endings, and how many decisions reach the room.
fn render_cut(scenario: &promoted_engine::Scenario, r: &CutSummary) -> String {
    let mut s = format!(
        "{}: the 60-minute cut, {} runs, policy {} at the pivotal decisions, the default elsewhere, seeds {}..{}\n\n",
        r.scenario,
        r.runs,
        r.policy,
        r.seed,
        r.seed.wrapping_add(u64::from(r.runs).saturating_sub(1))
    );
    s.push_str("Endings\n");
    let width = r
        .endings
        .iter()
        .map(|(t, _)| t.chars().count())
        .max()
        .unwrap_or(0);
    for (title, n) in &r.endings {
        s.push_str(&format!(
            "  {title:<width$}  {:>5.1}%  {}\n",
            percent(*n, r.runs),
            bar(*n, r.runs, 30)
        ));
    }
    let reached = r.endings_reached();
    s.push_str(&format!(
        "\n{reached} of {} endings reached{}\n",
        r.endings.len(),
        if reached < CUT_ENDINGS {
            format!(": a cut should reach at least {CUT_ENDINGS}, or every room ends alike")
        } else {
            String::new()
        }
    ));
    let pivotal = scenario.nodes.iter().filter(|n| n.pivotal).count();
    s.push_str(&format!(
        "Decisions put to the room per run: median {} (from {} to {}) of {pivotal} pivotal nodes\n",
        r.pivotal.median, r.pivotal.min, r.pivotal.max
    ));
    s.push_str(&format!(
        "Decisions in all per run: median {} (from {} to {})\n",
        r.decisions.median, r.decisions.min, r.decisions.max
    ));
    if r.failed > 0 {
        s.push_str(&format!("{} runs did not reach an ending\n", r.failed));
    }
    s
}

fn percent(part: u32, whole: u32) -> f64 {
    100.0 * f64::from(part) / f64::from(whole.max(1))
}

fn bar(part: u32, whole: u32, width: usize) -> String {
    let cells = ((f64::from(part) / f64::from(whole.max(1))) * width as f64).round() as usize;
    "█".repeat(cells)
}

pub(crate) fn render(r: &Summary, tells: &TellsSummary) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{}: {} runs, policy {}, seeds {}..{}\n\n",
        r.scenario,
        r.runs,
        r.policy,
        r.seed,
        r.last_seed()
    ));
    s.push_str("Endings\n");
    let id_width = r
        .endings
        .iter()
        .map(|e| e.id.chars().count())
        .max()
        .unwrap_or(0);
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
    s.push_str(&tells_section(tells));
    s
}

/// Where the answer is given away, and what the sceptic's policies score.
fn tells_section(t: &TellsSummary) -> String {
    let mut s = String::from("\nTells (where the highest-scoring option gives itself away)\n");
    s.push_str(&format!(
        "  over {} decisions of random play, the highest-scoring option is\n",
        t.decisions
    ));
    for (what, share) in [
        ("the longest", t.best_is_longest),
        ("the first", t.best_is_first),
        ("the last", t.best_is_last),
        ("free (it costs nothing)", t.best_is_free),
    ] {
        s.push_str(&format!("    {what:24} {:5.1}%\n", 100.0 * share));
    }
    s.push_str(&format!(
        "  value conflicts (two options that spend or reward different things) at {:.1}% of decisions\n",
        100.0 * t.conflicts
    ));
    if let Some((node, words)) = &t.longest_screen {
        s.push_str(&format!(
            "  words per screen: median {}, longest {words} (`{node}`)\n",
            t.words_median
        ));
    }
    s.push_str("  policy             runs  median score  best-rated ending\n");
    for p in std::iter::once(&t.random).chain(&t.policies) {
        s.push_str(&format!(
            "    {:16} {:>5}  {:>12}  {:>6.1}%\n",
            p.policy.to_string(),
            p.runs,
            p.median_score,
            percent(p.best_endings, p.runs)
        ));
    }
    if let (Some(longest), Some(shortest)) = (
        t.policies.iter().find(|p| p.policy == Policy::Longest),
        t.policies.iter().find(|p| p.policy == Policy::Shortest),
    ) {
        s.push_str(&format!(
            "  longest and shortest differ by {} points\n",
            longest.median_score.abs_diff(shortest.median_score)
        ));
    }
    s
}
