//! The room's phones: when `promoted host` serves the browser game, a session on phones runs
//! its room through the host's WebSocket. This adapter opens a room on the host (or rejoins
//! the one it had, after a reload), opens each decision's vote on the phones while the room
//! votes and closes it when the facilitator moves on, hands the host's counts to the room
//! (whose rules say what they decide), and passes the phones' commitments into the session.
//! The page's glue (web/main.js) only carries the messages and reconnects.

use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::window::RequestRedraw;
use promoted_engine::workshop::Action;
use promoted_engine::workshop::phones::{FromProjector, Poll, Qr, Refusal, ToProjector};
use serde::{Deserialize, Serialize};

use super::persistence::SavedWorkshop;
use super::room::{Facilitate, StartWorkshop, WorkshopSession, apply};
use crate::AppSystems;
use crate::screens::Screen;

/// The link to the host, as the room's screen shows it.
#[derive(Resource, Debug, Default)]
pub struct Phones {
    pub status: PhoneStatus,
    /// Where phones join, once the host has given the room.
    pub card: Option<JoinCard>,
    /// The decision whose vote the host has open, as this side told it.
    open: Option<String>,
    /// Phone commitments already in the session.
    taken: usize,
    asked: bool,
    /// Why the host turned the room down, when it did.
    refusal: Option<String>,
    /// The votes this projector opened on the host, so it closes no other projector's.
    opened: Vec<String>,
    /// The host has just taken this projector into the room: its next count says what it
    /// has open.
    rejoined: bool,
    /// When to try the host again, after it refused a rejoin for a while (the room full of
    /// sockets not yet known to be dead, say).
    retry_at: Option<std::time::Duration>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum PhoneStatus {
    /// Not a session on phones.
    #[default]
    Off,
    Connecting,
    Ready,
    /// The connection dropped: the glue is reconnecting; phones keep their votes.
    Lost,
    /// The game was not served by `promoted host`: hands only.
    Unavailable,
    /// The host turned the room down (full, say): hands only, and the reason shown.
    Refused,
}

impl Phones {
    /// Whether the room's screen hides the split while the room votes: only while phones
    /// vote (with no host the hands alone count, in the open as ever).
    pub fn hide_split(&self, room: &promoted_engine::workshop::Room) -> bool {
        self.linked() && room.phones().is_some_and(|count| !count.shown)
    }

    /// Whether phones may be voting: the host is there, or being reached.
    pub fn linked(&self) -> bool {
        !matches!(
            self.status,
            PhoneStatus::Off | PhoneStatus::Unavailable | PhoneStatus::Refused
        )
    }

    /// The link's state in words, for the room's screen.
    pub fn says(&self) -> String {
        match self.status {
            PhoneStatus::Off => String::new(),
            PhoneStatus::Connecting => "Connecting to the host…".to_owned(),
            PhoneStatus::Ready => "Phones connected".to_owned(),
            PhoneStatus::Lost => {
                "The host is out of reach: reconnecting (votes are kept; PageDown twice decides with the hands)".to_owned()
            }
            PhoneStatus::Unavailable => {
                "No phones: open the game from `promoted host` (web/host.sh). Type hands instead."
                    .to_owned()
            }
            PhoneStatus::Refused => format!(
                "The host turned the room down: {} Type hands instead.",
                self.refusal.as_deref().unwrap_or("no reason given.")
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct JoinCard {
    /// "ABCD-EFGH".
    pub code: String,
    pub join: String,
    /// None where no renderer keeps images (headless tests).
    pub qr: Option<Handle<Image>>,
}

/// How long to wait before asking again for a room the host would not let this projector
/// back into.
const RETRY: std::time::Duration = std::time::Duration::from_secs(5);

/// What the page's connection to the host says.
#[cfg_attr(
    not(target_arch = "wasm32"),
    expect(dead_code, reason = "natively no host serves the game")
)]
enum LinkEvent {
    Opened,
    Message(String),
    Closed,
}

/// What the glue keeps between page loads: the room to rejoin.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Remembered {
    code: String,
    secret: String,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Phones>()
        .add_observer(|_: On<StartWorkshop>, phones: ResMut<Phones>| {
            // A new session gets a new room; the old one ends.
            end(phones);
        })
        .add_systems(
            Update,
            run.in_set(AppSystems::Tick)
                .run_if(resource_exists::<WorkshopSession>)
                .run_if(in_state(Screen::Workshop).or_else(in_state(Screen::WorkshopDebrief))),
        )
        .add_systems(OnExit(Screen::WorkshopDebrief), end)
        .add_systems(OnEnter(Screen::Title), step_away);
}

/// Whether `promoted host` served the game, so a session can run on phones.
pub fn host_serves_game() -> bool {
    link::served()
}

fn send(message: &FromProjector) {
    if let Ok(json) = serde_json::to_string(message) {
        link::send(&json);
    }
}

/// The session is over: the room's code stops working.
fn end(mut phones: ResMut<Phones>) {
    if phones.status == PhoneStatus::Ready {
        send(&FromProjector::End);
    }
    link::remember(None);
    link::disconnect();
    *phones = Phones::default();
}

/// The facilitator stepped out to the title: the room waits on the host for the session to
/// go on (its code stays remembered).
fn step_away(mut phones: ResMut<Phones>) {
    if phones.status != PhoneStatus::Off {
        link::disconnect();
        *phones = Phones::default();
    }
}

fn run(
    mut commands: Commands,
    mut session: ResMut<WorkshopSession>,
    mut phones: ResMut<Phones>,
    mut saved: ResMut<SavedWorkshop>,
    mut images: Option<ResMut<Assets<Image>>>,
    mut redraw: MessageWriter<RequestRedraw>,
    time: Res<Time<Real>>,
) {
    if session.room.phones().is_none() {
        return;
    }
    if phones.status == PhoneStatus::Lost && phones.retry_at.is_some_and(|at| time.elapsed() >= at)
    {
        phones.retry_at = None;
        phones.status = PhoneStatus::Connecting;
        link::connect();
    }
    if phones.status == PhoneStatus::Off {
        phones.status = if link::served() {
            link::connect();
            PhoneStatus::Connecting
        } else {
            PhoneStatus::Unavailable
        };
    }
    for event in link::events() {
        redraw.write(RequestRedraw);
        match event {
            LinkEvent::Opened => {
                phones.open = None;
                let remembered = link::remembered()
                    .and_then(|json| serde_json::from_str::<Remembered>(&json).ok());
                send(&match remembered {
                    Some(Remembered { code, secret }) => FromProjector::Rejoin { code, secret },
                    None => FromProjector::Create,
                });
            }
            LinkEvent::Closed => {
                if !matches!(
                    phones.status,
                    PhoneStatus::Unavailable | PhoneStatus::Refused
                ) {
                    phones.status = PhoneStatus::Lost;
                }
            }
            LinkEvent::Message(json) => match serde_json::from_str::<ToProjector>(&json) {
                Ok(message) => hear(
                    message,
                    &mut commands,
                    &mut session,
                    &mut phones,
                    &mut saved,
                    images.as_deref_mut(),
                    time.elapsed(),
                ),
                Err(e) => warn!("promoted: a message from the host not understood: {e}"),
            },
        }
    }
    // Read through `&*`: writing only when something happened keeps the room's screen from
    // rebuilding every frame.
    let WorkshopSession { scenario, room, .. } = &*session;
    match phones.status {
        PhoneStatus::Ready => {
            let poll = Poll::of(scenario, room);
            let key = poll.as_ref().map(|p| p.key.clone());
            if key != phones.open {
                if let Some(open) = phones.open.take() {
                    send(&FromProjector::Close { key: open });
                }
                if let Some(poll) = poll {
                    if !phones.opened.contains(&poll.key) {
                        phones.opened.push(poll.key.clone());
                    }
                    send(&FromProjector::Open { poll });
                }
                phones.open = key;
            }
            if room.stage() == promoted_engine::workshop::Stage::Debrief && !phones.asked {
                send(&FromProjector::AskCommitments);
                phones.asked = true;
            }
        }
        // With no host at all, the counts the room has decide: the vote never waits for one.
        // A host out of reach for a moment is waited for (PageDown again decides without it).
        PhoneStatus::Unavailable | PhoneStatus::Refused => {
            if room.phones().is_some_and(|p| p.closing) {
                commands.trigger(Facilitate(Action::Advance));
            }
        }
        PhoneStatus::Off | PhoneStatus::Connecting | PhoneStatus::Lost => {}
    }
}

/// One message from the host.
fn hear(
    message: ToProjector,
    commands: &mut Commands,
    session: &mut WorkshopSession,
    phones: &mut Phones,
    saved: &mut SavedWorkshop,
    images: Option<&mut Assets<Image>>,
    now: std::time::Duration,
) {
    let WorkshopSession { scenario, room, .. } = session;
    match message {
        ToProjector::Room {
            code,
            secret,
            join,
            qr,
            commitments,
        } => {
            info!("promoted: phones join at {join}");
            if let Ok(json) = serde_json::to_string(&Remembered {
                code: code.clone(),
                secret,
            }) {
                link::remember(Some(&json));
            }
            phones.card = Some(JoinCard {
                code,
                join,
                qr: images.zip(qr_image(&qr)).map(|(images, qr)| images.add(qr)),
            });
            phones.status = PhoneStatus::Ready;
            // Told again after a reconnect: the vote open (the host keeps its ballots) and
            // the box for commitments.
            phones.open = None;
            phones.asked = false;
            phones.rejoined = true;
            for text in commitments.iter().skip(phones.taken) {
                let _ = room.commit(text);
            }
            phones.taken = phones.taken.max(commitments.len());
        }
        ToProjector::Tally(tally) => {
            // A vote the host still has open that the room is not on, or is closing (a close
            // lost with a dropped connection, or a reload): close it, and its last count
            // comes back. Only votes this projector opened, or the room's own.
            // Once, with the count the host sends on rejoining: later counts of a closing
            // vote are the votes just before its close.
            let rejoined = std::mem::take(&mut phones.rejoined);
            let stale =
                phones.opened.contains(&tally.key) && room.poll_key().as_ref() != Some(&tally.key);
            if rejoined && tally.open && (stale || room.closing_key().as_ref() == Some(&tally.key))
            {
                send(&FromProjector::Close {
                    key: tally.key.clone(),
                });
                if phones.open.as_ref() == Some(&tally.key) {
                    phones.open = None;
                }
            }
            let happened = room.phones_counted(scenario, &tally);
            apply(commands, room, saved, happened);
        }
        ToProjector::Commitment { number, text } => {
            if number >= phones.taken {
                if let Err(why) = room.commit(&text) {
                    info!("promoted: a phone's commitment was not kept: {why}");
                }
                phones.taken = number + 1;
            }
        }
        ToProjector::Ended => {}
        ToProjector::Refused { kind, why } => {
            warn!("promoted: the host refused: {why}");
            // The room remembered is gone (ended, or expired): a new one. Any other refusal
            // is the host's to explain; the room goes on with what it has.
            if phones.status == PhoneStatus::Ready {
                return;
            }
            let rejoining = link::remembered().is_some();
            if rejoining && Refusal::room_gone(&kind) {
                link::remember(None);
                send(&FromProjector::Create);
            } else if rejoining {
                // The room is there but would not take this projector yet: try again soon.
                link::disconnect();
                phones.status = PhoneStatus::Lost;
                phones.retry_at = Some(now + RETRY);
            } else {
                phones.status = PhoneStatus::Refused;
                phones.refusal = Some(why);
            }
        }
    }
}

/// The QR code as an image: a module per pixel with a four-module quiet zone, drawn sharp.
/// None for a code no QR version has (the host's word is checked, not trusted).
fn qr_image(qr: &Qr) -> Option<Image> {
    const QUIET: u32 = 4;
    /// Version 40's side, the largest.
    const LARGEST: u32 = 177;
    if qr.size == 0 || qr.size > LARGEST || qr.modules.len() != (qr.size * qr.size) as usize {
        return None;
    }
    let side = qr.size + 2 * QUIET;
    let mut data = Vec::with_capacity((side * side * 4) as usize);
    for y in 0..side {
        for x in 0..side {
            let dark = x >= QUIET && y >= QUIET && qr.is_dark(x - QUIET, y - QUIET);
            let v = if dark { 0 } else { 255 };
            data.extend_from_slice(&[v, v, v, 255]);
        }
    }
    let mut image = Image::new(
        Extent3d {
            width: side,
            height: side,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::nearest();
    Some(image)
}

/// The page's WebSocket to the host (web/main.js).
#[cfg(target_arch = "wasm32")]
mod link {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;

    use super::LinkEvent as Event;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = promotedHostServed)]
        pub fn served() -> bool;
        #[wasm_bindgen(js_name = promotedHostConnect)]
        pub fn connect();
        #[wasm_bindgen(js_name = promotedHostDisconnect)]
        fn disconnect_socket();
        #[wasm_bindgen(js_name = promotedHostSend)]
        pub fn send(json: &str);
        #[wasm_bindgen(js_name = promotedHostRemember)]
        fn remember_json(json: Option<String>);
        #[wasm_bindgen(js_name = promotedHostRemembered)]
        pub fn remembered() -> Option<String>;
    }

    thread_local! {
        static EVENTS: RefCell<Vec<Event>> = const { RefCell::new(Vec::new()) };
    }

    pub fn remember(json: Option<&str>) {
        remember_json(json.map(str::to_owned));
    }

    /// Close the socket; what it said and was not heard yet goes with it.
    pub fn disconnect() {
        disconnect_socket();
        EVENTS.with(|events| events.borrow_mut().clear());
    }

    pub(super) fn events() -> Vec<Event> {
        EVENTS.with(|events| std::mem::take(&mut *events.borrow_mut()))
    }

    fn push(event: Event) {
        EVENTS.with(|events| events.borrow_mut().push(event));
        crate::browser::wake();
    }

    #[wasm_bindgen(js_name = promotedHostOpened)]
    pub fn opened() {
        push(Event::Opened);
    }

    #[wasm_bindgen(js_name = promotedHostMessage)]
    pub fn message(json: String) {
        push(Event::Message(json));
    }

    #[wasm_bindgen(js_name = promotedHostClosed)]
    pub fn closed() {
        push(Event::Closed);
    }
}

/// Natively the game is not served by a host: a session on phones counts hands.
#[cfg(not(target_arch = "wasm32"))]
mod link {
    use super::LinkEvent as Event;

    pub fn served() -> bool {
        false
    }
    pub fn connect() {}
    pub fn disconnect() {}
    pub fn send(_: &str) {}
    pub fn remember(_: Option<&str>) {}
    pub fn remembered() -> Option<String> {
        None
    }
    pub(super) fn events() -> Vec<Event> {
        Vec::new()
    }
}
