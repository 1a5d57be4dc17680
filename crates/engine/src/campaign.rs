//! Campaigns: scenarios played in sequence, with what the player did to some meters carried
//! into the next scenario (the team remembers), and an epilogue and score for the whole.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::format::FORMAT_VERSION;
use crate::load::{MAX_SCENARIO_BYTES, ron_options};
use crate::scenario::{MeterIdx, Scenario};
use crate::state::State;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Campaign")]
pub struct CampaignFile {
    pub format: u32,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub chapters: Vec<ChapterFile>,
    pub endings: Vec<CampaignEndingFile>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Chapter")]
pub struct ChapterFile {
    pub scenario: String,
    /// What happened since the last chapter, shown before this one starts.
    pub intro: String,
    /// Meters carried in from the previous chapter.
    #[serde(default)]
    pub carry: Vec<CarryFile>,
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub chapters: Vec<Chapter>,
    /// From the highest `min_score` down.
    pub endings: Vec<CampaignEndingFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub scenario: String,
    pub intro: String,
    pub carry: Vec<Carry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Carry {
    pub from: MeterIdx,
    pub to: MeterIdx,
    pub share: u32,
}

/// Where a player is in a campaign: saved with the run of the current chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub campaign: String,
    /// The chapter being played.
    pub chapter: usize,
    /// The overall score of each finished chapter.
    pub scores: Vec<u32>,
}

impl Campaign {
    /// Parse and check a campaign against the scenarios it names.
    pub fn load(
        bytes: &[u8],
        scenarios: &[&Scenario],
    ) -> Result<(Campaign, Vec<Diagnostic>), Vec<Diagnostic>> {
        if bytes.len() > MAX_SCENARIO_BYTES {
            return Err(vec![Diagnostic::error("", "the file is over 1 MiB")]);
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| vec![Diagnostic::error("", "the file is not UTF-8 text")])?;
        let file: CampaignFile = ron_options().from_str(text).map_err(|e| {
            vec![Diagnostic::error("", e.code.to_string()).at(e.span.start.line, e.span.start.col)]
        })?;
        Campaign::compile(&file, scenarios)
    }

    pub fn compile(
        file: &CampaignFile,
        scenarios: &[&Scenario],
    ) -> Result<(Campaign, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        if file.format != FORMAT_VERSION {
            diagnostics.push(Diagnostic::error(
                "format",
                format!(
                    "format {} is not supported; this version reads format {FORMAT_VERSION}",
                    file.format
                ),
            ));
        }
        if file.chapters.len() < 2 {
            diagnostics.push(Diagnostic::error(
                "chapters",
                "a campaign has at least two chapters",
            ));
        }
        let find = |id: &str| scenarios.iter().copied().find(|s| s.id == id);
        let mut chapters = Vec::new();
        let mut previous: Option<&Scenario> = None;
        for (n, chapter) in file.chapters.iter().enumerate() {
            let place = format!("chapter {} (`{}`)", n + 1, chapter.scenario);
            if chapter.intro.trim().is_empty() {
                diagnostics.push(Diagnostic::error(place.clone(), "empty intro"));
            }
            let Some(scenario) = find(&chapter.scenario) else {
                let known = scenarios.iter().map(|s| s.id.as_str());
                let hint = did_you_mean(&chapter.scenario, known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                diagnostics.push(Diagnostic::error(
                    place,
                    format!("unknown scenario `{}`{hint}", chapter.scenario),
                ));
                previous = None;
                continue;
            };
            let mut carry = Vec::new();
            for c in &chapter.carry {
                let Some(before) = previous else {
                    if n == 0 {
                        diagnostics.push(Diagnostic::error(
                            place.clone(),
                            "the first chapter has nothing to carry from",
                        ));
                    }
                    break;
                };
                let meter = |s: &Scenario, id: &str, side: &str| match s.meter_index(id) {
                    Some(m) => Ok(m),
                    None => {
                        let hint = did_you_mean(id, s.meters.iter().map(|m| m.id.as_str()))
                            .map(|k| format!(" (did you mean `{k}`?)"))
                            .unwrap_or_default();
                        Err(Diagnostic::error(
                            place.clone(),
                            format!(
                                "carry {side}: `{}` has no meter or stakeholder `{id}`{hint}",
                                s.id
                            ),
                        ))
                    }
                };
                if !(1..=100).contains(&c.share) {
                    diagnostics.push(Diagnostic::error(
                        place.clone(),
                        format!(
                            "carry `{}`: share {} is not a percentage from 1 to 100",
                            c.from, c.share
                        ),
                    ));
                }
                match (meter(before, &c.from, "from"), meter(scenario, &c.to, "to")) {
                    (Ok(from), Ok(to)) => carry.push(Carry {
                        from,
                        to,
                        share: c.share,
                    }),
                    (a, b) => diagnostics.extend([a.err(), b.err()].into_iter().flatten()),
                }
            }
            chapters.push(Chapter {
                scenario: chapter.scenario.clone(),
                intro: chapter.intro.clone(),
                carry,
            });
            previous = Some(scenario);
        }
        let mut endings = file.endings.clone();
        endings.sort_by_key(|e| std::cmp::Reverse(e.min_score));
        if endings.last().is_none_or(|e| e.min_score > 0) {
            diagnostics.push(Diagnostic::error(
                "endings",
                "give one ending `min_score: 0`, so every campaign has an epilogue",
            ));
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok((
            Campaign {
                id: file.id.clone(),
                title: file.title.clone(),
                summary: file.summary.clone(),
                chapters,
                endings,
            },
            diagnostics,
        ))
    }

    /// The start values chapter `chapter` takes from how the previous one ended: each
    /// carried meter's start moves by `share`% of the change the player made.
    pub fn carried(
        &self,
        chapter: usize,
        previous: &Scenario,
        ended: &State,
        next: &Scenario,
    ) -> Vec<(MeterIdx, i32)> {
        let Some(chapter) = self.chapters.get(chapter) else {
            return Vec::new();
        };
        chapter
            .carry
            .iter()
            .map(|c| {
                let change = ended.meter(c.from) - previous.meters[usize::from(c.from)].start;
                let target = &next.meters[usize::from(c.to)];
                let moved = target.start + (change * c.share as i32) / 100;
                (c.to, moved.clamp(target.min, target.max))
            })
            .collect()
    }

    /// The campaign's score: the mean of its chapters' scores, rounded.
    pub fn score(chapter_scores: &[u32]) -> u32 {
        if chapter_scores.is_empty() {
            return 0;
        }
        let sum: u32 = chapter_scores.iter().sum();
        (sum + chapter_scores.len() as u32 / 2) / chapter_scores.len() as u32
    }

    /// The epilogue a campaign score earns.
    pub fn ending(&self, score: u32) -> Option<&CampaignEndingFile> {
        self.endings.iter().find(|e| score >= e.min_score)
    }
}
