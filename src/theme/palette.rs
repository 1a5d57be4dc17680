//! The colours of Promoted. Text colours keep at least 4.5:1 contrast on the backgrounds they
//! sit on; colour never carries meaning alone (numbers and arrows go with it).

use bevy::prelude::*;

pub const BACKGROUND: Color = Color::srgb(0.078, 0.090, 0.110); // #14171c
pub const PANEL: Color = Color::srgb(0.118, 0.137, 0.169); // #1e232b
pub const PANEL_RAISED: Color = Color::srgb(0.153, 0.180, 0.220); // #272e38
pub const BORDER: Color = Color::srgb(0.247, 0.282, 0.333); // #3f4855

pub const TEXT: Color = Color::srgb(0.949, 0.957, 0.969); // #f2f4f7, 16:1 on the background
pub const TEXT_MUTED: Color = Color::srgb(0.706, 0.737, 0.784); // #b4bcc8, 8.5:1 on panels
pub const TEXT_DISABLED: Color = Color::srgb(0.600, 0.635, 0.690); // #99a2b0, 5.9:1 on panels

pub const ACCENT: Color = Color::srgb(0.961, 0.722, 0.239); // #f5b83d, amber
pub const ACCENT_TEXT: Color = Color::srgb(0.078, 0.090, 0.110); // dark text on amber, 10:1

pub const BUTTON: Color = Color::srgb(0.184, 0.220, 0.271); // #2f3845
pub const BUTTON_HOVERED: Color = Color::srgb(0.231, 0.275, 0.337); // #3b4656
pub const BUTTON_PRESSED: Color = Color::srgb(0.290, 0.337, 0.408); // #4a5668
pub const BUTTON_DISABLED: Color = Color::srgb(0.137, 0.157, 0.188); // #232830

pub const GOOD: Color = Color::srgb(0.420, 0.851, 0.576); // #6bd993, 10:1 on panels
pub const BAD: Color = Color::srgb(1.0, 0.541, 0.475); // #ff8a79, 7.6:1 on panels
pub const BAR_TRACK: Color = Color::srgb(0.086, 0.102, 0.125); // #16191f
pub const BAR_FILL: Color = Color::srgb(0.455, 0.639, 0.902); // #74a3e6
pub const HIDDEN_FILL: Color = Color::srgb(0.702, 0.565, 0.902); // #b390e6

/// A colour for a grade or a score band.
pub fn for_score(score: u32) -> Color {
    match score {
        70.. => GOOD,
        40..70 => ACCENT,
        _ => BAD,
    }
}

/// The high-contrast theme: each colour above and what it becomes. Every entry on the right
/// is distinct, so the theme can be switched back.
const HIGH_CONTRAST: [(Color, Color); 17] = [
    (BACKGROUND, Color::srgb(0.0, 0.0, 0.0)),
    (PANEL, Color::srgb(0.047, 0.047, 0.047)),
    (PANEL_RAISED, Color::srgb(0.094, 0.094, 0.094)),
    (BORDER, Color::srgb(0.851, 0.851, 0.851)),
    (TEXT, Color::srgb(1.0, 1.0, 1.0)),
    (TEXT_MUTED, Color::srgb(0.929, 0.929, 0.929)),
    (TEXT_DISABLED, Color::srgb(0.749, 0.749, 0.749)),
    (ACCENT, Color::srgb(1.0, 0.863, 0.0)),
    (ACCENT_TEXT, Color::srgb(0.0, 0.0, 0.004)),
    (BUTTON, Color::srgb(0.157, 0.157, 0.157)),
    (BUTTON_HOVERED, Color::srgb(0.275, 0.275, 0.275)),
    (BUTTON_PRESSED, Color::srgb(0.373, 0.373, 0.373)),
    (BUTTON_DISABLED, Color::srgb(0.059, 0.059, 0.059)),
    (GOOD, Color::srgb(0.361, 1.0, 0.549)),
    (BAD, Color::srgb(1.0, 0.6, 0.545)),
    (BAR_TRACK, Color::srgb(0.2, 0.2, 0.2)),
    (BAR_FILL, Color::srgb(0.373, 0.741, 1.0)),
];

/// `color` in the chosen theme: a palette colour maps to its high-contrast twin and back;
/// any other colour is left as it is.
pub fn themed(color: Color, high_contrast: bool) -> Color {
    HIGH_CONTRAST
        .iter()
        .find_map(|&(normal, high)| match high_contrast {
            true if color == normal => Some(high),
            false if color == high => Some(normal),
            _ => None,
        })
        .unwrap_or(color)
}
