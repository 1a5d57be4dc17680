//! The facilitator's sheet: a scenario's session plan on paper — objectives, both agendas
//! minute by minute, every pivotal decision with its options and coach's notes, what each
//! ending teaches, and the debrief's questions. One model, written out as Markdown (for
//! notes) and as HTML with print styles (to print or save as PDF).

use std::fmt::Write;

use crate::model::{Agenda, DebriefPhase, Facilitation, Scenario};
use crate::state::State;

/// A decision as the sheet shows it.
struct Decision {
    title: String,
    situation: String,
    teaches: String,
    split: String,
    /// Each option with its coach's note.
    options: Vec<(String, String)>,
}

/// Everything the sheet says, in order.
struct Sheet<'s> {
    scenario: &'s Scenario,
    plan: &'s Facilitation,
    decisions: Vec<Decision>,
    /// Ending title, its rating, what it teaches.
    endings: Vec<(String, &'static str, String)>,
}

impl<'s> Sheet<'s> {
    fn of(scenario: &'s Scenario) -> Option<Sheet<'s>> {
        let plan = scenario.facilitation.as_ref()?;
        // Texts read as at the start: a sheet is not a playthrough.
        let state = State::new(scenario, 1);
        let decisions = plan
            .pivotal
            .iter()
            .map(|note| {
                let node = scenario.node(note.node);
                let who = node
                    .speaker
                    .map(|s| scenario.stakeholder(s).name.clone())
                    .unwrap_or_else(|| "What happens".to_owned());
                Decision {
                    title: format!("{who} (`{}`)", node.id),
                    situation: node.text.render(scenario, &state),
                    teaches: note.teaches.clone(),
                    split: note.split.clone(),
                    options: node
                        .choices
                        .iter()
                        .map(|c| {
                            (
                                c.text.render(scenario, &state),
                                c.note.render(scenario, &state),
                            )
                        })
                        .collect(),
                }
            })
            .collect();
        let endings = scenario
            .endings
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let lesson = plan
                    .lesson(crate::model::EndingId::at(i))
                    .unwrap_or_default();
                (e.title.clone(), rating(e.rating), lesson.to_owned())
            })
            .collect();
        Some(Sheet {
            scenario,
            plan,
            decisions,
            endings,
        })
    }
}

fn rating(r: crate::format::Rating) -> &'static str {
    use crate::format::Rating::*;
    match r {
        Disaster => "disaster",
        Poor => "poor",
        Mixed => "mixed",
        Good => "good",
        Excellent => "excellent",
    }
}

/// Each phase with the minute it starts at: "0:05–0:35".
fn timings(agenda: &Agenda) -> Vec<(String, &crate::model::Phase)> {
    let mut at = 0;
    agenda
        .phases
        .iter()
        .map(|p| {
            let from = at;
            at += p.minutes;
            (format!("{}–{}", clock(from), clock(at)), p)
        })
        .collect()
}

fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The sheet as Markdown; `None` when the scenario has no facilitation block.
pub fn sheet_markdown(scenario: &Scenario) -> Option<String> {
    let sheet = Sheet::of(scenario)?;
    let mut md = String::new();
    // Writing to a `String` cannot fail.
    let _ = write_markdown(&sheet, &mut md);
    Some(md)
}

fn write_markdown(sheet: &Sheet, md: &mut String) -> std::fmt::Result {
    let (s, plan) = (sheet.scenario, sheet.plan);
    writeln!(md, "# Facilitator's sheet: {}\n", s.title)?;
    writeln!(md, "{}\n", s.summary)?;
    writeln!(
        md,
        "About {} minutes to play alone · {} pivotal decisions · for the facilitator only.\n",
        s.minutes,
        plan.pivotal.len()
    )?;
    writeln!(md, "## Objectives\n")?;
    for o in &plan.objectives {
        writeln!(md, "- {o}")?;
    }
    for (title, agenda) in [
        ("The 60-minute session (the cut)", &plan.short),
        ("The 90-minute session (every decision)", &plan.full),
    ] {
        writeln!(md, "\n## {title}\n")?;
        writeln!(md, "| When | Phase | What you do |\n|---|---|---|")?;
        for (when, p) in timings(agenda) {
            writeln!(md, "| {when} | {} | {} |", p.kind.label(), cell(&p.notes))?;
        }
    }
    writeln!(md, "\n## The pivotal decisions\n")?;
    for (i, d) in sheet.decisions.iter().enumerate() {
        writeln!(md, "### {}. {}\n", i + 1, d.title)?;
        writeln!(md, "> {}\n", d.situation)?;
        writeln!(md, "**What it teaches.** {}\n", d.teaches)?;
        writeln!(md, "**How rooms split.** {}\n", d.split)?;
        for (n, (option, note)) in d.options.iter().enumerate() {
            writeln!(md, "{}. {option}  \n   *Coach:* {note}", n + 1)?;
        }
        writeln!(md)?;
    }
    writeln!(md, "## What each ending teaches\n")?;
    for (title, rating, lesson) in &sheet.endings {
        writeln!(md, "- **{title}** ({rating}): {lesson}")?;
    }
    writeln!(md, "\n## Debrief questions\n")?;
    for phase in DebriefPhase::ALL {
        writeln!(md, "### {}\n", phase.label())?;
        for q in plan.debrief.of(phase) {
            writeln!(md, "- {q}")?;
        }
        writeln!(md)?;
    }
    writeln!(
        md,
        "## Commitments\n\n“What will you try differently on Monday?”\n"
    )?;
    for _ in 0..5 {
        writeln!(md, "- ")?;
    }
    Ok(())
}

/// Table cells cannot hold pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The sheet as one HTML page with print styles; `None` when the scenario has no
/// facilitation block.
pub fn sheet_html(scenario: &Scenario) -> Option<String> {
    let sheet = Sheet::of(scenario)?;
    let mut html = String::new();
    let _ = write_html(&sheet, &mut html);
    Some(html)
}

const STYLE: &str = "
:root { color-scheme: light; }
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #1b1b1b; max-width: 46rem;
  margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin-bottom: 0.2rem; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 1.6rem; }
h3 { font-size: 12pt; margin-bottom: 0.3rem; }
.meta { color: #555; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #bbb; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #eee; }
td.when { white-space: nowrap; font-variant-numeric: tabular-nums; }
blockquote { margin: 0.4rem 0; padding-left: 0.8rem; border-left: 3px solid #bbb; color: #333; }
.decision, .phase { break-inside: avoid; }
ol.options li { margin-bottom: 0.35rem; }
.coach { color: #444; font-style: italic; }
.lines li { border-bottom: 1px solid #999; height: 1.8rem; list-style: none; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; }
  h2 { break-after: avoid; }
  .decision { page-break-inside: avoid; }
}
";

fn write_html(sheet: &Sheet, h: &mut String) -> std::fmt::Result {
    let (s, plan) = (sheet.scenario, sheet.plan);
    writeln!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Facilitator's sheet: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        esc(&s.title)
    )?;
    writeln!(h, "<h1>Facilitator's sheet: {}</h1>", esc(&s.title))?;
    writeln!(h, "<p>{}</p>", esc(&s.summary))?;
    writeln!(
        h,
        "<p class=\"meta\">About {} minutes to play alone · {} pivotal decisions · for the facilitator only.</p>",
        s.minutes,
        plan.pivotal.len()
    )?;
    writeln!(h, "<h2>Objectives</h2>\n<ul>")?;
    for o in &plan.objectives {
        writeln!(h, "<li>{}</li>", esc(o))?;
    }
    writeln!(h, "</ul>")?;
    for (title, agenda) in [
        ("The 60-minute session (the cut)", &plan.short),
        ("The 90-minute session (every decision)", &plan.full),
    ] {
        writeln!(
            h,
            "<h2>{title}</h2>\n<table>\n<tr><th>When</th><th>Phase</th><th>What you do</th></tr>"
        )?;
        for (when, p) in timings(agenda) {
            writeln!(
                h,
                "<tr class=\"phase\"><td class=\"when\">{when}</td><td>{}</td><td>{}</td></tr>",
                p.kind.label(),
                esc(&p.notes)
            )?;
        }
        writeln!(h, "</table>")?;
    }
    writeln!(h, "<h2>The pivotal decisions</h2>")?;
    for (i, d) in sheet.decisions.iter().enumerate() {
        writeln!(h, "<section class=\"decision\">")?;
        writeln!(h, "<h3>{}. {}</h3>", i + 1, esc(&d.title))?;
        writeln!(h, "<blockquote>{}</blockquote>", esc(&d.situation))?;
        writeln!(
            h,
            "<p><strong>What it teaches.</strong> {}</p>",
            esc(&d.teaches)
        )?;
        writeln!(
            h,
            "<p><strong>How rooms split.</strong> {}</p>",
            esc(&d.split)
        )?;
        writeln!(h, "<ol class=\"options\">")?;
        for (option, note) in &d.options {
            writeln!(
                h,
                "<li>{}<br><span class=\"coach\">Coach: {}</span></li>",
                esc(option),
                esc(note)
            )?;
        }
        writeln!(h, "</ol>\n</section>")?;
    }
    writeln!(h, "<h2>What each ending teaches</h2>\n<ul>")?;
    for (title, rating, lesson) in &sheet.endings {
        writeln!(
            h,
            "<li><strong>{}</strong> ({rating}): {}</li>",
            esc(title),
            esc(lesson)
        )?;
    }
    writeln!(h, "</ul>\n<h2>Debrief questions</h2>")?;
    for phase in DebriefPhase::ALL {
        writeln!(h, "<h3>{}</h3>\n<ul>", esc(phase.label()))?;
        for q in plan.debrief.of(phase) {
            writeln!(h, "<li>{}</li>", esc(q))?;
        }
        writeln!(h, "</ul>")?;
    }
    writeln!(
        h,
        "<h2>Commitments</h2>\n<p>“What will you try differently on Monday?”</p>\n<ul class=\"lines\">{}</ul>",
        "<li></li>".repeat(5)
    )?;
    writeln!(h, "</body>\n</html>")
}

/// Text as HTML: the five characters that could open markup are escaped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
