//! The title: the game's name, and the way in — a new run, the run or workshop in progress,
//! a workshop for a room, the last workshop again.

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

use super::Screen;
use super::menu::{Menu, OpenMenu};
use crate::AppSystems;
use crate::adapters::library::Library;
use crate::adapters::persistence::{LastWorkshop, Notice, SavedRun, SavedWorkshop};
use crate::adapters::room::{ContinueWorkshop, ReplayLastWorkshop};
use crate::adapters::solo::{ContinueSavedRun, Navigate};
use crate::theme::palette::{Fill, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::{ButtonLook, button, muted, screen_root, text, toned_text};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn_frame)
        .add_systems(
            Update,
            (
                workshop_key.in_set(AppSystems::Keys),
                render.in_set(AppSystems::Render),
            )
                .run_if(in_state(Screen::Title)),
        );
}

/// The title screen's root; its contents are rebuilt when what it offers changes (a notice
/// appears, a saved run turns out unusable).
#[derive(Component)]
struct TitleScreen;

fn spawn_frame(mut commands: Commands) {
    commands.spawn((
        Name::new("Title screen"),
        TitleScreen,
        DespawnOnExit(Screen::Title),
        screen_root(),
        TabGroup::new(0),
    ));
}

/// What the title offers.
#[derive(bevy::ecs::system::SystemParam)]
struct Offers<'w> {
    saved: Res<'w, SavedRun>,
    library: Res<'w, Library>,
    notice: Res<'w, Notice>,
    last_workshop: Res<'w, LastWorkshop>,
    saved_workshop: Res<'w, SavedWorkshop>,
}

impl Offers<'_> {
    fn changed(&self) -> bool {
        self.saved.is_changed()
            || self.library.is_changed()
            || self.notice.is_changed()
            || self.last_workshop.is_changed()
            || self.saved_workshop.is_changed()
    }

    fn title_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.library.find(id).map_or(id, |s| s.title.as_str())
    }
}

fn render(mut commands: Commands, offers: Offers, screens: Query<(Entity, Ref<TitleScreen>)>) {
    let Ok((root, screen)) = screens.single() else {
        return;
    };
    if !(screen.is_added() || offers.changed()) {
        return;
    }
    let continue_label = offers.saved.0.as_ref().map(|game| {
        let title = offers.title_of(&game.run.scenario);
        match &game.campaign {
            Some(progress) => format!("Continue: {title} (chapter {})", progress.chapter + 1),
            None => format!("Continue: {title}"),
        }
    });
    commands
        .entity(root)
        .despawn_children()
        .with_children(|root| {
            root.spawn(Node {
                flex_grow: 1.0,
                flex_direction: FlexDirection::Column,
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                row_gap: px(18),
                ..default()
            })
            .with_children(|column| {
                column.spawn(toned_text(TextRole::Display, "Promoted", Tone::Accent));
                column.spawn(muted(
                    TextRole::Body,
                    "You were the best engineer on the team. Now you lead it.",
                ));
                if let Some(message) = &offers.notice.0 {
                    column.spawn((
                        Node {
                            width: px(760),
                            padding: UiRect::all(px(14)),
                            border_radius: BorderRadius::all(px(8)),
                            ..default()
                        },
                        Fill(Tone::Panel),
                        children![text(TextRole::Small, format!("Note: {message}"))],
                    ));
                }
                column
                    .spawn(Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Stretch,
                        row_gap: px(12),
                        margin: UiRect::top(px(16)),
                        min_width: px(360),
                        ..default()
                    })
                    .with_children(|buttons| {
                        match continue_label {
                            Some(label) => {
                                buttons.spawn((
                                    button(label, ButtonLook::Primary, ContinueSavedRun),
                                    AutoFocus,
                                ));
                                buttons.spawn(button(
                                    "New run",
                                    ButtonLook::Secondary,
                                    Navigate(Screen::Select),
                                ));
                            }
                            None => {
                                buttons.spawn((
                                    button("Start", ButtonLook::Primary, Navigate(Screen::Select)),
                                    AutoFocus,
                                ));
                            }
                        }
                        if let Some(workshop) = &offers.saved_workshop.0 {
                            buttons.spawn(button(
                                format!(
                                    "Continue the workshop: {}",
                                    offers.title_of(&workshop.setup.scenario)
                                ),
                                ButtonLook::Secondary,
                                ContinueWorkshop,
                            ));
                        }
                        buttons.spawn(button(
                            "Workshop for a room (W)",
                            ButtonLook::Secondary,
                            Navigate(Screen::WorkshopSetup),
                        ));
                        if let Some(report) = &offers.last_workshop.0 {
                            buttons.spawn(button(
                                format!("Replay the last workshop: {}", report.title),
                                ButtonLook::Secondary,
                                ReplayLastWorkshop,
                            ));
                        }
                        buttons.spawn(button(
                            "Settings",
                            ButtonLook::Secondary,
                            OpenMenu(Menu::Settings),
                        ));
                        buttons.spawn(button(
                            "About",
                            ButtonLook::Secondary,
                            OpenMenu(Menu::About),
                        ));
                    });
            });
            root.spawn(muted(
                TextRole::Small,
                "Tab moves · Enter chooses · W sets up a workshop · Esc opens the menu · F toggles full screen",
            ));
        });
}

/// W goes straight to the workshop setup: the facilitator's way in, by keyboard alone.
fn workshop_key(mut commands: Commands, keys: Res<ButtonInput<KeyCode>>, menu: Res<State<Menu>>) {
    if keys.just_pressed(KeyCode::KeyW) && *menu.get() == Menu::Closed {
        commands.trigger(Navigate(Screen::WorkshopSetup));
    }
}
