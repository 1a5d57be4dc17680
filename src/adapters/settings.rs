//! The player's settings: text size, reduced motion and high contrast. They persist between
//! sessions (see `persistence`).

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Resource, Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub text_size: TextSize,
    /// Meter changes appear at once instead of animating.
    pub reduced_motion: bool,
    /// Black, white and yellow, for projectors and low vision.
    pub high_contrast: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    Largest,
}

impl TextSize {
    pub fn factor(self) -> f32 {
        match self {
            TextSize::Normal => 1.0,
            TextSize::Large => 1.15,
            TextSize::Largest => 1.3,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TextSize::Normal => "Normal",
            TextSize::Large => "Large",
            TextSize::Largest => "Largest",
        }
    }

    fn next(self) -> TextSize {
        match self {
            TextSize::Normal => TextSize::Large,
            TextSize::Large => TextSize::Largest,
            TextSize::Largest => TextSize::Normal,
        }
    }
}

/// Step the text size: Normal → Large → Largest → Normal.
#[derive(Event, Debug, Clone, Copy)]
pub struct CycleTextSize;

/// Turn reduced motion on or off.
#[derive(Event, Debug, Clone, Copy)]
pub struct ToggleReducedMotion;

/// Turn the high-contrast theme on or off.
#[derive(Event, Debug, Clone, Copy)]
pub struct ToggleHighContrast;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(|_: On<CycleTextSize>, mut settings: ResMut<Settings>| {
        settings.text_size = settings.text_size.next();
    })
    .add_observer(
        |_: On<ToggleReducedMotion>, mut settings: ResMut<Settings>| {
            settings.reduced_motion = !settings.reduced_motion;
        },
    )
    .add_observer(
        |_: On<ToggleHighContrast>, mut settings: ResMut<Settings>| {
            settings.high_contrast = !settings.high_contrast;
        },
    );
}
