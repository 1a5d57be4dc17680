//! `promoted rejoins`: every node that branches rejoin at, with what the player read on each
//! way in beside what the node then says, so an author reads each rejoin on every side.

use std::io::Write;

use promoted_engine::analysis::rejoins::rejoins;
use promoted_engine::simulate::MAX_RUNS;

use crate::args::Args;
use crate::{Failure, OK, load_one};

pub(crate) fn run(rest: &[String], out: &mut impl Write) -> Result<i32, Failure> {
    let args = Args::parse(rest, &["--runs", "--seed", "--node"], &[])?;
    let path = args.single_path()?;
    let runs: u32 = args.number("--runs", 2_000)?;
    if !(1..=MAX_RUNS).contains(&runs) {
        return Err(Failure::Usage(format!(
            "`--runs` is 1 to {MAX_RUNS}, not {runs}"
        )));
    }
    let seed: u64 = args.number("--seed", 1)?;
    let scenario = load_one(path)?;
    let only = match args.value("--node") {
        Some(id) => Some(
            scenario
                .node_index(id)
                .ok_or_else(|| Failure::Usage(format!("`{}` has no node `{id}`", scenario.id)))?,
        ),
        None => None,
    };
    let found = rejoins(&scenario, runs, seed, only);
    let _ = writeln!(
        out,
        "{}: {} nodes reached more than one way, over {runs} random runs from seed {seed}\n",
        scenario.id,
        found.len()
    );
    for rejoin in &found {
        let node = scenario.node(rejoin.node);
        let _ = writeln!(out, "node `{}` — {} ways in", node.id, rejoin.ways.len());
        for way in &rejoin.ways {
            let from = scenario.node(way.from);
            let mut how = format!("{} › {}", from.id, from.choice(way.choice).id);
            if let Some(o) = way.outcome {
                how.push_str(&format!(" (outcome {})", o + 1));
            }
            for e in &way.events {
                how.push_str(&format!(" › event {}", scenario.events[e.index()].id));
            }
            let _ = writeln!(out, "  ← {how}   ({} runs)", way.runs);
            let _ = writeln!(out, "      chose: {}", way.chosen);
            for line in &way.consequences {
                let _ = writeln!(out, "      then:  {line}");
            }
            let _ = writeln!(out, "      reads: {}", way.text);
            let _ = writeln!(out, "      --path {}", way.path.join(","));
        }
        let _ = writeln!(out);
    }
    Ok(OK)
}
