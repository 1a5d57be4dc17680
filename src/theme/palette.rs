//! The colours of Promoted, by role. Widgets say which role a colour plays ([`Tone`]); the
//! theme turns roles into colours for the chosen theme, dark or high contrast, and does so
//! again only when a role or the theme changes. Colours that are not roles — a team's own
//! colour, the blank screen's black — are set directly and never remapped.
//!
//! Text tones keep at least 4.5:1 contrast on the surfaces they sit on; colour never carries
//! meaning alone (numbers and arrows go with it).

use bevy::prelude::*;

/// A colour's role in the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    Background,
    Panel,
    PanelRaised,
    Border,
    Text,
    TextMuted,
    TextDisabled,
    Accent,
    /// Dark text on the accent.
    AccentText,
    Button,
    ButtonHovered,
    ButtonPressed,
    ButtonDisabled,
    /// The primary button's own shades.
    AccentHovered,
    AccentPressed,
    Good,
    Bad,
    BarTrack,
    BarFill,
    /// A hidden meter's bar, revealed in the debrief.
    HiddenFill,
}

impl Tone {
    /// This role's colour in the dark theme, or in the high-contrast one (black, white and
    /// yellow, for projectors and low vision).
    pub fn color(self, high_contrast: bool) -> Color {
        let (dark, high) = match self {
            Tone::Background => (rgb(0x14, 0x17, 0x1c), rgb(0x00, 0x00, 0x00)),
            Tone::Panel => (rgb(0x1e, 0x23, 0x2b), rgb(0x0c, 0x0c, 0x0c)),
            Tone::PanelRaised => (rgb(0x27, 0x2e, 0x38), rgb(0x18, 0x18, 0x18)),
            Tone::Border => (rgb(0x3f, 0x48, 0x55), rgb(0xd9, 0xd9, 0xd9)),
            // 16:1 on the background.
            Tone::Text => (rgb(0xf2, 0xf4, 0xf7), rgb(0xff, 0xff, 0xff)),
            // 8.5:1 on panels.
            Tone::TextMuted => (rgb(0xb4, 0xbc, 0xc8), rgb(0xed, 0xed, 0xed)),
            // 5.9:1 on panels.
            Tone::TextDisabled => (rgb(0x99, 0xa2, 0xb0), rgb(0xbf, 0xbf, 0xbf)),
            Tone::Accent => (rgb(0xf5, 0xb8, 0x3d), rgb(0xff, 0xdc, 0x00)),
            // 10:1 on the accent.
            Tone::AccentText => (rgb(0x14, 0x17, 0x1c), rgb(0x00, 0x00, 0x00)),
            Tone::Button => (rgb(0x2f, 0x38, 0x45), rgb(0x28, 0x28, 0x28)),
            Tone::ButtonHovered => (rgb(0x3b, 0x46, 0x56), rgb(0x46, 0x46, 0x46)),
            Tone::ButtonPressed => (rgb(0x4a, 0x56, 0x68), rgb(0x5f, 0x5f, 0x5f)),
            Tone::ButtonDisabled => (rgb(0x23, 0x28, 0x30), rgb(0x0f, 0x0f, 0x0f)),
            Tone::AccentHovered => (rgb(0xf7, 0xc2, 0x5a), rgb(0xff, 0xe6, 0x4d)),
            Tone::AccentPressed => (rgb(0xd0, 0x9c, 0x34), rgb(0xd9, 0xbb, 0x00)),
            // 10:1 on panels.
            Tone::Good => (rgb(0x6b, 0xd9, 0x93), rgb(0x5c, 0xff, 0x8c)),
            // 7.6:1 on panels.
            Tone::Bad => (rgb(0xff, 0x8a, 0x79), rgb(0xff, 0x99, 0x8b)),
            Tone::BarTrack => (rgb(0x16, 0x19, 0x1f), rgb(0x33, 0x33, 0x33)),
            Tone::BarFill => (rgb(0x74, 0xa3, 0xe6), rgb(0x5f, 0xbd, 0xff)),
            Tone::HiddenFill => (rgb(0xb3, 0x90, 0xe6), rgb(0xc9, 0xa8, 0xff)),
        };
        if high_contrast { high } else { dark }
    }

    /// The tone for a grade or a score band.
    pub fn for_score(score: u32) -> Tone {
        match score {
            70.. => Tone::Good,
            40..70 => Tone::Accent,
            _ => Tone::Bad,
        }
    }
}

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::srgb(r as f32 / 255.0, g as f32 / 255.0, b as f32 / 255.0)
}

/// A text's colour by role.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[require(TextColor)]
pub struct Ink(pub Tone);

/// A node's background by role.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[require(BackgroundColor)]
pub struct Fill(pub Tone);

/// A node's border by role (all four sides).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[require(BorderColor)]
pub struct Edge(pub Tone);

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG contrast of two sRGB colours.
    fn contrast(a: Color, b: Color) -> f32 {
        let luminance = |c: Color| {
            let c = c.to_linear();
            0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue
        };
        let (l1, l2) = (luminance(a), luminance(b));
        (l1.max(l2) + 0.05) / (l1.min(l2) + 0.05)
    }

    #[test]
    fn text_keeps_its_contrast_in_both_themes() {
        for high in [false, true] {
            for (text, surface) in [
                (Tone::Text, Tone::Background),
                (Tone::TextMuted, Tone::Panel),
                (Tone::TextDisabled, Tone::Panel),
                (Tone::AccentText, Tone::Accent),
                (Tone::Good, Tone::Panel),
                (Tone::Bad, Tone::Panel),
                (Tone::Accent, Tone::Panel),
            ] {
                let ratio = contrast(text.color(high), surface.color(high));
                assert!(
                    ratio >= 4.5,
                    "{text:?} on {surface:?} ({high}): {ratio:.1}:1"
                );
            }
        }
    }
}
