//! The state of a run and the rules that move it: effects, random outcomes, delayed effects,
//! events and endings. Everything a scenario does happens here.

use serde::{Deserialize, Serialize};

use crate::format::{Competency, Op};
use crate::rng::Rng;
use crate::scenario::{
    Choice, Condition, Effect, EndingIdx, EventIdx, MeterIdx, NodeIdx, Scenario, Target,
};

/// A fixed set of up to 256 bits, for flags and fired events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bits([u64; 4]);

impl Bits {
    pub fn contains(&self, i: u16) -> bool {
        self.0[usize::from(i / 64)] & (1 << (i % 64)) != 0
    }
    pub fn insert(&mut self, i: u16) {
        self.0[usize::from(i / 64)] |= 1 << (i % 64);
    }
    pub fn remove(&mut self, i: u16) {
        self.0[usize::from(i / 64)] &= !(1 << (i % 64));
    }
}

/// A delayed effect waiting to come due: `later` of `choice` at `node`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pending {
    pub due: u32,
    pub node: NodeIdx,
    pub choice: u16,
    pub later: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Playing,
    /// Finished with this ending.
    Ended(EndingIdx),
    /// Finished, but no ending's condition held: a scenario bug `check` looks for.
    NoEnding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub(crate) node: NodeIdx,
    pub(crate) status: Status,
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

/// Which outcome of a random choice happens.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    /// Draw it from the run's generator.
    Draw,
    /// Force this one (exhaustive exploration visits every outcome).
    Outcome(usize),
}

/// Told what happens during a step, for history and reports; `()` ignores it all.
pub trait Observer {
    fn outcome(&mut self, _outcome: usize, _roll: Option<u32>) {}
    fn came_due(&mut self, _pending: Pending, _applied: bool) {}
    fn event(&mut self, _event: EventIdx) {}
}

impl Observer for () {}

impl State {
    pub fn new(scenario: &Scenario, seed: u64) -> State {
        let mut state = State {
            node: 0,
            status: Status::Playing,
            meters: Vec::new(),
            flags: Bits::default(),
            fired: Bits::default(),
            day: 0,
            deadline: 0,
            decisions: 0,
            pending: Vec::new(),
            resume: None,
            points: [0; Competency::ALL.len()],
            rng: Rng::new(seed),
        };
        state.reset(scenario, seed);
        state
    }

    /// Start over, keeping the allocations (the simulator plays millions of runs).
    pub fn reset(&mut self, scenario: &Scenario, seed: u64) {
        self.node = scenario.start;
        self.status = Status::Playing;
        self.meters.clear();
        self.meters.extend(scenario.meters.iter().map(|m| m.start));
        self.flags = Bits::default();
        self.fired = Bits::default();
        self.day = scenario.clock.as_ref().map_or(0, |c| c.start);
        self.deadline = scenario.clock.as_ref().map_or(0, |c| c.deadline);
        self.decisions = 0;
        self.pending.clear();
        self.resume = None;
        self.points = [0; Competency::ALL.len()];
        self.rng = Rng::new(seed);
    }

    pub fn node(&self) -> NodeIdx {
        self.node
    }
    pub fn status(&self) -> Status {
        self.status
    }
    pub fn is_playing(&self) -> bool {
        self.status == Status::Playing
    }
    pub fn meter(&self, m: MeterIdx) -> i32 {
        self.meters[usize::from(m)]
    }
    pub fn meters(&self) -> &[i32] {
        &self.meters
    }
    pub fn flag(&self, f: u16) -> bool {
        self.flags.contains(f)
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
            Condition::Meter(m, cmp) => cmp.holds(self.meter(*m)),
            Condition::Flag(f) => self.flags.contains(*f),
            Condition::Day(cmp) => cmp.holds(self.day),
            Condition::DaysLeft(cmp) => cmp.holds(self.days_left()),
            Condition::All(list) => list.iter().all(|c| self.holds(c)),
            Condition::Any(list) => list.iter().any(|c| self.holds(c)),
            Condition::Not(inner) => !self.holds(inner),
        }
    }

    pub fn is_available(&self, choice: &Choice) -> bool {
        choice.condition.as_ref().is_none_or(|c| self.holds(c))
    }

    /// Whether the run is at a node where no choice can be made: a scenario bug.
    pub fn is_stuck(&self, scenario: &Scenario) -> bool {
        self.is_playing()
            && !scenario
                .node(self.node)
                .choices
                .iter()
                .any(|c| self.is_available(c))
    }

    pub(crate) fn apply(&mut self, scenario: &Scenario, effects: &[crate::scenario::Effect]) {
        for effect in effects {
            match *effect {
                Effect::Meter(m, op) => {
                    let def = &scenario.meters[usize::from(m)];
                    let value = &mut self.meters[usize::from(m)];
                    *value = apply_op(*value, op, def.min, def.max);
                }
                Effect::SetFlag(f) => self.flags.insert(f),
                Effect::ClearFlag(f) => self.flags.remove(f),
                Effect::Days(n) => self.day = self.day.saturating_add(n),
                Effect::Deadline(n) => self.deadline = self.deadline.saturating_add(n),
            }
        }
    }

    /// Make choice `choice` (an index into the current node's choices, which must be
    /// available) and play out everything that follows from it.
    pub fn step(
        &mut self,
        scenario: &Scenario,
        choice: usize,
        pick: Pick,
        observer: &mut impl Observer,
    ) {
        let node = self.node;
        let ch = &scenario.node(node).choices[choice];
        self.decisions += 1;
        for &(c, p) in &ch.competencies {
            self.points[c as usize] += p;
        }
        self.apply(scenario, &ch.effects);
        let mut next = ch.next;
        if !ch.outcomes.is_empty() {
            let (outcome, roll) = match pick {
                Pick::Draw => {
                    let roll = self.rng.below(ch.total_weight.max(1));
                    (ch.outcome_for_roll(roll), Some(roll))
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
                due: self.decisions + later.after,
                node,
                choice: choice as u16,
                later: i as u16,
            });
        }
        let now = self.decisions;
        self.come_due(scenario, |p| p.due <= now, observer);

        let mut divert = None;
        for (i, event) in scenario.events.iter().enumerate() {
            let i = i as EventIdx;
            if (event.repeat || !self.fired.contains(i)) && self.holds(&event.when) {
                self.fired.insert(i);
                self.apply(scenario, &event.effects);
                observer.event(i);
                if divert.is_none() {
                    divert = event.goto;
                }
            }
        }
        match divert {
            Some(detour) => {
                if next != Target::Resume {
                    self.resume = Some(next);
                }
                self.node = detour;
            }
            None => self.go(scenario, next, observer),
        }
    }

    fn go(&mut self, scenario: &Scenario, target: Target, observer: &mut impl Observer) {
        match target {
            Target::Node(n) => self.node = n,
            Target::End => self.finish(scenario, observer),
            Target::Resume => match self.resume.take() {
                Some(Target::Node(n)) => self.node = n,
                // Resuming with nowhere to go back to finishes the run; `check` warns of it.
                _ => self.finish(scenario, observer),
            },
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
            let later =
                &scenario.node(p.node).choices[usize::from(p.choice)].later[usize::from(p.later)];
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
            .map_or(Status::NoEnding, |i| Status::Ended(i as EndingIdx));
    }
}

/// One meter change, clamped to `min..=max`. Fairmath moves a percentage of the distance
/// to the bound, rounded half away from zero.
pub fn apply_op(value: i32, op: Op, min: i32, max: i32) -> i32 {
    let fair = |distance: i32, percent: i32| -> i32 {
        let scaled = i64::from(distance) * i64::from(percent.clamp(0, 100));
        ((scaled + 50) / 100) as i32
    };
    let result = match op {
        Op::Add(n) => value.saturating_add(n),
        Op::Sub(n) => value.saturating_sub(n),
        Op::Set(n) => n,
        Op::FairAdd(p) => value + fair(max - value, p),
        Op::FairSub(p) => value - fair(value - min, p),
    };
    result.clamp(min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_and_sub_clamp_to_the_range() {
        assert_eq!(apply_op(50, Op::Add(10), 0, 100), 60);
        assert_eq!(apply_op(95, Op::Add(10), 0, 100), 100);
        assert_eq!(apply_op(5, Op::Sub(10), 0, 100), 0);
        assert_eq!(apply_op(50, Op::Sub(-10), 0, 100), 60);
        assert_eq!(
            apply_op(i32::MAX, Op::Add(i32::MAX), i32::MIN, i32::MAX),
            i32::MAX
        );
    }

    #[test]
    fn set_is_clamped() {
        assert_eq!(apply_op(50, Op::Set(20), 0, 100), 20);
        assert_eq!(apply_op(50, Op::Set(120), 0, 100), 100);
        assert_eq!(apply_op(50, Op::Set(-5), 0, 100), 0);
    }

    #[test]
    fn fairmath_moves_a_share_of_the_distance_to_the_bound() {
        assert_eq!(apply_op(50, Op::FairAdd(20), 0, 100), 60);
        assert_eq!(apply_op(90, Op::FairAdd(20), 0, 100), 92);
        assert_eq!(apply_op(50, Op::FairSub(20), 0, 100), 40);
        assert_eq!(apply_op(10, Op::FairSub(20), 0, 100), 8);
        // Halves round away from zero: 25% of 2 is 0.5.
        assert_eq!(apply_op(98, Op::FairAdd(25), 0, 100), 99);
        assert_eq!(apply_op(100, Op::FairAdd(50), 0, 100), 100);
        assert_eq!(apply_op(-10, Op::FairSub(100), -10, 10), -10);
        assert_eq!(apply_op(0, Op::FairAdd(50), -10, 10), 5);
    }
}
