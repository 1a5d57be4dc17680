//! A fixed seed and a fixed list of choices give exactly this end state and score. If this
//! test fails, either the rules or the scenario changed: saves and replays depend on both.

mod common;

use promoted_engine::model::EndingId;
use promoted_engine::{Grade, Run, RunStatus, load};

#[test]
fn a_fixed_seed_and_path_give_the_exact_end_state_and_score() {
    let (scenario, _) = load(include_bytes!(
        "../../../scenarios/peer-to-boss.scenario.ron"
    ))
    .expect("loads");
    let mut run = Run::new(&scenario, 2026);
    let (_, _, path) = common::THOUGHTFUL
        .iter()
        .find(|(id, ..)| *id == "peer-to-boss")
        .expect("a path");
    for id in *path {
        assert!(!run.is_finished(), "finished before `{id}`");
        if let Err(e) = run.choose_id(&scenario, id) {
            panic!("at node `{}`: {e}", scenario.node(run.state().node()).id);
        }
    }
    let meters: Vec<(&str, i32)> = scenario
        .meters
        .iter()
        .map(|m| m.id.as_str())
        .zip(run.state().meters().iter().copied())
        .collect();
    assert_eq!(
        meters,
        [
            ("morale", 92),
            ("delivery", 58),
            ("credibility", 83),
            ("workload", 58),
            ("priya", 69),
            ("tomas", 56),
            ("helen", 36),
            ("mei", 70)
        ]
    );
    let draws: Vec<(u16, u32)> = run
        .history()
        .iter()
        .filter_map(|d| Some((d.outcome?, d.roll?)))
        .collect();
    assert_eq!(
        draws,
        [(1, 3), (1, 91), (0, 0), (0, 0)],
        "the random outcomes and their rolls"
    );
    assert_eq!(run.state().day(), 10);
    assert_eq!(run.state().status(), RunStatus::Ended(EndingId(0)));
    assert_eq!(
        run.ending(&scenario).map(|e| e.id.as_str()),
        Some("excellent_a_team_not_a_hero")
    );
    let score = run.score(&scenario).expect("finished");
    assert_eq!(
        (score.overall, score.grade, score.meters, score.ending),
        (85, Grade::A, 63, 100)
    );
    let points: Vec<i32> = score.competencies.iter().map(|c| c.points).collect();
    assert_eq!(points, [15, 12, 10, 10, 11, 9]);
}
