//! The scenario engine of Promoted: the scenario format, the rules that play it, scoring,
//! validation, simulation, campaigns and workshops. It knows nothing of Bevy or of any
//! screen: the game and the author's tools drive it and show what it tells them.
//!
//! | module | what |
//! |---|---|
//! | [`source`] | reading RON text into values that keep their place in the file |
//! | [`format`] | the file as authors write it |
//! | [`compile`] | from the file to a [`Scenario`], every problem located |
//! | [`model`] | the compiled scenario: indices, conditions, effects, texts |
//! | [`state`] | the rules: a run's state and how a decision moves it |
//! | [`run`] | a playthrough with its history, undo and save |
//! | [`score`], [`campaign`] | scoring; scenarios in sequence |
//! | [`check`], [`analysis`], [`simulate`], [`graph`] | the author's tools: check, simulate, graph |
//! | [`learning`] | what a learning platform keeps and is told: a compact bookmark, a record |
//! | [`workshop`] | a room playing together: votes, the rhythm, the setup, the report |
//!
//! ```
//! use promoted_engine::{Run, load};
//!
//! let (scenario, _warnings) = load(include_bytes!("../../../scenarios/peer-to-boss.scenario.ron")).unwrap();
//! let mut run = Run::new(&scenario, 7);
//! while !run.is_finished() {
//!     let first = run.available(&scenario)[0];
//!     run.choose(&scenario, first).unwrap();
//! }
//! assert!(run.score(&scenario).is_some());
//! ```

pub mod analysis;
pub mod campaign;
pub mod check;
pub mod compile;
pub mod diagnostic;
pub mod format;
pub mod graph;
pub mod learning;
pub mod load;
pub mod model;
pub mod reflection;
pub mod rng;
pub mod run;
pub mod score;
pub mod simulate;
pub mod source;
pub mod state;
pub mod workshop;

pub use campaign::Campaign;
pub use diagnostic::{Diagnostic, Severity};
pub use format::{Competency, Difficulty, Priority, Rating};
pub use load::{MAX_SCENARIO_BYTES, load, load_source};
pub use model::{ChoiceIdx, NodeId, Scenario, ShownIdx};
pub use run::{ChoiceError, ChoiceView, Decision, MeterChange, ResumeError, Run};
pub use score::{Grade, Score};
pub use source::Source;
pub use state::{RunStatus, State};
pub use workshop::Workshop;
