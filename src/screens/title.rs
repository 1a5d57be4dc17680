//! The title: the game's name, and the way in.

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

use super::Screen;
use crate::library::Library;
use crate::menu::{Menu, OpenMenu};
use crate::persistence::{Notice, SavedRun};
use crate::session::{ContinueSavedRun, Navigate};
use crate::theme::palette::{ACCENT, PANEL};
use crate::theme::typography::TextRole;
use crate::theme::widgets::{ButtonLook, button, colored_text, muted, screen_root, text};
use crate::workshop::{ContinueWorkshop, LastReport, ReplayLastWorkshop, SavedWorkshop};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn).add_systems(
        Update,
        (respawn_on_notice, workshop_key).run_if(in_state(Screen::Title)),
    );
}

/// The title screen's root, rebuilt when a notice appears.
#[derive(Component)]
struct TitleScreen;

fn spawn(
    mut commands: Commands,
    saved: Res<SavedRun>,
    library: Res<Library>,
    notice: Res<Notice>,
    last_workshop: Res<LastReport>,
    saved_workshop: Res<SavedWorkshop>,
) {
    let continue_label = saved.0.as_ref().map(|game| {
        let scenario = &game.run.scenario;
        let title = library
            .find(scenario)
            .map_or(scenario.as_str(), |s| s.title.as_str());
        match &game.campaign {
            Some(progress) => format!("Continue: {title} (chapter {})", progress.chapter + 1),
            None => format!("Continue: {title}"),
        }
    });
    let start_look = if continue_label.is_some() {
        ButtonLook::Secondary
    } else {
        ButtonLook::Primary
    };
    commands
        .spawn((
            Name::new("Title screen"),
            TitleScreen,
            DespawnOnExit(Screen::Title),
            screen_root(),
            TabGroup::new(0),
        ))
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
                column.spawn(colored_text(TextRole::Display, "Promoted", ACCENT));
                column.spawn(muted(
                    TextRole::Body,
                    "You were the best engineer on the team. Now you lead it.",
                ));
                if let Some(message) = &notice.0 {
                    column.spawn((
                        Node {
                            width: px(760),
                            padding: UiRect::all(px(14)),
                            border_radius: BorderRadius::all(px(8)),
                            ..default()
                        },
                        BackgroundColor(PANEL),
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
                        if let Some(label) = continue_label {
                            buttons.spawn((button(label, ButtonLook::Primary, ContinueSavedRun), AutoFocus));
                            buttons.spawn(button("New run", start_look, Navigate(Screen::Select)));
                        } else {
                            buttons.spawn((button("Start", start_look, Navigate(Screen::Select)), AutoFocus));
                        }
                                                if let Some(workshop) = &saved_workshop.0 {
                            let title = library
                                .find(&workshop.setup.scenario)
                                .map_or(workshop.setup.scenario.as_str(), |s| s.title.as_str());
                            buttons.spawn(button(
                                format!("Continue the workshop: {title}"),
                                ButtonLook::Secondary,
                                ContinueWorkshop,
                            ));
                        }
                        buttons.spawn(button("Workshop for a room (W)", ButtonLook::Secondary, Navigate(Screen::WorkshopSetup)));
                        if let Some(report) = &last_workshop.0 {
                            buttons.spawn(button(
                                format!("Replay the last workshop: {}", report.title),
                                ButtonLook::Secondary,
                                ReplayLastWorkshop,
                            ));
                        }
                        buttons.spawn(button("Settings", ButtonLook::Secondary, OpenMenu(Menu::Settings)));
                        buttons.spawn(button("About", ButtonLook::Secondary, OpenMenu(Menu::About)));
                    });
            });
            root.spawn(muted(
                TextRole::Small,
                "Tab moves · Enter chooses · W sets up a workshop · Esc opens the menu · F toggles full screen",
            ));
        });
}

/// A saved run that turns out unusable leaves a notice and no Continue: show both.
fn respawn_on_notice(
    mut commands: Commands,
    notice: Res<Notice>,
    screens: Query<Entity, With<TitleScreen>>,
    saved: Res<SavedRun>,
    library: Res<Library>,
    last_workshop: Res<LastReport>,
    saved_workshop: Res<SavedWorkshop>,
) {
    if notice.is_changed() && !notice.is_added() {
        for screen in &screens {
            commands.entity(screen).despawn();
        }
        spawn(
            commands,
            saved,
            library,
            notice,
            last_workshop,
            saved_workshop,
        );
    }
}

/// W goes straight to the workshop setup: the facilitator's way in, by keyboard alone.
fn workshop_key(mut commands: Commands, keys: Res<ButtonInput<KeyCode>>, menu: Res<State<Menu>>) {
    if keys.just_pressed(KeyCode::KeyW) && *menu.get() == Menu::Closed {
        commands.trigger(Navigate(Screen::WorkshopSetup));
    }
}
