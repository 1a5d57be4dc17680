//! The room's vote: counts per option, what they decide, and the words for a split.

use serde::{Deserialize, Serialize};

use crate::model::ChoiceIdx;

/// The room's vote at one decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// Votes for each of the node's choices, by index.
    pub counts: Vec<u32>,
    /// The facilitator's pick when the top count is shared.
    pub tie_break: Option<ChoiceIdx>,
}

/// What a tally says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    NoVotes,
    Winner(ChoiceIdx),
    /// The choices sharing the top count, in the order they are listed.
    Tie(Vec<ChoiceIdx>),
}

/// The votes for one choice (none when the tally is shorter).
pub fn votes(counts: &[u32], choice: ChoiceIdx) -> u32 {
    counts.get(choice.index()).copied().unwrap_or(0)
}

/// The verdict of `counts` over the choices in `available`.
pub fn verdict(counts: &[u32], available: &[ChoiceIdx]) -> Verdict {
    let top = available
        .iter()
        .map(|&i| votes(counts, i))
        .max()
        .unwrap_or(0);
    if top == 0 {
        return Verdict::NoVotes;
    }
    let leaders: Vec<ChoiceIdx> = available
        .iter()
        .copied()
        .filter(|&i| votes(counts, i) == top)
        .collect();
    match leaders[..] {
        [one] => Verdict::Winner(one),
        _ => Verdict::Tie(leaders),
    }
}

/// How a decided vote split: the words every place that shows a vote uses.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub counts: &'a [u32],
    pub chosen: ChoiceIdx,
    pub tie_break: bool,
}

impl Split<'_> {
    /// The counts above zero, highest first.
    fn sorted(&self) -> Vec<u32> {
        let mut sorted: Vec<u32> = self.counts.iter().copied().filter(|&c| c > 0).collect();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        sorted
    }

    /// "5–4–1".
    pub fn figures(&self) -> String {
        self.sorted()
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("–")
    }

    /// Won by a single vote or by a tie-break: the decisions worth revisiting in a debrief.
    pub fn is_close_call(&self) -> bool {
        if self.tie_break {
            return true;
        }
        let winner = votes(self.counts, self.chosen);
        let second = self
            .counts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != self.chosen.index())
            .map(|(_, &c)| c)
            .max()
            .unwrap_or(0);
        second > 0 && winner == second + 1
    }

    /// "7 votes to 5", "a tie at 3 broken by the facilitator", "by the room's majority".
    pub fn words(&self) -> String {
        if self.tie_break {
            return format!(
                "a tie at {} broken by the facilitator",
                votes(self.counts, self.chosen)
            );
        }
        match self.sorted().as_slice() {
            [_] | [] => "by the room's majority".to_owned(),
            [first, second, ..] => format!("{first} votes to {second}"),
        }
    }

    /// Why a close call is one: "a tie (3–3) broken by the facilitator", "won by one vote,
    /// 5–4".
    pub fn close_call_words(&self) -> String {
        if self.tie_break {
            format!("a tie ({}) broken by the facilitator", self.figures())
        } else {
            format!("won by one vote, {}", self.figures())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(i: u16) -> ChoiceIdx {
        ChoiceIdx(i)
    }

    #[test]
    fn a_tally_names_a_winner_a_tie_or_nothing() {
        let all = [c(0), c(1), c(2)];
        assert_eq!(verdict(&[0, 0, 0], &all), Verdict::NoVotes);
        assert_eq!(verdict(&[3, 5, 1], &all), Verdict::Winner(c(1)));
        assert_eq!(verdict(&[4, 1, 4], &all), Verdict::Tie(vec![c(0), c(2)]));
        // Votes for an option that is not available do not count.
        assert_eq!(verdict(&[9, 1, 2], &[c(1), c(2)]), Verdict::Winner(c(2)));
        assert_eq!(verdict(&[2], &[c(0), c(1)]), Verdict::Winner(c(0)));
    }

    #[test]
    fn close_calls_are_one_vote_or_a_tie_break() {
        let split = |counts: &'static [u32], chosen, tie_break| Split {
            counts,
            chosen: c(chosen),
            tie_break,
        };
        assert!(split(&[5, 4, 0], 0, false).is_close_call());
        assert!(split(&[3, 3], 1, true).is_close_call());
        assert!(!split(&[6, 4], 0, false).is_close_call());
        // A clicked majority (one vote, nothing else) is not a close call.
        assert!(!split(&[0, 1, 0], 1, false).is_close_call());
        assert_eq!(
            split(&[5, 4, 0], 0, false).close_call_words(),
            "won by one vote, 5–4"
        );
        assert_eq!(
            split(&[3, 3], 1, true).close_call_words(),
            "a tie (3–3) broken by the facilitator"
        );
        assert_eq!(split(&[7, 2, 5], 0, false).words(), "7 votes to 5");
        assert_eq!(
            split(&[0, 1, 0], 1, false).words(),
            "by the room's majority"
        );
        assert_eq!(
            split(&[3, 3], 1, true).words(),
            "a tie at 3 broken by the facilitator"
        );
    }
}
