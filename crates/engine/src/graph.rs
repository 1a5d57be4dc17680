//! The scenario as a graph, for Graphviz (`dot`) or Mermaid.

use crate::scenario::{Scenario, Target};

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
    let mut push = |from: String, to: Target, label: String, dashed: bool| {
        links.push(Link {
            from,
            to,
            label,
            dashed,
        });
    };
    for node in &scenario.nodes {
        for choice in &node.choices {
            let from = format!("n_{}", node.id);
            // When every outcome chooses its own way, the choice's `next` is never taken.
            let own_next_taken =
                choice.outcomes.is_empty() || choice.outcomes.iter().any(|o| o.next.is_none());
            if own_next_taken {
                push(from.clone(), choice.next, choice.id.clone(), false);
            }
            for (i, o) in choice.outcomes.iter().enumerate() {
                if let Some(t) = o.next {
                    push(
                        from.clone(),
                        t,
                        format!(
                            "{} (outcome {}, {}/{})",
                            choice.id,
                            i + 1,
                            o.weight,
                            choice.total_weight
                        ),
                        true,
                    );
                }
            }
        }
    }
    for event in &scenario.events {
        if let Some(n) = event.goto {
            push(
                format!("e_{}", event.id),
                Target::Node(n),
                "fires".to_owned(),
                true,
            );
        }
    }
    links
}

fn target_name(scenario: &Scenario, t: Target) -> String {
    match t {
        Target::Node(n) => format!("n_{}", scenario.node(n).id),
        Target::End => "end".to_owned(),
        Target::Resume => "resume".to_owned(),
    }
}

/// Mermaid ids may not contain `-`.
fn mermaid_id(id: &str) -> String {
    id.replace('-', "_")
}

pub fn render(scenario: &Scenario, format: GraphFormat) -> String {
    let mut out = String::new();
    let links = links(scenario);
    let uses_resume = links.iter().any(|l| l.to == Target::Resume);
    match format {
        GraphFormat::Dot => {
            out.push_str(&format!(
                "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box, style=rounded];\n",
                scenario.id
            ));
            for (i, node) in scenario.nodes.iter().enumerate() {
                let speaker = scenario
                    .speaker(i as u16)
                    .map_or("narrator", |s| s.name.as_str());
                let start = if i == usize::from(scenario.start) {
                    ", penwidth=2"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "  \"n_{}\" [label=\"{}\\n({speaker})\"{start}];\n",
                    node.id, node.id
                ));
            }
            for event in scenario.events.iter().filter(|e| e.goto.is_some()) {
                out.push_str(&format!(
                    "  \"e_{}\" [label=\"event: {}\", shape=note];\n",
                    event.id, event.id
                ));
            }
            out.push_str("  \"end\" [label=\"end\", shape=doublecircle];\n");
            if uses_resume {
                out.push_str("  \"resume\" [label=\"resume\", shape=circle];\n");
            }
            for (i, ending) in scenario.endings.iter().enumerate() {
                out.push_str(&format!(
                    "  \"x_{}\" [label=\"{}\\n{:?}\", shape=box, style=filled, fillcolor=\"#eeeeee\"];\n  \"end\" -> \"x_{}\" [label=\"{}\"];\n",
                    ending.id,
                    ending.title.replace('"', "\\\""),
                    ending.rating,
                    ending.id,
                    if ending.condition.is_some() { format!("{}.", i + 1) } else { "otherwise".to_owned() }
                ));
            }
            for l in &links {
                let style = if l.dashed { ", style=dashed" } else { "" };
                out.push_str(&format!(
                    "  \"{}\" -> \"{}\" [label=\"{}\"{style}];\n",
                    l.from,
                    target_name(scenario, l.to),
                    l.label
                ));
            }
            out.push_str("}\n");
        }
        GraphFormat::Mermaid => {
            out.push_str("flowchart TD\n");
            for node in &scenario.nodes {
                out.push_str(&format!(
                    "  {}[\"{}\"]\n",
                    mermaid_id(&format!("n_{}", node.id)),
                    node.id
                ));
            }
            for event in scenario.events.iter().filter(|e| e.goto.is_some()) {
                out.push_str(&format!(
                    "  {}>\"event: {}\"]\n",
                    mermaid_id(&format!("e_{}", event.id)),
                    event.id
                ));
            }
            out.push_str("  end_((end))\n");
            if uses_resume {
                out.push_str("  resume((resume))\n");
            }
            for ending in &scenario.endings {
                out.push_str(&format!(
                    "  {}[[\"{} ({:?})\"]]\n  end_ --> {}\n",
                    mermaid_id(&format!("x_{}", ending.id)),
                    ending.title.replace('"', "'"),
                    ending.rating,
                    mermaid_id(&format!("x_{}", ending.id))
                ));
            }
            for l in &links {
                let to = match l.to {
                    Target::End => "end_".to_owned(),
                    t => mermaid_id(&target_name(scenario, t)),
                };
                let arrow = if l.dashed { "-.->" } else { "-->" };
                out.push_str(&format!(
                    "  {} {arrow}|\"{}\"| {to}\n",
                    mermaid_id(&l.from),
                    l.label
                ));
            }
        }
    }
    out
}
