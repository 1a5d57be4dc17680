//! The author's tools: `promoted check`, `simulate`, `graph` and `play`. No window opens for
//! them. Exit codes: 0 on success, 1 when a scenario has errors, 2 on wrong usage.

mod args;
mod check;
mod files;
mod play;
mod rejoins;
mod replay;
mod sheet;
mod simulate;

use std::io::{BufRead, Write};

pub use files::{find_scenarios, load_file, render};

/// Exit codes.
pub const OK: i32 = 0;
pub const SCENARIO_ERRORS: i32 = 1;
pub const USAGE: i32 = 2;

const COMMANDS: [&str; 7] = [
    "check", "simulate", "graph", "play", "rejoins", "sheet", "host",
];

pub const HELP: &str = "\
promoted — a leadership-scenario game, and the tools to write its scenarios

Usage:
  promoted                      open the game
  promoted check [PATH...]      validate scenarios and campaigns (files or folders;
                                default: scenarios/), and find what gives answers away
        [--max-states N]        states to explore per scenario (default 1500, or four
                                per node in a larger scenario)
  promoted simulate PATH        play seeded runs and summarise them, with the tells
        [--runs N] [--seed S]   (default 10000 runs from seed 1; at most 10000000)
        [--policy P]            random | first | last | greedy | longest | shortest |
                                N, the Nth choice (default random)
        [--cut]                 play the 60-minute cut: the policy at the pivotal
                                decisions, the author's default at the others
        [--json]                machine-readable output
  promoted sheet SCENARIO       the facilitator's sheet (a file, or an id in
                                scenarios/): objectives, agendas, the pivotal
                                decisions, what each ending teaches, the debrief
        [--format html|markdown] printed (default html, with print styles)
        [--out FOLDER]          or both written there as ID-sheet.html and .md
  promoted host [DIST]          serve the browser game (default: dist/) and the
                                phone page, so the room votes on its own phones;
                                prints the addresses to open
        [--listen ADDR]         (default 0.0.0.0:8080; PORT= sets the port)
        [--state FOLDER]        where votes are kept (default
                                ~/.local/state/promoted/host)
        [--public-url URL]      the address phones use, behind a reverse proxy
  promoted graph PATH           print the scenario as a graph
        [--format dot|mermaid]  (default dot)
  promoted rejoins PATH         every node reached more than one way, with what the
        [--runs N] [--seed S]   player read on each way in beside what the node says
        [--node NODE]           (default 2000 random runs from seed 1), and a --path there
  promoted play PATH            play a scenario or a campaign in the terminal: type a
        [--seed S]              number to choose, m to ask your mentor (twice a run),
                                u to undo, q to quit
        [--path a,b:2,c]        play these choices first (`:2` forces the second
                                random outcome), as `check` suggests ways there
        [--at NODE]             start at this node
        [--priorities a,b]      name your two priorities instead of being asked
                                (team, delivery, credibility, customer, quality)
  promoted play --replay REPORT.json [PATH]
                                replay a workshop session from its report and
                                check it reaches the same endings and scores
                                (PATH: the scenario file; default: found by id
                                in scenarios/)

The tools also build and run without the game, as `promoted-author` (`cargo run -p
promoted-cli -- check`). Exit codes: 0 success, 1 a scenario has errors, 2 wrong usage.
";

/// Whether the command line asks for an author's tool rather than the game.
pub fn is_tool_invocation(args: &[String]) -> bool {
    args.first().is_some_and(|first| {
        COMMANDS.contains(&first.as_str())
            || !first.starts_with("--")
            || first == "--help"
            || first == "--version"
    })
}

/// Run a tool in the terminal, on the process's own input and output, and exit with its
/// code.
pub fn run_in_terminal(args: &[String]) -> ! {
    let code = run(
        args,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}

/// Run a tool with `args` (without the program name); returns the exit code.
pub fn run(
    args: &[String],
    input: &mut impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let Some((command, rest)) = args.split_first() else {
        let _ = write!(out, "{HELP}");
        return OK;
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        let _ = write!(out, "{HELP}");
        return OK;
    }
    let result = match command.as_str() {
        "check" => check::run(rest, out),
        "simulate" => simulate::run(rest, out),
        "graph" => graph(rest, out),
        "play" => play::run(rest, input, out),
        "rejoins" => rejoins::run(rest, out),
        "sheet" => sheet::run(rest, out),
        "host" => Ok(promoted_host::run(rest, out, err)),
        "help" | "--help" | "-h" => {
            let _ = write!(out, "{HELP}");
            Ok(OK)
        }
        "--version" => {
            let _ = writeln!(out, "promoted {}", env!("CARGO_PKG_VERSION"));
            Ok(OK)
        }
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            let _ = writeln!(err, "error: {message}\n\n{HELP}");
            USAGE
        }
        Err(Failure::Scenario(lines)) => {
            for line in lines {
                let _ = writeln!(err, "{line}");
            }
            SCENARIO_ERRORS
        }
    }
}

/// Why a command stopped.
pub(crate) enum Failure {
    /// The command line is wrong.
    Usage(String),
    /// The scenario could not be loaded: the rendered diagnostics.
    Scenario(Vec<String>),
}

impl From<args::UsageError> for Failure {
    fn from(e: args::UsageError) -> Self {
        Failure::Usage(e.0)
    }
}

/// Load the one scenario a command works on, or fail with its errors.
pub(crate) fn load_one(path: &str) -> Result<promoted_engine::Scenario, Failure> {
    load_file(std::path::Path::new(path))
        .map(|loaded| loaded.scenario)
        .map_err(|not| {
            Failure::Scenario(
                not.errors
                    .iter()
                    .map(|d| render(d, path, not.source.as_ref()))
                    .collect(),
            )
        })
}

fn graph(rest: &[String], out: &mut impl Write) -> Result<i32, Failure> {
    use promoted_engine::graph::{GraphFormat, render};
    let args = args::Args::parse(rest, &["--format"], &[])?;
    let path = args.single_path()?;
    let format = match args.value("--format").unwrap_or("dot") {
        "dot" => GraphFormat::Dot,
        "mermaid" => GraphFormat::Mermaid,
        other => {
            return Err(Failure::Usage(format!(
                "unknown graph format `{other}` (dot or mermaid)"
            )));
        }
    };
    let scenario = load_one(path)?;
    let _ = write!(out, "{}", render(&scenario, format));
    Ok(OK)
}
