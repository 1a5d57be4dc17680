//! The game as a course on a learning platform (an LMS launching it as SCORM or cmi5): at
//! start the platform may hand back where this learner left off, a bookmark that replays the
//! run exactly; after every change to the run the platform is told its [`Record`]. The
//! page speaks the platform's protocol (web/lms/); without a platform nothing here runs.

use bevy::prelude::*;
use promoted_engine::learning::{Mark, Record};

use super::library::Library;
use super::persistence::{Notice, SavedGame, SavedRun};
use super::solo::{ContinueSavedRun, Session};

/// Where the game meets a learning platform.
pub trait Platform: Send + Sync + 'static {
    /// Where the learner left off: `None` when the game was not launched by a platform (or
    /// the platform could not be reached: the game keeps its own saved run then), an empty
    /// text for a learner with nothing saved yet, else a [`Mark`]'s text.
    fn resume(&self) -> Option<String>;
    /// Tell the platform a run's record, as JSON.
    fn report(&self, record: &str);
}

/// The learning platform this game was launched by, if any.
#[derive(Resource)]
pub struct Course(Box<dyn Platform>);

impl Course {
    pub fn new(platform: impl Platform) -> Self {
        Course(Box::new(platform))
    }
}

pub(super) fn plugin(app: &mut App) {
    #[cfg(target_arch = "wasm32")]
    if !app.world().contains_resource::<Course>() {
        app.insert_resource(Course::new(web::Page));
    }
    app.add_systems(Startup, resume.run_if(resource_exists::<Course>))
        .add_systems(
            PostUpdate,
            report
                .run_if(resource_exists::<Course>)
                .run_if(resource_exists_and_changed::<Session>),
        );
}

/// Take the platform's saved run as this learner's, and go back to it.
fn resume(
    mut commands: Commands,
    course: Res<Course>,
    library: Res<Library>,
    mut saved: ResMut<SavedRun>,
    mut notice: ResMut<Notice>,
) {
    let Some(text) = course.0.resume() else {
        return;
    };
    // The platform speaks for this learner: a run kept in this browser may be someone
    // else's, on a shared machine.
    saved.0 = None;
    if text.trim().is_empty() {
        return;
    }
    let replayed = Mark::parse(&text).and_then(|mark| {
        mark.replay(
            |id| library.find(id).map(|s| &**s),
            |id| library.campaign(id).map(|c| &**c),
        )
    });
    match replayed {
        Ok(replayed) => {
            info!("promoted: the learning platform's run resumed");
            saved.0 = Some(SavedGame {
                run: replayed.run,
                campaign: replayed.progress,
            });
            commands.trigger(ContinueSavedRun);
        }
        Err(e) => {
            warn!("the learning platform's saved run `{text}` cannot be replayed: {e}");
            notice.add(format!(
                "Your learning platform kept a run that cannot be resumed: {e}. Start again from the list."
            ));
        }
    }
}

/// Tell the platform the run as it now stands, when it changed.
fn report(course: Res<Course>, session: Res<Session>, mut last: Local<String>) {
    let campaign = session
        .campaign
        .as_ref()
        .map(|c| (&*c.campaign, &c.progress));
    let record = Record::of(&session.scenario, &session.run, campaign).to_json();
    if *last != record {
        course.0.report(&record);
        *last = record;
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `web/lms/course.js`: the saved run the platform handed back, if launched by one.
        #[wasm_bindgen(catch, js_name = promotedCourseResume)]
        fn course_resume() -> Result<Option<String>, JsValue>;
        /// `web/lms/course.js`: report a record to the platform.
        #[wasm_bindgen(catch, js_name = promotedCourseReport)]
        fn course_report(record: &str) -> Result<(), JsValue>;
    }

    /// The page, which finds the platform (a SCORM API in a parent frame, or cmi5's launch
    /// parameters) before the game starts.
    pub struct Page;

    impl super::Platform for Page {
        fn resume(&self) -> Option<String> {
            course_resume().ok().flatten()
        }

        fn report(&self, record: &str) {
            if let Err(e) = course_report(record) {
                bevy::log::warn!("the page could not take the record: {e:?}");
            }
        }
    }
}
