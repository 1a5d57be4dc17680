//! Overlays above any screen: the pause menu, the settings and the about page.

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

use super::Screen;
use crate::adapters::presenter::OpenPresenter;
use crate::adapters::settings::{CycleTextSize, Settings, ToggleHighContrast, ToggleReducedMotion};
use crate::adapters::solo::{Navigate, RestartScenario};
use crate::theme::palette::{Fill, Tone};
use crate::theme::typography::TextRole;
use crate::widgets::{ButtonLook, button, full_screen_layer, muted, text, toned_text};

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Menu {
    #[default]
    Closed,
    /// Resume, restart, settings, back to the title.
    Pause,
    Settings,
    About,
}

/// Open an overlay (or switch to another).
#[derive(Event, Debug, Clone, Copy)]
pub struct OpenMenu(pub Menu);

/// Close whatever overlay is open.
#[derive(Event, Debug, Clone, Copy)]
pub struct CloseMenu;

/// Switch between a window and full screen.
#[derive(Event, Debug, Clone, Copy)]
pub struct ToggleFullscreen;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Menu>()
        .add_observer(|open: On<OpenMenu>, mut commands: Commands| {
            commands.set_state_if_neq(open.0);
        })
        .add_observer(|_: On<CloseMenu>, mut commands: Commands| {
            commands.set_state_if_neq(Menu::Closed);
        })
        .add_observer(toggle_fullscreen)
        .add_systems(OnEnter(Menu::Pause), spawn_pause)
        .add_systems(OnEnter(Menu::About), spawn_about)
        .add_systems(OnEnter(Menu::Settings), spawn_settings)
        .add_systems(
            Update,
            refresh_settings
                .run_if(in_state(Menu::Settings).and_then(resource_changed::<Settings>)),
        )
        // Any screen change closes the overlay.
        .add_systems(Update, close.run_if(state_changed::<Screen>));
}

fn close(mut commands: Commands) {
    commands.set_state_if_neq(Menu::Closed);
}

fn toggle_fullscreen(
    _: On<ToggleFullscreen>,
    mut window: Single<&mut Window, With<bevy::window::PrimaryWindow>>,
) {
    use bevy::window::WindowMode;
    window.mode = match window.mode {
        WindowMode::Windowed => WindowMode::BorderlessFullscreen(MonitorSelection::Current),
        _ => WindowMode::Windowed,
    };
}

/// A dimmed full-screen layer with a centred panel, above every screen.
fn overlay(menu: Menu) -> impl Bundle {
    (
        Name::new(format!("{menu:?} overlay")),
        DespawnOnExit(menu),
        TabGroup::modal(),
        full_screen_layer(Color::srgba(0.0, 0.0, 0.0, 0.7), 10),
    )
}

fn overlay_panel() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Stretch,
            row_gap: px(12),
            padding: UiRect::all(px(32)),
            // A fixed width: wrapped text inside an auto-sized panel is measured too short.
            width: px(680),
            border_radius: BorderRadius::all(px(12)),
            ..default()
        },
        Fill(Tone::PanelRaised),
    )
}

fn spawn_pause(mut commands: Commands, screen: Res<State<Screen>>) {
    commands.spawn(overlay(Menu::Pause)).with_children(|layer| {
        layer.spawn(overlay_panel()).with_children(|panel| {
            panel.spawn(toned_text(TextRole::Heading, "Paused", Tone::Accent));
            panel.spawn((button("Resume", ButtonLook::Primary, CloseMenu), AutoFocus));
            if *screen.get() == Screen::Play {
                panel.spawn(button(
                    "Restart this scenario",
                    ButtonLook::Secondary,
                    RestartScenario,
                ));
            }
            if *screen.get() == Screen::Workshop {
                panel.spawn(button(
                    "Presenter window",
                    ButtonLook::Secondary,
                    OpenPresenter,
                ));
            }
            panel.spawn(button(
                "Settings",
                ButtonLook::Secondary,
                OpenMenu(Menu::Settings),
            ));
            panel.spawn(button(
                "Full screen (F)",
                ButtonLook::Secondary,
                ToggleFullscreen,
            ));
            panel.spawn(button(
                "Back to the title",
                ButtonLook::Secondary,
                Navigate(Screen::Title),
            ));
            let saved = match screen.get() {
                Screen::Workshop => "The workshop is saved after every decision.",
                _ => "Your run is saved after every decision.",
            };
            panel.spawn(muted(TextRole::Small, saved));
        });
    });
}

/// Marks the settings panel, rebuilt when a setting changes.
#[derive(Component)]
struct SettingsPanel;

fn spawn_settings(mut commands: Commands, settings: Res<Settings>) {
    commands
        .spawn(overlay(Menu::Settings))
        .with_children(|layer| {
            layer
                .spawn((overlay_panel(), SettingsPanel))
                .with_children(|panel| {
                    settings_contents(panel, &settings);
                });
        });
}

fn settings_contents(panel: &mut ChildSpawnerCommands, settings: &Settings) {
    panel.spawn(toned_text(TextRole::Heading, "Settings", Tone::Accent));
    panel.spawn((
        button(
            format!("Text size: {}", settings.text_size.label()),
            ButtonLook::Secondary,
            CycleTextSize,
        ),
        AutoFocus,
    ));
    let motion = if settings.reduced_motion { "on" } else { "off" };
    panel.spawn(button(
        format!("Reduced motion: {motion}"),
        ButtonLook::Secondary,
        ToggleReducedMotion,
    ));
    panel.spawn(muted(
        TextRole::Small,
        "Reduced motion shows meter changes at once instead of animating them.",
    ));
    let contrast = if settings.high_contrast { "on" } else { "off" };
    panel.spawn(button(
        format!("High contrast: {contrast}"),
        ButtonLook::Secondary,
        ToggleHighContrast,
    ));
    panel.spawn(muted(
        TextRole::Small,
        "High contrast is black, white and yellow: best on a projector in a bright room.",
    ));
    panel.spawn(button("Done", ButtonLook::Primary, CloseMenu));
}

fn refresh_settings(
    mut commands: Commands,
    settings: Res<Settings>,
    panels: Query<Entity, With<SettingsPanel>>,
) {
    for panel in &panels {
        commands
            .entity(panel)
            .despawn_children()
            .with_children(|panel| {
                settings_contents(panel, &settings);
            });
    }
}

fn spawn_about(mut commands: Commands) {
    commands.spawn(overlay(Menu::About)).with_children(|layer| {
        layer.spawn(overlay_panel()).with_children(|panel| {
            panel.spawn(toned_text(TextRole::Heading, "About Promoted", Tone::Accent));
            panel.spawn(text(
                TextRole::Body,
                "You were the strongest developer on the team; now you lead it. Each scenario is a \
                 week or two of real calls: stakeholders who want everything now, a team whose \
                 morale rises and falls, deadlines that do not move. No option is free. The debrief \
                 shows what each choice traded, in a coach's words.",
            ));
            panel.spawn(muted(
                TextRole::Small,
                "Keys: 1–9 choose · Backspace or U undoes · Esc opens the menu · Tab moves between \
                 buttons and Enter presses one · F toggles full screen.",
            ));
            panel.spawn(muted(
                TextRole::Small,
                "Type: Atkinson Hyperlegible, by the Braille Institute, under the SIL Open Font License; arrows from Noto Sans Mono (OFL).",
            ));
            panel.spawn((button("Back", ButtonLook::Primary, CloseMenu), AutoFocus));
        });
    });
}
