//! The scenario engine of Promoted: the scenario format, the rules that play it, scoring,
//! validation and simulation. It knows nothing of Bevy or of any screen.
//!
//! ```
//! use promoted_engine::{Run, load};
//!
//! let (scenario, _warnings) = load(include_bytes!("../../../scenarios/peer-to-boss.scenario.ron")).unwrap();
//! let mut run = Run::new(&scenario, 7);
//! while !run.is_finished() {
//!     let first = run.choices(&scenario).into_iter().find(|c| c.disabled.is_none()).unwrap();
//!     run.choose(&scenario, first.index).unwrap();
//! }
//! assert!(run.score(&scenario).is_some());
//! ```

pub mod analysis;
pub mod campaign;
pub mod diagnostic;
pub mod format;
pub mod graph;
pub mod load;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod score;
pub mod simulate;
pub mod state;
pub mod text;
pub mod workshop;

pub use campaign::Campaign;
pub use diagnostic::{Diagnostic, Severity};
pub use format::{Competency, Difficulty, Rating};
pub use load::{MAX_SCENARIO_BYTES, load, parse};
pub use run::{ChoiceError, ChoiceView, Decision, ResumeError, Run};
pub use scenario::Scenario;
pub use score::{Grade, Score};
pub use state::{State, Status};
pub use workshop::Workshop;
