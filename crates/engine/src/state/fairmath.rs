//! Meter changes, fairmath among them.
//!
//! Fairmath moves a meter a percentage of the way to a bound, so gains shrink near the top
//! and losses near the bottom. Format 2 computes it exactly as ChoiceScript does (its
//! `Scene.operators["%+"]`), on the meter's own range: toward the maximum
//! `floor(v + p × (range − v) / range)`, never above `range − 1`; toward the minimum
//! `ceil(v − p × v / range)`, never below 1 (with `v` counted from the minimum). The same
//! floating-point operations in the same order give ChoiceScript's results to the last
//! digit on a 0–100 meter, on every platform. Format 1 files keep their old rule: the share
//! of the distance rounded to the nearest, halves away from zero.

use crate::format::Op;
use crate::model::Rules;

/// One meter change, clamped to `min..=max`.
pub fn apply_op(value: i32, op: Op, min: i32, max: i32, rules: Rules) -> i32 {
    let result = match op {
        Op::Add(n) => value.saturating_add(n),
        Op::Sub(n) => value.saturating_sub(n),
        Op::Set(n) => n,
        Op::FairAdd(p) | Op::FairSub(p) if rules.choicescript_fairmath() => {
            let toward_max = matches!(op, Op::FairAdd(_));
            choicescript(value, p, min, max, toward_max)
        }
        Op::FairAdd(p) => value.saturating_add(rounded_share(max.saturating_sub(value), p)),
        Op::FairSub(p) => value.saturating_sub(rounded_share(value.saturating_sub(min), p)),
    };
    result.clamp(min, max)
}

/// ChoiceScript's fairmath on the range `min..=max`.
fn choicescript(value: i32, percent: i32, min: i32, max: i32, toward_max: bool) -> i32 {
    let range = f64::from(max) - f64::from(min);
    let v = f64::from(value) - f64::from(min);
    // The percentage in points of this range: exactly the percentage on a 0–100 meter, so
    // what follows is then ChoiceScript's own arithmetic, operation for operation.
    let p = f64::from(percent.clamp(0, 100)) * range / 100.0;
    let moved = if toward_max {
        let multiplier = (range - v) / range;
        let actual = p * multiplier;
        (v + actual).floor().min(range - 1.0)
    } else {
        let multiplier = v / range;
        let actual = p * multiplier;
        (v - actual).ceil().max(1.0)
    };
    // Back from the range's own scale: `moved` is a whole number within 0..=range.
    (f64::from(min) + moved) as i32
}

/// Format 1: `percent`% of `distance`, rounded half away from zero.
fn rounded_share(distance: i32, percent: i32) -> i32 {
    let scaled = i64::from(distance) * i64::from(percent.clamp(0, 100));
    ((scaled + 50) / 100) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: Rules = Rules { format: 1 };
    const V2: Rules = Rules { format: 2 };

    #[test]
    fn add_and_sub_clamp_to_the_range() {
        assert_eq!(apply_op(50, Op::Add(10), 0, 100, V2), 60);
        assert_eq!(apply_op(95, Op::Add(10), 0, 100, V2), 100);
        assert_eq!(apply_op(5, Op::Sub(10), 0, 100, V2), 0);
        assert_eq!(apply_op(50, Op::Sub(-10), 0, 100, V2), 60);
        assert_eq!(apply_op(50, Op::Set(120), 0, 100, V2), 100);
        assert_eq!(
            apply_op(i32::MAX, Op::Add(i32::MAX), i32::MIN, i32::MAX, V2),
            i32::MAX
        );
    }

    /// Values computed by ChoiceScript itself: `Scene.operators["%+"]` and `["%-"]` of
    /// dfabulich/choicescript (web/scene.js at 3d58697), run under Node.js.
    #[test]
    fn fairmath_matches_choicescript() {
        for &(value, percent, fair_add, fair_sub) in CHOICESCRIPT {
            assert_eq!(
                apply_op(value, Op::FairAdd(percent), 0, 100, V2),
                fair_add,
                "{value} %+ {percent}"
            );
            assert_eq!(
                apply_op(value, Op::FairSub(percent), 0, 100, V2),
                fair_sub,
                "{value} %- {percent}"
            );
        }
    }

    /// (value, percentage, value %+ percentage, value %- percentage)
    const CHOICESCRIPT: &[(i32, i32, i32, i32)] = &include!("choicescript-fairmath.txt");

    #[test]
    fn fairmath_on_other_ranges_scales_the_same_rule() {
        // A 0–10 meter: 30% of the way from 4 toward 10 is 5.8, floored.
        assert_eq!(apply_op(4, Op::FairAdd(30), 0, 10, V2), 5);
        // A −10..10 meter is a range of 20 counted from −10.
        assert_eq!(apply_op(0, Op::FairAdd(50), -10, 10, V2), 5);
        assert_eq!(apply_op(0, Op::FairSub(50), -10, 10, V2), -5);
        // Never the bound itself, as in ChoiceScript.
        assert_eq!(apply_op(9, Op::FairAdd(100), 0, 10, V2), 9);
        assert_eq!(apply_op(1, Op::FairSub(100), 0, 10, V2), 1);
    }

    #[test]
    fn format_1_keeps_its_rounding() {
        assert_eq!(apply_op(30, Op::FairAdd(4), 0, 100, V1), 33);
        assert_eq!(apply_op(99, Op::FairAdd(50), 0, 100, V1), 100);
        assert_eq!(apply_op(50, Op::FairSub(20), 0, 100, V1), 40);
        assert_eq!(apply_op(98, Op::FairAdd(25), 0, 100, V1), 99);
        assert_eq!(apply_op(-10, Op::FairSub(100), -10, 10, V1), -10);
        // Format 2, the same calls: ChoiceScript's 32 and 99.
        assert_eq!(apply_op(30, Op::FairAdd(4), 0, 100, V2), 32);
        assert_eq!(apply_op(99, Op::FairAdd(50), 0, 100, V2), 99);
    }
}
