//! `promoted play`: a plain terminal playthrough, for authors trying their scenario.

use std::io::{BufRead, Write};

use promoted_engine::{Run, Scenario};

use crate::args::Args;
use crate::replay;
use crate::{Failure, OK, load_one};

pub(crate) fn run(
    rest: &[String],
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<i32, Failure> {
    let args = Args::parse(rest, &["--seed", "--replay"], &[])?;
    if let Some(report) = args.value("--replay") {
        return replay::run(report, &args.positional, out);
    }
    let path = args.single_path()?;
    let seed: u64 = args.number("--seed", 1)?;
    let scenario = load_one(path)?;
    let mut run = Run::new(&scenario, seed);
    let _ = writeln!(
        out,
        "{}\n{}\n\n{}\n",
        scenario.title,
        "=".repeat(scenario.title.chars().count()),
        wrap(&scenario.summary, 2)
    );
    let mut line = String::new();
    while !run.is_finished() {
        show_node(&scenario, &run, out);
        let _ = write!(out, "> ");
        let _ = out.flush();
        line.clear();
        if input.read_line(&mut line).unwrap_or(0) == 0 {
            let _ = writeln!(out, "\n(input ended; the run is left unfinished)");
            return Ok(OK);
        }
        let answer = line.trim();
        match answer {
            "q" | "quit" => return Ok(OK),
            "u" | "undo" => {
                if run.undo().is_some() {
                    let _ = writeln!(out, "(the last decision is taken back)\n");
                } else {
                    let _ = writeln!(out, "(nothing to undo)\n");
                }
                continue;
            }
            _ => {}
        }
        let shown = run.choices(&scenario);
        let picked = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| shown.get(n));
        let Some(view) = picked else {
            let _ = writeln!(
                out,
                "(type a number from 1 to {}, u to undo or q to quit)\n",
                shown.len()
            );
            continue;
        };
        let before = run.state().meters().to_vec();
        match run.choose(&scenario, view.index) {
            Ok(decision) => {
                let decision = decision.clone();
                for consequence in run.consequences(&scenario, &decision) {
                    let _ = writeln!(out, "{}", wrap(&consequence, 2));
                }
                let changes = meter_changes(&scenario, &before, run.state().meters());
                if !changes.is_empty() {
                    let _ = writeln!(out, "  [{changes}]");
                }
                let _ = writeln!(out);
            }
            Err(e) => {
                let _ = writeln!(out, "({e})\n");
            }
        }
    }
    show_end(&scenario, &run, out);
    Ok(OK)
}

fn show_node(scenario: &Scenario, run: &Run, out: &mut impl Write) {
    let state = run.state();
    if let Some(clock) = &scenario.clock {
        let _ = writeln!(out, "{}", clock.status(state.day(), state.days_left()));
    }
    let visible: Vec<String> = scenario
        .meters
        .iter()
        .zip(state.meters())
        .filter(|(m, _)| m.visible)
        .map(|(m, v)| format!("{} {v}", m.label))
        .collect();
    let _ = writeln!(out, "{}", visible.join(" · "));
    for (due_in, later) in run.upcoming(scenario) {
        let _ = writeln!(
            out,
            "  (a consequence of an earlier decision comes due in {due_in}: “{}”)",
            short(&later.text.render(scenario, state))
        );
    }
    let speaker = scenario
        .speaker(state.node())
        .map(|s| format!("{} ({}):", s.name, s.role));
    let _ = writeln!(out);
    if let Some(speaker) = speaker {
        let _ = writeln!(out, "{speaker}");
    }
    let _ = writeln!(out, "{}\n", wrap(&run.text(scenario), 2));
    for (n, view) in run.choices(scenario).iter().enumerate() {
        match &view.disabled {
            None => {
                let _ = writeln!(out, "  {}. {}", n + 1, view.text);
            }
            Some(reason) => {
                let _ = writeln!(out, "  {}. ({}) — unavailable: {reason}", n + 1, view.text);
            }
        }
    }
}

fn show_end(scenario: &Scenario, run: &Run, out: &mut impl Write) {
    let state = run.state();
    match run.ending(scenario) {
        Some(ending) => {
            let _ = writeln!(
                out,
                "THE END — {} ({:?})\n\n{}\n",
                ending.title,
                ending.rating,
                wrap(&ending.epilogue.render(scenario, state), 2)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "THE END — but no ending's condition held: run `promoted check` on this scenario.\n"
            );
        }
    }
    if let Some(score) = run.score(scenario) {
        let _ = writeln!(
            out,
            "Score {} / 100, grade {}  (meters {}, ending {})",
            score.overall, score.grade, score.meters, score.ending
        );
        for c in &score.competencies {
            let _ = writeln!(
                out,
                "  {:28} {:>3}  ({:+} points)",
                c.competency.label(),
                c.score,
                c.points
            );
        }
    }
    let _ = writeln!(out, "\nFinal meters (hidden ones revealed):");
    for (m, v) in scenario.meters.iter().zip(state.meters()) {
        let hidden = if m.visible { "" } else { "  (hidden)" };
        let _ = writeln!(out, "  {:28} {v}{hidden}", m.label);
    }
    let _ = writeln!(out, "\nYour decisions, with the coach's notes:");
    for (i, d) in run.history().iter().enumerate() {
        let node = scenario.node(d.node);
        let choice = &node.choices[usize::from(d.choice)];
        let _ = writeln!(
            out,
            "{:>3}. {}\n{}",
            i + 1,
            choice.text.render(scenario, &d.before),
            wrap(&choice.note.render(scenario, state), 7)
        );
    }
}

/// "Team morale +5 · Maya's trust −10": what changed, with signs, not only colours.
fn meter_changes(scenario: &Scenario, before: &[i32], after: &[i32]) -> String {
    scenario
        .meters
        .iter()
        .zip(before.iter().zip(after))
        .filter(|(m, (b, a))| m.visible && b != a)
        .map(|(m, (b, a))| format!("{} {:+}", m.label, a - b))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// Wrap at 80 columns with an indent.
fn wrap(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = pad.clone();
        for word in paragraph.split_whitespace() {
            if line.len() > indent && line.chars().count() + 1 + word.chars().count() > 80 {
                lines.push(std::mem::replace(&mut line, pad.clone()));
            }
            if line.len() > indent {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}
