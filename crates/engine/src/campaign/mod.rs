//! Campaigns: scenarios played in sequence. What the player did to chosen meters carries
//! into the next chapter (the team remembers); named people's trust carries as it ended,
//! and chosen flags carry, so a later chapter's text can refer to an earlier decision; the
//! whole gets an epilogue and a score.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::format::{Cmp, FORMAT_VERSION};
use crate::learning::Bookmark;
use crate::model::{MeterId, Scenario};
use crate::run::Run;
use crate::source::{Source, Spanned, shown};
use crate::state::{Carried, State};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Campaign")]
pub struct CampaignFile {
    pub format: Spanned<u32>,
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub summary: Spanned<String>,
    pub chapters: Spanned<Vec<Spanned<ChapterFile>>>,
    /// Stakeholders (by id) whose trust carries from chapter to chapter as it ended, in every
    /// chapter whose scenario has them (format 2).
    #[serde(default)]
    pub people: Vec<Spanned<String>>,
    /// Flags (by id) that carry from chapter to chapter, in every chapter that declares them
    /// (format 2).
    #[serde(default)]
    pub remember: Vec<Spanned<String>>,
    /// What the campaign's epilogue says of each of the `people`, by the trust they ended
    /// it with (format 2).
    #[serde(default)]
    pub afterwards: Vec<Spanned<AfterwardsFile>>,
    pub endings: Spanned<Vec<Spanned<CampaignEndingFile>>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Afterwards")]
pub struct AfterwardsFile {
    pub person: Spanned<String>,
    /// The first band that holds the person's final trust gives their line.
    pub lines: Vec<(Cmp, String)>,
}

/// What an ending needs of the campaign's memory besides a score: a person's final trust, a
/// remembered decision taken or not.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum Need {
    Trust(String, Cmp),
    Flag(String),
    NotFlag(String),
}

impl Need {
    pub fn holds(&self, memory: &Memory) -> bool {
        match self {
            Need::Trust(person, cmp) => memory
                .trust
                .get(person)
                .is_some_and(|&t| cmp.holds(i64::from(t))),
            Need::Flag(flag) => memory.flags.get(flag).copied().unwrap_or(false),
            Need::NotFlag(flag) => !memory.flags.get(flag).copied().unwrap_or(false),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Chapter")]
pub struct ChapterFile {
    pub scenario: Spanned<String>,
    /// What happened since the last chapter, shown before this one starts.
    pub intro: Spanned<String>,
    /// Meters carried in from the previous chapter.
    #[serde(default)]
    pub carry: Vec<Spanned<CarryFile>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Carry")]
pub struct CarryFile {
    /// A meter or stakeholder id in the previous chapter's scenario.
    pub from: String,
    /// A meter or stakeholder id in this chapter's scenario.
    pub to: String,
    /// The percentage of the change the player made to `from` that moves `to`'s start.
    #[serde(default = "half")]
    pub share: u32,
}

fn half() -> u32 {
    50
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Ending")]
pub struct CampaignEndingFile {
    /// The lowest campaign score that earns this ending.
    pub min_score: u32,
    pub title: String,
    pub epilogue: String,
    /// What else the ending needs (format 2): all of them must hold.
    #[serde(default)]
    pub needs: Vec<Spanned<Need>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub chapters: Vec<Chapter>,
    pub people: Vec<String>,
    pub remember: Vec<String>,
    /// Each person's lines for the epilogue, in the order of `people`.
    pub afterwards: Vec<(String, Vec<(Cmp, String)>)>,
    /// From the highest `min_score` down.
    pub endings: Vec<CampaignEnding>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub scenario: String,
    pub intro: String,
    pub carry: Vec<Carry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Carry {
    pub from: MeterId,
    pub to: MeterId,
    pub share: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignEnding {
    pub min_score: u32,
    pub title: String,
    pub epilogue: String,
    pub needs: Vec<Need>,
}

/// How a finished campaign closes: its score, the ending it earned and a line for each
/// person it followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing<'a> {
    pub score: u32,
    pub ending: &'a CampaignEnding,
    pub afterwards: Vec<&'a str>,
}

/// What the campaign remembers between chapters: people's trust and flags, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    pub trust: BTreeMap<String, i32>,
    pub flags: BTreeMap<String, bool>,
}

/// Where a player is in a campaign: saved with the run of the current chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub campaign: String,
    /// The chapter being played.
    pub chapter: usize,
    /// The overall score of each finished chapter.
    pub scores: Vec<u32>,
    /// What the chapters so far left to remember.
    #[serde(default)]
    pub memory: Memory,
    /// What the current chapter started with, so it can be played again from there.
    #[serde(default)]
    pub carried: Carried,
    /// The finished chapters' runs, short: what a learning platform keeps to replay them.
    #[serde(default)]
    pub played: Vec<Bookmark>,
}

impl Campaign {
    /// Parse and check a campaign against the scenarios it names.
    pub fn load(
        bytes: &[u8],
        scenarios: &[&Scenario],
    ) -> Result<(Campaign, Vec<Diagnostic>), Vec<Diagnostic>> {
        let source = Source::new(bytes).map_err(|d| vec![d])?;
        let file: CampaignFile = source.read().map_err(|d| vec![d])?;
        let located = |mut list: Vec<Diagnostic>| {
            for d in &mut list {
                source.locate(d);
            }
            list
        };
        Campaign::compile(&file, scenarios)
            .map(|(c, warnings)| (c, located(warnings)))
            .map_err(located)
    }

    pub fn compile(
        file: &CampaignFile,
        scenarios: &[&Scenario],
    ) -> Result<(Campaign, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let mut error = |span, place: &str, message: String| {
            diagnostics.push(Diagnostic::error(place, message).spanned(span));
        };
        if !(1..=FORMAT_VERSION).contains(&file.format.value) {
            error(
                file.format.span,
                "format",
                format!(
                    "format {} is not supported; this version reads formats 1 to {FORMAT_VERSION}",
                    file.format.value
                ),
            );
        }
        let spans = |list: &[Spanned<String>]| list.first().map(|f| f.span);
        let needs = file
            .endings
            .value
            .iter()
            .find_map(|e| e.value.needs.first().map(|n| n.span));
        for (field, first) in [
            ("people", spans(&file.people)),
            ("remember", spans(&file.remember)),
            ("afterwards", file.afterwards.first().map(|a| a.span)),
            ("needs", needs),
        ] {
            if file.format.value < 2
                && let Some(first) = first
            {
                error(
                    first,
                    field,
                    format!(
                        "`{field}` needs `format: 2` (this file is format {})",
                        file.format.value
                    ),
                );
            }
        }
        if file.chapters.value.len() < 2 {
            error(
                file.chapters.span,
                "chapters",
                "a campaign has at least two chapters".into(),
            );
        }
        let find = |id: &str| scenarios.iter().copied().find(|s| s.id == id);
        let mut chapters = Vec::new();
        let mut other_campaign = Vec::new();
        let mut previous: Option<&Scenario> = None;
        let mut found: Vec<&Scenario> = Vec::new();
        for (n, chapter) in file.chapters.value.iter().enumerate() {
            let place = format!("chapter {} (`{}`)", n + 1, shown(&chapter.scenario));
            if chapter.intro.value.trim().is_empty() {
                error(chapter.intro.span, &place, "empty intro".into());
            }
            let Some(scenario) = find(&chapter.scenario) else {
                let hint = did_you_mean(&chapter.scenario, scenarios.iter().map(|s| s.id.as_str()))
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                error(
                    chapter.scenario.span,
                    &place,
                    format!("unknown scenario `{}`{hint}", shown(&chapter.scenario)),
                );
                previous = None;
                continue;
            };
            if let Some(other) = scenario
                .chapter_of
                .as_deref()
                .filter(|c| *c != file.id.value)
            {
                other_campaign.push(
                    Diagnostic::warning(
                        "other-campaign",
                        &place,
                        format!(
                            "`{}` is written as a chapter of campaign `{}`, not of this one",
                            scenario.id,
                            shown(other)
                        ),
                    )
                    .spanned(chapter.scenario.span),
                );
            }
            found.push(scenario);
            let mut carry = Vec::new();
            for c in &chapter.carry {
                let Some(before) = previous else {
                    if n == 0 {
                        error(
                            c.span,
                            &place,
                            "the first chapter has nothing to carry from".into(),
                        );
                    }
                    break;
                };
                let meter = |s: &Scenario, id: &str, side: &str| match s.meter_index(id) {
                    Some(m) => Ok(m),
                    None => {
                        let hint = did_you_mean(id, s.meters.iter().map(|m| m.id.as_str()))
                            .map(|k| format!(" (did you mean `{k}`?)"))
                            .unwrap_or_default();
                        Err(format!(
                            "carry {side}: `{}` has no meter or stakeholder `{}`{hint}",
                            s.id,
                            shown(id)
                        ))
                    }
                };
                if !(1..=100).contains(&c.share) {
                    error(
                        c.span,
                        &place,
                        format!(
                            "carry `{}`: share {} is not a percentage from 1 to 100",
                            shown(&c.from),
                            c.share
                        ),
                    );
                }
                match (meter(before, &c.from, "from"), meter(scenario, &c.to, "to")) {
                    (Ok(from), Ok(to)) => carry.push(Carry {
                        from,
                        to,
                        share: c.share,
                    }),
                    (a, b) => {
                        for message in [a.err(), b.err()].into_iter().flatten() {
                            error(c.span, &place, message);
                        }
                    }
                }
            }
            chapters.push(Chapter {
                scenario: chapter.scenario.value.clone(),
                intro: chapter.intro.value.clone(),
                carry,
            });
            previous = Some(scenario);
        }
        let mut warnings = other_campaign;
        for person in &file.people {
            let chapters_with = found
                .iter()
                .filter(|s| s.stakeholder_index(person).is_some())
                .count();
            if chapters_with < 2 {
                warnings.push(
                    Diagnostic::warning(
                        "never-reached",
                        "people",
                        format!(
                            "`{}` is a stakeholder of {chapters_with} chapter(s): their trust carries nowhere",
                            shown(person)
                        ),
                    )
                    .spanned(person.span),
                );
            }
        }
        // A flag declared in one chapter only is still worth remembering when an ending
        // needs it: it is kept for the close.
        let needed = |flag: &str| {
            file.endings.value.iter().any(|e| {
                e.value
                    .needs
                    .iter()
                    .any(|n| matches!(&n.value, Need::Flag(f) | Need::NotFlag(f) if f == flag))
            })
        };
        for flag in &file.remember {
            let chapters_with = found
                .iter()
                .filter(|s| s.flag_index(flag).is_some())
                .count();
            if chapters_with == 0 || (chapters_with < 2 && !needed(flag)) {
                warnings.push(
                    Diagnostic::warning(
                        "unread-flag",
                        "remember",
                        format!(
                            "flag `{}` is declared in {chapters_with} chapter(s): it carries nowhere",
                            shown(flag)
                        ),
                    )
                    .spanned(flag.span),
                );
            }
        }
        let people: Vec<&str> = file.people.iter().map(|p| p.value.as_str()).collect();
        let remembered: Vec<&str> = file.remember.iter().map(|f| f.value.as_str()).collect();
        let mut afterwards = Vec::new();
        for a in &file.afterwards {
            let person = a.value.person.value.as_str();
            let place = format!("afterwards of `{}`", shown(person));
            if !people.contains(&person) {
                error(
                    a.value.person.span,
                    &place,
                    format!("`{}` is not one of the campaign's `people`", shown(person)),
                );
            } else if afterwards.iter().any(|(p, _)| p == person) {
                error(
                    a.value.person.span,
                    &place,
                    format!("`{}` has two `afterwards`", shown(person)),
                );
            }
            if let Some(trust) = (0..=100).find(|&t| !a.value.lines.iter().any(|(c, _)| c.holds(t)))
            {
                error(
                    a.span,
                    &place,
                    format!("no line for a final trust of {trust}: end with `AtLeast(0)`"),
                );
            }
            afterwards.push((person.to_owned(), a.value.lines.clone()));
        }
        afterwards.sort_by_key(|(p, _)| people.iter().position(|q| q == p));
        for e in &file.endings.value {
            for need in &e.value.needs {
                let place = format!("ending `{}`", shown(&e.value.title));
                match &need.value {
                    Need::Trust(person, _) if !people.contains(&person.as_str()) => error(
                        need.span,
                        &place,
                        format!(
                            "`{}` is not one of the campaign's `people`: their trust is not kept",
                            shown(person)
                        ),
                    ),
                    Need::Flag(flag) | Need::NotFlag(flag)
                        if !remembered.contains(&flag.as_str()) =>
                    {
                        error(
                            need.span,
                            &place,
                            format!(
                                "flag `{}` is not in `remember`: the campaign does not keep it",
                                shown(flag)
                            ),
                        )
                    }
                    _ => {}
                }
            }
        }
        if !file.afterwards.is_empty() {
            for person in &file.people {
                if !afterwards.iter().any(|(p, _)| *p == person.value) {
                    warnings.push(
                        Diagnostic::warning(
                            "silent-person",
                            "afterwards",
                            format!(
                                "the epilogue says nothing of `{}`: give them `afterwards` lines",
                                shown(person)
                            ),
                        )
                        .spanned(person.span),
                    );
                }
            }
        }
        let mut endings: Vec<CampaignEnding> = file
            .endings
            .value
            .iter()
            .map(|e| CampaignEnding {
                min_score: e.min_score,
                title: e.title.clone(),
                epilogue: e.epilogue.clone(),
                needs: e.needs.iter().map(|n| n.value.clone()).collect(),
            })
            .collect();
        endings.sort_by_key(|e| std::cmp::Reverse(e.min_score));
        if !endings
            .iter()
            .any(|e| e.min_score == 0 && e.needs.is_empty())
        {
            diagnostics.push(
                Diagnostic::error(
                    "endings",
                    "give one ending `min_score: 0` and no `needs`, so every campaign has an epilogue",
                )
                .spanned(file.endings.span),
            );
        }
        diagnostics.extend(warnings);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok((
            Campaign {
                id: file.id.value.clone(),
                title: file.title.value.clone(),
                summary: file.summary.value.clone(),
                chapters,
                people: file.people.iter().map(|p| p.value.clone()).collect(),
                remember: file.remember.iter().map(|f| f.value.clone()).collect(),
                afterwards,
                endings,
            },
            diagnostics,
        ))
    }

    /// The progress of a new campaign.
    pub fn begin(&self) -> Progress {
        Progress {
            campaign: self.id.clone(),
            chapter: 0,
            scores: Vec::new(),
            memory: Memory::default(),
            carried: Carried::default(),
            played: Vec::new(),
        }
    }

    /// Check that saved progress fits this campaign (it may have changed since).
    pub fn check(&self, progress: &Progress) -> Result<(), String> {
        if progress.campaign != self.id {
            return Err(format!("it belongs to campaign `{}`", progress.campaign));
        }
        if progress.chapter >= self.chapters.len() {
            return Err(format!(
                "it is at chapter {}, and the campaign now has {}",
                progress.chapter + 1,
                self.chapters.len()
            ));
        }
        if progress.scores.len() != progress.chapter {
            return Err("its chapter scores do not match its chapter".to_owned());
        }
        Ok(())
    }

    /// The progress after `run` finished the current chapter (of `scenario`): its score
    /// kept, what it leaves remembered, and what the next chapter starts with. `None` after
    /// the last, or while the run is still being played.
    pub fn advance(
        &self,
        progress: &Progress,
        scenario: &Scenario,
        run: &Run,
        next: &Scenario,
    ) -> Option<Progress> {
        let score = run.score(scenario)?.overall;
        let chapter = progress.chapter + 1;
        self.chapters.get(chapter)?;
        let ended = run.state();
        let mut memory = progress.memory.clone();
        self.remember(&mut memory, scenario, ended);
        let carried = self.carried(chapter, Some((scenario, ended)), next, &memory);
        let mut scores = progress.scores.clone();
        scores.push(score);
        let mut played = progress.played.clone();
        played.push(Bookmark::of(scenario, run));
        Some(Progress {
            campaign: self.id.clone(),
            chapter,
            scores,
            memory,
            carried,
            played,
        })
    }

    /// What chapter `chapter` starts with: each carried meter's start moved by `share`% of the
    /// change the player made in the chapter before, then the remembered people's trust and
    /// flags.
    pub fn carried(
        &self,
        chapter: usize,
        previous: Option<(&Scenario, &State)>,
        next: &Scenario,
        memory: &Memory,
    ) -> Carried {
        let mut carried = Carried::default();
        if let (Some(chapter), Some((before, ended))) = (self.chapters.get(chapter), previous) {
            for c in &chapter.carry {
                let change = i64::from(ended.meter(c.from)) - i64::from(before.meter(c.from).start);
                let target = next.meter(c.to);
                let moved = i64::from(target.start) + change * i64::from(c.share) / 100;
                carried.meters.push((
                    c.to,
                    moved.clamp(i64::from(target.min), i64::from(target.max)) as i32,
                ));
            }
        }
        for person in &self.people {
            if let (Some(s), Some(&trust)) =
                (next.stakeholder_index(person), memory.trust.get(person))
            {
                carried
                    .meters
                    .push((next.stakeholder(s).trust, trust.clamp(0, 100)));
            }
        }
        for flag in &self.remember {
            if let (Some(f), Some(true)) = (next.flag_index(flag), memory.flags.get(flag)) {
                carried.flags.push(f);
            }
        }
        carried
    }

    /// Keep what a finished chapter leaves for the next ones.
    pub fn remember(&self, memory: &mut Memory, scenario: &Scenario, ended: &State) {
        for person in &self.people {
            if let Some(s) = scenario.stakeholder_index(person) {
                memory
                    .trust
                    .insert(person.clone(), ended.meter(scenario.stakeholder(s).trust));
            }
        }
        for flag in &self.remember {
            if let Some(f) = scenario.flag_index(flag) {
                memory.flags.insert(flag.clone(), ended.flag(f));
            }
        }
    }

    /// The campaign's score: the mean of its chapters' scores, rounded.
    pub fn score(chapter_scores: &[u32]) -> u32 {
        if chapter_scores.is_empty() {
            return 0;
        }
        let sum: u64 = chapter_scores.iter().map(|&s| u64::from(s)).sum();
        let n = chapter_scores.len() as u64;
        ((sum + n / 2) / n) as u32
    }

    /// The epilogue a campaign score and what the campaign remembers earn: the first, from
    /// the highest `min_score` down, whose score and needs both hold.
    pub fn ending(&self, score: u32, memory: &Memory) -> Option<&CampaignEnding> {
        self.endings
            .iter()
            .find(|e| score >= e.min_score && e.needs.iter().all(|n| n.holds(memory)))
    }

    /// How the campaign closes after its last chapter: the score of `chapter_scores`, the
    /// ending it earns and each followed person's line by the trust they ended with.
    pub fn closing(&self, chapter_scores: &[u32], memory: &Memory) -> Option<Closing<'_>> {
        let score = Campaign::score(chapter_scores);
        let ending = self.ending(score, memory)?;
        let afterwards = self
            .afterwards
            .iter()
            .filter_map(|(person, lines)| {
                let trust = i64::from(*memory.trust.get(person)?);
                lines
                    .iter()
                    .find(|(c, _)| c.holds(trust))
                    .map(|(_, line)| line.as_str())
            })
            .collect();
        Some(Closing {
            score,
            ending,
            afterwards,
        })
    }
}
