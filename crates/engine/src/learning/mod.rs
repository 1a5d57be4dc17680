//! What a learning platform (an LMS launching the game as a SCORM or cmi5 course) keeps and
//! is told: a [`Mark`] short enough for SCORM 1.2's 4,096 characters of `suspend_data`, that
//! replays a run (or a campaign) exactly on another machine, and the [`Record`] of a run
//! that the page maps onto the platform's data model.

mod bookmark;
mod record;

pub use bookmark::{Bookmark, BookmarkError, Mark, Replayed, Step};
pub use record::{
    Activity, CampaignPart, Change, Ended, Interaction, Objective, PriorityKept, Question, Record,
};

/// What SCORM 1.2 keeps of `suspend_data`; SCORM 2004 keeps 64,000.
pub const SCORM12_SUSPEND_LIMIT: usize = 4096;
