//! A fuzzer on stable Rust: real scenario files, mutated, through load → check → simulate →
//! play. Whatever the bytes, every step must end with a result or a located message, never a
//! panic. The test run does a bounded number of executions; `.ci/fuzz.sh SECONDS` runs the
//! ignored long test for as long as asked and reports how many executions ran.

mod common;

use std::time::{Duration, Instant};

use promoted_engine::analysis::analyse;
use promoted_engine::campaign::Campaign;
use promoted_engine::rng::Rng;
use promoted_engine::simulate::{Policy, simulate};
use promoted_engine::{Run, load};

/// The seeds of the corpus: the documented example (small, every feature) and the library.
fn corpus() -> Vec<Vec<u8>> {
    let mut files = vec![common::documented_example().into_bytes()];
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .expect("scenarios/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".scenario.ron"))
        .collect();
    paths.sort();
    files.extend(paths.iter().map(|p| std::fs::read(p).expect("readable")));
    files
}

/// Values that have broken parsers and arithmetic before.
const NASTY: &[&str] = &[
    "2147483647",
    "-2147483648",
    "4294967295",
    "18446744073709551615",
    "-1",
    "0",
    "1e309",
    "\"\"",
    "\"\\u{1b}[31m\"",
    "\"resume\"",
    "\"end\"",
    "[]",
    "()",
    "Not(",
    "All([",
    "IfElse(Flag(\"a\"), ",
    "{",
    "}",
    "\u{feff}",
    "\u{202e}",
];

/// The quoted string starting at or after `from`, as a byte range with its quotes.
fn string_after(bytes: &[u8], from: usize) -> Option<std::ops::Range<usize>> {
    let start = from + bytes.get(from..)?.iter().position(|&b| b == b'"')?;
    let end = start + 1 + bytes[start + 1..].iter().position(|&b| b == b'"')?;
    Some(start..end + 1)
}

/// One random change to `bytes`: a flipped byte, a cut, a copied span, a nasty value, two
/// spans swapped, or (keeping the syntax, to reach the compiler and the rules) a number
/// replaced or two strings swapped. Spans fall at random byte offsets, so UTF-8 breaks too.
fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let len = bytes.len().max(1) as u32;
    let at = rng.below(len) as usize;
    let span = (1 + rng.below(64)) as usize;
    let end = (at + span).min(bytes.len());
    match rng.below(8) {
        6 | 7 => {
            let other = rng.below(len) as usize;
            if let (Some(a), Some(b)) = (string_after(bytes, at), string_after(bytes, other))
                && (a.end <= b.start || b.end <= a.start)
            {
                let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
                let text_first = bytes[first.clone()].to_vec();
                let text_second = bytes[second.clone()].to_vec();
                bytes.splice(second, text_first);
                bytes.splice(first, text_second);
            }
        }
        0 => {
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        1 => {
            bytes.drain(at.min(bytes.len())..end);
        }
        2 => {
            let copy: Vec<u8> = bytes[at.min(bytes.len())..end].to_vec();
            let to = rng.below(len) as usize;
            bytes.splice(to.min(bytes.len())..to.min(bytes.len()), copy);
        }
        3 => {
            let nasty = NASTY[rng.below(NASTY.len() as u32) as usize].as_bytes();
            bytes.splice(at.min(bytes.len())..end, nasty.iter().copied());
        }
        4 => {
            // Replace a number with a nasty one, where the file has digits.
            if let Some(start) = bytes[at.min(bytes.len())..]
                .iter()
                .position(u8::is_ascii_digit)
                .map(|p| p + at)
            {
                let stop = bytes[start..]
                    .iter()
                    .position(|b| !b.is_ascii_digit())
                    .map_or(bytes.len(), |p| p + start);
                let number = match rng.below(3) {
                    0 => NASTY[rng.below(4) as usize].to_owned(),
                    _ => rng.below(200).to_string(),
                };
                bytes.splice(start..stop, number.bytes());
            }
        }
        _ => {
            let other = rng.below(len) as usize;
            let (a, b) = (at.min(other), at.max(other));
            let n = span.min(b - a).min(bytes.len().saturating_sub(b));
            for i in 0..n {
                bytes.swap(a + i, b + i);
            }
        }
    }
}

/// Everything a file goes through, on a small budget: load, check, simulate, play with
/// undo, and a campaign of it twice. Whether it loaded.
fn execute(bytes: &[u8], seed: u64) -> bool {
    let Ok((scenario, _)) = load(bytes) else {
        return false;
    };
    let _ = analyse(&scenario, 200);
    let _ = simulate(&scenario, 10, seed, Policy::Random);
    let _ = simulate(&scenario, 3, seed, Policy::Greedy);
    let mut run = Run::new(&scenario, seed);
    let mut rng = Rng::new(seed);
    for step in 0..200 {
        if run.is_finished() {
            break;
        }
        let _ = run.text(&scenario);
        let _ = run.choices(&scenario);
        let available = run.available(&scenario);
        let Some(&choice) = available.get(rng.below(available.len().max(1) as u32) as usize) else {
            break;
        };
        run.choose(&scenario, choice)
            .expect("an available choice can be chosen");
        if step % 7 == 3 {
            run.undo();
        }
    }
    if run.is_finished() {
        let _ = run.epilogue(&scenario);
        let _ = run.score(&scenario);
        for decision in run.history() {
            let _ = run.note(&scenario, decision);
        }
    }
    let campaign = format!(
        r#"Campaign(format: 2, id: "c", title: "C", summary: "S.", chapters: [
            Chapter(scenario: "{id}", intro: "I."), Chapter(scenario: "{id}", intro: "J.")],
            endings: [Ending(min_score: 0, title: "E", epilogue: "E.")])"#,
        id = scenario.id.escape_default()
    );
    let _ = Campaign::load(campaign.as_bytes(), &[&scenario]);
    true
}

/// How a fuzzing session went.
struct Session {
    executions: u64,
    /// Of which the mutated file still loaded, and went on to check, simulate and play.
    loaded: u64,
}

/// Mutate and execute until `done` says stop.
fn fuzz(seed: u64, mut done: impl FnMut(u64) -> bool) -> Session {
    let corpus = corpus();
    let mut rng = Rng::new(seed);
    let mut session = Session {
        executions: 0,
        loaded: 0,
    };
    while !done(session.executions) {
        // The small example most of the time: it is fast and has every feature. One change
        // leaves a file that often still loads; more reach the parser's corners.
        let pick = if rng.below(4) == 0 {
            rng.below(corpus.len() as u32) as usize
        } else {
            0
        };
        let mut bytes = corpus[pick].clone();
        let changes = if rng.below(2) == 0 {
            1
        } else {
            2 + rng.below(4)
        };
        for _ in 0..changes {
            mutate(&mut bytes, &mut rng);
        }
        session.loaded += u64::from(execute(&bytes, session.executions));
        session.executions += 1;
    }
    session
}

#[test]
fn mutated_files_never_panic() {
    let session = fuzz(1, |n| n >= 150);
    assert_eq!(session.executions, 150);
    // Enough mutants load to exercise check, simulate and play, not only the parser (about
    // one in ten does, depending on where the mutations fall in the files).
    assert!(session.loaded >= 8, "{} of 150 loaded", session.loaded);
}

/// `PROMOTED_FUZZ_SECONDS=600 cargo test --release -p promoted-engine --test fuzz -- --ignored
/// --nocapture`, or `.ci/fuzz.sh 600`.
#[test]
#[ignore = "long: run by .ci/fuzz.sh"]
fn fuzz_for_a_while() {
    let seconds: u64 = std::env::var("PROMOTED_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("PROMOTED_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let stop = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let session = fuzz(seed, |_| Instant::now() >= stop);
    println!(
        "fuzz: {} executions ({} loaded and were checked, simulated and played) in {:.0} s from seed {seed}, no panic",
        session.executions,
        session.loaded,
        started.elapsed().as_secs_f64()
    );
}
