//! Conditions, effects and weights: the small, total language of a scenario's rules.

use super::{Compiler, bounds};
use crate::format::{Cmp, ConditionFile, EffectFile, Op, WeightFile};
use crate::model::{Amount, Condition, Effect, MAX_WEIGHT};
use crate::source::{Span, Spanned};

/// Where effects stand, which decides what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Where {
    /// A choice's own effects: competency points belong here.
    Choice,
    /// An outcome, a delayed effect, an event or a node's `enter`.
    Elsewhere,
}

impl Compiler<'_> {
    pub(super) fn condition(&mut self, place: &str, c: &Spanned<ConditionFile>) -> Condition {
        self.condition_at(place, c, 0)
    }

    fn condition_at(&mut self, place: &str, c: &Spanned<ConditionFile>, depth: usize) -> Condition {
        let span = c.span;
        if depth >= bounds::CONDITION_DEPTH {
            self.error(
                span,
                place,
                format!(
                    "conditions nest at most {} deep: name a part with a flag, or split it",
                    bounds::CONDITION_DEPTH
                ),
            );
            return Condition::never();
        }
        let compiled = match &c.value {
            ConditionFile::Meter(id, cmp) => self
                .meter_ref(span, place, id)
                .map(|m| Condition::Meter(m, *cmp)),
            ConditionFile::Trust(id, cmp) => self
                .trust_ref(span, place, id)
                .map(|m| Condition::Meter(m, *cmp)),
            ConditionFile::Flag(id) => self.flag_ref(span, place, id).map(Condition::Flag),
            ConditionFile::Day(cmp) | ConditionFile::DaysLeft(cmp) => {
                if self.file.clock.is_none() {
                    self.error(span, place, "a condition on the clock needs a `clock`");
                }
                Some(match c.value {
                    ConditionFile::Day(_) => Condition::Day(*cmp),
                    _ => Condition::DaysLeft(*cmp),
                })
            }
            ConditionFile::All(list) | ConditionFile::Any(list) => {
                if list.is_empty() {
                    self.warning(
                        "always-true",
                        span,
                        place,
                        "an empty `All`/`Any`: write the condition out, or leave it away",
                    );
                }
                let parts = list
                    .iter()
                    .map(|c| self.condition_at(place, c, depth + 1))
                    .collect();
                Some(match c.value {
                    ConditionFile::All(_) => Condition::All(parts),
                    _ => Condition::Any(parts),
                })
            }
            ConditionFile::Not(inner) => Some(Condition::Not(Box::new(self.condition_at(
                place,
                inner,
                depth + 1,
            )))),
            ConditionFile::Sum(quantities, cmp) => {
                self.needs_v2(span, place, "`Sum`");
                let meters: Vec<_> = quantities
                    .iter()
                    .filter_map(|q| self.quantity(span, place, q))
                    .collect();
                if quantities.is_empty() {
                    self.error(span, place, "`Sum` of nothing: list the meters to add up");
                }
                (meters.len() == quantities.len()).then(|| {
                    let (min, max) = meters.iter().fold((0i64, 0i64), |(lo, hi), &m| {
                        let (a, b) = self.range_of(m);
                        (lo + i64::from(a), hi + i64::from(b))
                    });
                    self.check_satisfiable(span, place, &c.value, *cmp, min, max);
                    Condition::Sum(meters, *cmp)
                })
            }
            ConditionFile::Compare(a, order, b) => {
                self.needs_v2(span, place, "`Compare`");
                match (self.quantity(span, place, a), self.quantity(span, place, b)) {
                    (Some(a), Some(b)) => Some(Condition::Compare(a, *order, b)),
                    _ => None,
                }
            }
        };
        if let Some(Condition::Meter(m, cmp)) = &compiled {
            let (min, max) = self.range_of(*m);
            self.check_satisfiable(span, place, &c.value, *cmp, i64::from(min), i64::from(max));
        }
        // An unresolved reference was reported; a false placeholder keeps compiling.
        compiled.unwrap_or_else(Condition::never)
    }

    fn check_satisfiable(
        &mut self,
        span: Span,
        place: &str,
        c: &ConditionFile,
        cmp: Cmp,
        min: i64,
        max: i64,
    ) {
        if !cmp.satisfiable_within(min, max) {
            self.warning(
                "never-true",
                span,
                place,
                format!(
                    "`{}` can never be true: the value stays within {min}..={max}",
                    describe(c)
                ),
            );
        } else if cmp.always_within(min, max) {
            self.warning(
                "always-true",
                span,
                place,
                format!(
                    "`{}` is always true: the value stays within {min}..={max}",
                    describe(c)
                ),
            );
        }
    }

    pub(super) fn effects(
        &mut self,
        place: &str,
        effects: &[Spanned<EffectFile>],
        at: Where,
    ) -> Vec<Effect> {
        effects
            .iter()
            .filter_map(|e| self.effect(place, e, at))
            .collect()
    }

    fn effect(&mut self, place: &str, e: &Spanned<EffectFile>, at: Where) -> Option<Effect> {
        let span = e.span;
        match &e.value {
            EffectFile::Meter(id, op) => {
                let m = self.meter_ref(span, place, id)?;
                self.check_op(span, place, m, *op);
                Some(Effect::Meter(m, *op))
            }
            EffectFile::Trust(id, op) => {
                let m = self.trust_ref(span, place, id)?;
                self.check_op(span, place, m, *op);
                Some(Effect::Meter(m, *op))
            }
            EffectFile::SetFlag(id) => self.flag_ref(span, place, id).map(Effect::SetFlag),
            EffectFile::ClearFlag(id) => self.flag_ref(span, place, id).map(Effect::ClearFlag),
            EffectFile::Days(n) | EffectFile::Deadline(n) => {
                let name = if matches!(e.value, EffectFile::Days(_)) {
                    "Days"
                } else {
                    "Deadline"
                };
                if self.file.clock.is_none() {
                    self.error(
                        span,
                        place,
                        format!("`{name}({n})` needs a `clock`, and the scenario has none"),
                    );
                    return None;
                }
                if n.unsigned_abs() > bounds::CLOCK_STEP.unsigned_abs() {
                    self.error(
                        span,
                        place,
                        format!(
                            "`{name}({n})` moves the clock by more than {}",
                            bounds::CLOCK_STEP
                        ),
                    );
                    return None;
                }
                Some(match e.value {
                    EffectFile::Days(_) => Effect::Days(*n),
                    _ => Effect::Deadline(*n),
                })
            }
            EffectFile::Points(competency, points) => {
                self.needs_v2(span, place, "`Points`");
                if at != Where::Choice {
                    self.error(
                        span,
                        place,
                        "competency points reward the decision, not its luck or what follows: give them on the choice (in an `If` for the situation)",
                    );
                }
                self.check_points(span, place, *competency, *points);
                Some(Effect::Points(*competency, *points))
            }
            EffectFile::If(c, then) => {
                self.needs_v2(span, place, "`If`");
                Some(Effect::IfElse(
                    self.condition(place, c),
                    self.effects(place, then, at),
                    Vec::new(),
                ))
            }
            EffectFile::IfElse(c, then, otherwise) => {
                self.needs_v2(span, place, "`IfElse`");
                Some(Effect::IfElse(
                    self.condition(place, c),
                    self.effects(place, then, at),
                    self.effects(place, otherwise, at),
                ))
            }
        }
    }

    pub(super) fn check_points(
        &mut self,
        span: Span,
        place: &str,
        competency: crate::format::Competency,
        points: i32,
    ) {
        if !self.file.competencies.value.contains(&competency) {
            self.warning(
                "unscored-points",
                span,
                place,
                format!("points in {competency:?}, which the scenario does not list in `competencies`, are not scored"),
            );
        }
        if points.unsigned_abs() > bounds::POINTS.unsigned_abs() {
            self.error(
                span,
                place,
                format!(
                    "{points} points in {competency:?}: a choice gives or takes at most {}",
                    bounds::POINTS
                ),
            );
        }
    }

    fn check_op(&mut self, span: Span, place: &str, meter: crate::model::MeterId, op: Op) {
        let (min, max) = self.range_of(meter);
        match op {
            Op::FairAdd(p) | Op::FairSub(p) if !(1..=100).contains(&p) => {
                self.error(
                    span,
                    place,
                    format!("`{op:?}`: fairmath takes a percentage from 1 to 100"),
                );
            }
            Op::FairAdd(_) | Op::FairSub(_)
                if self.format >= 2 && i64::from(max) - i64::from(min) < 2 =>
            {
                self.error(
                    span,
                    place,
                    format!("`{op:?}`: fairmath needs a meter whose range spans at least 2"),
                );
            }
            Op::Add(n) | Op::Sub(n) | Op::Set(n)
                if n.unsigned_abs() > bounds::CHANGE.unsigned_abs() =>
            {
                self.error(
                    span,
                    place,
                    format!("`{op:?}` is outside ±{}", bounds::CHANGE),
                );
            }
            Op::Set(v) if !(min..=max).contains(&v) => {
                self.warning(
                    "clamped-set",
                    span,
                    place,
                    format!("`{op:?}` is outside {min}..={max} and will be clamped"),
                );
            }
            _ => {}
        }
    }

    pub(super) fn amount(&mut self, place: &str, w: &Spanned<WeightFile>) -> Amount {
        let span = w.span;
        if !matches!(w.value, WeightFile::Fixed(_)) {
            self.needs_v2(span, place, "a weight that depends on the state");
        }
        match &w.value {
            WeightFile::Fixed(n) => {
                if *n > MAX_WEIGHT {
                    self.error(span, place, format!("a weight is at most {MAX_WEIGHT}"));
                }
                Amount::Fixed((*n).min(MAX_WEIGHT))
            }
            WeightFile::Meter(id) => self
                .meter_ref(span, place, id)
                .map_or(Amount::Fixed(0), Amount::Meter),
            WeightFile::Trust(id) => self
                .trust_ref(span, place, id)
                .map_or(Amount::Fixed(0), Amount::Meter),
            WeightFile::Headroom(q) => self
                .quantity(span, place, q)
                .map_or(Amount::Fixed(0), Amount::Headroom),
            WeightFile::IfElse(c, a, b) => Amount::IfElse(
                Box::new(self.condition(place, c)),
                Box::new(self.amount(place, a)),
                Box::new(self.amount(place, b)),
            ),
            WeightFile::Sum(parts) => {
                Amount::Sum(parts.iter().map(|p| self.amount(place, p)).collect())
            }
        }
    }
}

/// A condition as the author wrote it, for messages: `Meter("morale", AtLeast(120))`.
fn describe(c: &ConditionFile) -> String {
    match c {
        ConditionFile::Meter(id, cmp) => format!("Meter({:?}, {cmp:?})", crate::source::shown(id)),
        ConditionFile::Trust(id, cmp) => format!("Trust({:?}, {cmp:?})", crate::source::shown(id)),
        ConditionFile::Sum(_, cmp) => format!("Sum(.., {cmp:?})"),
        _ => "the condition".to_owned(),
    }
}
