//! The two kinds of WebSocket: the projector's (the game, which holds the room's secret and
//! runs the vote) and a phone's (which may join, vote and commit, nothing else). Each
//! connection has its own size and rate limits; a bad message gets a clear refusal and
//! closes nothing, unless a connection keeps sending them.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket};
use promoted_engine::workshop::phones::{
    FromPhone, FromProjector, MAX_PHONE_MESSAGE, MAX_PROJECTOR_MESSAGE, PhoneView, Qr, Refusal,
    ToPhone, ToProjector, check_token, display_code, normalise_code,
};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, sleep_until};

use crate::hub::{Hub, Side, Slot};

/// A phone or projector that has not said who it is by then is let go.
const HELLO_SECONDS: u64 = 20;
/// Refusals a connection may earn before it is closed: a client that keeps sending
/// nonsense (or guessing codes) is not a phone.
const STRIKES: u32 = 30;
/// Wrong room codes or secrets one connection may try.
const GUESSES: u32 = 5;

/// Messages per second, and the burst allowed above it.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub per_second: f64,
    pub burst: f64,
}

pub const PHONE_RATE: Rate = Rate {
    per_second: 4.0,
    burst: 12.0,
};
pub const PROJECTOR_RATE: Rate = Rate {
    per_second: 30.0,
    burst: 90.0,
};

/// A token bucket.
struct Bucket {
    rate: Rate,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn new(rate: Rate) -> Bucket {
        Bucket {
            rate,
            tokens: rate.burst,
            last: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate.per_second).min(self.rate.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// What a connection's loop does after a message.
enum Next {
    Go,
    Close,
}

/// One connection's limits and strikes.
struct Guard {
    bucket: Bucket,
    max: usize,
    strikes: u32,
    guesses: u32,
}

impl Guard {
    fn new(rate: Rate, max: usize) -> Guard {
        Guard {
            bucket: Bucket::new(rate),
            max,
            strikes: 0,
            guesses: 0,
        }
    }

    /// The text of a message, if it may be read.
    fn admit(&mut self, message: Message) -> Result<Option<String>, Refusal> {
        let text = match message {
            Message::Text(text) => text.to_string(),
            Message::Binary(_) => return Err(Refusal::Malformed("messages are JSON text".into())),
            // Pings and pongs cost a token too, or they would be a free flood.
            _ => {
                return if self.bucket.take() {
                    Ok(None)
                } else {
                    Err(Refusal::TooFast)
                };
            }
        };
        if !self.bucket.take() {
            return Err(Refusal::TooFast);
        }
        if text.len() > self.max {
            return Err(Refusal::TooLarge(self.max));
        }
        Ok(Some(text))
    }

    /// A refusal counts against the connection; too many close it.
    fn strike(&mut self, refusal: &Refusal) -> Next {
        self.strikes += 1;
        if matches!(refusal, Refusal::UnknownRoom | Refusal::WrongSecret) {
            self.guesses += 1;
        }
        if self.strikes >= STRIKES || self.guesses >= GUESSES {
            Next::Close
        } else {
            Next::Go
        }
    }
}

async fn send(socket: &mut WebSocket, message: &impl Serialize) -> bool {
    match serde_json::to_string(message) {
        Ok(json) => socket.send(Message::Text(json.into())).await.is_ok(),
        Err(_) => false,
    }
}

/// Why a message could not be read, in a phone's or projector's words.
fn malformed(e: &serde_json::Error, expected: &str) -> Refusal {
    let first = e.to_string();
    let why = first.split(" at line").next().unwrap_or(&first).to_owned();
    Refusal::Malformed(format!("{why} (expected {expected})"))
}

/// The join page's address and its QR code.
pub struct Joining {
    pub join_base: String,
    /// Where the connection comes from, for the rooms each address may run: None for this
    /// machine, or behind the proxy the host was given.
    pub from: Option<IpAddr>,
}

/// How often a quiet connection is pinged, and how long one may stay silent (a phone asleep,
/// a projector's laptop closed) before it is let go and its place in the room freed.
const PING_EVERY: Duration = Duration::from_secs(20);
const SILENCE: Duration = Duration::from_secs(65);

fn heartbeat() -> tokio::time::Interval {
    tokio::time::interval_at(Instant::now() + PING_EVERY, PING_EVERY)
}

/// Ping a quiet connection; false when it has been silent too long or is gone.
async fn ping(socket: &mut WebSocket, heard: Instant) -> bool {
    heard.elapsed() < SILENCE && socket.send(Message::Ping(Default::default())).await.is_ok()
}

fn qr_of(text: &str) -> Qr {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let size = code.width() as u32;
            let modules = code
                .to_colors()
                .iter()
                .map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' })
                .collect();
            Qr { size, modules }
        }
        Err(_) => Qr::default(),
    }
}

fn room_message(slot: &Slot, join_base: &str) -> ToProjector {
    let join = format!("{join_base}/j/{}", display_code(&slot.code));
    ToProjector::Room {
        code: display_code(&slot.code),
        secret: slot.secret().to_owned(),
        qr: qr_of(&join),
        join,
        commitments: slot.commitments(),
    }
}

/// The projector's connection.
pub async fn projector(mut socket: WebSocket, hub: Arc<Hub>, joining: Joining) {
    let mut guard = Guard::new(PROJECTOR_RATE, MAX_PROJECTOR_MESSAGE);
    let deadline = Instant::now() + Duration::from_secs(HELLO_SECONDS);
    let mut slot: Option<Arc<Slot>> = None;
    let mut listen = None;
    let mut beat = heartbeat();
    let mut heard = Instant::now();
    loop {
        let message = tokio::select! {
            message = socket.recv() => message,
            _ = beat.tick() => {
                if !ping(&mut socket, heard).await {
                    break;
                }
                continue;
            }
            _ = sleep_until(deadline), if slot.is_none() => {
                let refusal = Refusal::NotAllowed("Say create or rejoin first.");
                send(&mut socket, &refusal.to_projector()).await;
                break;
            }
            heard = recv_or_wait(&mut listen) => {
                let json = match heard {
                    Ok(json) => json,
                    // Too far behind: the latest count says it all.
                    Err(RecvError::Lagged(_)) => match &slot {
                        Some(slot) => serde_json::to_string(&ToProjector::Tally(slot.tally()))
                            .unwrap_or_default()
                            .into(),
                        None => continue,
                    },
                    Err(RecvError::Closed) => break,
                };
                if socket.send(Message::Text(json.to_string().into())).await.is_err() {
                    break;
                }
                continue;
            }
        };
        let Some(Ok(message)) = message else { break };
        if matches!(message, Message::Close(_)) {
            break;
        }
        heard = Instant::now();
        let reply = match guard.admit(message) {
            Ok(None) => continue,
            Ok(Some(text)) => match serde_json::from_str::<FromProjector>(&text) {
                Ok(said) => act(&hub, &joining, &mut slot, &mut listen, said),
                Err(e) => Err(malformed(
                    &e,
                    "create, rejoin, open, close, ask_commitments or end",
                )),
            },
            Err(refusal) => Err(refusal),
        };
        match reply {
            Ok(replies) => {
                for reply in replies {
                    if !send(&mut socket, &reply).await {
                        break;
                    }
                }
            }
            Err(refusal) => {
                let next = guard.strike(&refusal);
                send(&mut socket, &refusal.to_projector()).await;
                if let Next::Close = next {
                    break;
                }
            }
        }
    }
    if let Some(slot) = slot {
        slot.leave(Side::Projector);
    }
}

async fn recv_or_wait(
    listen: &mut Option<tokio::sync::broadcast::Receiver<Arc<str>>>,
) -> Result<Arc<str>, RecvError> {
    match listen {
        Some(listen) => listen.recv().await,
        None => std::future::pending().await,
    }
}

/// What the projector asked, done; what to tell it.
fn act(
    hub: &Hub,
    joining: &Joining,
    slot: &mut Option<Arc<Slot>>,
    listen: &mut Option<tokio::sync::broadcast::Receiver<Arc<str>>>,
    said: FromProjector,
) -> Result<Vec<ToProjector>, Refusal> {
    match (said, slot.as_ref()) {
        (FromProjector::Create, None) => {
            let created = hub.create(joining.from)?;
            created.enter(Side::Projector, &hub.limits)?;
            *listen = Some(created.listen_projector());
            let reply = room_message(&created, &joining.join_base);
            *slot = Some(created);
            Ok(vec![reply])
        }
        (FromProjector::Rejoin { code, secret }, None) => {
            let found = normalise_code(&code)
                .and_then(|code| hub.find(&code))
                .ok_or(Refusal::UnknownRoom)?;
            if !found.is_secret(&secret) {
                return Err(Refusal::WrongSecret);
            }
            hub.touch(&found)?;
            found.enter(Side::Projector, &hub.limits)?;
            *listen = Some(found.listen_projector());
            let replies = vec![
                room_message(&found, &joining.join_base),
                ToProjector::Tally(found.tally()),
            ];
            *slot = Some(found);
            Ok(replies)
        }
        (FromProjector::Create | FromProjector::Rejoin { .. }, Some(_)) => {
            Err(Refusal::NotAllowed("This connection already has its room."))
        }
        (_, None) => Err(Refusal::NotAllowed("Say create or rejoin first.")),
        (FromProjector::Open { poll }, Some(slot)) => {
            Ok(vec![ToProjector::Tally(hub.open_poll(slot, poll)?)])
        }
        (FromProjector::Close { key }, Some(slot)) => {
            Ok(vec![ToProjector::Tally(hub.close_poll(slot, &key)?)])
        }
        (FromProjector::AskCommitments, Some(slot)) => {
            hub.ask_commitments(slot)?;
            Ok(Vec::new())
        }
        (FromProjector::End, Some(slot)) => {
            hub.end(slot, crate::journal::Event::Ended);
            Ok(vec![ToProjector::Ended])
        }
    }
}

/// A phone's connection.
pub async fn phone(mut socket: WebSocket, hub: Arc<Hub>) {
    let mut guard = Guard::new(PHONE_RATE, MAX_PHONE_MESSAGE);
    let deadline = Instant::now() + Duration::from_secs(HELLO_SECONDS);
    let mut joined: Option<(Arc<Slot>, String)> = None;
    let mut changes = None;
    let mut beat = heartbeat();
    let mut heard = Instant::now();
    loop {
        let message = tokio::select! {
            message = socket.recv() => message,
            _ = beat.tick() => {
                if !ping(&mut socket, heard).await {
                    break;
                }
                continue;
            }
            _ = sleep_until(deadline), if joined.is_none() => {
                let refusal = Refusal::NotAllowed("Join a room first.");
                send(&mut socket, &refusal.to_phone()).await;
                break;
            }
            changed = changed_or_wait(&mut changes) => {
                let Some((slot, token)) = &joined else { continue };
                if changed.is_err() {
                    break;
                }
                let view = slot.view(token);
                let ended = view == PhoneView::Ended;
                if !send(&mut socket, &ToPhone::View { view }).await || ended {
                    break;
                }
                continue;
            }
        };
        let Some(Ok(message)) = message else { break };
        if matches!(message, Message::Close(_)) {
            break;
        }
        heard = Instant::now();
        let reply = match guard.admit(message) {
            Ok(None) => continue,
            Ok(Some(text)) => match serde_json::from_str::<FromPhone>(&text) {
                Ok(said) => answer(&hub, &mut joined, &mut changes, said),
                Err(e) => Err(malformed(&e, "join, vote or commit")),
            },
            Err(refusal) => Err(refusal),
        };
        match reply {
            Ok(reply) => {
                if !send(&mut socket, &reply).await {
                    break;
                }
            }
            Err(refusal) => {
                let next = guard.strike(&refusal);
                send(&mut socket, &refusal.to_phone()).await;
                if let Next::Close = next {
                    break;
                }
            }
        }
    }
    if let Some((slot, _)) = joined {
        slot.leave(Side::Phone);
    }
}

async fn changed_or_wait(
    changes: &mut Option<tokio::sync::watch::Receiver<u64>>,
) -> Result<(), tokio::sync::watch::error::RecvError> {
    match changes {
        Some(changes) => changes.changed().await,
        None => std::future::pending().await,
    }
}

fn answer(
    hub: &Hub,
    joined: &mut Option<(Arc<Slot>, String)>,
    changes: &mut Option<tokio::sync::watch::Receiver<u64>>,
    said: FromPhone,
) -> Result<ToPhone, Refusal> {
    match (said, joined.as_ref()) {
        (FromPhone::Join { code, token }, None) => {
            check_token(&token)?;
            let slot = normalise_code(&code)
                .and_then(|code| hub.find(&code))
                .ok_or(Refusal::UnknownRoom)?;
            slot.enter(Side::Phone, &hub.limits)?;
            let mut listen = slot.listen_phones();
            listen.mark_unchanged();
            *changes = Some(listen);
            let view = slot.view(&token);
            *joined = Some((slot, token));
            Ok(ToPhone::View { view })
        }
        (FromPhone::Join { .. }, Some(_)) => {
            Err(Refusal::NotAllowed("This phone has joined its room."))
        }
        (_, None) => Err(Refusal::NotAllowed("Join a room first.")),
        (FromPhone::Vote { key, option }, Some((slot, token))) => {
            hub.vote(slot, token, &key, option)?;
            Ok(ToPhone::Counted { key, option })
        }
        (FromPhone::Commit { text }, Some((slot, token))) => {
            let given = hub.commit(slot, token, &text)?;
            Ok(ToPhone::Kept {
                given,
                most: promoted_engine::workshop::phones::COMMITMENTS_PER_PHONE,
            })
        }
    }
}
