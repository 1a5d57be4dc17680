//! The library's balance, measured with the simulator as a sceptic would: every ending is
//! reachable by chance, no fixed strategy wins (by position, length or greed), the best
//! option is not given away by its length, decisions are dilemmas rather than quizzes,
//! screens are short enough for a projector, a thoughtful path does well and a kind but
//! naive one does not. And the library does not repeat itself: names, events, openings.

mod common;

use std::collections::HashMap;

use promoted_engine::analysis::{DILEMMA_SHARE, reading, tells};
use promoted_engine::model::DebriefPhase;
use promoted_engine::simulate::{Policy, simulate};
use promoted_engine::{Rating, Run, Scenario};

use common::{NAIVE, THOUGHTFUL};

const RUNS: u32 = 10_000;
const SEED: u64 = 1;

fn library() -> Vec<Scenario> {
    common::library()
        .into_iter()
        .filter(|(name, _)| name.ends_with(".scenario.ron"))
        .map(|(_, s)| s)
        .collect()
}

fn best_ending(scenario: &Scenario) -> &str {
    &scenario
        .endings
        .iter()
        .max_by_key(|e| e.rating)
        .expect("endings")
        .id
}

#[test]
fn every_scenario_has_a_thoughtful_path() {
    let ids: Vec<String> = library().iter().map(|s| s.id.clone()).collect();
    let covered: Vec<&str> = THOUGHTFUL.iter().map(|(id, ..)| *id).collect();
    assert_eq!(
        ids, covered,
        "a thoughtful path per scenario, in file order"
    );
}

#[test]
fn random_play_reaches_every_ending_covers_every_choice_and_stays_mediocre() {
    for scenario in library() {
        let report = simulate(&scenario, RUNS, SEED, Policy::Random);
        let id = &scenario.id;
        assert_eq!(report.failed, 0, "{id}: failed runs {:?}", report.failures);
        for ending in &report.endings {
            assert!(
                ending.runs * 50 >= RUNS,
                "{id}: ending `{}` reached by {} of {RUNS} runs, under 2%",
                ending.id,
                ending.runs
            );
        }
        let (taken, all) = report.choice_coverage();
        assert_eq!(
            taken,
            all,
            "{id}: choices never taken: {:?}",
            report
                .choices
                .iter()
                .filter(|c| c.runs == 0)
                .map(|c| &c.id)
                .collect::<Vec<_>>()
        );
        assert!(
            report.scores.median < 60,
            "{id}: random play's median score is {}",
            report.scores.median
        );
    }
}

#[test]
fn no_fixed_strategy_reaches_the_best_ending_or_scores_well() {
    for scenario in library() {
        let best = best_ending(&scenario);
        let mut medians = Vec::new();
        for policy in [
            Policy::First,
            Policy::Last,
            Policy::Greedy,
            Policy::Position(2),
            Policy::Position(3),
            Policy::Position(4),
            Policy::Longest,
            Policy::Shortest,
        ] {
            let report = simulate(&scenario, 2_000, SEED, policy);
            assert_eq!(
                report.ending_runs(best),
                0,
                "{}: always {policy:?} reaches `{best}`",
                scenario.id
            );
            assert!(
                report.scores.median < 65,
                "{}: always {policy:?} scores a median {}",
                scenario.id,
                report.scores.median
            );
            medians.push((policy, report.scores.median));
        }
        let median = |p: Policy| medians.iter().find(|(q, _)| *q == p).map_or(0, |(_, m)| *m);
        let gap = median(Policy::Longest).abs_diff(median(Policy::Shortest));
        assert!(
            gap <= 25,
            "{}: always the longest and always the shortest differ by {gap} points",
            scenario.id
        );
    }
}

#[test]
fn length_does_not_give_the_best_option_away_and_decisions_are_dilemmas() {
    let budget = tells::Budget {
        runs: 1_000,
        decisions: 1_000_000,
    };
    for scenario in library() {
        let t = tells::measure(&scenario, budget, SEED);
        assert!(
            t.longest_share() <= 0.6,
            "{}: the best option is the longest at {:.0}% of decisions",
            scenario.id,
            100.0 * t.longest_share()
        );
        assert!(
            t.conflict_share() >= DILEMMA_SHARE,
            "{}: only {:.0}% of decisions set two options against each other",
            scenario.id,
            100.0 * t.conflict_share()
        );
    }
}

#[test]
fn screens_are_short_enough_for_a_projector() {
    let budget = tells::Budget {
        runs: 2_000,
        decisions: 1_000_000,
    };
    for scenario in library() {
        let r = reading::measure(&scenario, budget, SEED);
        assert!(
            r.median() <= reading::MEDIAN_WORDS,
            "{}: the median screen holds {} words",
            scenario.id,
            r.median()
        );
        let long: Vec<(String, u32)> = r
            .too_long()
            .map(|(n, w)| (scenario.node(n).id.clone(), w))
            .collect();
        assert!(
            long.is_empty(),
            "{}: screens over {} words: {long:?}",
            scenario.id,
            reading::SCREEN_WORDS
        );
    }
}

#[test]
fn people_speak_in_behaviour_not_numbers() {
    for (name, bytes) in files() {
        let warnings = match promoted_engine::load(&bytes) {
            Ok((_, w)) => w,
            Err(e) => panic!("{name}: {e:#?}"),
        };
        let spoken: Vec<String> = warnings
            .iter()
            .filter(|d| matches!(d.code, Some("number-in-dialogue" | "hidden-meter-shown")))
            .map(|d| d.render(&name))
            .collect();
        assert!(spoken.is_empty(), "{spoken:#?}");
    }
}

/// The scenario files, by name, as written.
fn files() -> Vec<(String, Vec<u8>)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.to_string_lossy().ends_with(".scenario.ron"))
        .map(|p| {
            let name = p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&p).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn no_name_is_used_in_two_scenarios() {
    let files = files();
    let scenarios = library();
    let words = |bytes: &[u8]| -> std::collections::HashSet<String> {
        String::from_utf8_lossy(bytes)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for scenario in &scenarios {
        // A campaign's chapters share one cast: their files and the campaign's are one story.
        let story = scenario.chapter_of.as_deref().unwrap_or(&scenario.id);
        let names: Vec<&str> = scenario
            .cast
            .iter()
            .flat_map(|p| p.name.split_whitespace())
            .collect();
        for (file, bytes) in &files {
            if file.starts_with(story) {
                continue;
            }
            let used = words(bytes);
            let shared: Vec<&&str> = names.iter().filter(|n| used.contains(**n)).collect();
            assert!(
                shared.is_empty(),
                "{}'s cast names {shared:?} also appear in {file}",
                scenario.id
            );
        }
    }
}

#[test]
fn the_library_does_not_repeat_its_events_or_its_openings() {
    let mut events: HashMap<String, String> = HashMap::new();
    for scenario in library() {
        let state = Run::new(&scenario, SEED).state().clone();
        for event in &scenario.events {
            let text = event.text.render(&scenario, &state);
            if let Some(other) = events.insert(text.clone(), scenario.id.clone()) {
                panic!("{} and {other} share an event text: {text}", scenario.id);
            }
        }
        let mut openings: HashMap<String, &str> = HashMap::new();
        for ending in &scenario.endings {
            let text = ending.epilogue.render(&scenario, &state);
            let opening: Vec<&str> = text.split_whitespace().take(3).collect();
            let opening = opening.join(" ");
            assert!(
                !opening.starts_with("Three months on"),
                "{}: `{}` opens as every epilogue used to",
                scenario.id,
                ending.id
            );
            if let Some(other) = openings.insert(opening.clone(), &ending.id) {
                panic!(
                    "{}: `{}` and `{other}` both open “{opening}”",
                    scenario.id, ending.id
                );
            }
        }
    }
}

#[test]
fn epilogues_tell_each_person_and_the_business_and_priorities_are_offered() {
    for scenario in library() {
        let id = &scenario.id;
        for ending in &scenario.endings {
            assert!(
                ending.business.is_some(),
                "{id}: `{}` says nothing of the business",
                ending.id
            );
        }
        for person in &scenario.cast {
            assert!(
                !person.afterwards.is_empty(),
                "{id}: no epilogue line for {}",
                person.name
            );
        }
        assert!(
            scenario.priorities.len() >= 3,
            "{id}: {} priorities offered",
            scenario.priorities.len()
        );
    }
}

#[test]
fn a_kind_but_naive_path_does_not_reach_excellent() {
    let ids: Vec<String> = library().iter().map(|s| s.id.clone()).collect();
    let covered: Vec<&str> = NAIVE.iter().map(|(id, ..)| *id).collect();
    assert_eq!(ids, covered, "a naive path per scenario, in file order");
    for scenario in library() {
        let (_, seed, path) = NAIVE
            .iter()
            .find(|(id, ..)| *id == scenario.id)
            .expect("a path");
        let run = play_path(&scenario, *seed, path);
        let ending = run.ending(&scenario).expect("an ending");
        assert_ne!(
            ending.rating,
            Rating::Excellent,
            "{}: pleasing everyone ends at `{}`",
            scenario.id,
            ending.id
        );
    }
}

/// Play a path of choice ids to its end; `id:n` forces the choice's nth random outcome.
fn play_path(scenario: &Scenario, seed: u64, path: &[&str]) -> Run {
    common::walk(scenario, Run::new(scenario, seed), path)
}

#[test]
fn a_thoughtful_path_reaches_the_best_ending_with_at_least_85() {
    for scenario in library() {
        let (_, seed, path) = THOUGHTFUL
            .iter()
            .find(|(id, ..)| *id == scenario.id)
            .expect("a path");
        let run = play_path(&scenario, *seed, path);
        let ending = run.ending(&scenario).expect("an ending");
        assert_eq!(
            ending.rating,
            Rating::Excellent,
            "{}: the path ends at `{}`",
            scenario.id,
            ending.id
        );
        let score = run.score(&scenario).expect("a score").overall;
        assert!(
            score >= 85,
            "{}: the thoughtful path scores {score}",
            scenario.id
        );
    }
}

/// What a scenario of each kind holds: a full scenario is a fortnight of calls; an
/// Introductory one, the on-ramp, is ten minutes that teach one idea; a campaign's chapter is
/// a quarter of an hour of one team's quarter.
struct Shape {
    nodes: usize,
    decisions: std::ops::RangeInclusive<i64>,
    cast: usize,
    prompts: usize,
    mentors: usize,
}

fn shape(scenario: &Scenario) -> Shape {
    if scenario.chapter_of.is_some() {
        return Shape {
            nodes: 14,
            decisions: 7..=10,
            cast: 4,
            prompts: 2,
            mentors: 2,
        };
    }
    match scenario.difficulty {
        promoted_engine::Difficulty::Introductory => Shape {
            nodes: 10,
            decisions: 6..=8,
            cast: 3,
            prompts: 2,
            mentors: 2,
        },
        _ => Shape {
            nodes: 25,
            decisions: 12..=i64::MAX,
            cast: 4,
            prompts: 4,
            mentors: 4,
        },
    }
}

#[test]
fn every_scenario_has_the_shape_the_library_promises() {
    for scenario in library() {
        let id = &scenario.id;
        let shape = shape(&scenario);
        assert!(
            scenario.nodes.len() >= shape.nodes,
            "{id}: {} nodes",
            scenario.nodes.len()
        );
        assert!(
            scenario.endings.len() >= 3,
            "{id}: {} endings",
            scenario.endings.len()
        );
        let ratings: Vec<Rating> = scenario.endings.iter().map(|e| e.rating).collect();
        assert!(
            ratings.iter().any(|r| *r <= Rating::Poor),
            "{id}: an ending that goes badly"
        );
        assert!(ratings.contains(&Rating::Mixed), "{id}: a mixed ending");
        assert!(
            scenario.meters.iter().any(|m| !m.visible),
            "{id}: a hidden meter"
        );
        assert!(
            scenario.cast.len() >= shape.cast,
            "{id}: named stakeholders"
        );
        let choices = || scenario.nodes.iter().flat_map(|n| &n.choices);
        assert!(
            choices().any(|c| !c.later.is_empty()),
            "{id}: a delayed consequence"
        );
        assert!(
            choices().any(|c| !c.outcomes.is_empty()),
            "{id}: a random event"
        );
        let plan = scenario
            .facilitation
            .as_ref()
            .unwrap_or_else(|| panic!("{id}: a facilitation block"));
        assert!(
            DebriefPhase::ALL
                .iter()
                .all(|&p| (2..=3).contains(&plan.debrief.of(p).len())),
            "{id}: 2–3 debrief questions in each phase"
        );
        assert!(
            scenario.nodes.iter().filter(|n| n.prompt.is_some()).count() >= shape.prompts,
            "{id}: prompts on pivotal nodes"
        );
        let mentored = scenario.nodes.iter().filter(|n| n.mentor.is_some()).count();
        assert!(
            mentored >= shape.mentors,
            "{id}: a mentor's question at {mentored} decisions"
        );
        let report = simulate(&scenario, 1_000, SEED, Policy::Random);
        assert!(
            shape.decisions.contains(&report.decisions.median),
            "{id}: a typical path takes {} decisions",
            report.decisions.median
        );
    }
}
