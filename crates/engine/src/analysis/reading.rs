//! How much a screen asks a room to read: a node's text and the options shown with it, as
//! random runs meet them (passages and names read as they would on that path).

use serde::Serialize;

use super::tells::Budget;
use crate::model::{NodeId, Scenario};
use crate::state::State;

/// The most a screen should hold, and what half the screens should stay under, in words: a
/// projector's room reads together, and long screens are skimmed for the answer.
pub const SCREEN_WORDS: u32 = 140;
pub const MEDIAN_WORDS: u32 = 90;

/// Each node is read this many times at most: enough to meet its passages' variants, few
/// enough that `check` stays quick.
const READS_PER_NODE: u8 = 8;

/// The words on each node's screen, the most seen on any path measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reading {
    /// By node index; `None` for a node never shown (routing, or not reached).
    pub words: Vec<Option<u32>>,
}

impl Reading {
    fn shown(&self) -> impl Iterator<Item = (NodeId, u32)> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| w.map(|w| (NodeId::at(i), w)))
    }

    /// The median over the screens shown.
    pub fn median(&self) -> u32 {
        let mut words: Vec<u32> = self.shown().map(|(_, w)| w).collect();
        words.sort_unstable();
        words.get(words.len() / 2).copied().unwrap_or(0)
    }

    /// The longest screen.
    pub fn longest(&self) -> Option<(NodeId, u32)> {
        self.shown().max_by_key(|&(_, w)| w)
    }

    /// The screens over [`SCREEN_WORDS`].
    pub fn too_long(&self) -> impl Iterator<Item = (NodeId, u32)> + '_ {
        self.shown().filter(|&(_, w)| w > SCREEN_WORDS)
    }
}

/// The words of the screen at `state`'s node: its text and every choice shown, with the
/// reasons shown beside unavailable ones, as the player reads them.
pub fn screen_words(scenario: &Scenario, state: &State) -> u32 {
    let count = |s: &str| s.split_whitespace().count() as u32;
    let (text, choices) = crate::run::screen(scenario, state);
    choices
        .iter()
        .map(|c| count(&c.text) + c.disabled.as_deref().map_or(0, count))
        .sum::<u32>()
        + count(&text)
}

/// Reads the screens a run meets, each node a few times: fed by whatever plays the runs, so
/// `check` reads on the random runs it plays anyway.
pub struct Reader {
    reading: Reading,
    reads: Vec<u8>,
}

impl Reader {
    pub fn new(scenario: &Scenario) -> Reader {
        Reader {
            reading: Reading {
                words: vec![None; scenario.nodes.len()],
            },
            reads: vec![0; scenario.nodes.len()],
        }
    }

    /// Read the screen at `state`'s node, unless it has been read enough.
    pub fn read(&mut self, scenario: &Scenario, state: &State) {
        let n = state.node().index();
        let (Some(reads), Some(words)) = (self.reads.get_mut(n), self.reading.words.get_mut(n))
        else {
            return;
        };
        if *reads < READS_PER_NODE {
            *reads += 1;
            let w = screen_words(scenario, state);
            *words = Some(words.map_or(w, |old| old.max(w)));
        }
    }

    pub fn finish(self) -> Reading {
        self.reading
    }
}

/// Read the screens of random runs from `seed`, within `budget`.
pub fn measure(scenario: &Scenario, budget: Budget, seed: u64) -> Reading {
    let mut reader = Reader::new(scenario);
    budget.random_runs(scenario, seed, |s, _| reader.read(scenario, s));
    reader.finish()
}
