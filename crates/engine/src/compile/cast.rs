//! Meters, the cast (each with a trust meter) and flags.

use super::{Compiler, bounds};
use crate::format::Cmp;
use crate::model::{Flag, Meter, MeterId, Stakeholder, StakeholderId};
use crate::source::shown;

impl Compiler<'_> {
    pub(super) fn stakeholder_trust(&self, stakeholder: StakeholderId) -> MeterId {
        MeterId::at(self.file.meters.len() + stakeholder.index())
    }

    pub(super) fn compile_meters(&mut self) -> Vec<Meter> {
        let f = self.file;
        let mut meters = Vec::new();
        for m in &f.meters {
            let place = format!("meter `{}`", shown(&m.id));
            let (min, max, start) = (m.min.value, m.max.value, m.start.value);
            let limit = bounds::METER.unsigned_abs();
            for (field, value) in [("min", &m.min), ("max", &m.max), ("start", &m.start)] {
                if value.value.unsigned_abs() > limit {
                    self.error(
                        value.span,
                        &place,
                        format!("`{field}` {} is outside ±{}", value.value, bounds::METER),
                    );
                }
            }
            if min >= max {
                self.error(
                    m.max.span,
                    &place,
                    format!("min {min} is not below max {max}"),
                );
            } else if !(min..=max).contains(&start) {
                self.error(
                    m.start.span,
                    &place,
                    format!("start {start} is outside {min}..={max}"),
                );
            }
            self.plain_text(&m.label, &place, "label");
            self.plain_text(&m.description, &place, "description");
            self.score_weight(&m.weight, &place);
            meters.push(Meter {
                id: m.id.value.clone(),
                label: m.label.value.clone(),
                min,
                max,
                start,
                visible: m.visible,
                higher_is_better: m.higher_is_better,
                weight: m.weight.value,
                description: m.description.value.clone(),
                stakeholder: None,
                span: m.span,
            });
        }
        for (i, s) in f.cast.iter().enumerate() {
            let place = format!("stakeholder `{}`", shown(&s.id));
            if !(0..=100).contains(&s.trust.value) {
                self.error(
                    s.trust.span,
                    &place,
                    format!("trust {} is outside 0..=100", s.trust.value),
                );
            }
            self.score_weight(&s.weight, &place);
            meters.push(Meter {
                id: s.id.value.clone(),
                label: format!("{}'s trust", s.name.value),
                min: 0,
                max: 100,
                start: s.trust.value,
                visible: true,
                higher_is_better: true,
                weight: s.weight.value,
                description: format!(
                    "How much {} trusts you. {} wants: {}",
                    s.name.value, s.name.value, s.wants.value
                ),
                stakeholder: Some(StakeholderId::at(i)),
                span: s.span,
            });
        }
        meters
    }

    fn score_weight(&mut self, weight: &crate::source::Spanned<u32>, place: &str) {
        if weight.value > bounds::SCORE_WEIGHT {
            self.error(
                weight.span,
                place,
                format!("a weight in the score is 0 to {}", bounds::SCORE_WEIGHT),
            );
        }
    }

    pub(super) fn compile_cast(&mut self) -> Vec<Stakeholder> {
        let f = self.file;
        f.cast
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let place = format!("stakeholder `{}`", shown(&s.id));
                for (field, value) in [("name", &s.name), ("role", &s.role), ("wants", &s.wants)] {
                    self.plain_text(value, &place, field);
                }
                let short = match &s.short {
                    Some(short) => {
                        self.needs_v2(short.span, &place, "a short name");
                        self.plain_text(short, &place, "short name");
                        short.value.clone()
                    }
                    None => s
                        .name
                        .value
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                };
                if let Some(first) = s.afterwards.first() {
                    self.needs_v2(first.span, &place, "`afterwards`");
                }
                let afterwards: Vec<(Cmp, crate::model::Text)> = s
                    .afterwards
                    .iter()
                    .map(|band| {
                        let (cmp, text) = &band.value;
                        (*cmp, self.text(&place, "afterwards", text))
                    })
                    .collect();
                self.check_bands(
                    &afterwards,
                    &place,
                    s.afterwards.first().map_or(s.span, |b| b.span),
                );
                Stakeholder {
                    id: s.id.value.clone(),
                    name: s.name.value.clone(),
                    short,
                    role: s.role.value.clone(),
                    wants: s.wants.value.clone(),
                    trust: self.stakeholder_trust(StakeholderId::at(i)),
                    afterwards,
                    span: s.span,
                }
            })
            .collect()
    }

    /// Every final trust, 0 to 100, should find a line in `afterwards`, if it has any.
    fn check_bands(
        &mut self,
        bands: &[(Cmp, crate::model::Text)],
        place: &str,
        span: crate::source::Span,
    ) {
        if bands.is_empty() {
            return;
        }
        let uncovered: Vec<i64> = (0..=100)
            .filter(|&t| !bands.iter().any(|(cmp, _)| cmp.holds(t)))
            .collect();
        if let (Some(first), Some(last)) = (uncovered.first(), uncovered.last()) {
            let which = if first == last {
                format!("trust {first}")
            } else {
                format!("some trust from {first} to {last}")
            };
            self.warning(
                "no-line-for-trust",
                span,
                place,
                format!("`afterwards` has no line for {which}: end with `(AtLeast(0), \"..\")`"),
            );
        }
    }

    pub(super) fn compile_flags(&mut self) -> Vec<Flag> {
        let f = self.file;
        f.flags
            .iter()
            .map(|fl| {
                let place = format!("flag `{}`", shown(&fl.id));
                self.plain_text(&fl.description, &place, "description");
                if fl.campaign {
                    self.needs_v2(fl.span, &place, "`campaign: true`");
                }
                Flag {
                    id: fl.id.value.clone(),
                    description: fl.description.value.clone(),
                    campaign: fl.campaign,
                    span: fl.span,
                }
            })
            .collect()
    }
}
