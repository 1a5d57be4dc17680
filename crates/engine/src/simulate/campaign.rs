//! Seeded playthroughs of a whole campaign: each run plays every chapter in turn with one
//! policy, carrying what the campaign carries, so its endings can be balanced as a whole.

use serde::Serialize;

use super::{Counts, Distribution, Policy, RunEnd, play_out};
use crate::campaign::{Campaign, Memory};
use crate::model::Scenario;
use crate::rng::Rng;
use crate::score::score;
use crate::state::{RunStatus, State};

/// What a campaign simulation found.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignSummary {
    pub campaign: String,
    pub runs: u32,
    pub seed: u64,
    pub policy: Policy,
    /// Runs per campaign ending, from the highest `min_score` down.
    pub endings: Vec<CampaignEndingCount>,
    pub scores: Distribution,
    pub chapters: Vec<ChapterSummary>,
    /// Runs that stopped in a chapter with no ending (the chapter's own simulation says why).
    pub failed: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignEndingCount {
    pub title: String,
    pub min_score: u32,
    pub runs: u32,
}

/// One chapter across the runs: its endings and its scores.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterSummary {
    pub scenario: String,
    pub endings: Vec<(String, u32)>,
    pub scores: Distribution,
}

/// Play `runs` campaigns; run `i` uses seed `seed + i`, and its chapter `n` that seed moved by
/// `n` in the high half, so chapters of one run draw apart from the chapters of the next.
/// `scenarios` must hold every chapter's scenario (the campaign was compiled against them).
pub fn simulate_campaign(
    campaign: &Campaign,
    scenarios: &[&Scenario],
    runs: u32,
    seed: u64,
    policy: Policy,
) -> CampaignSummary {
    let runs = runs.min(super::MAX_RUNS);
    // Every chapter's scenario, in order; a campaign compiled against `scenarios` has them all,
    // and without one no run could be played, so every run counts as failed.
    let chapters: Vec<&Scenario> = campaign
        .chapters
        .iter()
        .map_while(|c| scenarios.iter().copied().find(|s| s.id == c.scenario))
        .collect();
    let complete = chapters.len() == campaign.chapters.len();
    let mut ending_runs = vec![0u32; campaign.endings.len()];
    let mut campaign_scores = Counts::default();
    let mut chapter_endings: Vec<Vec<u32>> =
        chapters.iter().map(|s| vec![0; s.endings.len()]).collect();
    let mut chapter_scores: Vec<Counts> = vec![Counts::default(); chapters.len()];
    let mut failed = 0;
    let mut available = Vec::new();
    'runs: for i in 0..runs {
        if !complete {
            failed += 1;
            continue;
        }
        let run_seed = seed.wrapping_add(u64::from(i));
        let mut memory = Memory::default();
        let mut scores = Vec::with_capacity(chapters.len());
        let mut previous: Option<(&Scenario, State)> = None;
        for (n, &scenario) in chapters.iter().enumerate() {
            let carried = campaign.carried(
                n,
                previous.as_ref().map(|(s, state)| (*s, state)),
                scenario,
                &memory,
            );
            let chapter_seed = run_seed.wrapping_add((n as u64) << 32);
            let mut state = State::starting(scenario, chapter_seed, &carried);
            let mut rng = Rng::side_stream(chapter_seed);
            let end = play_out(
                scenario,
                &mut state,
                policy,
                &mut rng,
                &mut available,
                |_, _, _| {},
            );
            let scored = score(scenario, &state);
            let (RunStatus::Ended(e), Some(s), RunEnd::Ended) = (state.status(), scored, end)
            else {
                failed += 1;
                continue 'runs;
            };
            chapter_endings[n][e.index()] += 1;
            chapter_scores[n].add(i64::from(s.overall));
            scores.push(s.overall);
            campaign.remember(&mut memory, scenario, &state);
            previous = Some((scenario, state));
        }
        let closing_score = Campaign::score(&scores);
        if let Some(ending) = campaign.ending(closing_score, &memory)
            && let Some(k) = campaign
                .endings
                .iter()
                .position(|e| std::ptr::eq(e, ending))
        {
            ending_runs[k] += 1;
        }
        campaign_scores.add(i64::from(closing_score));
    }
    CampaignSummary {
        campaign: campaign.id.clone(),
        runs,
        seed,
        policy,
        endings: campaign
            .endings
            .iter()
            .zip(&ending_runs)
            .map(|(e, &runs)| CampaignEndingCount {
                title: e.title.clone(),
                min_score: e.min_score,
                runs,
            })
            .collect(),
        scores: campaign_scores.distribution(),
        chapters: chapters
            .iter()
            .zip(chapter_endings.iter().zip(&chapter_scores))
            .map(|(s, (endings, scores))| ChapterSummary {
                scenario: s.id.clone(),
                endings: s
                    .endings
                    .iter()
                    .zip(endings)
                    .map(|(e, &n)| (e.title.clone(), n))
                    .collect(),
                scores: scores.distribution(),
            })
            .collect(),
        failed,
    }
}

/// A fixed policy played through the whole campaign: does it reach the best ending?
#[derive(Debug, Clone, Serialize)]
pub struct CampaignPolicyResult {
    pub policy: Policy,
    pub runs: u32,
    pub median_score: i64,
    /// Runs that earned the campaign's best ending (its highest `min_score`).
    pub best_endings: u32,
}

/// Every fixed policy of the tells, `runs` campaigns each (at most a thousand).
pub fn campaign_policies(
    campaign: &Campaign,
    scenarios: &[&Scenario],
    runs: u32,
    seed: u64,
) -> Vec<CampaignPolicyResult> {
    crate::analysis::tells::FIXED
        .iter()
        .map(|&policy| {
            let summary = simulate_campaign(
                campaign,
                scenarios,
                runs.min(super::POLICY_RUNS),
                seed,
                policy,
            );
            CampaignPolicyResult {
                policy,
                runs: summary.runs,
                median_score: summary.scores.median,
                best_endings: summary.endings.first().map_or(0, |e| e.runs),
            }
        })
        .collect()
}
