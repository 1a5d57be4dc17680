//! The workshop being set up, as a plain model: one method per thing the facilitator
//! changes, each keeping the setup valid and saying why a typed value was refused.

use super::{Length, MAX_TEAMS, Setup, Team, Turns, Voting};

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
pub const DISCUSSION_PRESETS: [u32; 4] = [0, 30, 60, 90];
/// The longest discussion a custom time may ask for, in seconds.
pub const MAX_DISCUSSION: u32 = 900;
/// A team's name fits the scoreboard at this length.
pub const MAX_TEAM_NAME: usize = 24;
/// What "custom" starts at.
const CUSTOM_START: u32 = 120;

/// A field the facilitator types into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Seed,
    TeamName(usize),
    Seconds,
    /// One of the room's commitments, typed in the debrief.
    Commitment,
}

impl Field {
    /// Whether the field takes digits only.
    pub fn numeric(self) -> bool {
        matches!(self, Field::Seed | Field::Seconds)
    }

    /// The longest text the field takes.
    pub fn max_chars(self) -> usize {
        match self {
            Field::Seed => 20,
            Field::Seconds => 3,
            Field::TeamName(_) => MAX_TEAM_NAME,
            Field::Commitment => super::MAX_COMMITMENT_CHARS,
        }
    }
}

/// A change to the draft setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupEdit {
    /// The next (+1) or previous (−1) scenario of the library.
    Scenario(i32),
    NewSeed,
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
    /// Full ↔ the 60-minute cut.
    Length,
}

/// The workshop being set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub setup: Setup,
    /// The discussion time was typed rather than picked from the presets.
    pub custom_time: bool,
    /// Why a typed value was refused, or the workshop could not start.
    pub message: Option<String>,
}

impl Draft {
    /// A first draft: one team, counts by show of hands, a minute of discussion.
    pub fn new(scenario: &str, seed: u64) -> Draft {
        let (name, colour) = TEAM_COLOURS[0];
        Draft {
            setup: Setup {
                scenario: scenario.to_owned(),
                seed,
                teams: vec![Team {
                    name: format!("Team {name}"),
                    colour: colour.to_owned(),
                }],
                voting: Voting::Counts,
                turns: Turns::Alternate,
                discussion_seconds: 60,
                meters_visible: true,
                prompts: true,
                length: Length::Full,
            },
            custom_time: false,
            message: None,
        }
    }

    /// Apply an edit. `scenarios` are the library's ids in order; `seed` gives a fresh seed.
    pub fn edit(&mut self, edit: SetupEdit, scenarios: &[&str], seed: impl FnOnce() -> u64) {
        self.message = None;
        let setup = &mut self.setup;
        match edit {
            SetupEdit::Scenario(step) => {
                if let Some(at) = scenarios.iter().position(|id| *id == setup.scenario) {
                    let next = (at as i64 + i64::from(step)).rem_euclid(scenarios.len() as i64);
                    setup.scenario = scenarios[next as usize].to_owned();
                } else if let Some(first) = scenarios.first() {
                    setup.scenario = (*first).to_owned();
                }
            }
            SetupEdit::NewSeed => setup.seed = seed(),
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
            SetupEdit::AddTeam => {
                self.message = Some(format!("A workshop has at most {MAX_TEAMS} teams."));
            }
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
                    Voting::Majority => Voting::Phones,
                    Voting::Phones => Voting::Counts,
                }
            }
            SetupEdit::Discussion => {
                if self.custom_time {
                    self.custom_time = false;
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
                            self.custom_time = true;
                            setup.discussion_seconds = CUSTOM_START;
                        }
                    }
                }
            }
            SetupEdit::Meters => setup.meters_visible = !setup.meters_visible,
            SetupEdit::Prompts => setup.prompts = !setup.prompts,
            SetupEdit::Length => {
                setup.length = match setup.length {
                    Length::Full => Length::Cut,
                    Length::Cut => Length::Full,
                }
            }
        }
    }

    /// Keep what was typed into a field, if it is valid; say why not otherwise. An empty
    /// field keeps the value it had.
    pub fn type_into(&mut self, field: Field, typed: &str) {
        self.message = None;
        let typed = typed.trim();
        if typed.is_empty() {
            return;
        }
        match field {
            Field::Seed => match typed.parse() {
                Ok(seed) => self.setup.seed = seed,
                Err(_) => {
                    self.message = Some(format!(
                        "A seed is a whole number from 0 to {}; “{typed}” is not.",
                        u64::MAX
                    ));
                }
            },
            Field::TeamName(i) => {
                if let Some(team) = self.setup.teams.get_mut(i) {
                    team.name = typed.chars().take(MAX_TEAM_NAME).collect();
                }
            }
            Field::Seconds => match typed.parse::<u32>() {
                Ok(s) if (1..=MAX_DISCUSSION).contains(&s) => self.setup.discussion_seconds = s,
                _ => {
                    self.message = Some(format!(
                        "A discussion lasts 1 to {MAX_DISCUSSION} seconds; “{typed}” does not fit."
                    ));
                }
            },
            // The debrief keeps commitments in the session, not in its setup.
            Field::Commitment => {}
        }
    }

    /// Whether the draft still names a scenario of the library.
    pub fn fits(&self, scenarios: &[&str]) -> bool {
        scenarios.contains(&self.setup.scenario.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIBRARY: [&str; 3] = ["a", "b", "c"];

    fn draft() -> Draft {
        Draft::new("a", 7)
    }

    #[test]
    fn scenarios_cycle_both_ways() {
        let mut d = draft();
        d.edit(SetupEdit::Scenario(-1), &LIBRARY, || 0);
        assert_eq!(d.setup.scenario, "c");
        d.edit(SetupEdit::Scenario(1), &LIBRARY, || 0);
        d.edit(SetupEdit::Scenario(1), &LIBRARY, || 0);
        assert_eq!(d.setup.scenario, "b");
        // A draft whose scenario left the library moves to the first one.
        let mut gone = Draft::new("zzz", 1);
        gone.edit(SetupEdit::Scenario(1), &LIBRARY, || 0);
        assert_eq!(gone.setup.scenario, "a");
    }

    #[test]
    fn teams_are_added_up_to_six_with_distinct_colours_and_kept_at_one() {
        let mut d = draft();
        for _ in 0..8 {
            d.edit(SetupEdit::AddTeam, &LIBRARY, || 0);
        }
        assert_eq!(d.setup.teams.len(), MAX_TEAMS);
        assert_eq!(
            d.message.as_deref(),
            Some("A workshop has at most 6 teams.")
        );
        let mut colours: Vec<&str> = d.setup.teams.iter().map(|t| t.colour.as_str()).collect();
        colours.dedup();
        assert_eq!(colours.len(), MAX_TEAMS);
        assert_eq!(d.setup.teams[5].name, "Team Lime");
        for _ in 0..8 {
            d.edit(SetupEdit::RemoveTeam(0), &LIBRARY, || 0);
        }
        assert_eq!(d.setup.teams.len(), 1, "one team stays");
    }

    #[test]
    fn a_colour_moves_to_the_next_free_one() {
        let mut d = draft();
        d.edit(SetupEdit::AddTeam, &LIBRARY, || 0);
        // Team 2 is Teal; Amber is taken by team 1, so team 2 goes on to Coral.
        d.edit(SetupEdit::Colour(1), &LIBRARY, || 0);
        assert_eq!(d.setup.teams[1].colour, "#ff7f6e");
        d.edit(SetupEdit::Colour(9), &LIBRARY, || 0);
    }

    #[test]
    fn discussion_cycles_through_presets_to_custom_and_off() {
        let mut d = draft();
        let mut seen = Vec::new();
        for _ in 0..5 {
            d.edit(SetupEdit::Discussion, &LIBRARY, || 0);
            seen.push((d.setup.discussion_seconds, d.custom_time));
        }
        assert_eq!(
            seen,
            [
                (90, false),
                (120, true),
                (0, false),
                (30, false),
                (60, false)
            ]
        );
    }

    #[test]
    fn typed_values_are_checked_and_refusals_explained() {
        let mut d = draft();
        d.type_into(Field::Seed, " 2026 ");
        assert_eq!(d.setup.seed, 2026);
        d.type_into(Field::Seed, "12x");
        assert_eq!(d.setup.seed, 2026);
        assert!(
            d.message
                .as_deref()
                .is_some_and(|m| m.contains("“12x” is not"))
        );
        d.type_into(Field::Seconds, "5000");
        assert_eq!(d.setup.discussion_seconds, 60);
        assert!(
            d.message
                .as_deref()
                .is_some_and(|m| m.contains("1 to 900 seconds"))
        );
        d.type_into(Field::Seconds, "45");
        assert_eq!(
            (d.setup.discussion_seconds, d.message.as_deref()),
            (45, None)
        );
        d.type_into(Field::TeamName(0), &"N".repeat(40));
        assert_eq!(d.setup.teams[0].name.len(), MAX_TEAM_NAME);
        d.type_into(Field::TeamName(0), "");
        assert_eq!(
            d.setup.teams[0].name.len(),
            MAX_TEAM_NAME,
            "empty keeps the old name"
        );
        let seed = d.setup.seed;
        d.edit(SetupEdit::NewSeed, &LIBRARY, || 99);
        assert_ne!(d.setup.seed, seed);
    }
}
