//! Choose a scenario: a card each, with what it trains and your best score so far, grouped by
//! difficulty and filtered by length and by what a scenario trains.

use bevy::ecs::system::SystemParam;
use bevy::input_focus::AutoFocus;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use bevy::ui_widgets::ScrollArea;
use promoted_engine::{Competency, Difficulty, Scenario};

use super::{Screen, ShowProblem};
use crate::AppSystems;
use crate::adapters::library::{Entry, EntryStatus, Library};
use crate::adapters::opened::{CAN_PICK, CloseFile, OpenedNotice, PickFile};
use crate::adapters::persistence::BestScores;
use crate::adapters::solo::{Navigate, StartCampaign, StartScenario};
use crate::theme::Layout;
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::{
    ButtonLook, activates, button, chip, muted, row, screen_root, text, toned_text,
};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ScenarioFilter>()
        .init_resource::<FilterFocus>()
        .add_observer(apply_filter)
        .add_systems(OnEnter(Screen::Select), spawn_frame)
        .add_systems(
            Update,
            render
                .in_set(AppSystems::Render)
                .run_if(in_state(Screen::Select)),
        );
}

/// How long a scenario takes, as the select screen sorts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// Up to a quarter of an hour: an introduction, a warm-up.
    Short,
    /// Longer: a full scenario, a workshop's main session.
    Full,
}

impl Length {
    pub const ALL: [Length; 2] = [Length::Short, Length::Full];

    pub fn of(scenario: &Scenario) -> Length {
        if scenario.minutes <= 15 {
            Length::Short
        } else {
            Length::Full
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Length::Short => "Up to 15 min",
            Length::Full => "Over 15 min",
        }
    }

    /// Inside a sentence: "Feedback, up to 15 minutes".
    pub fn phrase(self) -> &'static str {
        match self {
            Length::Short => "up to 15 minutes",
            Length::Full => "over 15 minutes",
        }
    }
}

/// One button of the filter bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterChoice {
    AnyLength,
    Length(Length),
    AnyCompetency,
    Trains(Competency),
}

/// Which scenarios the select screen shows: a length, a competency, or all. A plain model; the
/// screen draws what it admits.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScenarioFilter {
    pub length: Option<Length>,
    pub trains: Option<Competency>,
}

impl ScenarioFilter {
    /// Choosing a length or competency again shows all again.
    pub fn choose(&mut self, choice: FilterChoice) {
        match choice {
            FilterChoice::AnyLength => self.length = None,
            FilterChoice::Length(l) => {
                self.length = (self.length != Some(l)).then_some(l);
            }
            FilterChoice::AnyCompetency => self.trains = None,
            FilterChoice::Trains(c) => {
                self.trains = (self.trains != Some(c)).then_some(c);
            }
        }
    }

    pub fn is_chosen(&self, choice: FilterChoice) -> bool {
        match choice {
            FilterChoice::AnyLength => self.length.is_none(),
            FilterChoice::Length(l) => self.length == Some(l),
            FilterChoice::AnyCompetency => self.trains.is_none(),
            FilterChoice::Trains(c) => self.trains == Some(c),
        }
    }

    pub fn admits(&self, scenario: &Scenario) -> bool {
        self.length.is_none_or(|l| Length::of(scenario) == l)
            && self
                .trains
                .is_none_or(|c| scenario.competencies.contains(&c))
    }

    /// A campaign shows unless a length is chosen, when one of its chapters trains what
    /// is chosen.
    pub fn admits_campaign<'a>(&self, mut chapters: impl Iterator<Item = &'a Scenario>) -> bool {
        self.length.is_none()
            && self
                .trains
                .is_none_or(|c| chapters.any(|s| s.competencies.contains(&c)))
    }

    pub fn is_clear(&self) -> bool {
        *self == ScenarioFilter::default()
    }

    /// What the filter shows, said in words: "Feedback, up to 15 minutes".
    pub fn describe(&self) -> String {
        let parts: Vec<&str> = [
            self.trains.map(Competency::label),
            self.length.map(Length::phrase),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(", ")
    }
}

/// A filter button was pressed.
#[derive(Event, Debug, Clone, Copy)]
pub struct ChooseFilter(pub FilterChoice);

/// The filter button pressed last, which keeps the keyboard's focus when the screen redraws.
#[derive(Resource, Debug, Default)]
struct FilterFocus(Option<FilterChoice>);

fn apply_filter(
    choose: On<ChooseFilter>,
    mut filter: ResMut<ScenarioFilter>,
    mut focus: ResMut<FilterFocus>,
) {
    filter.choose(choose.0);
    focus.0 = Some(choose.0);
}

/// A scenario's card on the select screen.
#[derive(Component, Debug)]
pub struct ScenarioCard {
    pub id: String,
}

/// The select screen's root; its contents are rebuilt when the library changes (an author's
/// edit reloaded) or the filter does.
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

/// What the select screen is drawn from.
#[derive(SystemParam)]
struct Shown<'w> {
    library: Res<'w, Library>,
    best: Res<'w, BestScores>,
    filter: Res<'w, ScenarioFilter>,
    notice: Res<'w, OpenedNotice>,
    layout: Res<'w, Layout>,
}

impl Shown<'_> {
    fn is_changed(&self) -> bool {
        self.library.is_changed()
            || self.filter.is_changed()
            || self.notice.is_changed()
            || self.layout.is_changed()
    }
}

fn render(
    mut commands: Commands,
    shown: Shown,
    mut focus: ResMut<FilterFocus>,
    screens: Query<(Entity, Ref<SelectScreen>)>,
) {
    let Shown {
        library,
        best,
        filter,
        notice,
        layout,
    } = &shown;
    let Ok((root, screen)) = screens.single() else {
        return;
    };
    if !(screen.is_added() || shown.is_changed()) {
        return;
    }
    let focused = focus.0.take();
    let mut first = focused.is_none();
    let width = if layout.is_phone() {
        percent(100)
    } else {
        percent(49)
    };
    commands
        .entity(root)
        .despawn_children()
        .with_children(|screen| {
            // On a phone the whole screen scrolls under a finger, the filters with the cards;
            // wide, only the cards do.
            let mut page = screen.spawn(Node {
                flex_grow: 1.0,
                flex_direction: FlexDirection::Column,
                row_gap: px(14),
                min_height: px(0),
                ..default()
            });
            if layout.is_phone() {
                page.insert(ScrollArea)
                    .entry::<Node>()
                    .and_modify(|mut node| {
                        node.overflow = Overflow::scroll_y();
                    });
            }
            page.with_children(|root| {
                root.spawn(Node {
                    flex_direction: FlexDirection::Row,
                    flex_wrap: FlexWrap::Wrap,
                    align_items: AlignItems::Center,
                    column_gap: px(24),
                    row_gap: px(8),
                    ..default()
                })
                .with_children(|header| {
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
                    header
                        .spawn(filter_row(Val::Auto))
                        .with_children(|bar| filter_chips(bar, FilterRow::Length, filter, focused));
                    if CAN_PICK {
                        header.spawn(button(
                            "Open a scenario file…",
                            ButtonLook::Secondary,
                            PickFile,
                        ));
                    }
                });
                if let Some(said) = &notice.0 {
                    root.spawn(toned_text(TextRole::Small, said.clone(), Tone::Accent));
                }
                root.spawn(filter_row(px(0)))
                    .with_children(|bar| filter_chips(bar, FilterRow::Trains, filter, focused));
                let mut cards = root.spawn((
                    Name::new("Cards"),
                    Node {
                        flex_grow: 1.0,
                        flex_direction: FlexDirection::Row,
                        flex_wrap: FlexWrap::Wrap,
                        align_content: AlignContent::FlexStart,
                        row_gap: px(14),
                        column_gap: px(16),
                        ..default()
                    },
                ));
                if !layout.is_phone() {
                    cards
                        .insert(ScrollArea)
                        .entry::<Node>()
                        .and_modify(|mut node| {
                            node.overflow = Overflow::scroll_y();
                        });
                }
                cards.with_children(|cards| {
                    let mut shown = 0;
                    let opened: Vec<_> = library
                        .entries()
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.opened.is_some())
                        .collect();
                    if !opened.is_empty() {
                        heading(cards, "Your scenarios · opened in this browser");
                    }
                    for (index, entry) in opened {
                        shown += 1;
                        opened_card(cards, index, entry, best, width);
                    }
                    let campaigns: Vec<_> = library
                        .campaigns()
                        .iter()
                        .filter(|c| {
                            filter.admits_campaign(
                                c.chapters
                                    .iter()
                                    .filter_map(|ch| library.find(&ch.scenario).map(|s| &**s)),
                            )
                        })
                        .collect();
                    if !campaigns.is_empty() {
                        heading(cards, "Campaigns · one team, chapter after chapter");
                    }
                    for campaign in campaigns {
                        shown += 1;
                        let chapters: Vec<&str> = campaign
                            .chapters
                            .iter()
                            .map(|c| {
                                library
                                    .find(&c.scenario)
                                    .map_or(c.scenario.as_str(), |s| s.title.as_str())
                            })
                            .collect();
                        let minutes: u32 = campaign
                            .chapters
                            .iter()
                            .filter_map(|c| library.find(&c.scenario).map(|s| s.minutes))
                            .sum();
                        let mut card = cards.spawn((
                            Name::new(format!("Campaign {}", campaign.id)),
                            ScenarioCard {
                                id: campaign.id.clone(),
                            },
                            card_node(width),
                            activates(StartCampaign(campaign.id.clone())),
                            children![
                                toned_text(
                                    TextRole::Small,
                                    format!(
                                        "Campaign · {} chapters · about {minutes} min",
                                        chapters.len()
                                    ),
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
                    // A file that does not load shows first, where its author looks; then the
                    // on-ramp, Introductory scenarios, then by difficulty, each in file order.
                    // A campaign's chapters are played inside it.
                    let broken: Vec<_> = library
                        .entries()
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.opened.is_none())
                        .filter_map(|(i, e)| match &e.status {
                            EntryStatus::Broken(messages) => Some((i, &e.file, messages)),
                            EntryStatus::Ready(_) => None,
                        })
                        .collect();
                    if !broken.is_empty() {
                        heading(cards, "Could not be loaded");
                    }
                    for (index, file, messages) in broken {
                        cards.spawn(broken_card(
                            file,
                            messages,
                            index,
                            library.ready().next().is_some(),
                            width,
                        ));
                    }
                    let mut scenarios: Vec<&Scenario> = library
                        .entries()
                        .iter()
                        .filter(|e| e.opened.is_none())
                        .filter_map(|e| match &e.status {
                            EntryStatus::Ready(s) => Some(&**s),
                            EntryStatus::Broken(_) => None,
                        })
                        .filter(|s| !library.is_shadowed(s))
                        // A campaign's chapter is played inside it, while the campaign is there.
                        .filter(|s| {
                            s.chapter_of
                                .as_ref()
                                .is_none_or(|c| library.campaign(c).is_none())
                                && filter.admits(s)
                        })
                        .collect();
                    scenarios.sort_by_key(|s| s.difficulty);
                    let mut group = None;
                    for scenario in scenarios {
                        if group != Some(scenario.difficulty) {
                            group = Some(scenario.difficulty);
                            heading(cards, group_heading(scenario.difficulty));
                        }
                        shown += 1;
                        let mut card = cards.spawn(scenario_card(
                            scenario,
                            best.0.get(&scenario.id).copied(),
                            width,
                        ));
                        if std::mem::take(&mut first) {
                            card.insert(AutoFocus);
                        }
                    }
                    if shown == 0 && !filter.is_clear() {
                        cards.spawn(muted(
                        TextRole::Body,
                        format!(
                            "Nothing matches {}. Choose \u{201c}Any\u{201d} to see every scenario.",
                            filter.describe()
                        ),
                    ));
                    }
                });
            });
        });
}

/// A heading across the whole width of the card grid.
fn heading(cards: &mut ChildSpawnerCommands, label: &str) {
    cards.spawn((
        Node {
            width: percent(100),
            margin: UiRect::top(px(6)),
            ..default()
        },
        children![toned_text(TextRole::Small, label.to_owned(), Tone::Accent)],
    ));
}

fn group_heading(difficulty: Difficulty) -> &'static str {
    match difficulty {
        Difficulty::Introductory => "Introductions · ten minutes, one idea each",
        Difficulty::Intermediate => "Intermediate · a fortnight of calls",
        Difficulty::Advanced => "Advanced · harder trades, fewer allies",
    }
}

/// The two rows of filter buttons: how long, and what it trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FilterRow {
    Length,
    Trains,
}

/// A wrapping row of filter buttons; `left` pushes it to the right of a header.
fn filter_row(left: Val) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        align_items: AlignItems::Center,
        margin: UiRect::left(left),
        row_gap: px(6),
        column_gap: px(8),
        ..default()
    }
}

/// One row's buttons, the chosen one lit.
fn filter_chips(
    bar: &mut ChildSpawnerCommands,
    kind: FilterRow,
    filter: &ScenarioFilter,
    focused: Option<FilterChoice>,
) {
    let (label, choices): (&str, Vec<FilterChoice>) = match kind {
        FilterRow::Length => (
            "Length",
            std::iter::once(FilterChoice::AnyLength)
                .chain(Length::ALL.map(FilterChoice::Length))
                .collect(),
        ),
        FilterRow::Trains => (
            "Trains",
            std::iter::once(FilterChoice::AnyCompetency)
                .chain(Competency::ALL.map(FilterChoice::Trains))
                .collect(),
        ),
    };
    bar.spawn(muted(TextRole::Small, label));
    for choice in choices {
        let name = match choice {
            FilterChoice::AnyLength | FilterChoice::AnyCompetency => "Any",
            FilterChoice::Length(l) => l.label(),
            FilterChoice::Trains(c) => c.short(),
        };
        let mut entity = bar.spawn(chip(name, filter.is_chosen(choice), ChooseFilter(choice)));
        if focused == Some(choice) {
            entity.insert(AutoFocus);
        }
    }
}

/// Two cards to a row when wide, one on a phone.
fn card_node(width: Val) -> Node {
    Node {
        width,
        flex_direction: FlexDirection::Column,
        row_gap: px(8),
        padding: UiRect::all(px(18)),
        border_radius: BorderRadius::all(px(10)),
        ..default()
    }
}

fn scenario_card(scenario: &Scenario, best: Option<u32>, width: Val) -> impl Bundle + use<> {
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
        card_node(width),
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

/// A file the player opened: its card (to play it, or see why it does not load), what the
/// check said, and buttons for the check's report and to remove it.
fn opened_card(
    cards: &mut ChildSpawnerCommands,
    index: usize,
    entry: &Entry,
    best: &BestScores,
    width: Val,
) {
    let Some(opened) = &entry.opened else {
        return;
    };
    let full = percent(100);
    cards
        .spawn((
            Name::new(format!("Opened {}", entry.file)),
            Node {
                width,
                flex_direction: FlexDirection::Column,
                row_gap: px(6),
                ..default()
            },
        ))
        .with_children(|slot| {
            match &entry.status {
                EntryStatus::Ready(scenario) => {
                    slot.spawn(scenario_card(
                        scenario,
                        best.0.get(&scenario.id).copied(),
                        full,
                    ));
                }
                EntryStatus::Broken(messages) => {
                    slot.spawn(broken_card(&entry.file, messages, index, true, full));
                }
            }
            slot.spawn(row(10.0)).with_children(|actions| {
                actions.spawn(muted(
                    TextRole::Small,
                    format!("{} · checked: {}", entry.file, opened.verdict),
                ));
                if matches!(entry.status, EntryStatus::Ready(_)) && !opened.findings.is_empty() {
                    actions.spawn(button(
                        "The check's report",
                        ButtonLook::Secondary,
                        ShowProblem(index),
                    ));
                }
                actions.spawn(button(
                    "Remove",
                    ButtonLook::Secondary,
                    CloseFile(entry.file.clone()),
                ));
            });
        });
}

/// A file that did not load; `others` says whether any other scenario did.
fn broken_card(
    file: &str,
    messages: &[String],
    index: usize,
    others: bool,
    width: Val,
) -> impl Bundle + use<> {
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
        card_node(width),
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
                if others {
                    "Press to see every problem. The other scenarios are playable."
                } else {
                    "Press to see every problem."
                }
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(minutes: u32, competencies: &str) -> Scenario {
        let text = format!(
            r#"Scenario(format: 2, id: "s", title: "S", summary: "S.", minutes: {minutes},
            difficulty: Intermediate, competencies: [{competencies}], start: "a",
            nodes: [Node(id: "a", text: "A.", choices: [Choice(id: "c", text: "C.", note: "N.", next: "end")])],
            endings: [Ending(id: "end", title: "End", epilogue: "E.", rating: Mixed)])"#
        );
        promoted_engine::load(text.as_bytes()).expect("loads").0
    }

    #[test]
    fn a_filter_admits_by_length_and_competency_and_a_second_press_clears_it() {
        let short_feedback = scenario(10, "Feedback");
        let full_planning = scenario(30, "Planning, Conflict");
        let mut filter = ScenarioFilter::default();
        assert!(filter.admits(&short_feedback) && filter.admits(&full_planning));
        filter.choose(FilterChoice::Length(Length::Short));
        assert!(filter.admits(&short_feedback) && !filter.admits(&full_planning));
        filter.choose(FilterChoice::Trains(Competency::Conflict));
        assert!(!filter.admits(&short_feedback) && !filter.admits(&full_planning));
        assert_eq!(filter.describe(), "Handling conflict, up to 15 minutes");
        filter.choose(FilterChoice::Length(Length::Short));
        assert!(
            filter.admits(&full_planning),
            "pressed again, the length clears"
        );
        assert!(filter.is_chosen(FilterChoice::AnyLength));
        filter.choose(FilterChoice::AnyCompetency);
        assert!(filter.is_clear());
    }

    #[test]
    fn a_campaign_shows_when_a_chapter_trains_what_is_chosen_and_no_length_is() {
        let chapters = [scenario(15, "Feedback"), scenario(15, "Planning")];
        let mut filter = ScenarioFilter::default();
        filter.choose(FilterChoice::Trains(Competency::Planning));
        assert!(filter.admits_campaign(chapters.iter()));
        filter.choose(FilterChoice::Trains(Competency::Retention));
        assert!(!filter.admits_campaign(chapters.iter()));
        filter.choose(FilterChoice::AnyCompetency);
        filter.choose(FilterChoice::Length(Length::Full));
        assert!(!filter.admits_campaign(chapters.iter()));
    }
}
