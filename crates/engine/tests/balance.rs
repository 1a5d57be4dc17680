//! The library's balance, measured with the simulator: every ending is reachable by chance,
//! no fixed strategy wins, random play is mediocre, and a thoughtful path does well.

mod common;

use promoted_engine::simulate::{Policy, simulate};
use promoted_engine::{Rating, Run, Scenario};

use common::THOUGHTFUL;

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
fn no_fixed_strategy_reaches_the_best_ending() {
    for scenario in library() {
        let best = best_ending(&scenario);
        for policy in [
            Policy::First,
            Policy::Last,
            Policy::Greedy,
            Policy::Position(2),
            Policy::Position(3),
            Policy::Position(4),
        ] {
            let report = simulate(&scenario, 2_000, SEED, policy);
            assert_eq!(
                report.ending_runs(best),
                0,
                "{}: always {policy:?} reaches `{best}`",
                scenario.id
            );
        }
    }
}

#[test]
fn a_thoughtful_path_reaches_the_best_ending_with_at_least_85() {
    for scenario in library() {
        let (_, seed, path) = THOUGHTFUL
            .iter()
            .find(|(id, ..)| *id == scenario.id)
            .expect("a path");
        let mut run = Run::new(&scenario, *seed);
        for choice in *path {
            if let Err(e) = run.choose_id(&scenario, choice) {
                panic!(
                    "{}: at node `{}`: {e}",
                    scenario.id,
                    scenario.node(run.state().node()).id
                );
            }
        }
        assert!(run.is_finished(), "{}: the path ends the run", scenario.id);
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

#[test]
fn every_scenario_has_the_shape_the_library_promises() {
    for scenario in library() {
        let id = &scenario.id;
        assert!(
            scenario.nodes.len() >= 25,
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
        assert!(scenario.cast.len() >= 4, "{id}: named stakeholders");
        let choices = || scenario.nodes.iter().flat_map(|n| &n.choices);
        assert!(
            choices().any(|c| !c.later.is_empty()),
            "{id}: a delayed consequence"
        );
        assert!(
            choices().any(|c| !c.outcomes.is_empty()),
            "{id}: a random event"
        );
        assert!(
            (3..=5).contains(&scenario.discussion.len()),
            "{id}: 3–5 discussion questions"
        );
        assert!(
            scenario.nodes.iter().filter(|n| n.prompt.is_some()).count() >= 4,
            "{id}: prompts on pivotal nodes"
        );
        let report = simulate(&scenario, 1_000, SEED, Policy::Random);
        assert!(
            report.decisions.median >= 12,
            "{id}: a typical path takes {} decisions",
            report.decisions.median
        );
    }
}
