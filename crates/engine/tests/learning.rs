//! What a learning platform keeps: a bookmark replays every run exactly (random outcomes,
//! mentor questions, priorities, a campaign's chapters), fits SCORM 1.2's 4,096 characters
//! on every path the bots find, and refuses what it cannot replay with a reason. The record
//! says what each decision traded and, at the end, the score.

mod common;

use promoted_engine::campaign::{Campaign, Progress};
use promoted_engine::learning::{BookmarkError, Mark, Record, SCORM12_SUSPEND_LIMIT};
use promoted_engine::{Priority, Run, Scenario};

const CAMPAIGN: &str = include_str!("../../../scenarios/first-90-days.campaign.ron");

fn scenarios() -> Vec<Scenario> {
    common::library().into_iter().map(|(_, s)| s).collect()
}

/// splitmix64: the bots' own dice, apart from the runs' seeds.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

/// Play `run` to its end (or for `limit` decisions) at random, asking the mentor now and
/// then and, with `undo`, taking a decision back now and then.
fn play(scenario: &Scenario, run: &mut Run, dice: &mut Dice, undo: bool, limit: usize) {
    if run.history().is_empty() && !scenario.priorities.is_empty() && dice.below(2) == 0 {
        let offered: Vec<Priority> = scenario.priorities.iter().map(|(p, _)| *p).collect();
        let first = dice.below(offered.len());
        let second = (first + 1 + dice.below(offered.len() - 1)) % offered.len();
        run.name_priorities(scenario, &[offered[first], offered[second]])
            .expect("two offered priorities");
    }
    let mut made = 0;
    while !run.is_finished() && made < limit {
        if dice.below(4) == 0 {
            let _ = run.ask_mentor(scenario);
        }
        let available = run.available(scenario);
        let choice = available[dice.below(available.len())];
        run.choose(scenario, choice).expect("an available choice");
        made += 1;
        if undo && dice.below(5) == 0 {
            run.undo();
        }
    }
}

#[test]
fn a_bookmark_replays_every_run_exactly_and_fits_scorm_1_2() {
    let library = scenarios();
    let mut longest = (0, String::new());
    for scenario in &library {
        for seed in 0..200 {
            let mut dice = Dice(seed);
            let mut run = Run::new(scenario, seed.wrapping_mul(31).wrapping_add(7));
            // Some runs stop half-way, as a learner closing the window does.
            let limit = if seed % 3 == 0 { 4 } else { usize::MAX };
            play(scenario, &mut run, &mut dice, false, limit);
            let text = Mark::of(scenario, &run, None).to_text();
            if text.len() > longest.0 {
                longest = (text.len(), scenario.id.clone());
            }
            let mark = Mark::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let replayed = mark
                .replay(|id| library.iter().find(|s| s.id == id), |_| None)
                .unwrap_or_else(|e| panic!("{}: {text}: {e}", scenario.id));
            assert_eq!(replayed.run, run, "{}: {text}", scenario.id);
            assert_eq!(replayed.progress, None);
        }
    }
    println!(
        "longest bookmark: {} characters ({}), of {SCORM12_SUSPEND_LIMIT}",
        longest.0, longest.1
    );
    assert!(longest.0 * 2 < SCORM12_SUSPEND_LIMIT, "{longest:?}");
}

#[test]
fn a_run_with_decisions_taken_back_replays_to_the_same_place() {
    let library = scenarios();
    for scenario in &library {
        for seed in 0..40 {
            let mut run = Run::new(scenario, seed);
            play(scenario, &mut run, &mut Dice(seed + 1000), true, usize::MAX);
            let mark = Mark::of(scenario, &run, None);
            let replayed = mark
                .replay(|id| library.iter().find(|s| s.id == id), |_| None)
                .expect("replays");
            assert_eq!(replayed.run.state(), run.state(), "{}", scenario.id);
            assert_eq!(replayed.run.history(), run.history(), "{}", scenario.id);
            assert_eq!(replayed.run.priorities(), run.priorities());
        }
    }
}

/// Play the campaign at random up to `stop_in` (chapter, decisions into it), as the game
/// does: each chapter starts from what the last one carried.
fn campaign_run(
    campaign: &Campaign,
    library: &[Scenario],
    seed: u64,
    stop_in: (usize, usize),
) -> (Run, Progress) {
    let find = |id: &str| library.iter().find(|s| s.id == id).expect("in the library");
    let mut dice = Dice(seed);
    let mut progress = campaign.begin();
    loop {
        let scenario = find(&campaign.chapters[progress.chapter].scenario);
        let mut run = Run::starting(scenario, seed + progress.chapter as u64, &progress.carried);
        let limit = if progress.chapter == stop_in.0 {
            stop_in.1
        } else {
            usize::MAX
        };
        play(scenario, &mut run, &mut dice, false, limit);
        if progress.chapter == stop_in.0 || progress.chapter + 1 == campaign.chapters.len() {
            return (run, progress);
        }
        let next = find(&campaign.chapters[progress.chapter + 1].scenario);
        progress = campaign
            .advance(&progress, scenario, &run, next)
            .expect("a finished chapter with one after it");
    }
}

#[test]
fn a_campaign_bookmark_replays_its_chapters_and_what_they_carried() {
    let library = scenarios();
    let refs: Vec<&Scenario> = library.iter().collect();
    let (campaign, _) = Campaign::load(CAMPAIGN.as_bytes(), &refs).expect("the campaign loads");
    let chapters = campaign.chapters.len();
    let mut longest = 0;
    for seed in 0..30 {
        let stop = (
            seed as usize % chapters,
            if seed % 2 == 0 { 3 } else { usize::MAX },
        );
        let (run, progress) = campaign_run(&campaign, &library, seed, stop);
        let scenario = library
            .iter()
            .find(|s| s.id == run.scenario)
            .expect("the chapter's scenario");
        let text = Mark::of(scenario, &run, Some(&progress)).to_text();
        longest = longest.max(text.len());
        let replayed = Mark::parse(&text)
            .expect("reads")
            .replay(
                |id| library.iter().find(|s| s.id == id),
                |id| (id == campaign.id).then_some(&campaign),
            )
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(replayed.run, run, "{text}");
        assert_eq!(replayed.progress.as_ref(), Some(&progress), "{text}");
    }
    println!("longest campaign bookmark: {longest} characters, of {SCORM12_SUSPEND_LIMIT}");
    assert!(longest < SCORM12_SUSPEND_LIMIT);
}

#[test]
fn a_bookmark_that_no_longer_fits_says_why() {
    let library = scenarios();
    let scenario = &library[0];
    let mut run = Run::new(scenario, 3);
    play(scenario, &mut run, &mut Dice(3), false, 2);
    let text = Mark::of(scenario, &run, None).to_text();
    let replay = |text: &str| {
        Mark::parse(text)
            .and_then(|m| m.replay(|id| library.iter().find(|s| s.id == id), |_| None))
            .map(|_| ())
    };
    // Another scenario's id, a changed scenario, a choice the node does not have.
    let missing = text.replacen(&scenario.id, "not-here", 1);
    assert_eq!(
        replay(&missing),
        Err(BookmarkError::Missing("scenario `not-here`".into()))
    );
    let mut fields: Vec<&str> = text.split(';').collect();
    fields[2] = "1";
    assert_eq!(
        replay(&fields.join(";")),
        Err(BookmarkError::Changed(scenario.id.clone()))
    );
    let mut fields: Vec<String> = text.split(';').map(str::to_owned).collect();
    fields[5] = "no-such-choice".into();
    let error = replay(&fields.join(";")).expect_err("refused");
    assert!(
        matches!(&error, BookmarkError::Step { step: 1, why } if why.contains("no-such-choice")),
        "{error}"
    );
    assert!(error.to_string().starts_with("decision 1 no longer fits"));
}

#[test]
fn the_record_says_what_each_decision_traded_and_the_score_at_the_end() {
    let library = scenarios();
    let scenario = library
        .iter()
        .find(|s| s.id == "first-hard-feedback")
        .expect("shipped");
    let mut run = Run::new(scenario, 11);
    play(scenario, &mut run, &mut Dice(5), false, 1);
    let record = Record::of(scenario, &run, None);
    assert!(!record.complete);
    assert_eq!(record.score, None);
    assert_eq!(record.decisions.len(), 1);
    let first = &record.decisions[0];
    assert_eq!(first.id, format!("{}.{}", scenario.id, first.node));
    assert!(first.options.iter().any(|(id, _)| *id == first.choice));
    assert!(!first.traded.is_empty());
    assert!(first.traded.is_ascii(), "{}", first.traded);
    play(scenario, &mut run, &mut Dice(5), false, usize::MAX);
    let record = Record::of(scenario, &run, None);
    let score = run.score(scenario).expect("ended");
    assert!(record.complete);
    assert_eq!(record.score, Some(score.overall));
    let ended = record.ended.as_ref().expect("ended");
    assert_eq!(ended.objectives.len(), scenario.competencies.len());
    assert!(
        ended
            .objectives
            .iter()
            .all(|o| o.id.starts_with("first-hard-feedback."))
    );
    assert_eq!(record.decisions.len(), run.history().len());
    // The record's bookmark is the run's.
    assert_eq!(record.bookmark, Mark::of(scenario, &run, None).to_text());
    let json = record.to_json();
    assert!(json.contains("\"complete\":true"), "{json}");
}

#[test]
fn a_campaign_bookmark_with_a_chapter_too_many_or_out_of_order_is_refused() {
    let library = scenarios();
    let refs: Vec<&Scenario> = library.iter().collect();
    let (campaign, _) = Campaign::load(CAMPAIGN.as_bytes(), &refs).expect("the campaign loads");
    let last = campaign.chapters.len() - 1;
    let (run, progress) = campaign_run(&campaign, &library, 9, (last, 2));
    let scenario = library
        .iter()
        .find(|s| s.id == run.scenario)
        .expect("the chapter's scenario");
    let text = Mark::of(scenario, &run, Some(&progress)).to_text();
    let replay = |text: &str| {
        Mark::parse(text)
            .and_then(|m| {
                m.replay(
                    |id| library.iter().find(|s| s.id == id),
                    |id| (id == campaign.id).then_some(&campaign),
                )
            })
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert_eq!(replay(&text), Ok(()));
    // The last chapter twice: one more than the campaign has.
    let chapter: Vec<&str> = text.split(';').collect();
    let tail = chapter[chapter.len() - 5..].join(";");
    let error = replay(&format!("{text};{tail}")).expect_err("refused");
    assert!(error.contains("more chapters than"), "{error}");
    // The first chapter dropped: the second is not the campaign's first.
    let mut fields: Vec<&str> = text.split(';').collect();
    fields.drain(2..7);
    let error = replay(&fields.join(";")).expect_err("refused");
    assert!(
        error.contains("chapter 1 of `first-90-days` is not"),
        "{error}"
    );
}
