//! References by id: meters, stakeholders' trust, flags, nodes.

use super::Compiler;
use crate::diagnostic::unknown;
use crate::format::QuantityFile;
use crate::model::{END, FlagId, MeterId, RESUME, Target};
use crate::source::{Span, shown};

impl Compiler<'_> {
    pub(super) fn meter_ref(&mut self, span: Span, place: &str, id: &str) -> Option<MeterId> {
        let found = self.meters.get(id).copied();
        if found.is_none() {
            let message = if self.stakeholders.contains_key(id) {
                format!(
                    "`{}` is a stakeholder: write `Trust(\"{}\", ..)`",
                    shown(id),
                    shown(id)
                )
            } else {
                unknown(
                    "meter",
                    id,
                    self.file.meters.iter().map(|m| m.id.value.as_str()),
                )
            };
            self.error(span, place, message);
        }
        found
    }

    pub(super) fn trust_ref(&mut self, span: Span, place: &str, id: &str) -> Option<MeterId> {
        let found = self
            .stakeholders
            .get(id)
            .map(|&s| self.stakeholder_trust(s));
        if found.is_none() {
            let message = if self.meters.contains_key(id) {
                format!(
                    "`{}` is a meter: write `Meter(\"{}\", ..)`",
                    shown(id),
                    shown(id)
                )
            } else {
                unknown(
                    "stakeholder",
                    id,
                    self.file.cast.iter().map(|s| s.id.value.as_str()),
                )
            };
            self.error(span, place, message);
        }
        found
    }

    pub(super) fn quantity(
        &mut self,
        span: Span,
        place: &str,
        q: &QuantityFile,
    ) -> Option<MeterId> {
        match q {
            QuantityFile::Meter(id) => self.meter_ref(span, place, id),
            QuantityFile::Trust(id) => self.trust_ref(span, place, id),
        }
    }

    pub(super) fn flag_ref(&mut self, span: Span, place: &str, id: &str) -> Option<FlagId> {
        let found = self.flags.get(id).copied();
        if found.is_none() {
            let message = unknown(
                "flag",
                id,
                self.file.flags.iter().map(|f| f.id.value.as_str()),
            );
            self.error(span, place, message);
        }
        found
    }

    pub(super) fn target(&mut self, span: Span, place: &str, next: &str) -> Target {
        match next {
            END => Target::End,
            RESUME => Target::Resume,
            id => match self.nodes.get(id) {
                Some(&n) => Target::Node(n),
                None => {
                    let known = self
                        .file
                        .nodes
                        .iter()
                        .map(|n| n.id.value.as_str())
                        .chain([END, RESUME]);
                    let message = unknown("next node", id, known);
                    self.error(span, place, message);
                    Target::End
                }
            },
        }
    }

    /// A meter's range, trust meters included.
    pub(super) fn range_of(&self, meter: MeterId) -> (i32, i32) {
        match self.file.meters.get(meter.index()) {
            Some(m) => (m.min.value, m.max.value),
            None => (0, 100),
        }
    }
}
