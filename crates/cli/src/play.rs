//! `promoted play`: a plain terminal playthrough, for authors trying their scenario or
//! campaign. `--path a,b:2,c` plays given choices first (as `check` suggests them), `--at`
//! starts at a node.

use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::path::Path;

use promoted_engine::campaign::Progress;
use promoted_engine::reflection::PriorityError;
use promoted_engine::state::Pick;
use promoted_engine::{Campaign, Priority, Run, Scenario};

use crate::args::Args;
use crate::files::{folder_of, is_campaign, read_limited, scenarios_in};
use crate::replay;
use crate::{Failure, OK, load_one};

pub(crate) fn run(
    rest: &[String],
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<i32, Failure> {
    let args = Args::parse(
        rest,
        &["--seed", "--replay", "--path", "--at", "--priorities"],
        &[],
    )?;
    if let Some(report) = args.value("--replay") {
        return replay::run(report, &args.positional, out);
    }
    let path = args.single_path()?;
    let seed: u64 = args.number("--seed", 1)?;
    let named = args
        .value("--priorities")
        .map(parse_priorities)
        .transpose()?;
    // Asked at the start only of a player at the keyboard: a replayed path or a run started
    // midway has no start to ask at.
    let ask = named.is_none() && args.value("--path").is_none() && args.value("--at").is_none();
    let mut player = Player {
        input,
        out,
        steps: args.value("--path").map(parse_path).unwrap_or_default(),
        taken: 0,
        priorities: match named {
            Some(p) => Priorities::Given(p),
            None if ask => Priorities::Ask,
            None => Priorities::Skip,
        },
    };
    if is_campaign(Path::new(path)) {
        if args.value("--at").is_some() {
            return Err(Failure::Usage(
                "`--at` starts a scenario at a node, not a campaign".into(),
            ));
        }
        if let Priorities::Given(named) = &player.priorities {
            player.priorities = Priorities::Preferred(named.clone());
        }
        return play_campaign(path, seed, &mut player);
    }
    let scenario = load_one(path)?;
    let mut run = match args.value("--at") {
        Some(id) => {
            let node = scenario
                .node_index(id)
                .ok_or_else(|| Failure::Usage(format!("`{}` has no node `{id}`", scenario.id)))?;
            Run::starting_at(&scenario, seed, node)
        }
        None => Run::new(&scenario, seed),
    };
    player.title(&scenario);
    if player.play(&scenario, &mut run)? == Played::Finished {
        show_end(&scenario, &run, player.out);
    }
    Ok(OK)
}

/// `team,delivery` → the priorities they name.
fn parse_priorities(list: &str) -> Result<Vec<Priority>, Failure> {
    list.split(',')
        .map(str::trim)
        .map(|key| {
            Priority::ALL
                .into_iter()
                .find(|p| p.key() == key)
                .ok_or_else(|| {
                    let keys: Vec<&str> = Priority::ALL.iter().map(|p| p.key()).collect();
                    Failure::Usage(format!(
                        "`--priorities`: no priority `{key}`; they are {}",
                        keys.join(", ")
                    ))
                })
        })
        .collect()
}

/// How a run's priorities are named.
enum Priorities {
    /// Ask at the start of each scenario that offers them.
    Ask,
    /// From `--priorities`.
    Given(Vec<Priority>),
    /// From `--priorities` for a campaign: where a chapter does not offer them, asked.
    Preferred(Vec<Priority>),
    Skip,
}

/// `a,b:2,c` → steps; each a choice id, with the outcome to force after a colon.
fn parse_path(path: &str) -> VecDeque<String> {
    path.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
enum Played {
    Finished,
    /// The player quit, or the input ended.
    Left,
}

struct Player<'io, I, O> {
    input: &'io mut I,
    out: &'io mut O,
    /// Choices still to play from `--path`.
    steps: VecDeque<String>,
    /// How many path steps were played.
    taken: usize,
    priorities: Priorities,
}

impl<I: BufRead, O: Write> Player<'_, I, O> {
    fn title(&mut self, scenario: &Scenario) {
        let _ = writeln!(
            self.out,
            "{}\n{}\n\n{}\n",
            scenario.title,
            "=".repeat(scenario.title.chars().count()),
            wrap(&scenario.summary, 2)
        );
    }

    /// Before the first decision, the two things that matter most to the player as a lead.
    fn name_priorities(&mut self, scenario: &Scenario, run: &mut Run) -> Result<Played, Failure> {
        if scenario.priorities.is_empty() || !run.history().is_empty() {
            return Ok(Played::Finished);
        }
        let offered: Vec<Priority> = scenario.priorities.iter().map(|(p, _)| *p).collect();
        match &self.priorities {
            Priorities::Skip => return Ok(Played::Finished),
            Priorities::Given(chosen) => {
                run.name_priorities(scenario, chosen)
                    .map_err(|e| Failure::Usage(format!("`--priorities`: {e}")))?;
                return Ok(Played::Finished);
            }
            Priorities::Preferred(chosen) => match run.name_priorities(scenario, chosen) {
                Ok(()) => return Ok(Played::Finished),
                // A campaign's chapter may offer other priorities than the one before: ask.
                Err(e @ PriorityError::NotOffered(_)) => {
                    let _ = writeln!(self.out, "(`--priorities`: {e}; choose two of its own)");
                }
                Err(e) => return Err(Failure::Usage(format!("`--priorities`: {e}"))),
            },
            Priorities::Ask => {}
        }
        let _ = writeln!(
            self.out,
            "Before you start: what matters most to you as a lead? Pick two (for example `1 3`),\nor press Enter to skip. The debrief sets them beside what your choices protected.\n"
        );
        for (i, p) in offered.iter().enumerate() {
            let _ = writeln!(self.out, "  {}. {}", i + 1, p.label());
        }
        let mut line = String::new();
        loop {
            let _ = write!(self.out, "> ");
            let _ = self.out.flush();
            line.clear();
            if self.input.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = writeln!(self.out, "\n(input ended; the run is left unfinished)");
                return Ok(Played::Left);
            }
            if line.trim().is_empty() {
                let _ = writeln!(self.out);
                return Ok(Played::Finished);
            }
            let picked: Option<Vec<Priority>> = line
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let n = w.parse::<usize>().ok()?.checked_sub(1)?;
                    offered.get(n).copied()
                })
                .collect();
            match picked.map(|p| run.name_priorities(scenario, &p)) {
                Some(Ok(())) => {
                    let _ = writeln!(self.out);
                    return Ok(Played::Finished);
                }
                Some(Err(e)) => {
                    let _ = writeln!(self.out, "({e})");
                }
                None => {
                    let _ = writeln!(
                        self.out,
                        "(type two numbers from 1 to {}, or press Enter to skip)",
                        offered.len()
                    );
                }
            }
        }
    }

    /// Play until the run ends or the player leaves.
    fn play(&mut self, scenario: &Scenario, run: &mut Run) -> Result<Played, Failure> {
        if self.name_priorities(scenario, run)? == Played::Left {
            return Ok(Played::Left);
        }
        let mut line = String::new();
        while !run.is_finished() {
            show_node(scenario, run, self.out);
            let _ = write!(self.out, "> ");
            let _ = self.out.flush();
            if let Some(step) = self.steps.pop_front() {
                self.taken += 1;
                let _ = writeln!(self.out, "{step}   (--path, step {})", self.taken);
                self.path_step(scenario, run, &step)?;
                continue;
            }
            line.clear();
            if self.input.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = writeln!(self.out, "\n(input ended; the run is left unfinished)");
                return Ok(Played::Left);
            }
            let answer = line.trim();
            match answer {
                "q" | "quit" => return Ok(Played::Left),
                "m" | "mentor" => {
                    match run.ask_mentor(scenario) {
                        Ok(question) => {
                            let left = run.mentor_left();
                            let _ = writeln!(
                                self.out,
                                "Your mentor asks:\n{}\n  ({left} question{} left in this run)\n",
                                wrap(&question, 2),
                                if left == 1 { "" } else { "s" }
                            );
                        }
                        Err(e) => {
                            let _ = writeln!(self.out, "({e})\n");
                        }
                    }
                    continue;
                }
                "u" | "undo" => {
                    let said = if run.undo().is_some() {
                        "(the last decision is taken back)\n"
                    } else {
                        "(nothing to undo)\n"
                    };
                    let _ = writeln!(self.out, "{said}");
                    continue;
                }
                _ => {}
            }
            let shown = run.choices(scenario);
            let picked = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|n| shown.get(n));
            let Some(view) = picked else {
                let _ = writeln!(
                    self.out,
                    "(type a number from 1 to {}, m to ask your mentor, u to undo or q to quit)\n",
                    shown.len()
                );
                continue;
            };
            if let Err(e) = run.choose(scenario, view.index) {
                let _ = writeln!(self.out, "({e})\n");
                continue;
            }
            self.consequences(scenario, run);
        }
        Ok(Played::Finished)
    }

    /// One `--path` step: `choice` or `choice:n`; a step that cannot be taken stops with why.
    fn path_step(&mut self, scenario: &Scenario, run: &mut Run, step: &str) -> Result<(), Failure> {
        let node = scenario.node(run.state().node());
        let taken = self.taken;
        let fail = |why: String| {
            let ids: Vec<&str> = node.choices.iter().map(|c| c.id.as_str()).collect();
            Failure::Scenario(vec![format!(
                "--path, step {taken} `{step}`: {why} (at node `{}`, whose choices are {})",
                node.id,
                ids.join(", ")
            )])
        };
        let (id, pick) = match step.split_once(':') {
            Some((id, n)) => match n.parse::<usize>() {
                Ok(n) if n >= 1 => (id, Pick::Outcome(n - 1)),
                _ => return Err(fail(format!("`{n}` is not an outcome number"))),
            },
            None => (step, Pick::Draw),
        };
        let index = run
            .choice_by_id(scenario, id)
            .map_err(|e| fail(e.to_string()))?;
        run.choose_with(scenario, index, pick)
            .map_err(|e| fail(e.to_string()))?;
        self.consequences(scenario, run);
        Ok(())
    }

    /// What the last decision led to, with the visible changes.
    fn consequences(&mut self, scenario: &Scenario, run: &Run) {
        let Some(decision) = run.history().last() else {
            return;
        };
        for consequence in run.consequences(scenario, run.history().len() - 1) {
            let _ = writeln!(self.out, "{}", wrap(&consequence, 2));
        }
        let changes: Vec<String> = decision
            .visible_changes(scenario)
            .iter()
            .map(|c| format!("{} {:+}", scenario.short_label(c.meter), c.delta()))
            .collect();
        if !changes.is_empty() {
            let _ = writeln!(self.out, "  [{}]", changes.join(" · "));
        }
        let _ = writeln!(self.out);
    }
}

fn play_campaign<I: BufRead, O: Write>(
    path: &str,
    seed: u64,
    player: &mut Player<'_, I, O>,
) -> Result<i32, Failure> {
    let folder = folder_of(Path::new(path));
    let scenarios = scenarios_in(folder);
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    let bytes = read_limited(Path::new(path))
        .map_err(|d| Failure::Scenario(d.iter().map(|d| d.render(path)).collect()))?;
    let campaign = Campaign::load(&bytes, &refs)
        .map(|(c, _)| c)
        .map_err(|d| Failure::Scenario(d.iter().map(|d| d.render(path)).collect()))?;
    let _ = writeln!(
        player.out,
        "{}\n{}\n\n{}\n",
        campaign.title,
        "=".repeat(campaign.title.chars().count()),
        wrap(&campaign.summary, 2)
    );
    let mut progress: Progress = campaign.begin();
    let mut previous: Option<(&Scenario, Run)> = None;
    for (n, chapter) in campaign.chapters.iter().enumerate() {
        let scenario = refs
            .iter()
            .copied()
            .find(|s| s.id == chapter.scenario)
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "no scenario `{}` beside the campaign",
                    chapter.scenario
                ))
            })?;
        let carried = campaign.carried(
            n,
            previous.as_ref().map(|(s, r)| (*s, r.state())),
            scenario,
            &progress.memory,
        );
        let _ = writeln!(
            player.out,
            "Chapter {} of {}: {}\n\n{}\n",
            n + 1,
            campaign.chapters.len(),
            scenario.title,
            wrap(&chapter.intro, 2)
        );
        let mut run = Run::starting(scenario, seed.wrapping_add(n as u64), &carried);
        if player.play(scenario, &mut run)? == Played::Left {
            return Ok(OK);
        }
        show_end(scenario, &run, player.out);
        progress
            .scores
            .push(run.score(scenario).map_or(0, |s| s.overall));
        campaign.remember(&mut progress.memory, scenario, run.state());
        progress.chapter = n + 1;
        previous = Some((scenario, run));
    }
    if let Some(closing) = campaign.closing(&progress.scores, &progress.memory) {
        let _ = writeln!(
            player.out,
            "\nTHE CAMPAIGN — {} ({} / 100)\n\n{}",
            closing.ending.title,
            closing.score,
            wrap(&closing.ending.epilogue, 2)
        );
        for line in closing.afterwards {
            let _ = writeln!(player.out, "\n{}", wrap(line, 2));
        }
    }
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
    for upcoming in run.upcoming(scenario) {
        let _ = writeln!(
            out,
            "  (a consequence of “{}” comes due in {} decision{})",
            short(&upcoming.from),
            upcoming.due_in,
            if upcoming.due_in == 1 { "" } else { "s" }
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
    for view in run.choices(scenario) {
        match &view.disabled {
            None => {
                let _ = writeln!(out, "  {}. {}", view.shown.number(), view.text);
            }
            Some(reason) => {
                let _ = writeln!(
                    out,
                    "  {}. ({}) — unavailable: {reason}",
                    view.shown.number(),
                    view.text
                );
            }
        }
    }
    if run.mentor_available(scenario).is_ok() {
        let left = run.mentor_left();
        let _ = writeln!(
            out,
            "  m. Ask your mentor ({left} question{} left)",
            if left == 1 { "" } else { "s" }
        );
    }
}

fn show_end(scenario: &Scenario, run: &Run, out: &mut impl Write) {
    let state = run.state();
    match run.epilogue(scenario) {
        Some(epilogue) => {
            let _ = writeln!(
                out,
                "THE END — {} ({:?})\n\n{}\n",
                epilogue.title,
                epilogue.rating,
                wrap(&epilogue.text, 2)
            );
            for (_, line) in &epilogue.people {
                let _ = writeln!(out, "{}", wrap(line, 2));
            }
            if let Some(business) = &epilogue.business {
                let _ = writeln!(out, "{}", wrap(business, 2));
            }
            if !epilogue.people.is_empty() || epilogue.business.is_some() {
                let _ = writeln!(out);
            }
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
    show_reflection(scenario, run, out);
    let _ = writeln!(out, "\nYour decisions, with the coach's notes:");
    for (i, d) in run.history().iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. {}\n{}",
            i + 1,
            run.chosen_text(scenario, d),
            wrap(&run.note(scenario, d), 7)
        );
    }
}

/// What the player asked their mentor, and their priorities beside what their choices
/// protected: shown, not scored.
fn show_reflection(scenario: &Scenario, run: &Run, out: &mut impl Write) {
    let asked = run.asked(scenario);
    if !asked.is_empty() {
        let _ = writeln!(out, "\nWhat you asked your mentor:");
        for a in &asked {
            let _ = writeln!(out, "{}", wrap(&format!("“{}”", a.question), 2));
            if let Some(chosen) = &a.chosen {
                let _ = writeln!(out, "{}", wrap(&format!("then you chose: {chosen}"), 4));
            }
        }
    }
    if run.priorities().is_empty() {
        return;
    }
    let named: Vec<&str> = run.priorities().iter().map(|p| p.phrase()).collect();
    let _ = writeln!(
        out,
        "\nYou said what matters most to you is: {}.",
        named.join(" and ")
    );
    for p in run.protected(scenario) {
        let mark = if p.named { "*" } else { " " };
        let _ = writeln!(
            out,
            "  {mark} {:26} {:+4}  {}",
            p.priority.label(),
            p.change,
            p.verdict()
        );
    }
    let _ = writeln!(
        out,
        "  (* what you named; change from the start, in points of 100)"
    );
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
