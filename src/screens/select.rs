//! Choose a scenario: a card each, with what it trains and your best score so far.

use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use bevy::ui_widgets::ScrollArea;
use promoted_engine::Scenario;

use super::{Screen, ShowProblem};
use crate::AppSystems;
use crate::adapters::library::{EntryStatus, Library};
use crate::adapters::persistence::BestScores;
use crate::adapters::solo::{Navigate, StartCampaign, StartScenario};
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::{ButtonLook, activates, button, muted, row, screen_root, text, toned_text};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Select), spawn_frame)
        .add_systems(
            Update,
            render
                .in_set(AppSystems::Render)
                .run_if(in_state(Screen::Select)),
        );
}

/// A scenario's card on the select screen.
#[derive(Component, Debug)]
pub struct ScenarioCard {
    pub id: String,
}

/// The select screen's root; its cards are rebuilt when the library changes (an author's
/// edit reloaded).
#[derive(Component)]
struct SelectScreen;

fn spawn_frame(mut commands: Commands) {
    commands.spawn((
        Name::new("Select screen"),
        SelectScreen,
        DespawnOnExit(Screen::Select),
        screen_root(),
        TabGroup::new(0),
    ));
}

fn render(
    mut commands: Commands,
    library: Res<Library>,
    best: Res<BestScores>,
    screens: Query<(Entity, Ref<SelectScreen>)>,
) {
    let Ok((root, screen)) = screens.single() else {
        return;
    };
    if !(screen.is_added() || library.is_changed()) {
        return;
    }
    commands
        .entity(root)
        .despawn_children()
        .with_children(|root| {
            root.spawn(row(24.0)).with_children(|header| {
                header.spawn(button(
                    "Back",
                    ButtonLook::Secondary,
                    Navigate(Screen::Title),
                ));
                header.spawn(toned_text(
                    TextRole::Heading,
                    "Choose a scenario",
                    Tone::Accent,
                ));
            });
            root.spawn((
                Node {
                    flex_grow: 1.0,
                    flex_direction: FlexDirection::Row,
                    flex_wrap: FlexWrap::Wrap,
                    align_content: AlignContent::FlexStart,
                    row_gap: px(16),
                    column_gap: px(16),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                ScrollArea,
            ))
            .with_children(|cards| {
                let mut first = true;
                for campaign in library.campaigns() {
                    let chapters: Vec<&str> = campaign
                        .chapters
                        .iter()
                        .map(|c| {
                            library
                                .find(&c.scenario)
                                .map_or(c.scenario.as_str(), |s| s.title.as_str())
                        })
                        .collect();
                    let mut card = cards.spawn((
                        Name::new(format!("Campaign {}", campaign.id)),
                        ScenarioCard {
                            id: campaign.id.clone(),
                        },
                        card_node(),
                        activates(StartCampaign(campaign.id.clone())),
                        children![
                            toned_text(
                                TextRole::Small,
                                format!("Campaign · {} chapters", chapters.len()),
                                Tone::Accent
                            ),
                            text(TextRole::Title, campaign.title.clone()),
                            text(TextRole::Small, campaign.summary.clone()),
                            muted(TextRole::Small, chapters.join(" · ")),
                        ],
                    ));
                    if std::mem::take(&mut first) {
                        card.insert(AutoFocus);
                    }
                }
                // The on-ramp first: Introductory scenarios, then by difficulty, each kind in
                // file order. A file that does not load shows first, where its author looks.
                let mut entries: Vec<_> = library.entries().iter().enumerate().collect();
                entries.sort_by_key(|(_, e)| match &e.status {
                    EntryStatus::Ready(scenario) => Some(scenario.difficulty),
                    EntryStatus::Broken(_) => None,
                });
                for (index, entry) in entries {
                    match &entry.status {
                        EntryStatus::Ready(scenario) => {
                            let mut card = cards
                                .spawn(scenario_card(scenario, best.0.get(&scenario.id).copied()));
                            if std::mem::take(&mut first) {
                                card.insert(AutoFocus);
                            }
                        }
                        EntryStatus::Broken(messages) => {
                            cards.spawn(broken_card(&entry.file, messages, index));
                        }
                    }
                }
            });
        });
}

fn card_node() -> Node {
    Node {
        width: percent(49),
        flex_direction: FlexDirection::Column,
        row_gap: px(8),
        padding: UiRect::all(px(18)),
        border_radius: BorderRadius::all(px(10)),
        ..default()
    }
}

fn scenario_card(scenario: &Scenario, best: Option<u32>) -> impl Bundle + use<> {
    let minutes = format!("{} min · {:?}", scenario.minutes, scenario.difficulty);
    let trains = scenario
        .competencies
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(" · ");
    let (best_text, best_tone) = match best {
        Some(score) => (format!("Best {score}"), Tone::for_score(score)),
        None => ("Not played yet".to_owned(), Tone::TextMuted),
    };
    (
        Name::new(format!("Card {}", scenario.id)),
        ScenarioCard {
            id: scenario.id.clone(),
        },
        card_node(),
        activates(StartScenario(scenario.id.clone())),
        children![
            text(TextRole::Title, scenario.title.clone()),
            (
                row(16.0),
                children![
                    muted(TextRole::Small, minutes),
                    toned_text(TextRole::Small, best_text, best_tone)
                ]
            ),
            text(TextRole::Small, scenario.summary.clone()),
            muted(TextRole::Small, format!("Trains: {trains}")),
        ],
    )
}

fn broken_card(file: &str, messages: &[String], index: usize) -> impl Bundle + use<> {
    let first = messages.first().cloned().unwrap_or_default();
    let more = match messages.len() {
        0 | 1 => String::new(),
        n => format!(
            "and {} more problem{}",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    (
        Name::new(format!("Broken card {file}")),
        card_node(),
        activates(ShowProblem(index)),
        children![
            toned_text(
                TextRole::Title,
                format!("{file} could not be loaded"),
                Tone::Bad
            ),
            text(TextRole::Small, first),
            muted(TextRole::Small, more),
            muted(
                TextRole::Small,
                "Press to see every problem. The other scenarios are playable."
            ),
        ],
    )
}
