//! A run in as few characters as replay it exactly: the format's version, the scenario and
//! its fingerprint, the seed, the priorities named, and the id of every choice made (with
//! where the mentor was asked). The random outcomes need no room: the seed draws them again.
//!
//! This is what a learning platform keeps for a learner (SCORM 1.2 allows 4,096 characters
//! of `suspend_data`), so a run goes on on another machine. The text is ASCII, with `;`
//! between fields and `,` between steps; ids never hold either (see `valid_id`).
//!
//! ```text
//! 1r;first-hard-feedback;2kq0v7x1m3b9;1f3z;team,quality;?ask-first,tell-her-today,?
//! 1c;promoted;<chapter 1's five fields>;<chapter 2's five fields>
//! ```
//!
//! A step `?id` asked the mentor before choosing `id`; a last step `?` alone asked at the
//! decision now open.

use serde::{Deserialize, Serialize};

use crate::campaign::{Campaign, Progress};
use crate::format::Priority;
use crate::model::Scenario;
use crate::run::Run;
use crate::state::Carried;

/// The version written first; a text of another version is refused, never misread.
const VERSION: &str = "1";

/// One decision of a bookmarked run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The mentor was asked before this choice.
    pub asked: bool,
    pub choice: String,
}

/// One run, as replayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub scenario: String,
    pub fingerprint: u64,
    pub seed: u64,
    pub priorities: Vec<Priority>,
    pub steps: Vec<Step>,
    /// The mentor was asked at the decision now open.
    pub asking: bool,
}

/// A run, or a campaign: its finished chapters and the one being played (last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Run(Bookmark),
    Campaign {
        campaign: String,
        chapters: Vec<Bookmark>,
    },
}

/// What a replayed bookmark gives back: the run, and its campaign's progress if it is a
/// chapter of one.
#[derive(Debug, Clone, PartialEq)]
pub struct Replayed {
    pub run: Run,
    pub progress: Option<Progress>,
}

/// Why a bookmark cannot be replayed; each says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookmarkError {
    /// Not a text this game writes.
    Unreadable(String),
    /// Written by another version of the game.
    Version(String),
    /// Of a scenario or campaign this library does not hold.
    Missing(String),
    /// The scenario changed since the run was saved: the same choices may no longer mean the
    /// same.
    Changed(String),
    /// A step that the scenario refuses.
    Step { step: usize, why: String },
}

impl std::fmt::Display for BookmarkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BookmarkError::Unreadable(why) => write!(f, "it is not a saved run ({why})"),
            BookmarkError::Version(v) => {
                write!(
                    f,
                    "it was saved by another version of the game (format {v})"
                )
            }
            BookmarkError::Missing(what) => write!(f, "{what} is not in this library"),
            BookmarkError::Changed(id) => write!(f, "scenario `{id}` has changed since"),
            BookmarkError::Step { step, why } => write!(f, "decision {step} no longer fits: {why}"),
        }
    }
}

impl std::error::Error for BookmarkError {}

impl Bookmark {
    /// The bookmark of `run`. A question asked at a decision later taken back is kept only if
    /// the same decision was made again at the same place.
    pub fn of(scenario: &Scenario, run: &Run) -> Bookmark {
        let history = run.history();
        let asked_at = |d: usize| {
            run.questions().iter().any(|a| {
                a.decision as usize == d && history.get(d).is_none_or(|h| h.node == a.node)
            })
        };
        Bookmark {
            scenario: run.scenario.clone(),
            fingerprint: run.fingerprint,
            seed: run.seed,
            priorities: run.priorities().to_vec(),
            steps: history
                .iter()
                .enumerate()
                .map(|(d, decision)| Step {
                    asked: asked_at(d),
                    choice: scenario
                        .node(decision.node)
                        .choice(decision.choice)
                        .id
                        .clone(),
                })
                .collect(),
            asking: !run.is_finished()
                && run
                    .questions()
                    .iter()
                    .any(|a| a.decision as usize == history.len() && a.node == run.state().node()),
        }
    }

    /// The run again, decision by decision, from what `carried` brings in.
    pub fn replay(&self, scenario: &Scenario, carried: &Carried) -> Result<Run, BookmarkError> {
        if self.scenario != scenario.id {
            return Err(BookmarkError::Missing(format!(
                "scenario `{}`",
                self.scenario
            )));
        }
        if self.fingerprint != scenario.fingerprint {
            return Err(BookmarkError::Changed(scenario.id.clone()));
        }
        let mut run = Run::starting(scenario, self.seed, carried);
        let refused = |step: usize| move |why: String| BookmarkError::Step { step, why };
        if !self.priorities.is_empty() {
            run.name_priorities(scenario, &self.priorities)
                .map_err(|e| refused(0)(e.to_string()))?;
        }
        for (i, step) in self.steps.iter().enumerate() {
            if step.asked {
                run.ask_mentor(scenario)
                    .map_err(|e| refused(i + 1)(e.to_string()))?;
            }
            run.choose_id(scenario, &step.choice)
                .map_err(|e| refused(i + 1)(e.to_string()))?;
        }
        if self.asking {
            run.ask_mentor(scenario)
                .map_err(|e| refused(self.steps.len() + 1)(e.to_string()))?;
        }
        Ok(run)
    }

    fn write(&self, out: &mut String) {
        let priorities: Vec<&str> = self.priorities.iter().map(|p| p.key()).collect();
        let mut steps: Vec<String> = self
            .steps
            .iter()
            .map(|s| format!("{}{}", if s.asked { "?" } else { "" }, s.choice))
            .collect();
        if self.asking {
            steps.push("?".into());
        }
        out.push_str(&format!(
            "{};{};{};{};{}",
            self.scenario,
            base36(self.fingerprint),
            base36(self.seed),
            priorities.join(","),
            steps.join(",")
        ));
    }

    /// Read the five fields of one run.
    fn read(fields: &[&str]) -> Result<Bookmark, BookmarkError> {
        let [scenario, fingerprint, seed, priorities, written] = fields else {
            return Err(BookmarkError::Unreadable(format!(
                "a run has 5 fields, this one {}",
                fields.len()
            )));
        };
        let id = |s: &str, what: &str| {
            if !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
            {
                Ok(s.to_owned())
            } else {
                Err(BookmarkError::Unreadable(format!(
                    "`{s}` is not a {what} id"
                )))
            }
        };
        let number = |s: &str, what: &str| {
            u64::from_str_radix(s, 36)
                .map_err(|_| BookmarkError::Unreadable(format!("the {what} `{s}` is not a number")))
        };
        let priorities = split(priorities)
            .map(|key| {
                Priority::from_key(key)
                    .ok_or_else(|| BookmarkError::Unreadable(format!("no priority `{key}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut steps = Vec::new();
        let mut asking = false;
        let all: Vec<&str> = split(written).collect();
        for (i, step) in all.iter().enumerate() {
            if *step == "?" && i + 1 == all.len() {
                asking = true;
                continue;
            }
            let (asked, choice) = match step.strip_prefix('?') {
                Some(choice) => (true, choice),
                None => (false, *step),
            };
            steps.push(Step {
                asked,
                choice: id(choice, "choice")?,
            });
        }
        Ok(Bookmark {
            scenario: id(scenario, "scenario")?,
            fingerprint: number(fingerprint, "fingerprint")?,
            seed: number(seed, "seed")?,
            priorities,
            steps,
            asking,
        })
    }
}

/// A comma-separated field's parts; an empty field has none.
fn split(field: &str) -> impl Iterator<Item = &str> {
    field.split(',').filter(|s| !s.is_empty())
}

impl Mark {
    /// The mark of a run, and of the campaign it is a chapter of.
    pub fn of(scenario: &Scenario, run: &Run, progress: Option<&Progress>) -> Mark {
        match progress {
            None => Mark::Run(Bookmark::of(scenario, run)),
            Some(progress) => Mark::Campaign {
                campaign: progress.campaign.clone(),
                chapters: progress
                    .played
                    .iter()
                    .cloned()
                    .chain([Bookmark::of(scenario, run)])
                    .collect(),
            },
        }
    }

    /// The text a learning platform keeps.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        match self {
            Mark::Run(run) => {
                out.push_str(VERSION);
                out.push_str("r;");
                run.write(&mut out);
            }
            Mark::Campaign { campaign, chapters } => {
                out.push_str(VERSION);
                out.push_str("c;");
                out.push_str(campaign);
                for chapter in chapters {
                    out.push(';');
                    chapter.write(&mut out);
                }
            }
        }
        out
    }

    /// Read a mark written by [`Mark::to_text`].
    pub fn parse(text: &str) -> Result<Mark, BookmarkError> {
        let text = text.trim();
        let (head, rest) = text
            .split_once(';')
            .ok_or_else(|| BookmarkError::Unreadable("it has no fields".into()))?;
        // The head is ASCII in every text this game writes; anything else is not one of ours
        // (and is not split inside a character).
        if !head.is_ascii() {
            return Err(BookmarkError::Unreadable(format!("it begins `{head}`")));
        }
        let (version, kind) = head.split_at(head.len().saturating_sub(1));
        if version != VERSION {
            return Err(
                if version.bytes().all(|b| b.is_ascii_digit()) && !version.is_empty() {
                    BookmarkError::Version(version.to_owned())
                } else {
                    BookmarkError::Unreadable(format!("it begins `{head}`"))
                },
            );
        }
        let fields: Vec<&str> = rest.split(';').collect();
        match kind {
            "r" => Bookmark::read(&fields).map(Mark::Run),
            "c" => {
                let (campaign, chapters) = fields
                    .split_first()
                    .ok_or_else(|| BookmarkError::Unreadable("no campaign".into()))?;
                if chapters.is_empty() || chapters.len() % 5 != 0 {
                    return Err(BookmarkError::Unreadable(format!(
                        "a campaign's chapters have 5 fields each, these {}",
                        chapters.len()
                    )));
                }
                Ok(Mark::Campaign {
                    campaign: (*campaign).to_owned(),
                    chapters: chapters
                        .chunks(5)
                        .map(Bookmark::read)
                        .collect::<Result<_, _>>()?,
                })
            }
            other => Err(BookmarkError::Unreadable(format!("unknown kind `{other}`"))),
        }
    }

    /// Play the mark again. `scenario` finds a scenario of the library by id, `campaign` a
    /// campaign.
    pub fn replay<'a>(
        &self,
        scenario: impl Fn(&str) -> Option<&'a Scenario>,
        campaign: impl Fn(&str) -> Option<&'a Campaign>,
    ) -> Result<Replayed, BookmarkError> {
        let find = |id: &str| {
            scenario(id).ok_or_else(|| BookmarkError::Missing(format!("scenario `{id}`")))
        };
        match self {
            Mark::Run(mark) => Ok(Replayed {
                run: mark.replay(find(&mark.scenario)?, &Carried::default())?,
                progress: None,
            }),
            Mark::Campaign {
                campaign: id,
                chapters,
            } => {
                let campaign = campaign(id)
                    .ok_or_else(|| BookmarkError::Missing(format!("campaign `{id}`")))?;
                let mut progress = campaign.begin();
                let mut chapters = chapters.iter().peekable();
                let mut steps = 0;
                while let Some(mark) = chapters.next() {
                    let expected = campaign
                        .chapters
                        .get(progress.chapter)
                        .map(|c| c.scenario.as_str());
                    if expected != Some(mark.scenario.as_str()) {
                        return Err(BookmarkError::Unreadable(format!(
                            "chapter {} of `{id}` is not `{}`",
                            progress.chapter + 1,
                            mark.scenario
                        )));
                    }
                    let scenario = find(&mark.scenario)?;
                    let run = mark
                        .replay(scenario, &progress.carried)
                        .map_err(|e| match e {
                            BookmarkError::Step { step, why } => BookmarkError::Step {
                                step: steps + step,
                                why,
                            },
                            other => other,
                        })?;
                    if chapters.peek().is_none() {
                        return Ok(Replayed {
                            run,
                            progress: Some(progress),
                        });
                    }
                    steps += mark.steps.len();
                    let next = campaign.chapters.get(progress.chapter + 1).ok_or_else(|| {
                        BookmarkError::Unreadable(format!(
                            "it has more chapters than `{id}`'s {}",
                            campaign.chapters.len()
                        ))
                    })?;
                    progress = campaign
                        .advance(&progress, scenario, &run, find(&next.scenario)?)
                        .ok_or_else(|| BookmarkError::Step {
                            step: steps,
                            why: "the chapter did not end, or was the last".into(),
                        })?;
                }
                Err(BookmarkError::Unreadable("no chapter".into()))
            }
        }
    }
}

/// `n` in base 36, lower case: a u64 in at most 13 characters.
fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base36_round_trips_the_extremes() {
        for n in [0, 1, 35, 36, u64::MAX, 0x9e37_79b9_7f4a_7c15] {
            assert_eq!(u64::from_str_radix(&base36(n), 36), Ok(n));
        }
        assert_eq!(base36(u64::MAX).len(), 13);
    }

    #[test]
    fn a_mark_reads_back_as_written() {
        let mark = Mark::Run(Bookmark {
            scenario: "first-hard-feedback".into(),
            fingerprint: u64::MAX,
            seed: 7,
            priorities: vec![Priority::Team, Priority::Quality],
            steps: vec![
                Step {
                    asked: true,
                    choice: "ask-first".into(),
                },
                Step {
                    asked: false,
                    choice: "tell-her".into(),
                },
            ],
            asking: true,
        });
        let text = mark.to_text();
        assert_eq!(
            text,
            "1r;first-hard-feedback;3w5e11264sgsf;7;team,quality;?ask-first,tell-her,?"
        );
        assert_eq!(Mark::parse(&text), Ok(mark));
    }

    #[test]
    fn bad_texts_say_what_is_wrong() {
        let cases = [
            ("", "no fields"),
            ("hello", "no fields"),
            ("2r;a;1;1;;", "format 2"),
            ("1x;a;1;1;;", "unknown kind `x`"),
            ("1r;a;1;1;", "5 fields, this one 4"),
            ("1r;A;1;1;;", "`A` is not a scenario id"),
            ("1r;a;zz!;1;;", "fingerprint `zz!`"),
            ("1r;a;1;1;boss;", "no priority `boss`"),
            ("1r;a;1;1;;x,?,y", "`` is not a choice id"),
            ("1c;c;a;1;1;;;extra", "5 fields each, these 6"),
            ("1r;a;1;1;;x;y", "5 fields, this one 6"),
            ("é;1;1;;", "it begins `é`"),
            ("1é;a;1;1;;", "it begins `1é`"),
        ];
        for (text, says) in cases {
            let error = Mark::parse(text).expect_err(text).to_string();
            assert!(error.contains(says), "{text:?}: {error}");
        }
    }
}
