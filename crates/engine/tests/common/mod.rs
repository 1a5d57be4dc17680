//! Small scenarios written inline, for tests of one rule at a time.
#![allow(dead_code)]

use promoted_engine::{Diagnostic, Scenario, load};

/// A scenario with a meter `morale` (0..=100, start 50), a meter `debt` (lower is better,
/// start 20), a stakeholder `ana` (trust 50), flags `a` and `b`, a clock (day 1, deadline
/// 10), and the given nodes, events and endings.
pub fn scenario_text(nodes: &str, events: &str, endings: &str) -> String {
    format!(
        r#"Scenario(
    format: 1, id: "test", title: "Test", summary: "A test.", minutes: 1,
    difficulty: Introductory, competencies: [Communication, Planning],
    cast: [Stakeholder(id: "ana", name: "Ana", role: "PM", wants: "Things.", trust: 50)],
    meters: [
        Meter(id: "morale", label: "Morale", min: 0, max: 100, start: 50, description: "Mood."),
        Meter(id: "debt", label: "Debt", min: 0, max: 100, start: 20, higher_is_better: false, description: "Debt."),
    ],
    flags: [Flag(id: "a", description: "A."), Flag(id: "b", description: "B.")],
    clock: Clock(start: 1, deadline: 10, label: "the release"),
    start: "n1",
    nodes: [{nodes}],
    events: [{events}],
    endings: [{endings}],
)"#
    )
}

pub const FALLBACK: &str =
    r#"Ending(id: "done", title: "Done", epilogue: "It is done.", rating: Mixed)"#;

/// A choice with the given id, effects and next, and nothing else special.
pub fn choice(id: &str, effects: &str, next: &str) -> String {
    format!(
        r#"Choice(id: "{id}", text: "Do {id}.", effects: [{effects}], note: "A trade.", next: "{next}")"#
    )
}

pub fn node(id: &str, choices: &[String]) -> String {
    format!(
        r#"Node(id: "{id}", text: "At {id}.", choices: [{}])"#,
        choices.join(", ")
    )
}

pub fn build(nodes: &str, events: &str, endings: &str) -> Scenario {
    match load(scenario_text(nodes, events, endings).as_bytes()) {
        Ok((scenario, _)) => scenario,
        Err(errors) => panic!("test scenario does not load: {errors:#?}"),
    }
}

pub fn errors_of(text: &str) -> Vec<Diagnostic> {
    match load(text.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

pub fn warnings_of(text: &str) -> Vec<Diagnostic> {
    match load(text.as_bytes()) {
        Ok((_, warnings)) => warnings,
        Err(errors) => panic!("expected warnings only, got errors: {errors:#?}"),
    }
}

/// The example in docs/scenario-format.md.
pub fn documented_example() -> String {
    let doc = include_str!("../../../../docs/scenario-format.md");
    let section = doc
        .find("## Complete annotated example")
        .expect("the example section");
    let start = section
        + doc[section..]
            .find("```ron\n")
            .expect("the doc has a ron example")
        + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("the example is closed");
    doc[start..end].to_owned()
}

/// Every scenario in the repository's `scenarios/` folder, and the documented example.
pub fn library() -> Vec<(String, Scenario)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.to_string_lossy().ends_with(".scenario.ron"))
        .collect();
    files.sort();
    let mut all: Vec<(String, Scenario)> = files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable");
            let name = p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            match load(&bytes) {
                Ok((s, _)) => (name, s),
                Err(e) => panic!("{name} does not load: {e:#?}"),
            }
        })
        .collect();
    let example = documented_example();
    all.push((
        "docs example".to_owned(),
        load(example.as_bytes()).expect("example loads").0,
    ));
    all
}

/// A thoughtful path through each scenario, as choice ids, with the seed it was written for
/// (the seed decides the random outcomes, and so which nodes the path meets).
pub const THOUGHTFUL: &[(&str, u64, &[&str])] = &[
    (
        "architecture-deadlock",
        1,
        &[
            "talk_to_each_privately",
            "anika_what_matters",
            "viktor_what_matters",
            "carla_scope_conversation",
            "deshawn_ask_backing",
            "method_criteria_first",
            "meeting_carla_constraints",
            "propose_hybrid",
            "give_loser_ownership",
            "dissent_in_adr",
            "plan_walking_skeleton",
            "carla_trade_scope",
            "anika_designs_test",
            "status_honest",
            "yuki_seniors_align",
            "go_with_flags",
            "retro_decision_record",
        ],
    ),
    (
        "first-hard-feedback",
        1,
        &[
            "note_it_book_time",
            "ask_for_specifics",
            "promise_this_week",
            "use_the_specifics",
            "walk_through_examples",
            "acknowledge_and_ask",
            "both_things_true",
            "co_write_plan",
            "offer_carers_leave",
            "ask_ravi_what_to_share",
            "acknowledge_and_rebalance",
            "private_word",
            "monday_checkin",
            "second_conversation_direct",
            "ask_for_two_days",
            "name_it_without_naming",
            "cut_datev",
            "use_the_extra_days",
            "honest_where_he_stands",
            "balanced_written",
        ],
    ),
    (
        "flight-risk-star",
        1,
        &[
            "ask_whats_behind_it",
            "promise_nothing_yet",
            "bring_a_risk_case",
            "ask_off_cycle_path",
            "rumour_straight",
            "lena_ask_growth",
            "scope_shared",
            "packet_honest_gap",
            "theo_coach_kofi",
            "pushback_connect_packet",
            "marcus_candid_plan",
            "offer_concrete_path",
            "retro_publish_ladder",
            "lena_assess_honestly",
            "kt_pairing_open",
            "incident_theo_lena",
            "theo_growth_conversation",
            "panel_full_case",
            "answer_panel_news",
            "news_transparent",
            "wrap_system_fix",
        ],
    ),
    (
        "impossible-deadline",
        1,
        &[
            "ask_what_demo_needs",
            "break_down_estimate",
            "thin_slice_real",
            "go_to_howard_together",
            "translate_to_business",
            "credit_rhea",
            "daily_demo_checkpoints",
            "send_sam_home",
            "ask_ines_to_own_quality",
            "demo_instead_of_status",
            "replay_real_data",
            "short_retro",
            "tie_to_renewal",
            "label_honestly",
            "stop_and_fix",
            "pair_not_take",
            "show_the_seams",
            "offer_the_keyboard",
            "give_real_date",
            "recovery_week",
        ],
    ),
    (
        "peer-to-boss",
        2026,
        &[
            "talk_to_priya_first",
            "team_sorts_the_board",
            "give_it_to_priya",
            "agree_checkpoints",
            "set_constraint_not_method",
            "name_the_friendship",
            "ask_what_she_wants",
            "commit_to_all_three",
            "book_proper_one_on_one",
            "talk_growth_and_plan",
            "public_reset_then_private",
            "same_standard_both",
            "straight_status_and_ask",
            "ask_staff_criteria_for_priya",
            "unblock_the_environment",
            "bring_priya_in",
            "retro_led_by_priya",
            "draw_the_decision_map",
            "ask_buddy_to_help",
            "build_on_the_earlier_talk",
            "priya_presents_the_fix",
            "answer_and_credit",
        ],
    ),
    (
        "sales-promised-it",
        1,
        &[
            "dm_marcus",
            "ask_what_kestrel_needs",
            "start_from_tomasz",
            "united_front",
            "present_options",
            "joint_script",
            "ask_about_process",
            "reset_on_his_terms",
            "written_realistic",
            "explain_the_why",
            "split_and_cut",
            "propose_commit_check",
            "test_with_kestrel",
            "real_status",
            "back_confidence_levels",
            "ship_tested",
            "walk_through_plan",
            "blameless_writeup",
        ],
    ),
    (
        "selling-the-refactor",
        1,
        &[
            "start_a_debt_log",
            "ask_ravi_for_map",
            "show_jonas_the_pain",
            "visit_billing_ops",
            "invite_gwen",
            "fix_pipeline_first",
            "lift_money",
            "frame_through_feature",
            "date_with_conditions",
            "team_builds_numbers",
            "release_behind_flag",
            "trade_explicitly",
            "lead_with_money",
            "milestones_and_metrics",
            "team_plans_milestones",
            "pair_ravi_noor",
            "shared_dashboard",
            "renee_decides",
            "credit_the_team",
            "give_noor_the_lead",
            "honest_numbers",
        ],
    ),
    (
        "two-am-outage",
        1,
        &[
            "take_command",
            "reassure_and_ask",
            "set_cadence",
            "data_not_blame",
            "read_the_code",
            "relieve_kofi",
            "honest_status",
            "fix_combined",
            "ask_to_delay",
            "send_everyone_home",
            "explain_blameless",
            "blameless_facilitated",
            "focus_on_system",
            "three_owned",
            "credit_by_name",
            "specific_commitments",
            "shared_calendar",
            "ana_teaches",
            "kofi_specific",
            "limits_and_time_off",
            "honest_odds",
        ],
    ),
];
