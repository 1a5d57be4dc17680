//! The workshop setup screen: the scenario, the seed, the teams and how the room votes.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;
use promoted_engine::workshop::{MAX_TEAMS, Setup, Team, Turns, Voting, Workshop};

use super::{Countdown, WorkshopSession};
use crate::library::Library;
use crate::screens::Screen;
use crate::session::{Navigate, Seeds};
use crate::settings::{Settings, ToggleHighContrast};
use crate::theme::palette::{ACCENT, BAD, BORDER};
use crate::theme::typography::TextRole;
use crate::theme::widgets::{
    ButtonLook, activates, button, colored_text, muted, row, screen_root, scroll_panel, text,
};

/// Team colours, distinct from each other and readable on the dark and the black themes.
pub const TEAM_COLOURS: [(&str, &str); MAX_TEAMS] = [
    ("Amber", "#f5b83d"),
    ("Teal", "#3dc9b0"),
    ("Coral", "#ff7f6e"),
    ("Violet", "#b390e6"),
    ("Sky", "#5cb8ff"),
    ("Lime", "#a6d94a"),
];

/// Discussion times offered before "custom".
const DISCUSSION_PRESETS: [u32; 4] = [0, 30, 60, 90];

/// The longest discussion a custom time may ask for, in seconds.
const MAX_DISCUSSION: u32 = 900;

/// The workshop being set up. It outlives the screen, so a facilitator who steps away to
/// the title finds their setup as they left it.
#[derive(Resource, Debug, Clone)]
pub struct Draft {
    pub setup: Setup,
    /// The discussion time was typed rather than picked from the presets.
    pub custom_time: bool,
    /// Why the workshop could not start, or a typed value was refused.
    pub message: Option<String>,
}

/// A text field being typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Seed,
    TeamName(usize),
    Seconds,
}

/// What is being typed, if anything. While it is, keys type rather than act.
#[derive(Resource, Debug, Default)]
pub struct Editing {
    pub field: Option<Field>,
    pub buffer: String,
}

/// A change to the draft setup.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupEdit {
    /// The next (+1) or previous (−1) scenario of the library.
    Scenario(i32),
    NewSeed,
    /// Start typing into a field.
    Edit(Field),
    AddTeam,
    RemoveTeam(usize),
    /// Give this team the next colour no other team has.
    Colour(usize),
    Turns,
    Voting,
    /// Off → 30 s → 60 s → 90 s → custom → off.
    Discussion,
    Meters,
    Prompts,
}

/// Start the workshop as drafted.
#[derive(Event, Debug, Clone, Copy)]
pub struct StartWorkshop;

/// Whether keys are typing into a field; other key handlers stand back.
pub fn not_editing(editing: Option<Res<Editing>>) -> bool {
    editing.is_none_or(|e| e.field.is_none())
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Editing>()
        // Registered by the input plugin in a real app; here too so headless apps run.
        .add_message::<KeyboardInput>()
        .add_observer(edit)
        .add_observer(start)
        .add_systems(
            OnEnter(Screen::WorkshopSetup),
            (ensure_draft, spawn).chain(),
        )
        .add_systems(
            Update,
            // After the global keys, so the Esc that cancels typing does not also leave.
            (type_into_field.after(crate::input::global_keys), refresh)
                .chain()
                .run_if(in_state(Screen::WorkshopSetup)),
        )
        .add_systems(
            OnExit(Screen::WorkshopSetup),
            |mut editing: ResMut<Editing>| {
                *editing = Editing::default();
            },
        );
}

fn ensure_draft(
    mut commands: Commands,
    draft: Option<Res<Draft>>,
    library: Res<Library>,
    mut seeds: ResMut<Seeds>,
    time: Res<Time<Real>>,
) {
    let usable = draft.is_some_and(|d| library.find(&d.setup.scenario).is_some());
    if usable {
        return;
    }
    let Some(scenario) = library.ready().next() else {
        return;
    };
    let (name, colour) = TEAM_COLOURS[0];
    commands.insert_resource(Draft {
        setup: Setup {
            scenario: scenario.id.clone(),
            seed: seeds.next(&time) % 1_000_000,
            teams: vec![Team {
                name: format!("Team {name}"),
                colour: colour.to_owned(),
            }],
            voting: Voting::Counts,
            turns: Turns::Alternate,
            discussion_seconds: 60,
            meters_visible: true,
            prompts: true,
        },
        custom_time: false,
        message: None,
    });
}

/// The setup screen's root; its contents are rebuilt after every change.
#[derive(Component)]
struct SetupScreen;

/// Which control a button is, so focus survives a rebuild.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum Control {
    Edit(SetupEdit),
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

#[allow(clippy::too_many_arguments)]
fn refresh(
    mut commands: Commands,
    draft: Option<Res<Draft>>,
    editing: Res<Editing>,
    settings: Res<Settings>,
    library: Res<Library>,
    focus: Res<InputFocus>,
    controls: Query<&Control>,
    screens: Query<(Entity, Ref<SetupScreen>)>,
) {
    let Some(draft) = draft else {
        return;
    };
    let Ok((root, added)) = screens.single() else {
        return;
    };
    if !(added.is_added() || draft.is_changed() || editing.is_changed() || settings.is_changed()) {
        return;
    }
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
        draft: &draft,
        editing: &editing,
        focused,
    };
    commands
        .entity(root)
        .despawn_children()
        .with_children(|root| {
            root.spawn(row(16.0)).with_children(|header| {
                header.spawn(colored_text(TextRole::Heading, "Workshop setup", ACCENT));
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
                    .with_children(|left| ui.scenario_and_seed(left, &library, &settings));
                columns
                    .spawn(scroll_panel(Node {
                        flex_basis: px(0),
                        flex_grow: 1.0,
                        ..default()
                    }))
                    .with_children(|right| ui.teams_and_rules(right));
            });
            if let Some(message) = &draft.message {
                root.spawn(colored_text(TextRole::Small, message.clone(), BAD));
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
                    StartWorkshop,
                );
                buttons.spawn(muted(
                TextRole::Small,
                "In play: PageDown next · PageUp back · B blank · P prompt · Space pause · U undo",
            ));
            });
        });
}

/// What the setup screen is drawn from.
struct Ui<'a> {
    draft: &'a Draft,
    editing: &'a Editing,
    focused: Option<Control>,
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

    fn edit(&self, parent: &mut ChildSpawnerCommands, label: impl Into<String>, edit: SetupEdit) {
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
        match self.editing.field {
            Some(f) if f == field => format!("{}▏", self.editing.buffer),
            _ => value,
        }
    }

    fn scenario_and_seed(
        &self,
        left: &mut ChildSpawnerCommands,
        library: &Library,
        settings: &Settings,
    ) {
        let setup = &self.draft.setup;
        left.spawn(muted(TextRole::Small, "Scenario"));
        left.spawn(row(10.0)).with_children(|pick| {
            self.edit(pick, "Previous", SetupEdit::Scenario(-1));
            self.edit(pick, "Next scenario", SetupEdit::Scenario(1));
        });
        if let Some(scenario) = library.find(&setup.scenario) {
            left.spawn(colored_text(
                TextRole::Title,
                scenario.title.clone(),
                ACCENT,
            ));
            left.spawn(text(TextRole::Small, scenario.summary.clone()));
            left.spawn(muted(
                TextRole::Small,
                format!(
                    "About {} minutes alone; allow two to three times that with a room.",
                    scenario.minutes
                ),
            ));
        }
        left.spawn(muted(
            TextRole::Small,
            "Seed: the same seed replays the same session",
        ));
        left.spawn(row(10.0)).with_children(|seed| {
            self.edit(
                seed,
                self.field(Field::Seed, setup.seed.to_string()),
                SetupEdit::Edit(Field::Seed),
            );
            self.edit(seed, "New seed", SetupEdit::NewSeed);
        });
        if self.editing.field.is_some() {
            left.spawn(colored_text(
                TextRole::Small,
                "Typing: Enter keeps it · Esc cancels",
                ACCENT,
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
                let colour = SetupEdit::Colour(i);
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
                    SetupEdit::Edit(Field::TeamName(i)),
                );
                if setup.teams.len() > 1 {
                    self.edit(line, "Remove", SetupEdit::RemoveTeam(i));
                }
            });
        }
        if setup.teams.len() < MAX_TEAMS {
            self.edit(right, "+ Add a team", SetupEdit::AddTeam);
        }
        right.spawn((
            Node {
                height: px(1),
                margin: UiRect::vertical(px(4)),
                ..default()
            },
            BackgroundColor(BORDER),
        ));
        if setup.teams.len() > 1 {
            let turns = match setup.turns {
                Turns::Alternate => "decision by decision",
                Turns::InSequence => "one team after the other",
            };
            self.setting(
                right,
                "Turns",
                turns.into(),
                Control::Edit(SetupEdit::Turns),
                SetupEdit::Turns,
            );
        }
        let voting = match setup.voting {
            Voting::Counts => "show-of-hands count per option",
            Voting::Majority => "click the majority's option",
        };
        self.setting(
            right,
            "Vote",
            voting.into(),
            Control::Edit(SetupEdit::Voting),
            SetupEdit::Voting,
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
            Control::Edit(SetupEdit::Discussion),
            SetupEdit::Discussion,
        );
        if self.draft.custom_time {
            self.edit(right, "Type the seconds", SetupEdit::Edit(Field::Seconds));
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
            Control::Edit(SetupEdit::Meters),
            SetupEdit::Meters,
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
            Control::Edit(SetupEdit::Prompts),
            SetupEdit::Prompts,
        );
    }
}

/// A team's colour from its `#rrggbb`, amber if it cannot be read.
pub fn team_colour(hex: &str) -> Color {
    Srgba::hex(hex).map_or(ACCENT, Color::from)
}

fn edit(
    event: On<SetupEdit>,
    draft: Option<ResMut<Draft>>,
    mut editing: ResMut<Editing>,
    library: Res<Library>,
    mut seeds: ResMut<Seeds>,
    time: Res<Time<Real>>,
    mut focus: ResMut<InputFocus>,
) {
    let Some(mut draft) = draft else {
        return;
    };
    commit(&mut draft, &mut editing);
    let draft = &mut *draft;
    let setup = &mut draft.setup;
    match *event {
        SetupEdit::Scenario(step) => {
            let ids: Vec<&String> = library.ready().map(|s| &s.id).collect();
            if let Some(at) = ids.iter().position(|id| **id == setup.scenario) {
                let next = (at as i32 + step).rem_euclid(ids.len() as i32) as usize;
                setup.scenario = ids[next].clone();
            }
        }
        SetupEdit::NewSeed => setup.seed = seeds.next(&time) % 1_000_000,
        SetupEdit::Edit(field) => {
            editing.field = Some(field);
            editing.buffer.clear();
            focus.clear();
        }
        SetupEdit::AddTeam if setup.teams.len() < MAX_TEAMS => {
            let (name, colour) = TEAM_COLOURS
                .iter()
                .find(|(_, c)| setup.teams.iter().all(|t| t.colour != *c))
                .copied()
                .unwrap_or(TEAM_COLOURS[0]);
            setup.teams.push(Team {
                name: format!("Team {name}"),
                colour: colour.to_owned(),
            });
        }
        SetupEdit::AddTeam => {}
        SetupEdit::RemoveTeam(i) if setup.teams.len() > 1 && i < setup.teams.len() => {
            setup.teams.remove(i);
        }
        SetupEdit::RemoveTeam(_) => {}
        SetupEdit::Colour(i) => {
            let taken: Vec<String> = setup.teams.iter().map(|t| t.colour.clone()).collect();
            if let Some(team) = setup.teams.get_mut(i) {
                let at = TEAM_COLOURS
                    .iter()
                    .position(|(_, c)| *c == team.colour)
                    .unwrap_or(0);
                let free = (1..TEAM_COLOURS.len())
                    .map(|step| TEAM_COLOURS[(at + step) % TEAM_COLOURS.len()].1)
                    .find(|c| !taken.iter().any(|t| t == c));
                if let Some(colour) = free {
                    team.colour = colour.to_owned();
                }
            }
        }
        SetupEdit::Turns => {
            setup.turns = match setup.turns {
                Turns::Alternate => Turns::InSequence,
                Turns::InSequence => Turns::Alternate,
            }
        }
        SetupEdit::Voting => {
            setup.voting = match setup.voting {
                Voting::Counts => Voting::Majority,
                Voting::Majority => Voting::Counts,
            }
        }
        SetupEdit::Discussion => {
            if draft.custom_time {
                draft.custom_time = false;
                setup.discussion_seconds = 0;
            } else {
                let at = DISCUSSION_PRESETS
                    .iter()
                    .position(|&s| s == setup.discussion_seconds);
                match at.map(|i| i + 1) {
                    Some(next) if next < DISCUSSION_PRESETS.len() => {
                        setup.discussion_seconds = DISCUSSION_PRESETS[next];
                    }
                    _ => {
                        draft.custom_time = true;
                        setup.discussion_seconds = 120;
                    }
                }
            }
        }
        SetupEdit::Meters => setup.meters_visible = !setup.meters_visible,
        SetupEdit::Prompts => setup.prompts = !setup.prompts,
    }
}

/// Keep what was typed, if it is valid; say why not otherwise.
fn commit(draft: &mut Draft, editing: &mut Editing) {
    let Some(field) = editing.field.take() else {
        return;
    };
    let typed = std::mem::take(&mut editing.buffer);
    let typed = typed.trim();
    draft.message = None;
    if typed.is_empty() {
        return;
    }
    match field {
        Field::Seed => match typed.parse() {
            Ok(seed) => draft.setup.seed = seed,
            Err(_) => draft.message = Some(format!("A seed is a whole number; “{typed}” is not.")),
        },
        Field::TeamName(i) => {
            if let Some(team) = draft.setup.teams.get_mut(i) {
                team.name = typed.chars().take(24).collect();
            }
        }
        Field::Seconds => match typed.parse::<u32>() {
            Ok(s) if (1..=MAX_DISCUSSION).contains(&s) => draft.setup.discussion_seconds = s,
            _ => {
                draft.message = Some(format!(
                    "A discussion lasts 1 to {MAX_DISCUSSION} seconds; “{typed}” does not fit."
                ));
            }
        },
    }
}

/// Typing into the field being edited: characters, Backspace, Enter to keep, Esc to cancel.
fn type_into_field(
    mut keys: MessageReader<KeyboardInput>,
    mut editing: ResMut<Editing>,
    draft: Option<ResMut<Draft>>,
) {
    let Some(mut draft) = draft else {
        return;
    };
    let Some(field) = editing.field else {
        keys.clear();
        return;
    };
    for key in keys.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        match &key.logical_key {
            Key::Enter => {
                commit(&mut draft, &mut editing);
                return;
            }
            Key::Escape => {
                *editing = Editing::default();
                return;
            }
            Key::Backspace => {
                editing.buffer.pop();
            }
            _ => {
                let Some(text) = &key.text else {
                    continue;
                };
                let numeric = matches!(field, Field::Seed | Field::Seconds);
                for c in text.chars() {
                    let fits = if numeric {
                        c.is_ascii_digit()
                    } else {
                        !c.is_control()
                    };
                    if fits && editing.buffer.chars().count() < 24 {
                        editing.buffer.push(c);
                    }
                }
            }
        }
    }
}

fn start(
    _: On<StartWorkshop>,
    mut commands: Commands,
    draft: Option<ResMut<Draft>>,
    mut editing: ResMut<Editing>,
    library: Res<Library>,
    mut countdown: ResMut<Countdown>,
) {
    let Some(mut draft) = draft else {
        return;
    };
    commit(&mut draft, &mut editing);
    let Some(scenario) = library.find(&draft.setup.scenario).cloned() else {
        draft.message = Some(format!(
            "The scenario `{}` is not available.",
            draft.setup.scenario
        ));
        return;
    };
    match Workshop::new(&scenario, draft.setup.clone()) {
        Ok(workshop) => {
            info!(
                "promoted: workshop of `{}` with seed {} and {} team(s)",
                scenario.id,
                draft.setup.seed,
                draft.setup.teams.len()
            );
            *countdown = Countdown::default();
            commands.insert_resource(WorkshopSession::new(scenario, workshop, None));
            commands.set_state(Screen::Workshop);
        }
        Err(e) => draft.message = Some(e.to_string()),
    }
}
