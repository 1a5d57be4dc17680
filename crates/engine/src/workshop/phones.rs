//! Phones as voting pads: the rules of a room whose people vote on their own phones, and the
//! messages that carry them. The host (crates/host) moves messages and keeps them on disk; what
//! a message may do, and what it changes, is said here. Pure: no network, no clock, no
//! entropy (the host hands in codes, secrets and tokens).
//!
//! Anonymous by design: a phone is a random token it keeps, never a name; the room keeps one
//! vote per token per decision and hands the projector counts only. Commitments carry no token.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{MAX_COMMITMENT_CHARS, MAX_COMMITMENTS, Room, check_commitment};
use crate::model::Scenario;

/// The options a phone shows: the keypad's nine.
pub const MAX_OPTIONS: usize = 9;
/// An option's label on a phone: enough to recognise the option read on the projector.
pub const MAX_LABEL_CHARS: usize = 160;
pub const MAX_TITLE_CHARS: usize = 120;
/// A decision's key, as the projector names it.
pub const MAX_KEY_CHARS: usize = 40;
/// A phone's token: random, URL-safe, 16–64 characters.
pub const MIN_TOKEN_CHARS: usize = 16;
pub const MAX_TOKEN_CHARS: usize = 64;
/// Phones one room counts: a large conference room.
pub const MAX_PHONES: usize = 500;
/// Commitments one phone may give.
pub const COMMITMENTS_PER_PHONE: usize = 3;
/// Commitments one room keeps: as many as its report does.
pub const MAX_ROOM_COMMITMENTS: usize = MAX_COMMITMENTS;

/// Room codes are this many characters of [`CODE_ALPHABET`]: 40 bits, shown as "ABCD-EFGH".
pub const CODE_CHARS: usize = 8;
/// No 0, 1, I or O: a code read off a projector is typed right.
pub const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A room's code as people type it: letters and digits of the alphabet, any case, dashes and
/// spaces ignored. `None` when it cannot be a code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = code.len() == CODE_CHARS
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() && CODE_ALPHABET.contains(&b));
    valid.then_some(code)
}

/// "ABCD-EFGH": the code as the projector shows it.
pub fn display_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(CODE_CHARS / 2));
    format!("{a}-{b}")
}

/// One decision put to the phones: what they show while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    /// Names the decision, so a projector that reloads reopens the same vote.
    pub key: String,
    pub title: String,
    pub options: Vec<PollOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOption {
    /// As the projector numbers it.
    pub number: u8,
    pub label: String,
}

impl Poll {
    /// The decision the room is voting on now, as the phones show it; `None` outside a vote.
    pub fn of(scenario: &Scenario, room: &Room) -> Option<Poll> {
        let key = room.poll_key()?;
        let team = room.team()?;
        let workshop = room.workshop();
        let play = &workshop.teams()[team];
        let run = &play.run;
        let node = scenario.node(run.state().node());
        let number = play.votes.iter().filter(|v| !v.meanwhile).count() + 1;
        let title = if workshop.teams().len() > 1 {
            format!("{}: decision {number}", play.team.name)
        } else {
            format!("Decision {number}")
        };
        let options = room
            .available(scenario)
            .iter()
            .take(MAX_OPTIONS)
            .zip(1u8..)
            .map(|(&choice, number)| PollOption {
                number,
                label: shorten(
                    &node.choice(choice).text.render(scenario, run.state()),
                    MAX_LABEL_CHARS,
                ),
            })
            .collect();
        Some(Poll {
            key,
            title: shorten(&title, MAX_TITLE_CHARS),
            options,
        })
    }

    fn check(&self) -> Result<(), Refusal> {
        let bad = |what: &str| Err(Refusal::Malformed(what.to_owned()));
        if self.key.is_empty() || self.key.chars().count() > MAX_KEY_CHARS {
            return bad("a decision's key is 1–40 characters");
        }
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return bad("a decision's title is too long");
        }
        if self.options.is_empty() || self.options.len() > MAX_OPTIONS {
            return bad("a vote has 1–9 options");
        }
        for (option, number) in self.options.iter().zip(1u8..) {
            if option.number != number {
                return bad("options are numbered 1, 2, 3… in order");
            }
            if option.label.chars().count() > MAX_LABEL_CHARS {
                return bad("an option's label is too long");
            }
        }
        Ok(())
    }
}

/// At most `max` characters, cut at a word with "…".
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// How the phones voted on the current decision: counts only, never who.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub key: String,
    /// Votes per option, by position (option 1 first).
    pub counts: Vec<u32>,
    /// Phones that voted.
    pub voters: u32,
    /// Whether phones may still vote or change their vote.
    pub open: bool,
}

/// Why a message was refused: said to whoever sent it; nothing else closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    UnknownRoom,
    WrongSecret,
    NoVote,
    VoteClosed,
    OtherDecision,
    NoSuchOption(u8),
    BadToken,
    RoomFull,
    CommitmentsClosed,
    TooManyCommitments,
    Commitment(String),
    Malformed(String),
    NotAllowed(&'static str),
    TooLarge(usize),
    TooFast,
    HostFull,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::UnknownRoom => write!(f, "No room has that code (or it has ended)."),
            Refusal::WrongSecret => write!(f, "That is not this room's projector."),
            Refusal::NoVote => write!(f, "No vote is open: wait for the facilitator."),
            Refusal::VoteClosed => write!(f, "Too late: this vote has closed."),
            Refusal::OtherDecision => write!(f, "That vote is over: the room has moved on."),
            Refusal::NoSuchOption(n) => write!(f, "There is no option {n}."),
            Refusal::BadToken => write!(f, "This phone's token is not valid."),
            Refusal::RoomFull => write!(f, "This room is full."),
            Refusal::CommitmentsClosed => write!(f, "Commitments are not open yet."),
            Refusal::TooManyCommitments => write!(
                f,
                "You have given {COMMITMENTS_PER_PHONE} commitments: that is plenty."
            ),
            Refusal::Commitment(why) => write!(f, "Not kept: {why}."),
            Refusal::Malformed(why) => write!(f, "Not understood: {why}."),
            Refusal::NotAllowed(what) => write!(f, "{what}"),
            Refusal::TooLarge(max) => write!(f, "Message too large (at most {max} bytes)."),
            Refusal::TooFast => write!(f, "Too many messages: slow down."),
            Refusal::HostFull => write!(f, "The host is full: try again later."),
        }
    }
}

impl Refusal {
    /// The refusal's name, for the sides to act on (the words are for people).
    pub fn kind(&self) -> &'static str {
        match self {
            Refusal::UnknownRoom => "unknown_room",
            Refusal::WrongSecret => "wrong_secret",
            Refusal::NoVote => "no_vote",
            Refusal::VoteClosed => "vote_closed",
            Refusal::OtherDecision => "other_decision",
            Refusal::NoSuchOption(_) => "no_such_option",
            Refusal::BadToken => "bad_token",
            Refusal::RoomFull => "room_full",
            Refusal::CommitmentsClosed => "commitments_closed",
            Refusal::TooManyCommitments => "too_many_commitments",
            Refusal::Commitment(_) => "commitment",
            Refusal::Malformed(_) => "malformed",
            Refusal::NotAllowed(_) => "not_allowed",
            Refusal::TooLarge(_) => "too_large",
            Refusal::TooFast => "too_fast",
            Refusal::HostFull => "host_full",
        }
    }

    pub fn to_projector(&self) -> ToProjector {
        ToProjector::Refused {
            kind: self.kind().to_owned(),
            why: self.to_string(),
        }
    }

    pub fn to_phone(&self) -> ToPhone {
        ToPhone::Refused {
            kind: self.kind().to_owned(),
            why: self.to_string(),
        }
    }

    /// Whether the room itself is gone (ended, expired, never there): a projector starts a
    /// new one, a phone asks for another code.
    pub fn room_gone(kind: &str) -> bool {
        kind == "unknown_room"
    }
}

/// A room with phones: the decision open on them, their votes by token, the commitments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneRoom {
    poll: Option<Poll>,
    open: bool,
    /// Each phone's vote on the current poll: its token and the option's number.
    ballots: BTreeMap<String, u8>,
    /// Votes of earlier polls, kept so a decision taken back and reopened has them again.
    earlier: HashMap<String, BTreeMap<String, u8>>,
    asking: bool,
    commitments: Vec<String>,
    given: HashMap<String, usize>,
}

/// What a phone sees of the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PhoneView {
    /// Nothing to vote on yet.
    Waiting,
    Poll {
        poll: Poll,
        /// This phone's vote, if it has one.
        mine: Option<u8>,
        open: bool,
    },
    /// The debrief's last step: the box for a personal commitment.
    Commitments {
        given: usize,
        most: usize,
    },
    Ended,
}

impl PhoneRoom {
    pub fn poll(&self) -> Option<&Poll> {
        self.poll.as_ref()
    }

    pub fn commitments(&self) -> &[String] {
        &self.commitments
    }

    /// Open `poll` on the phones. The same decision again (a projector that reloaded, or a
    /// decision taken back) keeps its votes; another one starts afresh.
    pub fn open(&mut self, poll: Poll) -> Result<Tally, Refusal> {
        poll.check()?;
        let same = self.poll.as_ref().is_some_and(|p| p.key == poll.key);
        if !same {
            if let Some(old) = self.poll.take() {
                self.earlier
                    .insert(old.key, std::mem::take(&mut self.ballots));
            }
            self.ballots = self.earlier.remove(&poll.key).unwrap_or_default();
        }
        let options = poll.options.len() as u8;
        self.ballots.retain(|_, n| *n <= options);
        self.poll = Some(poll);
        self.open = true;
        self.asking = false;
        Ok(self.tally())
    }

    /// Close the vote on `key`: later votes are refused. Closing twice is harmless.
    pub fn close(&mut self, key: &str) -> Result<Tally, Refusal> {
        match &self.poll {
            Some(poll) if poll.key == key => {
                self.open = false;
                Ok(self.tally())
            }
            Some(_) => Err(Refusal::OtherDecision),
            None => Err(Refusal::NoVote),
        }
    }

    /// A phone votes (or changes its vote) on the open decision.
    pub fn vote(&mut self, token: &str, key: &str, option: u8) -> Result<Tally, Refusal> {
        self.check_vote(token, key, option)?;
        self.ballots.insert(token.to_owned(), option);
        Ok(self.tally())
    }

    /// Whether `vote` would count this vote, changing nothing (so the host can journal it
    /// first); `Ok(false)` when the phone already has exactly this vote.
    pub fn check_vote(&self, token: &str, key: &str, option: u8) -> Result<bool, Refusal> {
        check_token(token)?;
        let poll = self.poll.as_ref().ok_or(Refusal::NoVote)?;
        if poll.key != key {
            return Err(Refusal::OtherDecision);
        }
        if !self.open {
            return Err(Refusal::VoteClosed);
        }
        if option == 0 || usize::from(option) > poll.options.len() {
            return Err(Refusal::NoSuchOption(option));
        }
        if !self.ballots.contains_key(token) && self.ballots.len() >= MAX_PHONES {
            return Err(Refusal::RoomFull);
        }
        Ok(self.ballots.get(token) != Some(&option))
    }

    /// Open the box for personal commitments on every phone.
    pub fn ask_commitments(&mut self) {
        self.open = false;
        self.asking = true;
    }

    /// A phone's commitment, kept without its token; returns its number in the room.
    pub fn commit(&mut self, token: &str, text: &str) -> Result<(usize, String), Refusal> {
        check_token(token)?;
        if !self.asking {
            return Err(Refusal::CommitmentsClosed);
        }
        let given = self.given.get(token).copied().unwrap_or(0);
        if given >= COMMITMENTS_PER_PHONE || self.commitments.len() >= MAX_ROOM_COMMITMENTS {
            return Err(Refusal::TooManyCommitments);
        }
        let text = check_commitment(text).map_err(Refusal::Commitment)?;
        self.given.insert(token.to_owned(), given + 1);
        self.commitments.push(text.to_owned());
        Ok((self.commitments.len() - 1, text.to_owned()))
    }

    /// A commitment read back from the host's log (its phone's token is not kept there).
    pub fn restore_commitment(&mut self, text: &str) {
        if let Ok(text) = check_commitment(text) {
            self.commitments.push(text.to_owned());
        }
    }

    /// The counts of the current decision.
    pub fn tally(&self) -> Tally {
        let Some(poll) = &self.poll else {
            return Tally::default();
        };
        let mut counts = vec![0; poll.options.len()];
        for &option in self.ballots.values() {
            if let Some(count) = counts.get_mut(usize::from(option).wrapping_sub(1)) {
                *count += 1;
            }
        }
        Tally {
            key: poll.key.clone(),
            counts,
            voters: self.ballots.len() as u32,
            open: self.open,
        }
    }

    /// What the phone holding `token` shows now.
    pub fn view(&self, token: &str) -> PhoneView {
        if self.asking {
            return PhoneView::Commitments {
                given: self.given.get(token).copied().unwrap_or(0),
                most: COMMITMENTS_PER_PHONE,
            };
        }
        match &self.poll {
            Some(poll) => PhoneView::Poll {
                poll: poll.clone(),
                mine: self.ballots.get(token).copied(),
                open: self.open,
            },
            None => PhoneView::Waiting,
        }
    }
}

/// A token a phone made itself: 16–64 letters, digits, `-` or `_`.
pub fn check_token(token: &str) -> Result<(), Refusal> {
    let ok = (MIN_TOKEN_CHARS..=MAX_TOKEN_CHARS).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(()) } else { Err(Refusal::BadToken) }
}

/// A QR code's modules, row by row, `size` × `size` (true is dark).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qr {
    pub size: u32,
    /// "1" dark, "0" light, row after row.
    pub modules: String,
}

impl Qr {
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        x < self.size
            && y < self.size
            && self
                .modules
                .as_bytes()
                .get(y as usize * self.size as usize + x as usize)
                == Some(&b'1')
    }
}

/// What the projector (the game, holding the room's secret) asks of the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FromProjector {
    /// A new room for a session.
    Create,
    /// Back to a room after a reload or a lost connection.
    Rejoin {
        code: String,
        secret: String,
    },
    Open {
        poll: Poll,
    },
    Close {
        key: String,
    },
    AskCommitments,
    /// The session is over: the room's code stops working.
    End,
}

/// What a phone may say: nothing but joining, votes and commitments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FromPhone {
    Join { code: String, token: String },
    Vote { key: String, option: u8 },
    Commit { text: String },
}

/// What the host tells the projector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToProjector {
    /// The room is ready: its code, the secret to rejoin it, where phones join, and the QR
    /// code of that address.
    Room {
        code: String,
        secret: String,
        join: String,
        qr: Qr,
        /// Commitments the phones have given so far (after a rejoin).
        commitments: Vec<String>,
    },
    Tally(Tally),
    Commitment {
        number: usize,
        text: String,
    },
    /// The room has ended: its code no longer works.
    Ended,
    /// `kind` is `Refusal::kind`, `why` the words.
    Refused {
        kind: String,
        why: String,
    },
}

/// What the host tells a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToPhone {
    /// What to show now.
    View { view: PhoneView },
    /// The host has this phone's vote.
    Counted { key: String, option: u8 },
    /// The host kept this phone's commitment.
    Kept { given: usize, most: usize },
    /// `kind` is `Refusal::kind`, `why` the words.
    Refused { kind: String, why: String },
}

/// The longest message a phone may send: a commitment and its envelope.
pub const MAX_PHONE_MESSAGE: usize = MAX_COMMITMENT_CHARS * 4 + 256;
/// The longest message a projector may send: nine labels and a title.
pub const MAX_PROJECTOR_MESSAGE: usize = 16 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(key: &str, options: u8) -> Poll {
        Poll {
            key: key.into(),
            title: "The launch".into(),
            options: (1..=options)
                .map(|number| PollOption {
                    number,
                    label: format!("Option {number}"),
                })
                .collect(),
        }
    }

    const A: &str = "phone-aaaaaaaaaaaa";
    const B: &str = "phone-bbbbbbbbbbbb";

    #[test]
    fn one_vote_per_phone_which_it_may_change_until_the_close() {
        let mut room = PhoneRoom::default();
        assert_eq!(room.vote(A, "t1d1", 1), Err(Refusal::NoVote));
        room.open(poll("t1d1", 3)).unwrap();
        room.vote(A, "t1d1", 1).unwrap();
        room.vote(A, "t1d1", 1).unwrap();
        let tally = room.vote(B, "t1d1", 3).unwrap();
        assert_eq!((tally.counts, tally.voters), (vec![1, 0, 1], 2));
        let tally = room.vote(A, "t1d1", 2).unwrap();
        assert_eq!(tally.counts, vec![0, 1, 1]);
        assert_eq!(room.vote(A, "t1d1", 4), Err(Refusal::NoSuchOption(4)));
        assert_eq!(room.vote(A, "t1d1", 0), Err(Refusal::NoSuchOption(0)));
        assert_eq!(room.vote(A, "t1d2", 1), Err(Refusal::OtherDecision));
        assert_eq!(room.vote("short", "t1d1", 1), Err(Refusal::BadToken));
        let closed = room.close("t1d1").unwrap();
        assert!(!closed.open);
        assert_eq!(room.vote(B, "t1d1", 1), Err(Refusal::VoteClosed));
        assert_eq!(room.close("t1d1").unwrap().counts, vec![0, 1, 1]);
        assert_eq!(
            room.view(A),
            PhoneView::Poll {
                poll: poll("t1d1", 3),
                mine: Some(2),
                open: false
            }
        );
    }

    #[test]
    fn a_reopened_decision_keeps_its_votes_and_a_new_one_starts_afresh() {
        let mut room = PhoneRoom::default();
        room.open(poll("t1d1", 2)).unwrap();
        room.vote(A, "t1d1", 2).unwrap();
        room.close("t1d1").unwrap();
        assert_eq!(room.open(poll("t1d1", 2)).unwrap().counts, vec![0, 1]);
        room.close("t1d1").unwrap();
        assert_eq!(room.open(poll("t1d2", 2)).unwrap().voters, 0);
        // The decision taken back: its votes come back with it.
        assert_eq!(room.open(poll("t1d1", 2)).unwrap().counts, vec![0, 1]);
    }

    #[test]
    fn commitments_are_kept_without_their_phone_and_bounded() {
        let mut room = PhoneRoom::default();
        assert_eq!(
            room.commit(A, "Ask before deciding"),
            Err(Refusal::CommitmentsClosed)
        );
        room.ask_commitments();
        assert_eq!(
            room.commit(A, "  Ask first  ").unwrap(),
            (0, "Ask first".into())
        );
        assert!(matches!(room.commit(A, "  "), Err(Refusal::Commitment(_))));
        room.commit(A, "Two").unwrap();
        room.commit(A, "Three").unwrap();
        assert_eq!(room.commit(A, "Four"), Err(Refusal::TooManyCommitments));
        room.commit(B, "Mine").unwrap();
        assert_eq!(room.commitments(), ["Ask first", "Two", "Three", "Mine"]);
        assert_eq!(room.view(B), PhoneView::Commitments { given: 1, most: 3 });
    }

    #[test]
    fn polls_are_checked() {
        let mut room = PhoneRoom::default();
        assert!(room.open(poll("t1d1", 0)).is_err());
        assert!(room.open(poll("t1d1", 10)).is_err());
        let mut bad = poll("t1d1", 2);
        bad.options[1].number = 5;
        assert!(room.open(bad).is_err());
        assert!(room.open(poll(&"k".repeat(41), 2)).is_err());
    }

    #[test]
    fn codes_read_as_typed() {
        assert_eq!(normalise_code("abcd-efgh").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalise_code("AB CD EF GH").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalise_code("ABCDEFG0"), None);
        assert_eq!(normalise_code("ABC"), None);
        assert_eq!(display_code("ABCDEFGH"), "ABCD-EFGH");
        assert_eq!(
            shorten("We ship on Friday, with the known bugs listed", 20),
            "We ship on Friday…"
        );
    }

    #[test]
    fn messages_refuse_what_they_do_not_know() {
        assert!(serde_json::from_str::<FromPhone>(r#"{"type":"open","key":"x"}"#).is_err());
        assert!(
            serde_json::from_str::<FromPhone>(r#"{"type":"vote","key":"x","option":1,"as":"x"}"#)
                .is_err()
        );
        assert_eq!(
            serde_json::from_str::<FromPhone>(r#"{"type":"vote","key":"t1d1","option":2}"#)
                .unwrap(),
            FromPhone::Vote {
                key: "t1d1".into(),
                option: 2
            }
        );
        assert!(
            serde_json::from_str::<FromPhone>(r#"{"type":"vote","key":"x","option":300}"#).is_err()
        );
    }
}
