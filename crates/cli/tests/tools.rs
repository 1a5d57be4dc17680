//! The author's tools as an author uses them: arguments in, text and an exit code out.

use std::path::PathBuf;

use promoted_cli::{OK, SCENARIO_ERRORS, USAGE, run};

struct Output {
    code: i32,
    out: String,
    err: String,
}

fn promoted(args: &[&str], input: &str) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&args, &mut input.as_bytes(), &mut out, &mut err);
    Output {
        code,
        out: String::from_utf8(out).expect("utf-8"),
        err: String::from_utf8(err).expect("utf-8"),
    }
}

fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

/// The documented example, written to a file of its own for this test.
fn example_file(name: &str) -> String {
    let doc = std::fs::read_to_string(repo("docs/scenario-format.md")).expect("doc");
    let section = doc
        .find("## Complete annotated example")
        .expect("the example section");
    let start = section + doc[section..].find("```ron\n").expect("example") + 7;
    let end = start + doc[start..].find("```").expect("closed");
    write_temp(name, &doc[start..end])
}

fn write_temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("promoted-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path.display().to_string()
}

#[test]
fn rejoins_shows_each_way_into_a_node_with_a_path_there() {
    let o = promoted(
        &[
            "rejoins",
            &repo("scenarios/peer-to-boss.scenario.ron"),
            "--runs",
            "200",
            "--node",
            "first_standup",
        ],
        "",
    );
    assert_eq!(o.code, OK, "{}", o.err);
    for part in [
        "peer-to-boss: 1 nodes reached more than one way, over 200 random runs from seed 1",
        "node `first_standup` — 3 ways in",
        "← monday_announcement › name_the_change",
        "      chose: ",
        "      reads: ",
        "      --path name_the_change",
    ] {
        assert!(o.out.contains(part), "missing {part:?} in\n{}", o.out);
    }
    let nowhere = promoted(
        &[
            "rejoins",
            &repo("scenarios/peer-to-boss.scenario.ron"),
            "--node",
            "nope",
        ],
        "",
    );
    assert_eq!(nowhere.code, 2, "{}", nowhere.err);
}

#[test]
fn check_passes_the_library() {
    let o = promoted(&["check", &repo("scenarios")], "");
    assert_eq!(o.code, OK, "{}", o.out);
    assert!(o.out.contains(": 0 errors"), "{}", o.out);
    assert!(
        o.out
            .contains("first-90-days.campaign.ron: ok (a campaign of 4 chapters)"),
        "{}",
        o.out
    );
}

#[test]
fn check_reports_errors_with_file_line_and_column_and_exits_1() {
    let example = std::fs::read_to_string(example_file("good.scenario.ron")).expect("read");
    let broken = write_temp(
        "broken.scenario.ron",
        &example.replacen("next: \"monday\"", "next: \"mondy\"", 1),
    );
    let o = promoted(&["check", &broken, &example_file("fine.scenario.ron")], "");
    assert_eq!(o.code, SCENARIO_ERRORS, "{}", o.out);
    // The error points at the misspelt value itself.
    let text = std::fs::read_to_string(&broken).expect("read");
    let line = text
        .lines()
        .position(|l| l.contains("next: \"mondy\""))
        .expect("there")
        + 1;
    assert!(
        o.out.contains(&format!("broken.scenario.ron:{line}:"))
            && o.out
                .contains("unknown next node `mondy` (did you mean `monday`?)"),
        "{}",
        o.out
    );
    assert!(
        o.out.contains("fine.scenario.ron: ok"),
        "the good file is still checked: {}",
        o.out
    );
    assert!(o.out.contains("2 files checked: 1 error"), "{}", o.out);
    // The offending line is shown beneath the message, with a caret at the column.
    assert!(
        o.out.contains("next: \"mondy\",") && o.out.contains("|                           ^"),
        "{}",
        o.out
    );

    let missing = promoted(&["check", "/no/such/file.scenario.ron"], "");
    assert_eq!(missing.code, SCENARIO_ERRORS);
    assert!(
        missing
            .out
            .contains("/no/such/file.scenario.ron: error: cannot read the file"),
        "{}",
        missing.out
    );
}

#[test]
fn wrong_usage_exits_2_with_the_reason() {
    for (args, reason) in [
        (vec!["frobnicate"], "unknown command `frobnicate`"),
        (vec!["simulate"], "give the path of a scenario file"),
        (vec!["simulate", "a", "b"], "give one scenario file"),
        (
            vec!["simulate", "x.ron", "--runs", "many"],
            "`--runs` takes a whole number, not `many`",
        ),
        (
            vec!["simulate", "x.ron", "--policy", "smart"],
            "unknown policy `smart`",
        ),
        (vec!["check", "--colour"], "unknown option `--colour`"),
        (
            vec!["graph", "x.ron", "--format", "png"],
            "unknown graph format `png`",
        ),
        (vec!["play", "x.ron", "--seed"], "`--seed` needs a value"),
    ] {
        let o = promoted(&args, "");
        assert_eq!(o.code, USAGE, "{args:?}");
        assert!(o.err.contains(reason), "{args:?}: {}", o.err);
    }
}

#[test]
fn simulate_is_deterministic_and_summarises() {
    let file = example_file("sim.scenario.ron");
    let a = promoted(&["simulate", &file, "--runs", "500", "--seed", "9"], "");
    let b = promoted(&["simulate", &file, "--runs", "500", "--seed", "9"], "");
    assert_eq!(a.code, OK);
    assert_eq!(a.out, b.out, "same seed, same output");
    for part in [
        "500 runs, policy random, seeds 9..508",
        "Endings",
        "smooth",
        "Score  min",
        "90–100",
        "Meters at the end",
        "Fatigue (hidden)",
        "Coverage  nodes 6/6, choices 13/14",
        "choice never taken: friday.ask_dev",
        "Failed runs: 0",
        "Tells (where the highest-scoring option gives itself away)",
        "longest and shortest differ by",
    ] {
        assert!(a.out.contains(part), "missing {part:?} in\n{}", a.out);
    }
    let json = promoted(
        &[
            "simulate", &file, "--runs", "200", "--json", "--policy", "first",
        ],
        "",
    );
    let value: serde_json::Value = serde_json::from_str(&json.out).expect("valid JSON");
    assert_eq!(value["runs"], 200);
    assert_eq!(value["policy"], "first");
    let policies: Vec<&str> = value["tells"]["policies"]
        .as_array()
        .expect("the tells' policies")
        .iter()
        .map(|p| p["policy"].as_str().unwrap_or("a position"))
        .collect();
    for policy in ["first", "last", "greedy", "longest", "shortest"] {
        assert!(policies.contains(&policy), "{policies:?}");
    }
    let total: u64 = value["endings"]
        .as_array()
        .expect("endings")
        .iter()
        .map(|e| e["runs"].as_u64().expect("count"))
        .sum();
    assert_eq!(total, 200);
}

#[test]
fn graph_prints_dot_and_mermaid() {
    let file = example_file("graph.scenario.ron");
    let dot = promoted(&["graph", &file], "");
    assert_eq!(dot.code, OK);
    assert!(dot.out.starts_with("digraph \"friday-deploy\""));
    for part in [
        // Choices with their conditions and delayed effects, random branches with their odds.
        "\"n0\" -> \"n2\" [label=\"ship_monday [if priya ≥ 40]\"];",
        "\"n0\" -> \"n2\" [label=\"flag_it (later after 1: priya −10)\"];",
        "\"n0\" -> \"n1\" [label=\"ship_tonight (outcome 2, weight 2)\", style=dashed];",
        // A routing node, its routes and what it does on entering.
        "\"n2\" [label=\"monday\\n(routing)\\non entering: fatigue −10%\", shape=diamond, style=\"\"];",
        "\"n2\" -> \"n4\" [label=\"otherwise\"];",
        // Events: a detour, and one that only announces.
        "\"e0\" -> \"n5\" [label=\"fires\", style=dashed];",
        "\"e2\" [label=\"event: sale_day\\nwhen day ≥ 2\", shape=note];",
    ] {
        assert!(dot.out.contains(part), "missing {part:?} in\n{}", dot.out);
    }
    let mermaid = promoted(&["graph", &file, "--format", "mermaid"], "");
    assert!(mermaid.out.starts_with("flowchart TD"));
    assert!(
        mermaid.out.contains("n4 -->|\"plain\"| end_"),
        "{}",
        mermaid.out
    );
    assert!(mermaid.out.contains("n2{\"monday"), "{}", mermaid.out);
}

#[test]
fn play_runs_in_the_terminal_with_undo_and_a_final_score() {
    let file = example_file("play.scenario.ron");
    // x names no priorities; 1 2 names two; m asks the mentor; 9 is not a choice; u undoes;
    // then Monday again, and the plain account.
    let o = promoted(
        &["play", &file, "--seed", "3"],
        "x\n1 2\nm\n9\n2\nu\n2\n1\n",
    );
    assert_eq!(o.code, OK, "{}", o.err);
    for part in [
        "The Friday Deploy",
        "Day 1 · 1 day left to the sale",
        "Priya Raman (Head of Sales):",
        "what matters most to you as a lead?",
        "(type two numbers from 1 to 3, or press Enter to skip)",
        "Your mentor asks:\n  What would Dev Okoye need to hear from you to trust a Friday deploy?\n  (1 question left in this run)",
        "(type a number from 1 to 3",
        "(the last decision is taken back)",
        // She was named on the first screen: short from then on.
        "Priya goes quiet, then asks why this is the first she has heard of it.",
        "[Team morale +6 · Priya's trust -18]",
        "THE END — Monday's Release (Good)",
        // Each stakeholder's line by final trust, and the business's.
        "Priya Raman has stopped inviting you to the sales planning call.",
        "Dev Okoye volunteers for the next release",
        "The sale runs on the old checkout and does fine",
        "Score ",
        "Fatigue",
        "(hidden)",
        "What you asked your mentor:\n  “What would Dev Okoye need to hear from you to trust a Friday deploy?”\n    then you chose: ",
        "You said what matters most to you is: the team's trust and delivery.",
        "(* what you named; change from the start, in points of 100)",
        "Your decisions, with the coach's notes:",
        // The note read as things stood when the choice was made: she had not been warned.
        "Right for the team, but she heard it late.",
    ] {
        assert!(o.out.contains(part), "missing {part:?} in\n{}", o.out);
    }
}

#[test]
fn play_follows_a_path_and_starts_at_a_node() {
    let file = example_file("path.scenario.ron");
    let o = promoted(
        &["play", &file, "--seed", "3", "--path", "ship_monday"],
        "1\n",
    );
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(
        o.out.contains("(--path, step 1)") && o.out.contains("THE END"),
        "{}",
        o.out
    );
    let wrong = promoted(&["play", &file, "--path", "ship_mondy"], "");
    assert_ne!(wrong.code, OK);
    assert!(
        format!("{}{}", wrong.out, wrong.err).contains("--path, step 1 `ship_mondy`"),
        "{}{}",
        wrong.out,
        wrong.err
    );
    let at = promoted(&["play", &file, "--at", "incident"], "1\n1\n");
    assert_eq!(at.code, OK, "{}", at.err);
    assert!(!at.out.contains("the sale starts in"), "{}", at.out);
    let nowhere = promoted(&["play", &file, "--at", "incidnt"], "");
    assert_ne!(nowhere.code, OK);
}

#[test]
fn absurd_run_counts_are_usage_errors_not_allocations() {
    let file = example_file("runs.scenario.ron");
    for runs in ["4294967295", "0", "10000001"] {
        let o = promoted(&["simulate", &file, "--runs", runs], "");
        assert_eq!(o.code, USAGE, "--runs {runs}");
        assert!(o.err.contains("`--runs` is 1 to 10000000"), "{}", o.err);
    }
    let o = promoted(
        &[
            "simulate",
            &file,
            "--runs",
            "5",
            "--seed",
            "18446744073709551615",
        ],
        "",
    );
    assert_eq!(o.code, OK, "{}", o.err);
}

#[test]
fn a_folder_with_a_symlink_loop_is_checked_once_and_ends() {
    let dir = std::env::temp_dir().join(format!("promoted-loop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let example = std::fs::read_to_string(example_file("loop-source.scenario.ron")).expect("read");
    std::fs::write(dir.join("one.scenario.ron"), example).expect("written");
    let back = dir.join("back");
    if !back.exists() {
        std::os::unix::fs::symlink(&dir, &back).expect("a symlink");
    }
    let o = promoted(&["check", &dir.display().to_string()], "");
    assert_eq!(o.code, OK, "{}", o.out);
    assert!(o.out.contains("1 file checked"), "{}", o.out);
}

#[test]
fn a_campaign_checked_alone_finds_the_scenarios_beside_it() {
    let o = promoted(
        &["check", &repo("scenarios/first-90-days.campaign.ron")],
        "",
    );
    assert_eq!(o.code, OK, "{}", o.out);
    assert!(o.out.contains("ok (a campaign of 4 chapters)"), "{}", o.out);
}

#[test]
fn a_campaign_simulates_whole_with_its_endings_chapters_and_fixed_policies() {
    let o = promoted(
        &[
            "simulate",
            &repo("scenarios/first-90-days.campaign.ron"),
            "--runs",
            "300",
        ],
        "",
    );
    assert_eq!(o.code, OK, "{}", o.out);
    for part in [
        "first-90-days: 300 campaign runs, policy random",
        "Campaign endings",
        "A Team That Runs Without You",
        "1. first-90-days-1-the-handover",
        "Fixed policies through the whole campaign",
        "longest",
    ] {
        assert!(o.out.contains(part), "{part}: {}", o.out);
    }
    let o = promoted(
        &[
            "simulate",
            &repo("scenarios/first-90-days.campaign.ron"),
            "--runs",
            "50",
            "--policy",
            "first",
            "--json",
        ],
        "",
    );
    assert_eq!(o.code, OK, "{}", o.out);
    let json: serde_json::Value = serde_json::from_str(&o.out).expect("json");
    assert_eq!(json["runs"], 50);
    assert_eq!(json["chapters"].as_array().map(Vec::len), Some(4));
    assert!(json["policies"].as_array().is_some_and(|p| p.len() == 7));
}

#[test]
fn a_campaign_played_in_the_terminal_asks_again_where_a_chapter_offers_other_priorities() {
    // Chapter 4 does not offer delivery; the player is asked there instead of stopped.
    let input = "2\n".repeat(60) + "1 2\n" + &"2\n".repeat(60);
    let o = promoted(
        &[
            "play",
            &repo("scenarios/first-90-days.campaign.ron"),
            "--seed",
            "3",
            "--priorities",
            "team,delivery",
        ],
        &input,
    );
    assert_eq!(o.code, OK, "{}{}", o.out, o.err);
    assert!(
        o.out.contains(
            "(`--priorities`: this scenario does not offer `delivery`; choose two of its own)"
        ),
        "{}",
        o.out
    );
    assert!(o.out.contains("THE CAMPAIGN — "), "{}", o.out);
}

#[test]
fn help_is_offered_after_any_command() {
    for args in [vec!["--help"], vec!["play", "--help"], vec!["check", "-h"]] {
        let o = promoted(&args, "");
        assert_eq!(o.code, OK, "{args:?}");
        assert!(o.out.contains("promoted play PATH"), "{args:?}: {}", o.out);
    }
}

/// A finished one-team workshop of peer-to-boss, saved as a report file.
fn workshop_report(name: &str) -> (promoted_engine::workshop::WorkshopReport, String) {
    use promoted_engine::workshop::{Ballot, Setup, Team, Turns, Voting, Workshop, WorkshopReport};
    let bytes = std::fs::read(repo("scenarios/peer-to-boss.scenario.ron")).expect("scenario");
    let scenario = promoted_engine::load(&bytes).expect("loads").0;
    let setup = Setup {
        scenario: scenario.id.clone(),
        seed: 11,
        teams: vec![Team {
            name: "Room".into(),
            colour: "#f5b83d".into(),
        }],
        voting: Voting::Counts,
        turns: Turns::Alternate,
        discussion_seconds: 0,
        meters_visible: true,
        prompts: false,
        length: promoted_engine::workshop::Length::Full,
    };
    let mut workshop = Workshop::new(&scenario, setup).expect("setup");
    while let Some(team) = workshop.current() {
        let run = &workshop.teams()[team].run;
        let last = *run.available(&scenario).last().expect("a choice");
        let mut counts = vec![0; 8];
        counts[last.index()] = 7;
        workshop
            .decide(
                &scenario,
                &Ballot {
                    counts,
                    tie_break: None,
                },
            )
            .expect("decided");
    }
    let report = WorkshopReport::new(&workshop, &scenario);
    let path = write_temp(name, &report.to_json());
    (report, path)
}

#[test]
fn play_replays_a_workshop_report_and_confirms_it() {
    let (report, path) = workshop_report("session.json");
    let o = promoted(
        &[
            "play",
            "--replay",
            &path,
            &repo("scenarios/peer-to-boss.scenario.ron"),
        ],
        "",
    );
    assert_eq!(o.code, OK, "{}{}", o.out, o.err);
    let team = &report.teams[0];
    let score = team.score.as_ref().expect("finished");
    assert!(o.out.contains("seed 11"), "{}", o.out);
    assert!(
        o.out.contains(&format!(
            "→ {}, score {} ({})",
            team.ending_title.as_deref().unwrap_or_default(),
            score.overall,
            score.grade
        )),
        "{}",
        o.out
    );
    assert!(
        o.out.contains(&format!(
            "Replayed {} of the room's decisions: the same path",
            team.decisions.len()
        )),
        "{}",
        o.out
    );
}

#[test]
fn play_refuses_a_broken_or_altered_report_with_the_reason() {
    let (report, _) = workshop_report("original.json");
    let scenario = repo("scenarios/peer-to-boss.scenario.ron");
    let garbage = write_temp("garbage.json", "{ not json");
    let o = promoted(&["play", "--replay", &garbage, &scenario], "");
    assert_eq!(o.code, SCENARIO_ERRORS);
    assert!(
        o.err.contains("garbage.json: not a workshop report"),
        "{}",
        o.err
    );

    let mut altered = report.clone();
    altered.teams[0].decisions[0].chosen = "elsewhere".into();
    let path = write_temp("altered.json", &altered.to_json());
    let o = promoted(&["play", "--replay", &path, &scenario], "");
    assert_eq!(o.code, SCENARIO_ERRORS);
    assert!(o.err.contains("the replay went another way"), "{}", o.err);

    let missing = promoted(&["play", "--replay", "/no/such/report.json", &scenario], "");
    assert_eq!(missing.code, SCENARIO_ERRORS);
    assert!(
        missing.err.contains("cannot read the report"),
        "{}",
        missing.err
    );
}

#[test]
fn simulate_cut_says_the_endings_a_cut_reaches_and_the_decisions_a_room_meets() {
    let path = repo("scenarios/first-hard-feedback.scenario.ron");
    let o = promoted(&["simulate", &path, "--cut", "--runs", "500"], "");
    assert_eq!(o.code, OK, "{}{}", o.out, o.err);
    assert!(
        o.out.contains("the 60-minute cut, 500 runs, policy random"),
        "{}",
        o.out
    );
    assert!(o.out.contains("endings reached"), "{}", o.out);
    assert!(
        o.out.contains("Decisions put to the room per run: median"),
        "{}",
        o.out
    );
    let json = promoted(&["simulate", &path, "--cut", "--runs", "500", "--json"], "");
    let value: serde_json::Value = serde_json::from_str(&json.out).expect("json");
    assert_eq!(value["runs"], 500);
    assert!(value["pivotal"]["median"].as_i64().is_some_and(|m| m >= 6));
    // A cut with one way through fails, and says why.
    let example = example_file("cut-example.scenario.ron");
    let one = promoted(
        &[
            "simulate", &example, "--cut", "--runs", "50", "--policy", "first",
        ],
        "",
    );
    assert_eq!(one.code, SCENARIO_ERRORS, "{}", one.out);
    assert!(
        one.out.contains("a cut should reach at least 3"),
        "{}",
        one.out
    );
}

#[test]
fn sheet_prints_the_facilitators_sheet_as_html_or_markdown_and_writes_both() {
    let o = promoted(
        &["sheet", &repo("scenarios/first-hard-feedback.scenario.ron")],
        "",
    );
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(o.out.starts_with("<!doctype html>"));
    for needle in [
        "@media print",
        "Objectives",
        "The 60-minute session",
        "Coach: ",
        "How rooms split.",
    ] {
        assert!(o.out.contains(needle), "the sheet lacks {needle}");
    }
    let md = promoted(
        &[
            "sheet",
            &repo("scenarios/first-hard-feedback.scenario.ron"),
            "--format",
            "markdown",
        ],
        "",
    );
    assert!(md.out.starts_with("# Facilitator's sheet: "), "{}", md.out);
    assert!(md.out.contains("### What if…?"));
    let folder = std::env::temp_dir().join(format!("promoted-sheet-{}", std::process::id()));
    let folder_arg = folder.display().to_string();
    let written = promoted(
        &[
            "sheet",
            &repo("scenarios/first-hard-feedback.scenario.ron"),
            "--out",
            &folder_arg,
        ],
        "",
    );
    assert_eq!(written.code, OK, "{}", written.err);
    assert!(folder.join("first-hard-feedback-sheet.html").exists());
    assert!(folder.join("first-hard-feedback-sheet.md").exists());
    let _ = std::fs::remove_dir_all(&folder);
    // A scenario without a plan, and a wrong format, are refused with the reason.
    let plain = write_temp(
        "no-plan.scenario.ron",
        &std::fs::read_to_string(example_file("plan.scenario.ron"))
            .expect("example")
            .replace(
                "    facilitation: Facilitation(",
                "    /*facilitation: Facilitation(",
            )
            .replace("    allow: [\"pivotal-count\"],", "*/"),
    );
    let none = promoted(&["sheet", &plain], "");
    assert_eq!(none.code, SCENARIO_ERRORS, "{}{}", none.out, none.err);
    assert!(
        none.err.contains("has no `facilitation` block"),
        "{}",
        none.err
    );
    let bad = promoted(
        &[
            "sheet",
            &repo("scenarios/first-hard-feedback.scenario.ron"),
            "--format",
            "pdf",
        ],
        "",
    );
    assert_eq!(bad.code, USAGE);
}
