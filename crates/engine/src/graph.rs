//! The scenario as a graph, for Graphviz (`dot`) or Mermaid: nodes, choices with their
//! conditions, random branches with their odds, routing nodes, event detours (and events
//! that only announce), delayed effects, and the endings in precedence order.
//!
//! Ids in the output are made from indices (`n3`, `e1`, `x2`), so no two author ids can
//! collide however they are spelt; the labels carry the author's ids.

use crate::format::{Cmp, Op, Order};
use crate::model::{Amount, Condition, Effect, Scenario, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

/// One drawn link: from a node (or event) to a target, labelled with what takes it.
struct Link {
    from: String,
    to: Target,
    label: String,
    dashed: bool,
}

fn links(scenario: &Scenario) -> Vec<Link> {
    let mut links = Vec::new();
    for (n, node) in scenario.nodes.iter().enumerate() {
        let from = format!("n{n}");
        for choice in &node.choices {
            let mut label = choice.id.clone();
            if let Some(c) = &choice.condition {
                label.push_str(&format!(" [if {}]", condition(scenario, c)));
            }
            if !choice.later.is_empty() {
                let laters: Vec<String> = choice
                    .later
                    .iter()
                    .map(|l| format!("after {}: {}", l.after, effects(scenario, &l.effects)))
                    .collect();
                label.push_str(&format!(" (later {})", laters.join("; ")));
            }
            // When every outcome chooses its own way, the choice's `next` is never taken.
            let own_next_taken =
                choice.outcomes.is_empty() || choice.outcomes.iter().any(|o| o.next.is_none());
            if own_next_taken {
                links.push(Link {
                    from: from.clone(),
                    to: choice.next,
                    label: label.clone(),
                    dashed: false,
                });
            }
            for (i, o) in choice.outcomes.iter().enumerate() {
                if let Some(t) = o.next {
                    links.push(Link {
                        from: from.clone(),
                        to: t,
                        label: format!(
                            "{} (outcome {}, weight {})",
                            choice.id,
                            i + 1,
                            amount(scenario, &o.weight)
                        ),
                        dashed: true,
                    });
                }
            }
        }
        for route in &node.routes {
            let label = match &route.when {
                Some(c) => format!("if {}", condition(scenario, c)),
                None => "otherwise".to_owned(),
            };
            links.push(Link {
                from: from.clone(),
                to: route.next,
                label,
                dashed: false,
            });
        }
    }
    for (i, event) in scenario.events.iter().enumerate() {
        if let Some(n) = event.goto {
            links.push(Link {
                from: format!("e{i}"),
                to: Target::Node(n),
                label: "fires".to_owned(),
                dashed: true,
            });
        }
    }
    links
}

fn target_name(t: Target) -> String {
    match t {
        Target::Node(n) => format!("n{}", n.index()),
        Target::End => "end".to_owned(),
        Target::Resume => "resume".to_owned(),
    }
}

fn cmp(c: Cmp) -> String {
    match c {
        Cmp::Below(n) => format!("< {n}"),
        Cmp::AtMost(n) => format!("≤ {n}"),
        Cmp::Above(n) => format!("> {n}"),
        Cmp::AtLeast(n) => format!("≥ {n}"),
        Cmp::Is(n) => format!("= {n}"),
        Cmp::Between(a, b) => format!("in {a}..{b}"),
    }
}

/// A condition in a line: `morale ≥ 60 and not warned`.
pub fn condition(scenario: &Scenario, c: &Condition) -> String {
    let meter = |m: &crate::model::MeterId| scenario.meter(*m).id.clone();
    match c {
        Condition::Meter(m, c) => format!("{} {}", meter(m), cmp(*c)),
        Condition::Flag(f) => scenario.flags[f.index()].id.clone(),
        Condition::Day(c) => format!("day {}", cmp(*c)),
        Condition::DaysLeft(c) => format!("days left {}", cmp(*c)),
        Condition::Sum(ms, c) => format!(
            "{} {}",
            ms.iter().map(meter).collect::<Vec<_>>().join(" + "),
            cmp(*c)
        ),
        Condition::Compare(a, o, b) => {
            let o = match o {
                Order::Below => "<",
                Order::AtMost => "≤",
                Order::Above => ">",
                Order::AtLeast => "≥",
                Order::Is => "=",
            };
            format!("{} {o} {}", meter(a), meter(b))
        }
        Condition::All(list) if list.is_empty() => "always".to_owned(),
        Condition::Any(list) if list.is_empty() => "never".to_owned(),
        Condition::All(list) => list
            .iter()
            .map(|c| condition(scenario, c))
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::Any(list) => format!(
            "({})",
            list.iter()
                .map(|c| condition(scenario, c))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        Condition::Not(inner) => format!("not {}", condition(scenario, inner)),
    }
}

fn amount(scenario: &Scenario, a: &Amount) -> String {
    match a {
        Amount::Fixed(n) => n.to_string(),
        Amount::Meter(m) => scenario.meter(*m).id.clone(),
        Amount::Headroom(m) => format!("headroom of {}", scenario.meter(*m).id),
        Amount::IfElse(c, x, y) => format!(
            "{} if {} else {}",
            amount(scenario, x),
            condition(scenario, c),
            amount(scenario, y)
        ),
        Amount::Sum(parts) => parts
            .iter()
            .map(|p| amount(scenario, p))
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

fn effects(scenario: &Scenario, list: &[Effect]) -> String {
    let one = |e: &Effect| match e {
        Effect::Meter(m, op) => {
            let id = &scenario.meter(*m).id;
            match op {
                Op::Add(n) => format!("{id} +{n}"),
                Op::Sub(n) => format!("{id} −{n}"),
                Op::Set(n) => format!("{id} = {n}"),
                Op::FairAdd(p) => format!("{id} +{p}%"),
                Op::FairSub(p) => format!("{id} −{p}%"),
            }
        }
        Effect::SetFlag(f) => format!("set {}", scenario.flags[f.index()].id),
        Effect::ClearFlag(f) => format!("clear {}", scenario.flags[f.index()].id),
        Effect::Days(n) => format!("{n} days"),
        Effect::Deadline(n) => format!("deadline {n:+}"),
        Effect::Points(c, p) => format!("{c:?} {p:+}"),
        Effect::IfElse(c, ..) => format!("if {}: …", condition(scenario, c)),
    };
    list.iter().map(one).collect::<Vec<_>>().join(", ")
}

/// Double quotes would end a label.
fn label(text: &str) -> String {
    text.replace('"', "'")
}

pub fn render(scenario: &Scenario, format: GraphFormat) -> String {
    let mut out = String::new();
    let links = links(scenario);
    let uses_resume = links.iter().any(|l| l.to == Target::Resume);
    match format {
        GraphFormat::Dot => {
            out.push_str(&format!(
                "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box, style=rounded];\n",
                label(&scenario.id)
            ));
            for (i, node) in scenario.nodes.iter().enumerate() {
                let who = node
                    .speaker
                    .map_or("narrator", |s| scenario.stakeholder(s).name.as_str());
                let mut attributes = String::new();
                if i == scenario.start.index() {
                    attributes.push_str(", penwidth=2");
                }
                let mut text = if node.is_routing() {
                    attributes.push_str(", shape=diamond, style=\"\"");
                    format!("{}\\n(routing)", label(&node.id))
                } else {
                    format!("{}\\n({})", label(&node.id), label(who))
                };
                if node.pivotal {
                    text.push_str("\\npivotal");
                }
                if !node.enter.is_empty() {
                    text.push_str(&format!(
                        "\\non entering: {}",
                        label(&effects(scenario, &node.enter))
                    ));
                }
                out.push_str(&format!("  \"n{i}\" [label=\"{text}\"{attributes}];\n"));
            }
            for (i, event) in scenario.events.iter().enumerate() {
                let repeat = if event.repeat { ", repeats" } else { "" };
                out.push_str(&format!(
                    "  \"e{i}\" [label=\"event: {}\\nwhen {}{repeat}\", shape=note];\n",
                    label(&event.id),
                    label(&condition(scenario, &event.when))
                ));
            }
            out.push_str("  \"end\" [label=\"end\", shape=doublecircle];\n");
            if uses_resume {
                out.push_str("  \"resume\" [label=\"resume\", shape=circle];\n");
            }
            for (i, ending) in scenario.endings.iter().enumerate() {
                let when = match &ending.condition {
                    Some(c) => format!("{}. {}", i + 1, label(&condition(scenario, c))),
                    None => "otherwise".to_owned(),
                };
                out.push_str(&format!(
                    "  \"x{i}\" [label=\"{}\\n{:?}\", shape=box, style=filled, fillcolor=\"#eeeeee\"];\n  \"end\" -> \"x{i}\" [label=\"{when}\"];\n",
                    label(&ending.title),
                    ending.rating,
                ));
            }
            for l in &links {
                let style = if l.dashed { ", style=dashed" } else { "" };
                out.push_str(&format!(
                    "  \"{}\" -> \"{}\" [label=\"{}\"{style}];\n",
                    l.from,
                    target_name(l.to),
                    label(&l.label)
                ));
            }
            out.push_str("}\n");
        }
        GraphFormat::Mermaid => {
            out.push_str("flowchart TD\n");
            for (i, node) in scenario.nodes.iter().enumerate() {
                let mut text = label(&node.id);
                if node.pivotal {
                    text.push_str(" · pivotal");
                }
                if !node.enter.is_empty() {
                    text.push_str(&format!(
                        " · on entering: {}",
                        label(&effects(scenario, &node.enter))
                    ));
                }
                if node.is_routing() {
                    out.push_str(&format!("  n{i}{{\"{text}\"}}\n"));
                } else {
                    out.push_str(&format!("  n{i}[\"{text}\"]\n"));
                }
            }
            for (i, event) in scenario.events.iter().enumerate() {
                out.push_str(&format!(
                    "  e{i}>\"event: {} · when {}\"]\n",
                    label(&event.id),
                    label(&condition(scenario, &event.when))
                ));
            }
            out.push_str("  end_((end))\n");
            if uses_resume {
                out.push_str("  resume((resume))\n");
            }
            for (i, ending) in scenario.endings.iter().enumerate() {
                out.push_str(&format!(
                    "  x{i}[[\"{} ({:?})\"]]\n  end_ --> x{i}\n",
                    label(&ending.title),
                    ending.rating,
                ));
            }
            for l in &links {
                let to = match l.to {
                    Target::End => "end_".to_owned(),
                    t => target_name(t),
                };
                let arrow = if l.dashed { "-.->" } else { "-->" };
                out.push_str(&format!(
                    "  {} {arrow}|\"{}\"| {to}\n",
                    l.from,
                    label(&l.label)
                ));
            }
        }
    }
    out
}
