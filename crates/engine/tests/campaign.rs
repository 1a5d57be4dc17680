//! The campaign: chapters in sequence, meters carried between them, one score and epilogue.

mod common;

use promoted_engine::campaign::Campaign;
use promoted_engine::{Run, Scenario};

const CAMPAIGN: &str = include_str!("../../../scenarios/first-90-days.campaign.ron");

fn scenarios() -> Vec<Scenario> {
    common::library().into_iter().map(|(_, s)| s).collect()
}

fn load(text: &str, scenarios: &[Scenario]) -> Result<Campaign, Vec<String>> {
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    Campaign::load(text.as_bytes(), &refs)
        .map(|(c, _)| c)
        .map_err(|errors| errors.iter().map(|d| d.render("c.ron")).collect())
}

#[test]
fn the_campaign_plays_through_carrying_what_the_player_did() {
    let scenarios = scenarios();
    let campaign = load(CAMPAIGN, &scenarios).expect("the campaign loads");
    assert!(campaign.chapters.len() >= 4);
    let find = |id: &str| {
        scenarios
            .iter()
            .find(|s| s.id == id)
            .expect("in the library")
    };
    let mut scores = Vec::new();
    let mut previous: Option<(&Scenario, Run)> = None;
    let mut progress = campaign.begin();
    for (n, chapter) in campaign.chapters.iter().enumerate() {
        let scenario = find(&chapter.scenario);
        let carried = campaign.carried(
            n,
            previous.as_ref().map(|(s, r)| (*s, r.state())),
            scenario,
            &progress.memory,
        );
        let starts = &carried.meters;
        let expected = if n == 0 { 0 } else { chapter.carry.len() };
        assert_eq!(starts.len(), expected);
        for (carry, &(meter, value)) in chapter.carry.iter().zip(starts) {
            let (before, run) = previous.as_ref().expect("a chapter before");
            let change = run.state().meter(carry.from) - before.meter(carry.from).start;
            let def = scenario.meter(meter);
            assert_eq!(
                value,
                (def.start + change * carry.share as i32 / 100).clamp(def.min, def.max)
            );
        }
        let (_, seed, path) = common::THOUGHTFUL
            .iter()
            .find(|(id, ..)| *id == scenario.id)
            .expect("a path");
        let mut run = Run::starting(scenario, *seed, &carried);
        for &(meter, value) in starts {
            assert_eq!(
                run.state().meter(meter),
                value,
                "the chapter starts from the carried value"
            );
        }
        for choice in *path {
            if run.is_finished() {
                break;
            }
            run.choose_id(scenario, choice)
                .unwrap_or_else(|e| panic!("{}: {e}", scenario.id));
        }
        assert!(run.is_finished(), "{} ends", scenario.id);
        scores.push(run.score(scenario).expect("scored").overall);
        campaign.remember(&mut progress.memory, scenario, run.state());
        previous = Some((scenario, run));
    }
    let score = Campaign::score(&scores);
    assert!(
        score >= 80,
        "thoughtful play through the campaign scores {score} ({scores:?})"
    );
    assert_eq!(
        campaign
            .ending(score, &progress.memory)
            .map(|e| e.title.as_str()),
        Some("The Lead They Hoped For")
    );
    assert_eq!(
        campaign.ending(10, &progress.memory).map(|e| e.min_score),
        Some(0),
        "every score has an epilogue"
    );
}

#[test]
fn campaign_scores_are_the_rounded_mean_of_the_chapters() {
    assert_eq!(Campaign::score(&[80, 91]), 86);
    assert_eq!(Campaign::score(&[80, 90, 91]), 87);
    assert_eq!(Campaign::score(&[]), 0);
}

#[test]
fn campaign_errors_name_the_chapter_and_suggest() {
    let scenarios = scenarios();
    let errors = load(
        &CAMPAIGN.replacen(
            "scenario: \"impossible-deadline\"",
            "scenario: \"impossible-deadlines\"",
            1,
        ),
        &scenarios,
    )
    .expect_err("unknown scenario");
    assert!(errors.iter().any(|e| e.contains("chapter 2 (`impossible-deadlines`): unknown scenario `impossible-deadlines` (did you mean `impossible-deadline`?)")), "{errors:#?}");

    let errors = load(
        &CAMPAIGN.replacen(
            "Carry(from: \"helen\", to: \"howard\"",
            "Carry(from: \"helena\", to: \"howard\"",
            1,
        ),
        &scenarios,
    )
    .expect_err("unknown meter");
    assert!(errors.iter().any(|e| e.contains("carry from: `peer-to-boss` has no meter or stakeholder `helena` (did you mean `helen`?)")), "{errors:#?}");

    let errors = load(
        &CAMPAIGN.replacen("min_score: 0,", "min_score: 10,", 1),
        &scenarios,
    )
    .expect_err("no fallback");
    assert!(
        errors.iter().any(|e| e.contains("min_score: 0")),
        "{errors:#?}"
    );

    let errors =
        load(&CAMPAIGN.replacen("share: 50", "share: 150", 1), &scenarios).expect_err("bad share");
    assert!(
        errors.iter().any(|e| e.contains("share 150")),
        "{errors:#?}"
    );

    let errors = load("Campaign(format: 1", &scenarios).expect_err("syntax");
    assert!(errors[0].starts_with("c.ron:1:"), "{errors:#?}");
}
