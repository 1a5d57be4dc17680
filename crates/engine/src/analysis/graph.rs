//! The scenario's links alone: where each node can lead, which nodes nothing leads to, and
//! loops from which no ending can be reached whatever the state.
//!
//! `next: "resume"` may lead anywhere an event's detour could have interrupted. Rather than
//! copy that list into every node that resumes (which a file of many such nodes could make
//! quadratic), resuming leads to one shared point that leads to all of them.

use crate::diagnostic::Diagnostic;
use crate::model::{Item, NodeId, Scenario, Target};
use crate::source::shown;

/// The graph: nodes `0..n`, then the shared resume point `n`.
pub struct Links {
    next: Vec<Vec<usize>>,
    /// The same links the other way round.
    previous: Vec<Vec<usize>>,
    /// Nodes (and the resume point) that can finish the run directly.
    ends: Vec<bool>,
}

impl Links {
    pub fn of(scenario: &Scenario) -> Links {
        let n = scenario.nodes.len();
        let resume = n;
        let mut next = vec![Vec::new(); n + 1];
        let mut ends = vec![false; n + 1];
        let link =
            |from: usize, t: Target, next: &mut Vec<Vec<usize>>, ends: &mut Vec<bool>| match t {
                Target::Node(m) => next[from].push(m.index()),
                Target::End => ends[from] = true,
                Target::Resume => next[from].push(resume),
            };
        let detours: Vec<usize> = scenario
            .events
            .iter()
            .filter_map(|e| e.goto.map(NodeId::index))
            .collect();
        for (i, node) in scenario.nodes.iter().enumerate() {
            for c in &node.choices {
                for t in std::iter::once(c.next).chain(c.outcomes.iter().filter_map(|o| o.next)) {
                    link(i, t, &mut next, &mut ends);
                    // Wherever a choice leads, an event may divert the run first, and the
                    // detour may resume where the run was heading.
                    if t != Target::Resume {
                        link(resume, t, &mut next, &mut ends);
                    }
                }
            }
            if !node.choices.is_empty() {
                next[i].extend(&detours);
            }
            for r in &node.routes {
                link(i, r.next, &mut next, &mut ends);
                if r.next != Target::Resume {
                    link(resume, r.next, &mut next, &mut ends);
                }
            }
        }
        // Resuming with nowhere to go back to finishes the run.
        ends[resume] = true;
        for targets in &mut next {
            targets.sort_unstable();
            targets.dedup();
        }
        let mut previous = vec![Vec::new(); n + 1];
        for (from, targets) in next.iter().enumerate() {
            for &to in targets {
                previous[to].push(from);
            }
        }
        Links {
            next,
            previous,
            ends,
        }
    }

    /// Nodes reachable from the start.
    pub fn reachable(&self, scenario: &Scenario) -> Vec<bool> {
        let mut seen = vec![false; self.next.len()];
        let mut stack = vec![scenario.start.index()];
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut seen[n], true) {
                continue;
            }
            stack.extend(self.next[n].iter().copied().filter(|&m| !seen[m]));
        }
        seen.truncate(scenario.nodes.len());
        seen
    }

    /// Nodes from which an ending can be reached, by links alone.
    fn finishing(&self) -> Vec<bool> {
        let reverse = &self.previous;
        let mut finishes = vec![false; self.next.len()];
        let mut stack: Vec<usize> = (0..self.next.len()).filter(|&n| self.ends[n]).collect();
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut finishes[n], true) {
                continue;
            }
            stack.extend(reverse[n].iter().copied().filter(|&m| !finishes[m]));
        }
        finishes
    }

    /// The nodes linked to `to` (not the resume point).
    pub fn into(&self, to: usize) -> impl Iterator<Item = usize> + '_ {
        let resume = self.next.len() - 1;
        self.previous[to]
            .iter()
            .copied()
            .filter(move |&from| from != resume)
    }
}

/// Unreachable nodes, loops with no way to an ending, and resuming with nowhere to go.
pub fn graph_pass(scenario: &Scenario, links: &Links) -> Vec<Diagnostic> {
    let reachable = links.reachable(scenario);
    let finishes = links.finishing();
    let mut diagnostics = Vec::new();
    let trapped: Vec<usize> = (0..scenario.nodes.len())
        .filter(|&i| reachable[i] && !finishes[i])
        .collect();
    if let Some(&first) = trapped.first() {
        let names: Vec<String> = trapped
            .iter()
            .take(12)
            .map(|&i| format!("`{}`", shown(&scenario.nodes[i].id)))
            .collect();
        let more = match trapped.len() {
            n if n > 12 => format!(" and {} more", n - 12),
            _ => String::new(),
        };
        diagnostics.push(
            Diagnostic::error(
                format!("node `{}`", shown(&scenario.nodes[first].id)),
                format!(
                    "a loop with no exit: no ending can be reached from {}{more}",
                    names.join(", ")
                ),
            )
            .spanned(scenario.nodes[first].span),
        );
    }
    let detoured: Vec<bool> = {
        let mut d = vec![false; scenario.nodes.len()];
        for e in &scenario.events {
            if let Some(g) = e.goto {
                d[g.index()] = true;
            }
        }
        d
    };
    for (i, node) in scenario.nodes.iter().enumerate() {
        let id = NodeId::at(i);
        let place = format!("node `{}`", shown(&node.id));
        if !reachable[i] && !scenario.allows(Item::Node(id), "unreachable") {
            diagnostics.push(
                Diagnostic::warning(
                    "unreachable",
                    place.clone(),
                    "unreachable: no choice, route or event leads here",
                )
                .spanned(node.span),
            );
        }
        let resumes = node.choices.iter().any(|c| {
            c.next == Target::Resume || c.outcomes.iter().any(|o| o.next == Some(Target::Resume))
        }) || node.routes.iter().any(|r| r.next == Target::Resume);
        if resumes && !detoured[i] && !scenario.allows(Item::Node(id), "resume-nowhere") {
            diagnostics.push(
                Diagnostic::warning(
                    "resume-nowhere",
                    place,
                    "`next: \"resume\"` here, but no event's `goto` leads to this node: resuming with nowhere to go back to finishes the run",
                )
                .spanned(node.span),
            );
        }
    }
    diagnostics
}
