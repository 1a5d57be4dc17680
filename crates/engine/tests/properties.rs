//! Properties that hold for every scenario in the library, whatever the seed and choices.

mod common;

use promoted_engine::simulate::LOOP_WATCH;
use promoted_engine::{Run, Scenario};
use proptest::prelude::*;

/// Play `picks` (each taken modulo the available choices) until the run ends or they run out.
fn play(scenario: &Scenario, run: &mut Run, picks: &[u8]) {
    for &pick in picks {
        if run.is_finished() {
            return;
        }
        let available = run.available(scenario);
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
            let mut cycle = picks.iter().copied().chain(std::iter::repeat(0)).take(LOOP_WATCH as usize);
            while !run.is_finished() {
                let pick = cycle.next().expect("a library run ends within 1,000 decisions");
                play(&scenario, &mut run, &[pick]);
                assert_in_range(&scenario, &run);
            }
            prop_assert!(run.ending(&scenario).is_some(), "{} ended with no ending", scenario.id);
            // The overall score is the weighted mean of its parts, each 0–100: nothing clamps
            // it, so a part out of range would show here.
            let score = run.score(&scenario).expect("finished");
            prop_assert!(score.meters <= 100 && score.ending <= 100);
            prop_assert!(score.competencies.iter().all(|c| c.score <= 100));
            let s = &scenario.scoring;
            let competencies = score.competencies.iter().map(|c| f64::from(c.score)).sum::<f64>()
                / score.competencies.len().max(1) as f64;
            let meters = promoted_engine::score::meter_score(&scenario, run.state());
            let expected = (meters * f64::from(s.meters)
                + competencies * f64::from(s.competencies)
                + f64::from(score.ending) * f64::from(s.ending))
                / 100.0;
            prop_assert_eq!(score.overall, expected.round() as u32);
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
