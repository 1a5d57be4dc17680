//! The host's rooms: each a [`PhoneRoom`] (the engine's rules) behind its own lock, with the
//! channels its projector and phones listen on. Every change is journalled before it is
//! answered, in the order it was made, so the journal replays into the same rooms.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use promoted_engine::workshop::phones::{
    CODE_ALPHABET, CODE_CHARS, PhoneRoom, PhoneView, Poll, Refusal, Tally, ToProjector,
};
use tokio::sync::{broadcast, watch};

use crate::journal::{Entry, Event, Journal, Recovered};

/// The host's bounds: rooms at once, and connections into one room.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub rooms: usize,
    pub phones_per_room: usize,
    pub projectors_per_room: usize,
    /// Rooms one address other than this machine's may hold at once.
    pub rooms_per_address: usize,
    /// Seconds a room lives after its projector was last heard from.
    pub room_lifetime: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            rooms: 200,
            phones_per_room: 500,
            projectors_per_room: 4,
            rooms_per_address: 3,
            room_lifetime: 12 * 60 * 60,
        }
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// One room on the host.
pub struct Slot {
    pub code: String,
    secret: String,
    /// The address that created the room, while this process runs (rooms read back from
    /// the journal have none).
    creator: Option<IpAddr>,
    state: Mutex<SlotState>,
    /// Messages for the room's projectors, as JSON.
    projectors: broadcast::Sender<Arc<str>>,
    /// Bumped whenever what the phones show changes; each phone works out its own view.
    phones: watch::Sender<u64>,
}

struct SlotState {
    room: PhoneRoom,
    active: u64,
    ended: bool,
    phones: usize,
    projectors: usize,
}

/// Which side of the room a connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Projector,
    Phone,
}

impl Slot {
    fn new(code: String, secret: String, at: u64, creator: Option<IpAddr>) -> Slot {
        Slot {
            code,
            secret,
            creator,
            state: Mutex::new(SlotState {
                room: PhoneRoom::default(),
                active: at,
                ended: false,
                phones: 0,
                projectors: 0,
            }),
            projectors: broadcast::channel(256).0,
            phones: watch::channel(0).0,
        }
    }

    fn state(&self) -> MutexGuard<'_, SlotState> {
        // A panic elsewhere while holding the lock leaves plain data behind: go on with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state of a room still going: an ended room takes nothing more.
    fn live(&self) -> Result<MutexGuard<'_, SlotState>, Refusal> {
        let state = self.state();
        if state.ended {
            Err(Refusal::UnknownRoom)
        } else {
            Ok(state)
        }
    }

    /// Whether `secret` is this room's, compared in constant time.
    pub fn is_secret(&self, secret: &str) -> bool {
        let (a, b) = (self.secret.as_bytes(), secret.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0, |d, (x, y)| d | (x ^ y)) == 0
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    pub fn listen_projector(&self) -> broadcast::Receiver<Arc<str>> {
        self.projectors.subscribe()
    }

    pub fn listen_phones(&self) -> watch::Receiver<u64> {
        self.phones.subscribe()
    }

    pub fn tally(&self) -> Tally {
        self.state().room.tally()
    }

    pub fn commitments(&self) -> Vec<String> {
        self.state().room.commitments().to_vec()
    }

    /// What the phone holding `token` shows.
    pub fn view(&self, token: &str) -> PhoneView {
        let state = self.state();
        if state.ended {
            PhoneView::Ended
        } else {
            state.room.view(token)
        }
    }

    /// A connection comes in; refused when the room is full or gone.
    pub fn enter(&self, side: Side, limits: &Limits) -> Result<(), Refusal> {
        let mut state = self.state();
        if state.ended {
            return Err(Refusal::UnknownRoom);
        }
        let (count, most) = match side {
            Side::Projector => (&mut state.projectors, limits.projectors_per_room),
            Side::Phone => (&mut state.phones, limits.phones_per_room),
        };
        if *count >= most {
            return Err(Refusal::RoomFull);
        }
        *count += 1;
        Ok(())
    }

    pub fn leave(&self, side: Side) {
        let mut state = self.state();
        match side {
            Side::Projector => state.projectors = state.projectors.saturating_sub(1),
            Side::Phone => state.phones = state.phones.saturating_sub(1),
        }
    }

    fn tell_projectors(&self, message: &ToProjector) {
        if let Ok(json) = serde_json::to_string(message) {
            // Nobody listening (the projector is reloading) is fine: it asks again.
            let _ = self.projectors.send(json.into());
        }
    }

    fn tell_phones(&self) {
        self.phones.send_modify(|generation| *generation += 1);
    }
}

/// All the host's rooms, and its journal.
pub struct Hub {
    rooms: Mutex<HashMap<String, Arc<Slot>>>,
    journal: Mutex<Journal>,
    pub limits: Limits,
}

impl Hub {
    /// The rooms the journal in `folder` holds, alive again; what it could not read.
    pub fn open(folder: &Path, limits: Limits) -> io::Result<(Hub, Vec<String>)> {
        let at = now();
        let mut rooms: HashMap<String, Arc<Slot>> = HashMap::new();
        let (journal, Recovered { skipped, .. }) = Journal::open(folder, |entries| {
            for entry in entries {
                replay(&mut rooms, entry);
            }
            rooms.retain(|_, slot| {
                let state = slot.state();
                !state.ended && at.saturating_sub(state.active) < limits.room_lifetime
            });
            entries
                .iter()
                .filter(|e| rooms.contains_key(&e.room))
                .cloned()
                .collect()
        })?;
        let hub = Hub {
            rooms: Mutex::new(rooms),
            journal: Mutex::new(journal),
            limits,
        };
        Ok((hub, skipped))
    }

    fn rooms(&self) -> MutexGuard<'_, HashMap<String, Arc<Slot>>> {
        self.rooms.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn room_count(&self) -> usize {
        self.rooms().len()
    }

    fn write(&self, room: &str, event: Event) -> Result<(), Refusal> {
        let entry = Entry {
            at: now(),
            room: room.to_owned(),
            event,
        };
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&entry)
            .map_err(|e| Refusal::NotAllowed(disk_refusal(e)))
    }

    /// Put the journal on the disk (every second, from the host's clock task).
    pub fn sync(&self) {
        let handle = self
            .journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take_unsynced();
        let Some(handle) = handle else { return };
        if let Err(e) = handle.and_then(|file| file.sync_data()) {
            eprintln!("promoted host: could not put the journal on the disk: {e}");
        }
    }

    pub fn find(&self, code: &str) -> Option<Arc<Slot>> {
        self.rooms().get(code).cloned()
    }

    /// A new room, with a fresh code and secret, for a projector at `from` (None: this
    /// machine, or anyone behind the proxy the host was given). Each other address may run
    /// only a few rooms at once, so one machine on the Wi-Fi cannot fill the host; a room
    /// whose projector has gone counts no more.
    pub fn create(&self, from: Option<IpAddr>) -> Result<Arc<Slot>, Refusal> {
        let mut rooms = self.rooms();
        if rooms.len() >= self.limits.rooms {
            return Err(Refusal::HostFull);
        }
        let running = |r: &&Arc<Slot>| r.creator == from && r.state().projectors > 0;
        if from.is_some() && rooms.values().filter(running).count() >= self.limits.rooms_per_address
        {
            return Err(Refusal::NotAllowed(
                "This machine already has its rooms open on the host: end one first.",
            ));
        }
        let code = loop {
            let code = random_code().map_err(|_| Refusal::HostFull)?;
            if !rooms.contains_key(&code) {
                break code;
            }
        };
        let secret = random_secret().map_err(|_| Refusal::HostFull)?;
        self.write(
            &code,
            Event::Created {
                secret: secret.clone(),
            },
        )?;
        let slot = Arc::new(Slot::new(code.clone(), secret, now(), from));
        rooms.insert(code, slot.clone());
        Ok(slot)
    }

    /// The projector is back: the room lives on.
    pub fn touch(&self, slot: &Slot) -> Result<(), Refusal> {
        let mut state = slot.live()?;
        self.write(&slot.code, Event::Touched)?;
        state.active = now();
        Ok(())
    }

    pub fn open_poll(&self, slot: &Slot, poll: Poll) -> Result<Tally, Refusal> {
        let mut state = slot.live()?;
        let mut room = state.room.clone();
        let tally = room.open(poll.clone())?;
        self.write(&slot.code, Event::Opened { poll })?;
        state.room = room;
        state.active = now();
        drop(state);
        slot.tell_phones();
        Ok(tally)
    }

    pub fn close_poll(&self, slot: &Slot, key: &str) -> Result<Tally, Refusal> {
        let mut state = slot.live()?;
        let mut room = state.room.clone();
        let tally = room.close(key)?;
        self.write(
            &slot.code,
            Event::Closed {
                key: key.to_owned(),
            },
        )?;
        state.room = room;
        state.active = now();
        drop(state);
        slot.tell_phones();
        Ok(tally)
    }

    /// A phone's vote: journalled, then counted, then the projector told. The same vote
    /// again changes nothing and is not written twice.
    pub fn vote(&self, slot: &Slot, token: &str, key: &str, option: u8) -> Result<(), Refusal> {
        let mut state = slot.live()?;
        if !state.room.check_vote(token, key, option)? {
            return Ok(());
        }
        self.write(
            &slot.code,
            Event::Voted {
                token: token.to_owned(),
                key: key.to_owned(),
                option,
            },
        )?;
        let tally = state.room.vote(token, key, option)?;
        // Told under the room's lock, so tallies reach the projector in the order counted
        // and the last it hears is the latest.
        slot.tell_projectors(&ToProjector::Tally(tally));
        Ok(())
    }

    pub fn ask_commitments(&self, slot: &Slot) -> Result<(), Refusal> {
        let mut state = slot.live()?;
        self.write(&slot.code, Event::AskedCommitments)?;
        state.room.ask_commitments();
        state.active = now();
        drop(state);
        slot.tell_phones();
        Ok(())
    }

    /// A phone's commitment; returns how many this phone has given.
    pub fn commit(&self, slot: &Slot, token: &str, text: &str) -> Result<usize, Refusal> {
        let mut state = slot.live()?;
        let mut room = state.room.clone();
        let (number, text) = room.commit(token, text)?;
        self.write(&slot.code, Event::Committed { text: text.clone() })?;
        state.room = room;
        let given = match state.room.view(token) {
            PhoneView::Commitments { given, .. } => given,
            _ => 0,
        };
        slot.tell_projectors(&ToProjector::Commitment { number, text });
        drop(state);
        Ok(given)
    }

    /// The session is over (or its time is up): the code stops working.
    pub fn end(&self, slot: &Slot, event: Event) {
        {
            let mut state = slot.state();
            if state.ended {
                return;
            }
            let _ = self.write(&slot.code, event);
            state.ended = true;
        }
        self.rooms().remove(&slot.code);
        slot.tell_phones();
    }

    /// End the rooms whose projector has been silent for their lifetime.
    pub fn expire(&self) {
        let at = now();
        let old: Vec<Arc<Slot>> = self
            .rooms()
            .values()
            .filter(|slot| at.saturating_sub(slot.state().active) >= self.limits.room_lifetime)
            .cloned()
            .collect();
        for slot in old {
            self.end(&slot, Event::Expired);
        }
    }
}

/// One journal entry applied to the rooms being read back.
fn replay(rooms: &mut HashMap<String, Arc<Slot>>, entry: &Entry) {
    if let Event::Created { secret } = &entry.event {
        rooms.insert(
            entry.room.clone(),
            Arc::new(Slot::new(
                entry.room.clone(),
                secret.clone(),
                entry.at,
                None,
            )),
        );
        return;
    }
    let Some(slot) = rooms.get(&entry.room) else {
        return;
    };
    let mut state = slot.state();
    let room = &mut state.room;
    // A line that the rules refuse now was refused then too: it changes nothing.
    let projector = match &entry.event {
        Event::Created { .. } => false,
        Event::Opened { poll } => room.open(poll.clone()).is_ok(),
        Event::Closed { key } => room.close(key).is_ok(),
        Event::Voted { token, key, option } => {
            let _ = room.vote(token, key, *option);
            false
        }
        Event::AskedCommitments => {
            room.ask_commitments();
            true
        }
        Event::Committed { text } => {
            room.restore_commitment(text);
            false
        }
        Event::Touched => true,
        Event::Ended | Event::Expired => {
            state.ended = true;
            false
        }
    };
    if projector {
        state.active = entry.at;
    }
}

/// An I/O failure as the refusal's words (rare: a full disk).
fn disk_refusal(e: io::Error) -> &'static str {
    eprintln!("promoted host: could not write the journal: {e}");
    "The host could not keep that (its disk): try again."
}

fn random_bytes<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

/// Eight characters of the code alphabet: 40 bits, one character per 5.
fn random_code() -> Result<String, getrandom::Error> {
    let bytes = random_bytes::<CODE_CHARS>()?;
    Ok(bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect())
}

/// 128 bits, as hex.
fn random_secret() -> Result<String, getrandom::Error> {
    Ok(random_bytes::<16>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_holds_a_few_rooms_and_this_machine_any_number() {
        let folder = std::env::temp_dir().join(format!("promoted-hub-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        let (hub, _) = Hub::open(&folder, Limits::default()).expect("a hub");
        let laptop = Some(IpAddr::from([192, 0, 2, 7]));
        let mut running = Vec::new();
        for _ in 0..hub.limits.rooms_per_address {
            let room = hub.create(laptop).expect("a room");
            room.enter(Side::Projector, &hub.limits)
                .expect("its projector");
            running.push(room);
        }
        assert!(matches!(hub.create(laptop), Err(Refusal::NotAllowed(_))));
        hub.create(Some([192, 0, 2, 8].into()))
            .expect("another machine's room");
        for _ in 0..10 {
            hub.create(None).expect("this machine's room");
        }
        // A room whose projector has gone counts no more.
        running[0].leave(Side::Projector);
        hub.create(laptop).expect("a room in its place");
        // An ended room takes nothing more.
        let ended = hub.create(None).expect("a room");
        hub.end(&ended, Event::Ended);
        assert!(matches!(hub.touch(&ended), Err(Refusal::UnknownRoom)));
        let _ = std::fs::remove_dir_all(&folder);
    }
}
