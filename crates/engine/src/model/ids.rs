//! Indices into a compiled scenario. Each kind of thing has its own type, so a node can never
//! be looked up with a meter's index, and a choice's place among its node's choices is never
//! confused with its number on screen.

use serde::{Deserialize, Serialize};

macro_rules! index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u16);

        impl $name {
            /// The index as a `usize`, for slices.
            pub fn index(self) -> usize {
                usize::from(self.0)
            }

            /// The index of the `i`th item; compiled scenarios keep every count within `u16`.
            pub(crate) fn at(i: usize) -> Self {
                $name(i as u16)
            }
        }
    };
}

index!(
    /// A node of the scenario.
    NodeId
);
index!(
    /// A meter: the declared ones first, then one trust meter per stakeholder.
    MeterId
);
index!(
    /// A flag.
    FlagId
);
index!(
    /// An event.
    EventId
);
index!(
    /// An ending.
    EndingId
);
index!(
    /// A stakeholder of the cast.
    StakeholderId
);
index!(
    /// A choice's place among its node's choices: what the engine is told to choose.
    ChoiceIdx
);

/// A choice's place among those the player sees at a node (available ones, and unavailable
/// ones that explain themselves): its number on screen is this plus one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ShownIdx(pub usize);

impl ShownIdx {
    /// The number the player reads and types: 1 for the first.
    pub fn number(self) -> usize {
        self.0 + 1
    }
}
