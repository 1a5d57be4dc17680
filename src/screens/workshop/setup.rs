//! The workshop setup screen: the scenario, the seed, the teams and how the room votes. The
//! draft is the engine's [`Draft`]; this screen shows it and hands it the facilitator's edits.

use bevy::input_focus::tab_navigation::TabGroup;
use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;
use promoted_engine::workshop::{Field, Length, MAX_TEAMS, SetupEdit, TEAM_COLOURS, Turns, Voting};

use super::export::{SaveSheet, SheetStatus};
use crate::AppSystems;
use crate::adapters::library::Library;
use crate::adapters::presenter::OpenPresenter;
use crate::adapters::room::{SetupDraft, StartWorkshop, first_draft};
use crate::adapters::settings::{Settings, ToggleHighContrast};
use crate::adapters::solo::{Navigate, Seeds};
use crate::screens::Screen;
use crate::theme::palette::Tone;
use crate::theme::typography::TextRole;
use crate::widgets::text_field::{Typed, Typing};
use crate::widgets::{
    ButtonLook, activates, button, divider, muted, row, screen_root, scroll_panel, text, toned_text,
};

/// A change the facilitator makes on the setup screen.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditSetup {
    /// A change to the draft itself.
    Draft(SetupEdit),
    /// Start typing into a field.
    Type(Field),
    /// Keep what is being typed, and start the workshop.
    Start,
}

pub(super) fn plugin(app: &mut App) {
    app.add_observer(edit)
        .add_observer(keep_typed)
        .add_systems(
            OnEnter(Screen::WorkshopSetup),
            (ensure_draft, spawn).chain(),
        )
        .add_systems(
            Update,
            refresh
                .in_set(AppSystems::Render)
                .run_if(in_state(Screen::WorkshopSetup)),
        )
        .add_systems(
            OnExit(Screen::WorkshopSetup),
            |mut typing: ResMut<Typing>| *typing = Typing::default(),
        );
}

fn ensure_draft(
    mut commands: Commands,
    draft: Option<Res<SetupDraft>>,
    library: Res<Library>,
    mut seeds: ResMut<Seeds>,
    time: Res<Time<Real>>,
) {
    let ids: Vec<&str> = library.ready().map(|s| s.id.as_str()).collect();
    if draft.is_some_and(|d| d.0.fits(&ids)) {
        return;
    }
    if let Some(draft) = first_draft(&library, &mut seeds, &time) {
        commands.insert_resource(SetupDraft(draft));
    }
}

/// The setup screen's root; its contents are rebuilt after every change.
#[derive(Component)]
struct SetupScreen;

/// Which control a button is, so focus survives a rebuild.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum Control {
    Edit(EditSetup),
    Sheet,
    Presenter,
    Start,
    Back,
    Contrast,
}

fn spawn(mut commands: Commands) {
    commands.spawn((
        Name::new("Workshop setup"),
        SetupScreen,
        DespawnOnExit(Screen::WorkshopSetup),
        TabGroup::new(0),
        screen_root(),
    ));
}

/// What the setup screen is drawn from.
#[derive(bevy::ecs::system::SystemParam)]
struct Shown<'w> {
    draft: Option<Res<'w, SetupDraft>>,
    typing: Res<'w, Typing>,
    settings: Res<'w, Settings>,
    library: Res<'w, Library>,
    focus: Res<'w, InputFocus>,
    sheet: Res<'w, SheetStatus>,
}

fn refresh(
    mut commands: Commands,
    shown: Shown,
    controls: Query<&Control>,
    screens: Query<(Entity, Ref<SetupScreen>)>,
) {
    let Some(draft) = &shown.draft else {
        return;
    };
    let Ok((root, added)) = screens.single() else {
        return;
    };
    let (editing, settings, library, focus) =
        (&shown.typing, &shown.settings, &shown.library, &shown.focus);
    if !(added.is_added()
        || draft.is_changed()
        || editing.is_changed()
        || settings.is_changed()
        || shown.sheet.is_changed())
    {
        return;
    }
    let draft = &draft.0;
    // While typing nothing has focus, so Space and Enter type instead of pressing a button.
    let focused = if editing.field.is_some() {
        None
    } else {
        Some(
            focus
                .get()
                .and_then(|e| controls.get(e).ok().copied())
                .unwrap_or(Control::Start),
        )
    };
    let ui = Ui {
        draft,
        editing,
        focused,
        served: crate::adapters::phones::host_serves_game(),
    };
    commands
        .entity(root)
        .despawn_children()
        .with_children(|root| {
            root.spawn(row(16.0)).with_children(|header| {
                header.spawn(toned_text(
                    TextRole::Heading,
                    "Workshop setup",
                    Tone::Accent,
                ));
                header.spawn(muted(
                    TextRole::Small,
                    "One shared screen · the room discusses, votes and debriefs together",
                ));
            });
            root.spawn(Node {
                flex_grow: 1.0,
                column_gap: px(20),
                min_height: px(0),
                ..default()
            })
            .with_children(|columns| {
                columns
                    .spawn(scroll_panel(Node {
                        flex_basis: px(0),
                        flex_grow: 1.0,
                        ..default()
                    }))
                    .with_children(|left| {
                        ui.scenario_and_seed(left, library, settings, &shown.sheet)
                    });
                columns
                    .spawn(scroll_panel(Node {
                        flex_basis: px(0),
                        flex_grow: 1.0,
                        ..default()
                    }))
                    .with_children(|right| ui.teams_and_rules(right));
            });
            if let Some(message) = &draft.message {
                root.spawn(toned_text(TextRole::Small, message.clone(), Tone::Bad));
            }
            root.spawn(row(14.0)).with_children(|buttons| {
                ui.control(
                    buttons,
                    "Back (Esc)",
                    ButtonLook::Secondary,
                    Control::Back,
                    Navigate(Screen::Title),
                );
                ui.control(
                    buttons,
                    "Start the workshop",
                    ButtonLook::Primary,
                    Control::Start,
                    EditSetup::Start,
                );
                buttons.spawn(muted(
                TextRole::Small,
                "In play: PageDown next · PageUp back · B blank · P prompt · Space pause · U undo",
            ));
            });
        });
}

/// The setup screen's parts, drawn from the draft and what is being typed.
struct Ui<'a> {
    draft: &'a promoted_engine::workshop::Draft,
    editing: &'a Typing,
    focused: Option<Control>,
    /// Whether `promoted host` served the game, so the room can vote on phones.
    served: bool,
}

impl Ui<'_> {
    /// A button for `control`, focused again if it had the focus before the rebuild.
    fn control<E>(
        &self,
        parent: &mut ChildSpawnerCommands,
        label: impl Into<String>,
        look: ButtonLook,
        control: Control,
        event: E,
    ) where
        E: Event + Clone,
        for<'t> E::Trigger<'t>: Default,
    {
        let mut button = parent.spawn((button(label, look, event), control));
        if Some(control) == self.focused {
            button.insert(AutoFocus);
        }
    }

    fn edit(&self, parent: &mut ChildSpawnerCommands, label: impl Into<String>, edit: EditSetup) {
        self.control(
            parent,
            label,
            ButtonLook::Secondary,
            Control::Edit(edit),
            edit,
        );
    }

    /// A compact row for a rule of the session: its name, and its value, which activating
    /// the row changes.
    fn setting<E>(
        &self,
        parent: &mut ChildSpawnerCommands,
        name: &str,
        value: String,
        control: Control,
        event: E,
    ) where
        E: Event + Clone,
        for<'t> E::Trigger<'t>: Default,
    {
        let mut line = parent.spawn((
            Node {
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::Center,
                column_gap: px(12),
                padding: UiRect::axes(px(14), px(8)),
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
            activates(event),
            control,
            children![
                muted(TextRole::Small, name.to_owned()),
                text(TextRole::Small, value),
            ],
        ));
        if Some(control) == self.focused {
            line.insert(AutoFocus);
        }
    }

    /// A field's value, or what is being typed into it with a caret.
    fn field(&self, field: Field, value: String) -> String {
        self.editing.shown(field, value)
    }

    fn scenario_and_seed(
        &self,
        left: &mut ChildSpawnerCommands,
        library: &Library,
        settings: &Settings,
        sheet: &SheetStatus,
    ) {
        let setup = &self.draft.setup;
        left.spawn(muted(TextRole::Small, "Scenario"));
        left.spawn(row(10.0)).with_children(|pick| {
            self.edit(pick, "Previous", EditSetup::Draft(SetupEdit::Scenario(-1)));
            self.edit(
                pick,
                "Next scenario",
                EditSetup::Draft(SetupEdit::Scenario(1)),
            );
        });
        if let Some(scenario) = library.find(&setup.scenario) {
            left.spawn(toned_text(
                TextRole::Title,
                scenario.title.clone(),
                Tone::Accent,
            ));
            left.spawn(text(TextRole::Small, scenario.summary.clone()));
            left.spawn(muted(
                TextRole::Small,
                format!(
                    "About {} minutes alone; allow two to three times that with a room.",
                    scenario.minutes
                ),
            ));
            let pivotal = scenario.nodes.iter().filter(|n| n.pivotal).count();
            if pivotal > 0 {
                let session = match setup.length {
                    Length::Full => "Full: every decision to the room".to_owned(),
                    Length::Cut => format!("60-minute cut: the {pivotal} pivotal decisions"),
                };
                self.setting(
                    left,
                    "Session",
                    session,
                    Control::Edit(EditSetup::Draft(SetupEdit::Length)),
                    EditSetup::Draft(SetupEdit::Length),
                );
            }
            if scenario.facilitation.is_some() {
                left.spawn(row(10.0)).with_children(|plan| {
                    self.control(
                        plan,
                        "Facilitator's sheet",
                        ButtonLook::Secondary,
                        Control::Sheet,
                        SaveSheet,
                    );
                    self.control(
                        plan,
                        "Presenter window",
                        ButtonLook::Secondary,
                        Control::Presenter,
                        OpenPresenter,
                    );
                });
                left.spawn(muted(
                    TextRole::Small,
                    "The presenter window is the facilitator's: notes, the plan and the agenda clock. This one goes on the projector.",
                ));
                if let Some(status) = &sheet.0 {
                    left.spawn(muted(TextRole::Small, status.clone()));
                }
            }
        }
        left.spawn(muted(
            TextRole::Small,
            "Seed: the same seed replays the same session",
        ));
        left.spawn(row(10.0)).with_children(|seed| {
            self.edit(
                seed,
                self.field(Field::Seed, setup.seed.to_string()),
                EditSetup::Type(Field::Seed),
            );
            self.edit(seed, "New seed", EditSetup::Draft(SetupEdit::NewSeed));
        });
        if self.editing.field.is_some() {
            left.spawn(toned_text(
                TextRole::Small,
                "Typing: Enter keeps it · Esc cancels",
                Tone::Accent,
            ));
        }
        // The room's screen, too, belongs to the setup: a weak projector needs it from the start.
        let contrast = if settings.high_contrast { "on" } else { "off" };
        self.setting(
            left,
            "High contrast",
            contrast.into(),
            Control::Contrast,
            ToggleHighContrast,
        );
    }

    fn teams_and_rules(&self, right: &mut ChildSpawnerCommands) {
        let setup = &self.draft.setup;
        right.spawn(muted(
            TextRole::Small,
            format!(
                "Teams ({} of {MAX_TEAMS}) · activate a name to rename it, a dot to recolour it",
                setup.teams.len()
            ),
        ));
        for (i, team) in setup.teams.iter().enumerate() {
            right.spawn(row(10.0)).with_children(|line| {
                // The swatch is a button too: activating it gives the team the next free colour.
                let colour = EditSetup::Draft(SetupEdit::Colour(i));
                let mut swatch = line.spawn((
                    Name::new(format!("Colour of team {}", i + 1)),
                    Node {
                        padding: UiRect::all(px(10)),
                        border_radius: BorderRadius::all(px(8)),
                        ..default()
                    },
                    activates(colour),
                    Control::Edit(colour),
                    children![(
                        Node {
                            width: px(24),
                            height: px(24),
                            border_radius: BorderRadius::all(px(12)),
                            ..default()
                        },
                        BackgroundColor(team_colour(&team.colour)),
                        Pickable::IGNORE,
                    )],
                ));
                if Some(Control::Edit(colour)) == self.focused {
                    swatch.insert(AutoFocus);
                }
                self.edit(
                    line,
                    self.field(Field::TeamName(i), team.name.clone()),
                    EditSetup::Type(Field::TeamName(i)),
                );
                if setup.teams.len() > 1 {
                    self.edit(line, "Remove", EditSetup::Draft(SetupEdit::RemoveTeam(i)));
                }
            });
        }
        if setup.teams.len() < MAX_TEAMS {
            self.edit(right, "+ Add a team", EditSetup::Draft(SetupEdit::AddTeam));
        }
        right.spawn(divider());
        if setup.teams.len() > 1 {
            let turns = match setup.turns {
                Turns::Alternate => "decision by decision",
                Turns::InSequence => "one team after the other",
            };
            self.setting(
                right,
                "Turns",
                turns.into(),
                Control::Edit(EditSetup::Draft(SetupEdit::Turns)),
                EditSetup::Draft(SetupEdit::Turns),
            );
        }
        let voting = match setup.voting {
            Voting::Counts => "show-of-hands count per option",
            Voting::Majority => "click the majority's option",
            Voting::Phones if self.served => "anonymous, on the room's phones (hands can be added)",
            Voting::Phones => {
                "on the room's phones: needs the game served by `promoted host` (web/host.sh)"
            }
        };
        self.setting(
            right,
            "Vote",
            voting.into(),
            Control::Edit(EditSetup::Draft(SetupEdit::Voting)),
            EditSetup::Draft(SetupEdit::Voting),
        );
        let time = if self.draft.custom_time {
            format!(
                "{} s (custom)",
                self.field(Field::Seconds, setup.discussion_seconds.to_string())
            )
        } else if setup.discussion_seconds == 0 {
            "off".to_owned()
        } else {
            format!("{} s", setup.discussion_seconds)
        };
        self.setting(
            right,
            "Discussion per decision",
            time,
            Control::Edit(EditSetup::Draft(SetupEdit::Discussion)),
            EditSetup::Draft(SetupEdit::Discussion),
        );
        if self.draft.custom_time {
            self.edit(right, "Type the seconds", EditSetup::Type(Field::Seconds));
        }
        let shown = if setup.meters_visible {
            "shown"
        } else {
            "hidden until the debrief"
        };
        self.setting(
            right,
            "Meters during play",
            shown.into(),
            Control::Edit(EditSetup::Draft(SetupEdit::Meters)),
            EditSetup::Draft(SetupEdit::Meters),
        );
        let prompts = if setup.prompts {
            "allowed (P shows them)"
        } else {
            "off"
        };
        self.setting(
            right,
            "Facilitator prompts",
            prompts.into(),
            Control::Edit(EditSetup::Draft(SetupEdit::Prompts)),
            EditSetup::Draft(SetupEdit::Prompts),
        );
    }
}

/// A team's colour from its `#rrggbb`, amber if it cannot be read.
pub fn team_colour(hex: &str) -> Color {
    Srgba::hex(hex).map_or(Tone::Accent.color(false), Color::from)
}

/// An option's own colour: options are told apart by number and colour alike.
pub fn option_colour(position: usize) -> Color {
    team_colour(TEAM_COLOURS[position % TEAM_COLOURS.len()].1)
}

/// Hand an edit to the draft; starting to type takes the keyboard from the buttons.
#[allow(clippy::too_many_arguments)]
fn edit(
    event: On<EditSetup>,
    mut commands: Commands,
    draft: Option<ResMut<SetupDraft>>,
    mut typing: ResMut<Typing>,
    library: Res<Library>,
    mut seeds: ResMut<Seeds>,
    time: Res<Time<Real>>,
    mut focus: ResMut<InputFocus>,
) {
    let Some(mut draft) = draft else {
        return;
    };
    // An edit elsewhere keeps what was being typed, as Enter would.
    if let Some((field, text)) = typing.finish() {
        draft.0.type_into(field, &text);
    }
    match *event {
        EditSetup::Draft(edit) => {
            let ids: Vec<&str> = library.ready().map(|s| s.id.as_str()).collect();
            draft.0.edit(edit, &ids, || seeds.next(&time) % 1_000_000);
        }
        EditSetup::Type(field) => {
            typing.start(field);
            focus.clear();
        }
        EditSetup::Start => commands.trigger(StartWorkshop),
    }
}

/// Typing ended with Enter: the draft keeps it, or says why not.
fn keep_typed(typed: On<Typed>, draft: Option<ResMut<SetupDraft>>) {
    if let Some(mut draft) = draft {
        draft.0.type_into(typed.field, &typed.text);
    }
}
