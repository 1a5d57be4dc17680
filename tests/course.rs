//! The game launched as a course by a learning platform: every change to the run is
//! reported, an ending completes the course with its score, a run the platform kept resumes
//! at the same decision (a campaign's chapter with what earlier chapters carried), and a
//! kept run that no longer fits is explained, never a crash.

mod common;

use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use common::{app_with, library_files, screen, trigger, update_until};
use promoted::adapters::course::{Course, Platform};
use promoted::adapters::persistence::{MemoryStore, Notice, SavedGame, SavedRun, Storage};
use promoted::adapters::solo::{
    AskMentor, Choose, NextChapter, PriorityDraft, Session, SkipPriorities, StartCampaign,
    StartScenario,
};
use promoted::screens::Screen;
use promoted_engine::learning::Mark;

/// A platform that hands back `kept` and keeps every report.
#[derive(Clone, Default)]
struct Lms {
    kept: Option<String>,
    reports: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Platform for Lms {
    fn resume(&self) -> Option<String> {
        self.kept.clone()
    }
    fn report(&self, record: &str) {
        let value = serde_json::from_str(record).expect("a record is JSON");
        self.reports.lock().expect("reports").push(value);
    }
}

impl Lms {
    fn last(&self) -> serde_json::Value {
        self.reports
            .lock()
            .expect("reports")
            .last()
            .cloned()
            .expect("a report")
    }
    fn count(&self) -> usize {
        self.reports.lock().expect("reports").len()
    }
}

/// The game launched by `lms`, with a run kept in the browser from before.
fn launched(lms: &Lms, kept_in_browser: Option<SavedGame>) -> App {
    let store = MemoryStore::default();
    let mut app = app_with(library_files(), Storage::new(store));
    app.insert_resource(Course::new(lms.clone()));
    if let Some(game) = kept_in_browser {
        app.insert_resource(SavedRun(Some(game)));
    }
    app.update();
    app
}

fn choose_first(app: &mut App) {
    if app.world().resource::<PriorityDraft>().is_open() {
        trigger(app, SkipPriorities);
    }
    let first = {
        let session = app.world().resource::<Session>();
        session.run.available(&session.scenario)[0]
    };
    trigger(app, Choose(first));
}

#[test]
fn every_decision_is_reported_and_an_ending_completes_the_course() {
    let lms = Lms {
        kept: Some(String::new()),
        ..Lms::default()
    };
    let mut app = launched(&lms, None);
    update_until(&mut app, Screen::Title);
    trigger(&mut app, StartScenario("first-hard-feedback".into()));
    assert_eq!(screen(&app), Screen::Play);
    let started = lms.last();
    assert_eq!(started["complete"], false);
    assert_eq!(started["decisions"].as_array().map(Vec::len), Some(0));
    // Decide until the mentor can be asked, then ask before deciding.
    let mut decisions = 0;
    while {
        let session = app.world().resource::<Session>();
        session.run.mentor_available(&session.scenario).is_err()
    } {
        choose_first(&mut app);
        decisions += 1;
    }
    trigger(&mut app, AskMentor);
    choose_first(&mut app);
    decisions += 1;
    let asked = lms.last();
    assert_eq!(asked["decisions"].as_array().map(Vec::len), Some(decisions));
    assert_eq!(asked["decisions"][decisions - 1]["asked_mentor"], true);
    assert_eq!(asked["mentor"].as_array().map(Vec::len), Some(1));
    let reports = lms.count();
    // Nothing changed, nothing is sent again.
    app.update();
    assert_eq!(lms.count(), reports);
    while screen(&app) == Screen::Play {
        choose_first(&mut app);
        decisions += 1;
        assert!(decisions < 60);
    }
    assert_eq!(screen(&app), Screen::Outcome);
    let done = lms.last();
    let session = app.world().resource::<Session>();
    let score = session.run.score(&session.scenario).expect("ended");
    assert_eq!(done["complete"], true);
    assert_eq!(done["score"], score.overall);
    assert_eq!(
        done["ended"]["objectives"].as_array().map(Vec::len),
        Some(session.scenario.competencies.len())
    );
    assert_eq!(
        done["bookmark"],
        Mark::of(&session.scenario, &session.run, None).to_text()
    );
}

/// A run of `id` played `n` decisions in by the game, and its bookmark.
fn played(id: &str, n: usize) -> (String, usize) {
    let lms = Lms {
        kept: Some(String::new()),
        ..Lms::default()
    };
    let mut app = launched(&lms, None);
    update_until(&mut app, Screen::Title);
    trigger(&mut app, StartScenario(id.into()));
    for _ in 0..n {
        choose_first(&mut app);
    }
    let bookmark = lms.last()["bookmark"]
        .as_str()
        .expect("a bookmark")
        .to_owned();
    (bookmark, n)
}

#[test]
fn a_run_the_platform_kept_resumes_at_the_same_decision_on_another_machine() {
    let (bookmark, n) = played("the-brilliant-jerk", 3);
    // Another machine: its browser holds nothing, or someone else's run.
    let other = {
        let lms = Lms::default();
        let mut app = launched(&lms, None);
        update_until(&mut app, Screen::Title);
        trigger(&mut app, StartScenario("peer-to-boss".into()));
        app.world().resource::<SavedRun>().0.clone()
    };
    let lms = Lms {
        kept: Some(bookmark.clone()),
        ..Lms::default()
    };
    let mut app = launched(&lms, other);
    update_until(&mut app, Screen::Play);
    let session = app.world().resource::<Session>();
    assert_eq!(session.scenario.id, "the-brilliant-jerk");
    assert_eq!(session.run.history().len(), n);
    assert_eq!(
        Mark::of(&session.scenario, &session.run, None).to_text(),
        bookmark
    );
}

#[test]
fn a_learner_new_to_the_course_does_not_get_the_browser_s_run() {
    let other = {
        let mut app = launched(&Lms::default(), None);
        update_until(&mut app, Screen::Title);
        trigger(&mut app, StartScenario("peer-to-boss".into()));
        app.world().resource::<SavedRun>().0.clone()
    };
    assert!(other.is_some());
    let lms = Lms {
        kept: Some(String::new()),
        ..Lms::default()
    };
    let mut app = launched(&lms, other);
    update_until(&mut app, Screen::Title);
    assert_eq!(app.world().resource::<SavedRun>().0, None);
}

#[test]
fn a_kept_run_that_no_longer_fits_is_explained_and_play_goes_on() {
    let (bookmark, _) = played("the-brilliant-jerk", 2);
    for (kept, says) in [
        (
            bookmark.replacen("the-brilliant-jerk", "gone-now", 1),
            "scenario `gone-now` is not in this library",
        ),
        (
            "9r;x;1;1;;".to_owned(),
            "another version of the game (format 9)",
        ),
        ("garbage".to_owned(), "not a saved run"),
    ] {
        let lms = Lms {
            kept: Some(kept),
            ..Lms::default()
        };
        let mut app = launched(&lms, None);
        update_until(&mut app, Screen::Title);
        let notice = app
            .world()
            .resource::<Notice>()
            .0
            .clone()
            .unwrap_or_default();
        assert!(notice.contains(says), "{notice}");
        trigger(&mut app, StartScenario("peer-to-boss".into()));
        assert_eq!(screen(&app), Screen::Play, "a new run still starts");
    }
}

#[test]
fn a_campaign_resumes_in_its_chapter_with_what_the_first_carried() {
    let lms = Lms {
        kept: Some(String::new()),
        ..Lms::default()
    };
    let mut app = launched(&lms, None);
    update_until(&mut app, Screen::Title);
    trigger(&mut app, StartCampaign("first-90-days".into()));
    while screen(&app) == Screen::Play {
        choose_first(&mut app);
    }
    assert_eq!(lms.last()["complete"], false, "a chapter is not the course");
    trigger(&mut app, NextChapter);
    choose_first(&mut app);
    let report = lms.last();
    assert_eq!(report["campaign"]["chapter"], 2);
    let bookmark = report["bookmark"].as_str().expect("a bookmark").to_owned();
    let before = app.world().resource::<Session>().run.clone();
    let lms = Lms {
        kept: Some(bookmark),
        ..Lms::default()
    };
    let mut app = launched(&lms, None);
    update_until(&mut app, Screen::Play);
    let session = app.world().resource::<Session>();
    assert_eq!(session.run, before);
    let progress = &session.campaign.as_ref().expect("a campaign").progress;
    assert_eq!(progress.chapter, 1);
    assert_eq!(progress.scores.len(), 1);
}
