//! The state of a run and the rules that move it: effects, random outcomes, delayed effects,
//! events, routing and endings. Everything a scenario does happens here.

mod fairmath;

use serde::{Deserialize, Serialize};

pub use fairmath::apply_op;

use crate::format::Competency;
use crate::model::{
    Amount, Choice, ChoiceIdx, Condition, Effect, EndingId, EventId, FlagId, Later, MAX_WEIGHT,
    MeterId, NodeId, Scenario, Target,
};
use crate::rng::Rng;

/// The clock's day and deadline stay within ±this, so their difference always fits.
const CLOCK_BOUND: i32 = 100_000_000;

/// A fixed set of up to 256 bits, for flags and fired events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bits([u64; 4]);

impl Bits {
    pub fn contains(&self, i: u16) -> bool {
        self.0[usize::from(i / 64) % 4] & (1 << (i % 64)) != 0
    }
    pub fn insert(&mut self, i: u16) {
        self.0[usize::from(i / 64) % 4] |= 1 << (i % 64);
    }
    pub fn remove(&mut self, i: u16) {
        self.0[usize::from(i / 64) % 4] &= !(1 << (i % 64));
    }
}

/// A delayed effect waiting to come due: `later` of `choice` at `node`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pending {
    pub due: u32,
    pub node: NodeId,
    pub choice: ChoiceIdx,
    pub later: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RunStatus {
    Playing,
    /// Finished with this ending.
    Ended(EndingId),
    /// Finished, but no ending's condition held: a scenario bug `check` looks for.
    NoEnding,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub(crate) node: NodeId,
    pub(crate) status: RunStatus,
    pub(crate) meters: Vec<i32>,
    pub(crate) flags: Bits,
    pub(crate) fired: Bits,
    pub(crate) day: i32,
    pub(crate) deadline: i32,
    pub(crate) decisions: u32,
    pub(crate) pending: Vec<Pending>,
    /// Where the run was heading when an event's `goto` interrupted it.
    pub(crate) resume: Option<Target>,
    pub(crate) points: [i32; Competency::ALL.len()],
    pub(crate) rng: Rng,
}

/// By hand for `clone_from`, which keeps the copy's allocations: the answer-key checks copy
/// a state for every option at every decision they look at.
impl Clone for State {
    fn clone(&self) -> State {
        let mut copy = State::blank();
        copy.clone_from(self);
        copy
    }

    fn clone_from(&mut self, source: &State) {
        // Destructured, so that a new field cannot be forgotten here.
        let State {
            node,
            status,
            meters,
            flags,
            fired,
            day,
            deadline,
            decisions,
            pending,
            resume,
            points,
            rng,
        } = source;
        self.node = *node;
        self.status = *status;
        self.meters.clone_from(meters);
        self.flags = *flags;
        self.fired = *fired;
        self.day = *day;
        self.deadline = *deadline;
        self.decisions = *decisions;
        self.pending.clone_from(pending);
        self.resume = *resume;
        self.points = *points;
        self.rng = rng.clone();
    }
}

/// Which outcome of a random choice happens.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    /// Draw it from the run's generator.
    Draw,
    /// Force this one (exhaustive exploration visits every outcome; `play --path` replays).
    Outcome(usize),
}

/// Told what happens during a step, for history and reports; `()` ignores it all.
pub trait Observer {
    fn outcome(&mut self, _outcome: usize, _roll: Option<u32>) {}
    fn came_due(&mut self, _pending: Pending, _applied: bool) {}
    fn event(&mut self, _event: EventId) {}
    /// The run arrived at a node (routing nodes it passes through included), after this
    /// many decisions.
    fn entered(&mut self, _node: NodeId, _decisions: u32) {}
}

impl Observer for () {}

/// Where a run starts besides the scenario's own values: what a campaign carries in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carried {
    pub meters: Vec<(MeterId, i32)>,
    pub flags: Vec<FlagId>,
}

/// The weights of a choice's outcomes at a moment of play (at most 64, by the format).
pub struct Weights {
    weights: [u32; 64],
    len: usize,
    total: u32,
}

impl Weights {
    pub fn get(&self, outcome: usize) -> u32 {
        self.weights[..self.len].get(outcome).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u32 {
        self.total
    }

    /// Whether this outcome can happen now: its weight is above 0, or every weight is 0
    /// (then each outcome is as likely as the others).
    pub fn possible(&self, outcome: usize) -> bool {
        outcome < self.len && (self.total == 0 || self.weights[outcome] > 0)
    }

    /// The outcome a roll in `0..total` lands on.
    fn outcome_for_roll(&self, roll: u32) -> usize {
        let mut acc = 0u32;
        for (i, &w) in self.weights[..self.len].iter().enumerate() {
            acc += w;
            if roll < acc {
                return i;
            }
        }
        self.len.saturating_sub(1)
    }
}

impl State {
    /// A run's state at the start of `scenario`.
    pub fn new(scenario: &Scenario, seed: u64) -> State {
        State::starting(scenario, seed, &Carried::default())
    }

    /// A run's state at the start, with what a campaign carried in applied before the first
    /// node is entered.
    pub fn starting(scenario: &Scenario, seed: u64, carried: &Carried) -> State {
        let mut state = State::blank();
        state.reset_with(scenario, seed, carried, &mut ());
        state
    }

    /// A state of no scenario, for rendering texts that read nothing from it.
    pub(crate) fn blank() -> State {
        State {
            node: NodeId(0),
            status: RunStatus::Playing,
            meters: Vec::new(),
            flags: Bits::default(),
            fired: Bits::default(),
            day: 0,
            deadline: 0,
            decisions: 0,
            pending: Vec::new(),
            resume: None,
            points: [0; Competency::ALL.len()],
            rng: Rng::new(0),
        }
    }

    /// Start over, keeping the allocations (the simulator plays millions of runs).
    pub fn reset(&mut self, scenario: &Scenario, seed: u64) {
        self.reset_with(scenario, seed, &Carried::default(), &mut ());
    }

    /// Start over, telling `observer` which nodes the start enters (a routing start node
    /// leads on at once).
    pub fn reset_observed(&mut self, scenario: &Scenario, seed: u64, observer: &mut impl Observer) {
        self.reset_with(scenario, seed, &Carried::default(), observer);
    }

    fn reset_with(
        &mut self,
        scenario: &Scenario,
        seed: u64,
        carried: &Carried,
        observer: &mut impl Observer,
    ) {
        self.status = RunStatus::Playing;
        self.meters.clear();
        self.meters.extend(scenario.meters.iter().map(|m| m.start));
        for &(meter, value) in &carried.meters {
            if let Some(def) = scenario.meters.get(meter.index()) {
                self.meters[meter.index()] = value.clamp(def.min, def.max);
            }
        }
        self.flags = Bits::default();
        for &flag in &carried.flags {
            self.flags.insert(flag.0);
        }
        self.fired = Bits::default();
        self.day = scenario.clock.as_ref().map_or(0, |c| c.start);
        self.deadline = scenario.clock.as_ref().map_or(0, |c| c.deadline);
        self.decisions = 0;
        self.pending.clear();
        self.resume = None;
        self.points = [0; Competency::ALL.len()];
        self.rng = Rng::new(seed);
        self.arrive(scenario, scenario.start, observer);
    }

    pub fn node(&self) -> NodeId {
        self.node
    }
    pub fn status(&self) -> RunStatus {
        self.status
    }
    pub fn is_playing(&self) -> bool {
        self.status == RunStatus::Playing
    }
    pub fn meter(&self, m: MeterId) -> i32 {
        self.meters.get(m.index()).copied().unwrap_or(0)
    }
    pub fn meters(&self) -> &[i32] {
        &self.meters
    }
    pub fn flag(&self, f: FlagId) -> bool {
        self.flags.contains(f.0)
    }
    pub fn day(&self) -> i32 {
        self.day
    }
    pub fn deadline(&self) -> i32 {
        self.deadline
    }
    pub fn days_left(&self) -> i32 {
        self.deadline - self.day
    }
    pub fn decisions(&self) -> u32 {
        self.decisions
    }
    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }
    pub fn points(&self, c: Competency) -> i32 {
        self.points[c as usize]
    }

    pub fn holds(&self, c: &Condition) -> bool {
        match c {
            Condition::Meter(m, cmp) => cmp.holds(i64::from(self.meter(*m))),
            Condition::Flag(f) => self.flag(*f),
            Condition::Day(cmp) => cmp.holds(i64::from(self.day)),
            Condition::DaysLeft(cmp) => cmp.holds(i64::from(self.days_left())),
            Condition::Sum(meters, cmp) => {
                cmp.holds(meters.iter().map(|&m| i64::from(self.meter(m))).sum())
            }
            Condition::Compare(a, order, b) => {
                order.holds(i64::from(self.meter(*a)), i64::from(self.meter(*b)))
            }
            Condition::All(list) => list.iter().all(|c| self.holds(c)),
            Condition::Any(list) => list.iter().any(|c| self.holds(c)),
            Condition::Not(inner) => !self.holds(inner),
        }
    }

    pub fn is_available(&self, choice: &Choice) -> bool {
        choice.condition.as_ref().is_none_or(|c| self.holds(c))
    }

    /// The choices that can be made now, in the node's order, into `out` (emptied first;
    /// the simulator reuses one buffer for millions of decisions). None once finished.
    pub fn available_into(&self, scenario: &Scenario, out: &mut Vec<ChoiceIdx>) {
        out.clear();
        if !self.is_playing() {
            return;
        }
        out.extend(
            scenario
                .node(self.node)
                .choices
                .iter()
                .enumerate()
                .filter(|(_, c)| self.is_available(c))
                .map(|(i, _)| ChoiceIdx::at(i)),
        );
    }

    /// An amount worked out from the state, within `0..=MAX_WEIGHT`.
    pub fn amount(&self, scenario: &Scenario, a: &Amount) -> u32 {
        let value = match a {
            Amount::Fixed(n) => *n,
            Amount::Meter(m) => {
                let def = scenario.meter(*m);
                (i64::from(self.meter(*m)) - i64::from(def.min)).clamp(0, i64::from(MAX_WEIGHT))
                    as u32
            }
            Amount::Headroom(m) => {
                let def = scenario.meter(*m);
                (i64::from(def.max) - i64::from(self.meter(*m))).clamp(0, i64::from(MAX_WEIGHT))
                    as u32
            }
            Amount::IfElse(c, a, b) => {
                if self.holds(c) {
                    self.amount(scenario, a)
                } else {
                    self.amount(scenario, b)
                }
            }
            Amount::Sum(parts) => parts
                .iter()
                .fold(0u32, |sum, p| sum.saturating_add(self.amount(scenario, p))),
        };
        value.min(MAX_WEIGHT)
    }

    /// The weights of a choice's outcomes, now.
    pub fn weights(&self, scenario: &Scenario, choice: &Choice) -> Weights {
        let mut w = Weights {
            weights: [0; 64],
            len: choice.outcomes.len().min(64),
            total: 0,
        };
        for (i, o) in choice.outcomes.iter().take(64).enumerate() {
            w.weights[i] = self.amount(scenario, &o.weight);
            w.total = w.total.saturating_add(w.weights[i]);
        }
        w
    }

    /// The competency points a choice would give now, its conditions weighed as they stand.
    pub fn points_of(&self, choice: &Choice) -> [i32; Competency::ALL.len()] {
        fn walk(state: &State, effects: &[Effect], out: &mut [i32; Competency::ALL.len()]) {
            for e in effects {
                match e {
                    Effect::Points(c, p) => out[*c as usize] += p,
                    Effect::IfElse(cond, a, b) => {
                        walk(state, if state.holds(cond) { a } else { b }, out)
                    }
                    _ => {}
                }
            }
        }
        let mut out = [0; Competency::ALL.len()];
        walk(self, &choice.effects, &mut out);
        out
    }

    pub(crate) fn apply(&mut self, scenario: &Scenario, effects: &[Effect]) {
        for effect in effects {
            match effect {
                Effect::Meter(m, op) => {
                    let def = scenario.meter(*m);
                    let value = &mut self.meters[m.index()];
                    *value = apply_op(*value, *op, def.min, def.max, scenario.rules);
                }
                Effect::SetFlag(f) => self.flags.insert(f.0),
                Effect::ClearFlag(f) => self.flags.remove(f.0),
                Effect::Days(n) => {
                    self.day = self.day.saturating_add(*n).clamp(-CLOCK_BOUND, CLOCK_BOUND)
                }
                Effect::Deadline(n) => {
                    self.deadline = self
                        .deadline
                        .saturating_add(*n)
                        .clamp(-CLOCK_BOUND, CLOCK_BOUND)
                }
                Effect::Points(c, p) => {
                    let points = &mut self.points[*c as usize];
                    *points = points.saturating_add(*p);
                }
                Effect::IfElse(c, then, otherwise) => {
                    let branch = if self.holds(c) { then } else { otherwise };
                    self.apply(scenario, branch);
                }
            }
        }
    }

    /// Make `choice` (which must be available at the current node) and play out everything
    /// that follows from it.
    pub fn step(
        &mut self,
        scenario: &Scenario,
        choice: ChoiceIdx,
        pick: Pick,
        observer: &mut impl Observer,
    ) {
        let node = self.node;
        let ch = scenario.choice(node, choice);
        self.decisions = self.decisions.saturating_add(1);
        self.apply(scenario, &ch.effects);
        let mut next = ch.next;
        if !ch.outcomes.is_empty() {
            let weights = self.weights(scenario, ch);
            let (outcome, roll) = match pick {
                Pick::Draw if weights.total == 0 => {
                    let roll = self.rng.below(weights.len as u32);
                    (roll as usize, Some(roll))
                }
                Pick::Draw => {
                    let roll = self.rng.below(weights.total);
                    (weights.outcome_for_roll(roll), Some(roll))
                }
                Pick::Outcome(i) => (i.min(ch.outcomes.len() - 1), None),
            };
            observer.outcome(outcome, roll);
            let o = &ch.outcomes[outcome];
            self.apply(scenario, &o.effects);
            next = o.next.unwrap_or(next);
        }
        for (i, later) in ch.later.iter().enumerate() {
            self.pending.push(Pending {
                due: self.decisions.saturating_add(later.after),
                node,
                choice,
                later: i as u16,
            });
        }
        let now = self.decisions;
        self.come_due(scenario, |p| p.due <= now, observer);

        // One detour at a time: an event with a `goto` whose condition holds while another
        // detour is taken, or still under way, waits unfired for a later decision, so its text
        // never shows without its detour and the way back is never lost.
        let mut divert = None;
        let on_detour = self.resume.is_some() && next != Target::Resume;
        let wait = scenario.rules.detours_wait();
        for (i, event) in scenario.events.iter().enumerate() {
            let id = EventId::at(i);
            if wait && event.goto.is_some() && (divert.is_some() || on_detour) {
                continue;
            }
            if (event.repeat || !self.fired.contains(id.0)) && self.holds(&event.when) {
                self.fired.insert(id.0);
                self.apply(scenario, &event.effects);
                observer.event(id);
                divert = divert.or(event.goto);
            }
        }
        match divert {
            Some(detour) => {
                if next != Target::Resume {
                    self.resume = Some(next);
                }
                self.arrive(scenario, detour, observer);
            }
            None => self.go(scenario, next, observer),
        }
    }

    fn go(&mut self, scenario: &Scenario, target: Target, observer: &mut impl Observer) {
        match target {
            Target::Node(n) => self.arrive(scenario, n, observer),
            Target::End => self.finish(scenario, observer),
            Target::Resume => match self.resume.take() {
                Some(Target::Node(n)) => self.arrive(scenario, n, observer),
                // Resuming with nowhere to go back to finishes the run; `check` warns of it.
                _ => self.finish(scenario, observer),
            },
        }
    }

    /// Go to `node` as if a run had arrived there (for authors trying a part of a scenario).
    pub(crate) fn enter(&mut self, scenario: &Scenario, node: NodeId) {
        self.arrive(scenario, node, &mut ());
    }

    /// Enter a node: its `enter` effects apply, and a routing node leads on by its first
    /// route that holds. Routing nodes never form a circle (the compiler refuses one), so
    /// this visits each at most once.
    fn arrive(&mut self, scenario: &Scenario, node: NodeId, observer: &mut impl Observer) {
        let mut node = node;
        for _ in 0..=scenario.nodes.len() {
            self.node = node;
            observer.entered(node, self.decisions);
            let def = scenario.node(node);
            self.apply(scenario, &def.enter);
            if !def.is_routing() {
                return;
            }
            let next = def
                .routes
                .iter()
                .find(|r| r.when.as_ref().is_none_or(|c| self.holds(c)))
                .map_or(Target::End, |r| r.next);
            match next {
                Target::Node(n) => node = n,
                other => return self.go(scenario, other, observer),
            }
        }
    }

    /// Apply the pending effects selected by `due`, in the order they were scheduled.
    fn come_due(
        &mut self,
        scenario: &Scenario,
        due: impl Fn(&Pending) -> bool,
        observer: &mut impl Observer,
    ) {
        let mut i = 0;
        while i < self.pending.len() {
            if !due(&self.pending[i]) {
                i += 1;
                continue;
            }
            let p = self.pending.remove(i);
            let later = later_of(scenario, &p);
            let applies = later.condition.as_ref().is_none_or(|c| self.holds(c));
            if applies {
                self.apply(scenario, &later.effects);
            }
            observer.came_due(p, applies);
        }
    }

    /// The run is over: what is still pending comes due, then the first ending that holds.
    fn finish(&mut self, scenario: &Scenario, observer: &mut impl Observer) {
        self.come_due(scenario, |_| true, observer);
        self.status = scenario
            .endings
            .iter()
            .position(|e| e.condition.as_ref().is_none_or(|c| self.holds(c)))
            .map_or(RunStatus::NoEnding, |i| RunStatus::Ended(EndingId::at(i)));
    }
}

/// The delayed effect a pending entry stands for.
pub(crate) fn later_of<'s>(scenario: &'s Scenario, p: &Pending) -> &'s Later {
    &scenario.choice(p.node, p.choice).later[usize::from(p.later)]
}
