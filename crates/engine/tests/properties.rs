//! Properties that hold for every scenario in the library, whatever the seed and choices.

mod common;

use promoted_engine::simulate::MAX_DECISIONS;
use promoted_engine::{Run, Scenario};
use proptest::prelude::*;

/// Play `picks` (each taken modulo the available choices) until the run ends or they run out.
fn play(scenario: &Scenario, run: &mut Run, picks: &[u8]) {
    for &pick in picks {
        if run.is_finished() {
            return;
        }
        let available: Vec<usize> = run
            .choices(scenario)
            .into_iter()
            .filter(|c| c.disabled.is_none())
            .map(|c| c.index)
            .collect();
        assert!(
            !available.is_empty(),
            "stuck at {}",
            scenario.node(run.state().node()).id
        );
        run.choose(scenario, available[usize::from(pick) % available.len()])
            .expect("available");
    }
}

fn assert_in_range(scenario: &Scenario, run: &Run) {
    for (m, &v) in scenario.meters.iter().zip(run.state().meters()) {
        assert!(
            (m.min..=m.max).contains(&v),
            "{} = {v} outside {}..={}",
            m.id,
            m.min,
            m.max
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn playthroughs_terminate_and_keep_meters_in_range(seed: u64, picks in prop::collection::vec(any::<u8>(), 0..64)) {
        for (_, scenario) in common::library() {
            let mut run = Run::new(&scenario, seed);
            let mut cycle = picks.iter().copied().chain(std::iter::repeat(0)).take(MAX_DECISIONS as usize);
            while !run.is_finished() {
                let pick = cycle.next().expect("a run ends within MAX_DECISIONS decisions");
                play(&scenario, &mut run, &[pick]);
                assert_in_range(&scenario, &run);
            }
            prop_assert!(run.ending(&scenario).is_some(), "{} ended with no ending", scenario.id);
            let score = run.score(&scenario).expect("finished");
            prop_assert!(score.overall <= 100);
        }
    }

    #[test]
    fn undo_restores_the_exact_previous_state(seed: u64, picks in prop::collection::vec(any::<u8>(), 1..40)) {
        for (_, scenario) in common::library() {
            let mut run = Run::new(&scenario, seed);
            let mut previous = Vec::new();
            for &pick in &picks {
                if run.is_finished() {
                    break;
                }
                previous.push(run.clone());
                play(&scenario, &mut run, &[pick]);
            }
            while let Some(before) = previous.pop() {
                run.undo().expect("a decision to undo");
                prop_assert_eq!(&run, &before);
            }
            prop_assert!(run.undo().is_none());
        }
    }

    #[test]
    fn snapshot_restore_continue_equals_continuing(seed: u64, first in prop::collection::vec(any::<u8>(), 0..20), rest in prop::collection::vec(any::<u8>(), 0..40)) {
        for (_, scenario) in common::library() {
            let mut run = Run::new(&scenario, seed);
            play(&scenario, &mut run, &first);
            let saved = ron::to_string(&run).expect("serializes");
            let restored: Run = ron::from_str(&saved).expect("deserializes");
            let mut restored = restored.resume(&scenario).expect("same scenario");
            prop_assert_eq!(&restored, &run);
            play(&scenario, &mut run, &rest);
            play(&scenario, &mut restored, &rest);
            prop_assert_eq!(&restored, &run);
        }
    }
}
