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
            "carla_name_yourself",
            "deshawn_no_consensus",
            "method_daci",
            "meeting_ask_yuki",
            "propose_hybrid",
            "give_loser_ownership",
            "dissent_in_adr",
            "plan_whole_team",
            "rights_split",
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
            "ask_what_would_help",
            "honest_update",
            "name_it_without_naming",
            "cut_datev",
            "let_ravi_finish",
            "honest_where_he_stands",
            "balanced_written",
        ],
    ),
    (
        "flight-risk-star",
        1,
        &[
            "ask_whats_behind_it",
            "acknowledge_the_lead_thing",
            "ask_for_levers",
            "ask_off_cycle_path",
            "rumour_straight",
            "lena_ask_growth",
            "scope_shared",
            "packet_honest_gap",
            "theo_coach_emeka",
            "pushback_connect_packet",
            "dario_candid_plan",
            "offer_concrete_path",
            "retro_publish_ladder",
            "lena_assess_honestly",
            "kt_pairing_open",
            "incident_theo_lena",
            "theo_show_first",
            "panel_full_case",
            "deferred_tell_now",
            "answer_honest_picture",
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
            "write_it_up",
            "pair_not_take",
            "show_the_seams",
            "offer_the_keyboard",
            "give_real_date",
            "recovery_week",
        ],
    ),
    (
        "peer-to-boss",
        1,
        &[
            "name_the_change",
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
            "short_retro_with_wins",
            "draw_the_decision_map",
            "blameless_and_let_her_fix",
            "build_on_the_earlier_talk",
            "team_presents_their_own",
            "answer_and_credit",
        ],
    ),
    (
        "sales-promised-it",
        1,
        &[
            "dm_marcus",
            "ask_what_kestrel_needs",
            "ask_legal_meaning",
            "start_from_tomasz",
            "united_front",
            "present_options",
            "joint_script",
            "ask_about_process",
            "reset_on_his_terms",
            "amend_the_letter",
            "explain_the_why",
            "split_and_cut",
            "jonas_takes_it",
            "propose_signoff",
            "test_with_kestrel",
            "real_status",
            "kestrel_only",
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
            "ask_arjun_for_map",
            "show_stefan_the_pain",
            "visit_billing_ops",
            "invite_gwen",
            "fix_pipeline_first",
            "lift_money",
            "frame_through_feature",
            "send_gwen",
            "team_builds_numbers",
            "release_behind_flag",
            "trade_explicitly",
            "back_gwen",
            "lead_with_money",
            "offer_gwen",
            "team_plans_milestones",
            "pair_arjun_noor",
            "shared_dashboard",
            "refuse_stefan",
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
            "call_ana_now",
            "relieve_kofi",
            "honest_status",
            "fix_combined",
            "go_at_nine",
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

/// A kind but naive path through each scenario: it pleases everyone, says yes and avoids
/// conflict. It must not reach the best ending.
pub const NAIVE: &[(&str, u64, &[&str])] = &[
    (
        "architecture-deadlock",
        1,
        &[
            "talk_to_each_privately",
            "anika_agree_privately",
            "viktor_agree_privately",
            "carla_commit_date",
            "deshawn_consensus",
            "method_criteria_first",
            "meeting_adjourn",
            "split_the_difference",
            "tell_in_person",
            "ignore_grumbling",
            "plan_seniors_lead_streams",
            "rights_decide_together",
            "skip_load_test",
            "status_rosy",
            "yuki_empower",
            "go_big_bang",
            "incident_rollback",
            "retro_credit_both",
        ],
    ),
    (
        "first-hard-feedback",
        1,
        &[
            "note_it_book_time",
            "vent_along",
            "ask_her_to_cover",
            "keep_it_human",
            "sandwich",
            "leave_it_there",
            "see_how_it_goes",
            "mention_eap_generally",
            "complain_with_them",
            "spot_bonus",
            "rereview_quietly",
            "give_him_space",
            "quietly_finish_it",
            "everything_fine",
            "move_on",
            "make_her_review_lead",
            "swarm_it",
            "reassure_vaguely",
            "leave_it_positive",
        ],
    ),
    (
        "flight-risk-star",
        1,
        &[
            "promise_to_fight",
            "accept_the_freeze",
            "ruth_just_rules",
            "rumour_deny",
            "lena_criteria",
            "scope_to_emeka",
            "packet_polish",
            "theo_reassign",
            "dario_downplay",
            "offer_match_money",
            "retro_personal",
            "lena_promise_too",
            "kt_skip",
            "incident_call_emeka",
            "theo_show_review",
            "panel_lean_on_ruth",
            "answer_last_promise",
            "news_let_emeka",
            "wrap_took_credit",
            "pushback_counter_lena",
        ],
    ),
    (
        "impossible-deadline",
        1,
        &[
            "say_yes_figure_later",
            "accept_sam_offer",
            "full_scope_crunch",
            "promise_predictions",
            "label_the_eta",
            "parallel_everything",
            "praise_publicly",
            "review_it_now",
            "agree_no_weekends",
            "say_green",
            "chase_carrier",
            "team_pizza",
            "yes_add_it",
            "birgit_owns_script",
            "sam_fixes_tonight",
            "fix_together_blameless",
            "keep_it_internal",
            "unblock_externally",
            "let_rhea_present",
            "show_the_eta",
            "promise_aggressive",
            "straight_into_build",
        ],
    ),
    (
        "peer-to-boss",
        1,
        &[
            "business_as_usual",
            "banter_back",
            "keep_the_ticket",
            "push_through_tonight",
            "pair_with_priya",
            "grant_both_favours",
            "reassure_her",
            "quick_check_in_at_desk",
            "defend_the_rota",
            "counteroffer_title",
            "ignore_it",
            "promise_no_dip",
            "nothing_else",
            "jump_in_yourself",
            "take_the_call_yourself",
            "one_more_hour",
            "team_lunch",
            "fix_it_quietly",
            "laugh_it_off",
            "you_present_everything",
            "promise_it_wont_recur",
        ],
    ),
    (
        "sales-promised-it",
        1,
        &[
            "dm_marcus",
            "promise_to_try",
            "leave_it_to_legal",
            "build_it_yourself",
            "side_with_marcus",
            "yes_to_both",
            "let_marcus_handle",
            "accept_his_version",
            "aggressive_date",
            "after_the_date",
            "keep_it_light",
            "everyone_both",
            "juniors_take_it",
            "absorb_arden",
            "test_against_docs:1",
            "all_green",
            "give_sales_dates",
            "give_jonas_the_day",
            "let_marcus_lead",
            "skip_it",
        ],
    ),
    (
        "selling-the-refactor",
        1,
        &[
            "stay_and_fix_it",
            "promise_rewrite",
            "pad_quietly",
            "anecdotes_are_enough",
            "fix_pipeline_first",
            "lift_book_slot",
            "frame_freeze",
            "say_in_hand",
            "arjun_demo",
            "release_anyway",
            "no_feature_dies",
            "lead_with_team",
            "back_down",
            "sell_as_victory",
            "let_arjun_run",
            "fold_into_roadmap",
            "lend_both",
            "promise_zero",
            "give_noor_the_lead",
            "team_presents",
        ],
    ),
    (
        "two-am-outage",
        1,
        &[
            "wake_everyone",
            "reassure_and_ask",
            "every_fifteen",
            "work_around_him",
            "message_ana",
            "keep_kofi",
            "fresh_people",
            "bea_writes",
            "restart_everything",
            "bring_in_dmitri",
            "go_at_nine",
            "send_everyone_home",
            "own_it_as_lead",
            "gordon_attends",
            "let_kofi_answer",
            "all_of_them",
            "accept_thanks",
            "never_again",
            "tell_customers_now",
            "let_it_go",
            "welcome_back",
            "take_him_off",
            "ask_volunteers",
            "promise_never",
        ],
    ),
];
