//! Nodes with their choices, random outcomes, delayed effects and routes; and events.

use std::collections::HashSet;

use super::logic::Where;
use super::{Compiler, bounds, choice_place, node_place};
use crate::format::{ChoiceFile, NodeFile};
use crate::model::{
    Choice, ChoiceIdx, END, Effect, Event, Later, Node, Outcome, RESUME, Route, Target,
};
use crate::source::{Spanned, shown};

impl Compiler<'_> {
    pub(super) fn compile_nodes(&mut self) -> Vec<Node> {
        let f = self.file;
        f.nodes.iter().map(|n| self.node(n)).collect()
    }

    fn node(&mut self, n: &Spanned<NodeFile>) -> Node {
        let place = node_place(&n.id);
        let speaker = n.speaker.as_ref().and_then(|who| {
            let found = self.stakeholders.get(who.value.as_str()).copied();
            if found.is_none() {
                let message = crate::diagnostic::unknown(
                    "speaker",
                    who,
                    self.file.cast.iter().map(|s| s.id.value.as_str()),
                );
                self.error(who.span, &place, message);
            }
            found
        });
        let routing = !n.routes.is_empty();
        if routing {
            self.needs_v2(n.routes[0].span, &place, "`routes`");
            if !n.choices.is_empty() {
                self.error(
                    n.span,
                    &place,
                    "a node has either choices or routes: a routing node goes on by itself",
                );
            }
        } else if n.choices.is_empty() {
            self.error(
                n.span,
                &place,
                "no choices: a node needs a way forward (use `next: \"end\"` to finish, or `routes`)",
            );
        }
        let text = match &n.text {
            Some(text) => self.text(&place, "text", text),
            None if routing => crate::model::Text::plain(""),
            None => {
                self.error(
                    n.span,
                    &place,
                    "missing field `text`: a node with choices shows a text",
                );
                crate::model::Text::plain("")
            }
        };
        let mut seen = HashSet::new();
        for c in &n.choices {
            let place = choice_place(&n.id, &c.id);
            self.check_id(&c.id, &place);
            if !seen.insert(c.id.value.as_str()) {
                self.error(c.id.span, place, "two choices of this node have this id");
            }
        }
        let routes = self.routes(&place, n);
        if let Some(first) = n.enter.first() {
            self.needs_v2(first.span, &place, "`enter`");
        }
        let enter = self.effects(&place, &n.enter, Where::Elsewhere);
        let choices: Vec<Choice> = n.choices.iter().map(|c| self.choice(&n.id, c)).collect();
        if n.pivotal {
            self.needs_v2(n.span, &place, "`pivotal`");
        }
        let default = n.default.as_ref().and_then(|d| {
            self.needs_v2(d.span, &place, "`default`");
            if n.pivotal {
                self.warning(
                    "default-choice",
                    d.span,
                    &place,
                    "a pivotal node is always put to the room: its `default` is never taken",
                );
            }
            let found = n.choices.iter().position(|c| c.id.value == d.value);
            match found {
                Some(i) => {
                    if n.choices[i].condition.is_some() {
                        self.warning(
                            "default-choice",
                            d.span,
                            &place,
                            "the default choice has a condition: where it is unavailable, a shortened workshop takes the first available one",
                        );
                    }
                    Some(ChoiceIdx::at(i))
                }
                None => {
                    let message = crate::diagnostic::unknown(
                        "default choice",
                        d,
                        n.choices.iter().map(|c| c.id.value.as_str()),
                    );
                    self.error(d.span, &place, message);
                    None
                }
            }
        });
        let prompt = n.prompt.as_ref().map(|p| {
            self.plain_text(p, &place, "prompt");
            p.value.clone()
        });
        let mentor = n.mentor.as_ref().map(|m| {
            self.needs_v2(m.span, &place, "`mentor`");
            self.text(&place, "mentor", m)
        });
        let allow = self.allow_list(&n.allow, &place);
        Node {
            id: n.id.value.clone(),
            speaker,
            text,
            choices,
            routes,
            enter,
            prompt,
            mentor,
            pivotal: n.pivotal,
            default,
            allow,
            span: n.span,
        }
    }

    fn routes(&mut self, place: &str, n: &NodeFile) -> Vec<Route> {
        let routes: Vec<Route> = n
            .routes
            .iter()
            .map(|r| Route {
                when: r.when.as_ref().map(|c| self.condition(place, c)),
                next: self.target(r.next.span, place, &r.next),
            })
            .collect();
        if let Some(last) = n.routes.last()
            && last.when.is_some()
        {
            self.error(
                last.span,
                place,
                "the last route needs no `when`, so a run always has a way on",
            );
        }
        for (i, r) in n.routes.iter().enumerate() {
            if r.when.is_none() && i + 1 < n.routes.len() {
                self.warning(
                    "never-reached",
                    n.routes[i + 1].span,
                    place,
                    "a route after one with no `when` is never taken",
                );
                break;
            }
        }
        routes
    }

    fn choice(&mut self, node: &str, c: &Spanned<ChoiceFile>) -> Choice {
        let place = choice_place(node, &c.id);
        if c.disabled.is_some() && c.condition.is_none() {
            self.warning(
                "disabled-without-condition",
                c.span,
                &place,
                "`disabled` has no effect without a `condition`",
            );
        }
        // The competency map comes first among the effects: points for the decision itself.
        let mut effects: Vec<Effect> = Vec::new();
        if let Some(points) = &c.competencies {
            for (&competency, &p) in &points.value {
                self.check_points(points.span, &place, competency, p);
                effects.push(Effect::Points(competency, p));
            }
        }
        effects.extend(self.effects(&place, &c.effects, Where::Choice));
        if c.outcomes.len() > bounds::OUTCOMES {
            self.error(
                c.outcomes[bounds::OUTCOMES].span,
                &place,
                format!("at most {} outcomes", bounds::OUTCOMES),
            );
        }
        let outcomes = c
            .outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let place = format!("{place}, outcome {}", i + 1);
                if o.weight.value == crate::format::WeightFile::Fixed(0) {
                    self.error(
                        o.weight.span,
                        &place,
                        "weight 0: the outcome can never happen",
                    );
                }
                Outcome {
                    weight: self.amount(&place, &o.weight),
                    text: self.text(&place, "text", &o.text),
                    effects: self.effects(&place, &o.effects, Where::Elsewhere),
                    next: o.next.as_ref().map(|n| self.target(n.span, &place, n)),
                }
            })
            .collect::<Vec<_>>();
        if outcomes.len() == 1 {
            self.warning(
                "single-outcome",
                c.outcomes[0].span,
                &place,
                "a single outcome is not random: put its effects on the choice",
            );
        }
        let later = c
            .later
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let place = format!("{place}, later {}", i + 1);
                if !(1..=bounds::AFTER).contains(&l.after.value) {
                    self.error(
                        l.after.span,
                        &place,
                        format!("`after` is 1 to {} decisions", bounds::AFTER),
                    );
                }
                Later {
                    after: l.after.value.clamp(1, bounds::AFTER),
                    text: self.text(&place, "text", &l.text),
                    effects: self.effects(&place, &l.effects, Where::Elsewhere),
                    condition: l
                        .condition
                        .as_ref()
                        .map(|cond| self.condition(&place, cond)),
                }
            })
            .collect();
        let allow = self.allow_list(&c.allow, &place);
        Choice {
            id: c.id.value.clone(),
            text: self.text(&place, "text", &c.text),
            condition: c
                .condition
                .as_ref()
                .map(|cond| self.condition(&place, cond)),
            disabled: c
                .disabled
                .as_ref()
                .map(|d| self.text(&place, "disabled reason", d)),
            effects,
            outcomes,
            later,
            result: c.result.as_ref().map(|r| self.text(&place, "result", r)),
            note: self.text(&place, "coach's note", &c.note),
            next: self.target(c.next.span, &place, &c.next),
            allow,
            span: c.span,
            // Filled in once the cast is known: see `Scenario::fix_lengths`.
            fixed_length: None,
        }
    }

    pub(super) fn compile_events(&mut self) -> Vec<Event> {
        let f = self.file;
        f.events
            .iter()
            .map(|e| {
                let place = format!("event `{}`", shown(&e.id));
                let goto = e.goto.as_ref().and_then(|g| {
                    if g.value == END || g.value == RESUME {
                        self.error(
                            g.span,
                            &place,
                            "`goto` names a node (not `end` or `resume`)",
                        );
                        return None;
                    }
                    match self.target(g.span, &place, g) {
                        Target::Node(n) => Some(n),
                        _ => None,
                    }
                });
                let allow = self.allow_list(&e.allow, &place);
                Event {
                    id: e.id.value.clone(),
                    when: self.condition(&place, &e.when),
                    text: self.text(&place, "text", &e.text),
                    effects: self.effects(&place, &e.effects, Where::Elsewhere),
                    goto,
                    repeat: e.repeat,
                    allow,
                    span: e.span,
                }
            })
            .collect()
    }
}
