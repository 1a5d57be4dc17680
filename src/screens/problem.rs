//! A scenario that failed to load: the file and every problem, as `promoted check` says them.

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

use super::Screen;
use crate::adapters::library::{EntryStatus, Library};
use crate::adapters::solo::Navigate;
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::{ButtonLook, button, muted, screen_root, scroll_panel, text, toned_text};

/// Show the problems of the library entry at this index.
#[derive(Event, Debug, Clone, Copy)]
pub struct ShowProblem(pub usize);

/// Which entry the problem screen shows.
#[derive(Resource, Debug, Clone, Copy)]
struct Shown(usize);

pub(super) fn plugin(app: &mut App) {
    app.add_observer(|show: On<ShowProblem>, mut commands: Commands| {
        commands.insert_resource(Shown(show.0));
        commands.set_state(Screen::Problem);
    })
    .add_systems(OnEnter(Screen::Problem), spawn);
}

fn spawn(mut commands: Commands, library: Res<Library>, shown: Option<Res<Shown>>) {
    let entry = shown.and_then(|s| library.entries().get(s.0));
    let (heading, tone, hint, messages) = match entry {
        Some(entry) => match (&entry.status, &entry.opened) {
            (EntryStatus::Broken(messages), opened) => (
                format!("{} could not be loaded", entry.file),
                Tone::Bad,
                if opened.is_some() {
                    "Fix the file and open it again: it replaces this one. The other scenarios stay playable."
                } else {
                    "Fix the file and run `promoted check` to confirm; the other scenarios stay playable."
                },
                messages.clone(),
            ),
            (EntryStatus::Ready(_), Some(opened)) => (
                format!("{}: {}", entry.file, opened.verdict),
                Tone::Accent,
                "It plays as it is; these are what `promoted check` would tell its author.",
                opened.findings.clone(),
            ),
            (EntryStatus::Ready(_), None) => (
                format!("{} loads now", entry.file),
                Tone::Accent,
                "It was fixed while the game ran.",
                Vec::new(),
            ),
        },
        None => ("No file".to_owned(), Tone::Bad, "", Vec::new()),
    };
    commands
        .spawn((
            Name::new("Problem screen"),
            DespawnOnExit(Screen::Problem),
            screen_root(),
            TabGroup::new(0),
        ))
        .with_children(|root| {
            root.spawn(toned_text(TextRole::Heading, heading, tone));
            root.spawn(muted(TextRole::Body, hint));
            root.spawn(scroll_panel(Node {
                flex_grow: 1.0,
                row_gap: px(8),
                ..default()
            }))
            .with_children(|list| {
                for message in messages {
                    // Bevy's monospaced font has ASCII only: other lines stay in the
                    // game's font, where a caret can sit a little off its column.
                    let role = if message.is_ascii() {
                        TextRole::Code
                    } else {
                        TextRole::Small
                    };
                    list.spawn((text(role, message), ProblemLine));
                }
            });
            root.spawn((
                button(
                    "Back to the scenarios",
                    ButtonLook::Primary,
                    Navigate(Screen::Select),
                ),
                AutoFocus,
            ));
        });
}

/// One problem line on the screen.
#[derive(Component)]
pub struct ProblemLine;
