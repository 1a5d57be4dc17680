//! Endings, and the checks that look at the compiled scenario as a whole: flags set but
//! never read (and the reverse), routing nodes that go round in a circle, and which
//! warnings the author has acknowledged.

use super::Compiler;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::text::Segment;
use crate::model::{
    Amount, ChoiceIdx, Condition, Effect, Ending, EndingId, EventId, Item, NodeId, Scenario,
    Target, Text,
};
use crate::source::{Span, shown};

impl Compiler<'_> {
    pub(super) fn compile_endings(&mut self) -> Vec<Ending> {
        let f = self.file;
        if f.endings.value.is_empty() {
            self.error(
                f.endings.span,
                "endings",
                "a scenario needs at least one ending",
            );
        }
        let endings: Vec<Ending> = f
            .endings
            .value
            .iter()
            .map(|e| {
                let place = format!("ending `{}`", shown(&e.id));
                self.plain_text(&e.title, &place, "title");
                let business = e.business.as_ref().map(|b| {
                    self.needs_v2(b.span, &place, "`business`");
                    self.text(&place, "business line", b)
                });
                let allow = self.allow_list(&e.allow, &place);
                Ending {
                    id: e.id.value.clone(),
                    condition: e.condition.as_ref().map(|c| self.condition(&place, c)),
                    title: e.title.value.clone(),
                    epilogue: self.text(&place, "epilogue", &e.epilogue),
                    business,
                    rating: e.rating,
                    allow,
                    span: e.span,
                }
            })
            .collect();
        if let Some(i) = endings.iter().position(|e| e.condition.is_none())
            && i + 1 < endings.len()
        {
            for later in &endings[i + 1..] {
                self.warning(
                    "shadowed-ending",
                    later.span,
                    format!("ending `{}`", shown(&later.id)),
                    format!(
                        "never reached: ending `{}` before it has no condition and always wins",
                        shown(&endings[i].id)
                    ),
                );
            }
        }
        endings
    }

    pub(super) fn check_whole(&mut self, scenario: &Scenario) {
        self.check_flag_use(scenario);
        self.check_own_flags(scenario);
        self.check_routing_loops(scenario);
    }

    /// A result or outcome text is read after the choice's own effects, so a passage on a flag
    /// the same choice sets or clears always shows the same branch: the author meant the flag
    /// as it stood before, and the text is wrong on one of the paths.
    fn check_own_flags(&mut self, s: &Scenario) {
        for node in &s.nodes {
            for c in &node.choices {
                let own = own_flags(s, &c.effects);
                let mut texts: Vec<(&Text, Vec<bool>, String)> = Vec::new();
                if let Some(result) = &c.result {
                    texts.push((result, own.clone(), "the result".to_owned()));
                }
                for (i, o) in c.outcomes.iter().enumerate() {
                    let mut with_outcome = own.clone();
                    for (w, o) in with_outcome.iter_mut().zip(own_flags(s, &o.effects)) {
                        *w |= o;
                    }
                    texts.push((&o.text, with_outcome, format!("outcome {}", i + 1)));
                }
                for (text, own, what) in texts {
                    let mut reads = FlagUse {
                        set: vec![false; s.flags.len()],
                        read: vec![false; s.flags.len()],
                    };
                    reads.text(text);
                    let Some(f) = (0..s.flags.len()).find(|&f| reads.read[f] && own[f]) else {
                        continue;
                    };
                    self.warning(
                        "reads-own-flag",
                        text.span(),
                        format!("choice `{}` of node `{}`", shown(&c.id), shown(&node.id)),
                        format!(
                            "{what} reads flag `{}`, which this choice sets or clears itself: it is read after the choice's effects, so it always shows the same branch",
                            shown(&s.flags[f].id)
                        ),
                    );
                }
            }
        }
    }

    /// Flags that are read but never set (conditions on them are never true) and the reverse.
    fn check_flag_use(&mut self, s: &Scenario) {
        let mut uses = FlagUse {
            set: vec![false; s.flags.len()],
            read: vec![false; s.flags.len()],
        };
        for (i, flag) in s.flags.iter().enumerate() {
            uses.set[i] |= flag.campaign;
        }
        for person in &s.cast {
            for (_, text) in &person.afterwards {
                uses.text(text);
            }
        }
        for node in &s.nodes {
            uses.text(&node.text);
            if let Some(mentor) = &node.mentor {
                uses.text(mentor);
            }
            uses.effects(&node.enter);
            for route in &node.routes {
                uses.condition_opt(&route.when);
            }
            for c in &node.choices {
                for text in [&c.text, &c.note]
                    .into_iter()
                    .chain(&c.disabled)
                    .chain(&c.result)
                {
                    uses.text(text);
                }
                uses.condition_opt(&c.condition);
                uses.effects(&c.effects);
                for o in &c.outcomes {
                    uses.amount(&o.weight);
                    uses.text(&o.text);
                    uses.effects(&o.effects);
                }
                for l in &c.later {
                    uses.text(&l.text);
                    uses.effects(&l.effects);
                    uses.condition_opt(&l.condition);
                }
            }
        }
        for e in &s.events {
            uses.condition(&e.when);
            uses.text(&e.text);
            uses.effects(&e.effects);
        }
        for e in &s.endings {
            uses.condition_opt(&e.condition);
            uses.text(&e.epilogue);
            if let Some(b) = &e.business {
                uses.text(b);
            }
        }
        for (i, fl) in s.flags.iter().enumerate() {
            let place = format!("flag `{}`", shown(&fl.id));
            if !uses.set[i] {
                self.warning(
                    "unset-flag",
                    fl.span,
                    place,
                    "never set, so conditions on it are never true",
                );
            } else if !uses.read[i] {
                self.warning(
                    "unread-flag",
                    fl.span,
                    place,
                    "set but never read by any condition or text",
                );
            }
        }
    }

    /// Routing nodes lead on without a choice; a circle of them would never stop.
    fn check_routing_loops(&mut self, s: &Scenario) {
        // 0: not visited, 1: on the current path, 2: done.
        let mut mark = vec![0u8; s.nodes.len()];
        for start in 0..s.nodes.len() {
            if mark[start] != 0 || !s.nodes[start].is_routing() {
                continue;
            }
            // An explicit stack of (node, next route to follow), so long chains cannot
            // overflow the call stack.
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            mark[start] = 1;
            while let Some(&mut (node, ref mut next)) = path.last_mut() {
                let routes = &s.nodes[node].routes;
                if *next == routes.len() {
                    mark[node] = 2;
                    path.pop();
                    continue;
                }
                let route = *next;
                *next += 1;
                let Target::Node(to) = routes[route].next else {
                    continue;
                };
                let to = to.index();
                if !s.nodes[to].is_routing() || mark[to] == 2 {
                    continue;
                }
                if mark[to] == 1 {
                    let from = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    let circle: Vec<String> = path[from..]
                        .iter()
                        .map(|&(n, _)| format!("`{}`", shown(&s.nodes[n].id)))
                        .chain([format!("`{}`", shown(&s.nodes[to].id))])
                        .collect();
                    self.error(
                        s.nodes[to].span,
                        format!("node `{}`", shown(&s.nodes[to].id)),
                        format!(
                            "routing nodes go round in a circle, {}: a run could go on forever without a choice",
                            circle.join(" → ")
                        ),
                    );
                    return;
                }
                mark[to] = 1;
                path.push((to, 0));
            }
        }
    }
}

/// Which flags are set and which are read, anywhere.
/// The flags that `effects` set or clear whatever the state (conditional ones aside).
fn own_flags(s: &Scenario, effects: &[Effect]) -> Vec<bool> {
    let mut own = vec![false; s.flags.len()];
    for e in effects {
        if let Effect::SetFlag(f) | Effect::ClearFlag(f) = e {
            own[f.index()] = true;
        }
    }
    own
}

struct FlagUse {
    set: Vec<bool>,
    read: Vec<bool>,
}

impl FlagUse {
    fn condition_opt(&mut self, c: &Option<Condition>) {
        if let Some(c) = c {
            self.condition(c);
        }
    }

    fn condition(&mut self, c: &Condition) {
        match c {
            Condition::Flag(f) => self.read[f.index()] = true,
            Condition::All(list) | Condition::Any(list) => {
                list.iter().for_each(|c| self.condition(c))
            }
            Condition::Not(inner) => self.condition(inner),
            _ => {}
        }
    }

    fn effects(&mut self, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::SetFlag(f) => self.set[f.index()] = true,
                Effect::IfElse(c, a, b) => {
                    self.condition(c);
                    self.effects(a);
                    self.effects(b);
                }
                _ => {}
            }
        }
    }

    fn amount(&mut self, a: &Amount) {
        match a {
            Amount::IfElse(c, x, y) => {
                self.condition(c);
                self.amount(x);
                self.amount(y);
            }
            Amount::Sum(parts) => parts.iter().for_each(|p| self.amount(p)),
            _ => {}
        }
    }

    fn text(&mut self, text: &Text) {
        fn segments(uses: &mut FlagUse, list: &[Segment]) {
            for s in list {
                if let Segment::Inline {
                    flag,
                    then,
                    otherwise,
                    ..
                } = s
                {
                    uses.read[flag.index()] = true;
                    segments(uses, then);
                    segments(uses, otherwise);
                }
            }
        }
        for p in &text.passages {
            self.condition_opt(&p.when);
            segments(self, &p.segments);
        }
    }
}

/// Drop the warnings the author acknowledged with `allow` on the thing they are about (or
/// on what it belongs to). Errors are never acknowledged.
pub(super) fn acknowledged(scenario: &Scenario, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let items = Items::of(scenario);
    diagnostics
        .into_iter()
        .filter(|d| match (d.severity, d.code) {
            (Severity::Warning, Some(code)) => !scenario.allows(items.about(scenario, d), code),
            _ => true,
        })
        .collect()
}

/// The spans of what warnings can be about, in file order, to find what contains a span.
struct Items {
    nodes: Vec<Span>,
    events: Vec<Span>,
    endings: Vec<Span>,
}

fn containing(spans: &[Span], span: Span) -> Option<usize> {
    let i = spans
        .partition_point(|s| s.start <= span.start)
        .checked_sub(1)?;
    (span.end <= spans[i].end).then_some(i)
}

impl Items {
    fn of(s: &Scenario) -> Items {
        Items {
            nodes: s.nodes.iter().map(|n| n.span).collect(),
            events: s.events.iter().map(|e| e.span).collect(),
            endings: s.endings.iter().map(|e| e.span).collect(),
        }
    }

    /// The innermost node, choice, event or ending that contains the warning's span.
    fn about(&self, scenario: &Scenario, d: &Diagnostic) -> Item {
        let Some(span) = d.span else {
            return Item::Scenario;
        };
        if let Some(n) = containing(&self.nodes, span) {
            let choices: Vec<Span> = scenario.nodes[n].choices.iter().map(|c| c.span).collect();
            let node = NodeId::at(n);
            return match containing(&choices, span) {
                Some(c) => Item::Choice(node, ChoiceIdx::at(c)),
                None => Item::Node(node),
            };
        }
        if let Some(e) = containing(&self.events, span) {
            return Item::Event(EventId::at(e));
        }
        if let Some(e) = containing(&self.endings, span) {
            return Item::Ending(EndingId::at(e));
        }
        Item::Scenario
    }
}
