//! The host's protocol over real WebSockets, on 127.0.0.1 only: a whole vote, every refusal,
//! the bounds, and a restart in the middle of a vote. Each test stops itself within seconds.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use promoted_host::{Config, Host, Limits, start};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Every test's bound.
const LIMIT: Duration = Duration::from_secs(20);

fn folder(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("promoted-host-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    folder
}

async fn host(state: &Path, limits: Limits) -> Host {
    start(Config {
        dist: PathBuf::from("no-dist"),
        state: state.to_owned(),
        listen: "127.0.0.1:0".parse().expect("an address"),
        public_url: None,
        limits,
    })
    .await
    .expect("the host starts")
}

async fn connect(host: &Host, side: &str, origin: &str) -> Result<Socket, String> {
    let mut request = format!("ws://{}/ws/{side}", host.addr)
        .into_client_request()
        .expect("a request");
    request
        .headers_mut()
        .insert("Origin", origin.parse().expect("a header"));
    connect_async(request)
        .await
        .map(|(socket, _)| socket)
        .map_err(|e| e.to_string())
}

async fn side(host: &Host, side: &str) -> Socket {
    connect(host, side, &format!("http://{}", host.addr))
        .await
        .expect("connects")
}

async fn say(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .expect("sent");
}

/// The next text message, as JSON.
async fn hear(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("an answer within five seconds")
            .expect("the connection is open")
            .expect("a message");
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}

/// Skip messages until one of `kind` arrives.
async fn hear_kind(socket: &mut Socket, kind: &str) -> Value {
    loop {
        let message = hear(socket).await;
        if message["type"] == kind {
            return message;
        }
    }
}

/// Whether the host has closed the connection (within five seconds).
async fn closed(socket: &mut Socket) -> bool {
    let waited = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return true,
                Some(Ok(_)) => {}
            }
        }
    });
    waited.await.unwrap_or(false)
}

fn poll(key: &str, options: u8) -> Value {
    json!({
        "type": "open",
        "poll": {
            "key": key,
            "title": "Decision 1",
            "options": (1..=options).map(|n| json!({"number": n, "label": format!("Option {n}")})).collect::<Vec<_>>(),
        }
    })
}

const PHONE_A: &str = "phone-token-aaaaaaaa";
const PHONE_B: &str = "phone-token-bbbbbbbb";

/// A projector with a new room: its code and secret.
async fn new_room(host: &Host) -> (Socket, String, String) {
    let mut projector = side(host, "projector").await;
    say(&mut projector, json!({"type": "create"})).await;
    let room = hear_kind(&mut projector, "room").await;
    let code = room["code"].as_str().expect("a code").to_owned();
    let secret = room["secret"].as_str().expect("a secret").to_owned();
    (projector, code, secret)
}

async fn phone(host: &Host, code: &str, token: &str) -> (Socket, Value) {
    let mut phone = side(host, "phone").await;
    say(
        &mut phone,
        json!({"type": "join", "code": code, "token": token}),
    )
    .await;
    let view = hear_kind(&mut phone, "view").await;
    (phone, view)
}

async fn bounded<F: std::future::Future>(test: F) -> F::Output {
    tokio::time::timeout(LIMIT, test)
        .await
        .expect("the test ends by itself")
}

#[tokio::test]
async fn a_vote_from_phones_reaches_the_projector_as_counts() {
    bounded(async {
        let state = folder("vote");
        let host = host(&state, Limits::default()).await;
        let (mut projector, code, _) = new_room(&host).await;
        assert_eq!(code.len(), 9, "ABCD-EFGH");
        let (mut a, view) = phone(&host, &code.to_lowercase(), PHONE_A).await;
        assert_eq!(view["view"]["type"], "waiting");

        say(&mut projector, poll("t1d1", 3)).await;
        assert_eq!(hear_kind(&mut projector, "tally").await["voters"], 0);
        let view = hear_kind(&mut a, "view").await;
        assert_eq!(view["view"]["type"], "poll");
        assert_eq!(view["view"]["poll"]["options"][2]["label"], "Option 3");

        say(&mut a, json!({"type": "vote", "key": "t1d1", "option": 2})).await;
        assert_eq!(hear_kind(&mut a, "counted").await["option"], 2);
        let tally = hear_kind(&mut projector, "tally").await;
        assert_eq!(
            (tally["counts"].clone(), tally["voters"].clone()),
            (json!([0, 1, 0]), json!(1))
        );

        // The same phone on a second connection (a reload) is still one vote, and may change it.
        let (mut again, view) = phone(&host, &code, PHONE_A).await;
        assert_eq!(
            view["view"]["mine"], 2,
            "a phone that comes back keeps its vote"
        );
        say(
            &mut again,
            json!({"type": "vote", "key": "t1d1", "option": 3}),
        )
        .await;
        hear_kind(&mut again, "counted").await;
        assert_eq!(
            hear_kind(&mut projector, "tally").await["counts"],
            json!([0, 0, 1])
        );
        let (mut b, _) = phone(&host, &code, PHONE_B).await;
        say(&mut b, json!({"type": "vote", "key": "t1d1", "option": 3})).await;
        hear_kind(&mut b, "counted").await;
        let tally = hear_kind(&mut projector, "tally").await;
        assert_eq!(
            (tally["counts"].clone(), tally["voters"].clone()),
            (json!([0, 0, 2]), json!(2))
        );

        // The close: the last count, and late votes refused.
        say(&mut projector, json!({"type": "close", "key": "t1d1"})).await;
        let last = hear_kind(&mut projector, "tally").await;
        assert_eq!(
            (last["open"].clone(), last["counts"].clone()),
            (json!(false), json!([0, 0, 2]))
        );
        assert_eq!(hear_kind(&mut b, "view").await["view"]["open"], false);
        say(&mut b, json!({"type": "vote", "key": "t1d1", "option": 1})).await;
        let refused = hear_kind(&mut b, "refused").await;
        assert!(
            refused["why"].as_str().unwrap_or("").contains("closed"),
            "{refused}"
        );

        // Commitments: the box opens on the phones, the words reach the projector, no token.
        say(&mut projector, json!({"type": "ask_commitments"})).await;
        assert_eq!(
            hear_kind(&mut b, "view").await["view"]["type"],
            "commitments"
        );
        say(
            &mut b,
            json!({"type": "commit", "text": "Ask the quiet ones first"}),
        )
        .await;
        assert_eq!(hear_kind(&mut b, "kept").await["given"], 1);
        let kept = hear_kind(&mut projector, "commitment").await;
        assert_eq!(
            kept,
            json!({"type": "commitment", "number": 0, "text": "Ask the quiet ones first"})
        );
        let journal = std::fs::read_to_string(&host.journal).expect("the journal");
        let line = journal
            .lines()
            .find(|l| l.contains("committed"))
            .expect("journalled");
        assert!(
            !line.contains("phone-token"),
            "commitments carry no token: {line}"
        );

        // The end: phones hear it, the code stops working.
        say(&mut projector, json!({"type": "end"})).await;
        assert_eq!(hear_kind(&mut b, "view").await["view"]["type"], "ended");
        let mut late = side(&host, "phone").await;
        say(
            &mut late,
            json!({"type": "join", "code": code, "token": PHONE_B}),
        )
        .await;
        assert!(
            hear_kind(&mut late, "refused").await["why"]
                .as_str()
                .unwrap_or("")
                .contains("No room")
        );
        host.stop().await;
    })
    .await;
}

#[tokio::test]
async fn bad_messages_are_refused_and_close_nothing_else() {
    bounded(async {
        let state = folder("refusals");
        let host = host(&state, Limits::default()).await;
        let (mut projector, code, secret) = new_room(&host).await;
        say(&mut projector, poll("t1d1", 2)).await;
        hear_kind(&mut projector, "tally").await;

        // A page from elsewhere may not open a socket.
        assert!(
            connect(&host, "phone", "http://evil.example")
                .await
                .is_err()
        );
        assert!(
            connect(&host, "projector", "http://evil.example")
                .await
                .is_err()
        );

        // Nor a stranger's name pointed at this machine (DNS rebinding), whose page's
        // origin matches the name it used.
        let mut rebound = format!("ws://{}/ws/projector", host.addr)
            .into_client_request()
            .expect("a request");
        let headers = rebound.headers_mut();
        headers.insert("Host", "evil.example:8080".parse().expect("a header"));
        headers.insert(
            "Origin",
            "http://evil.example:8080".parse().expect("a header"),
        );
        let refused = connect_async(rebound).await.err().map(|e| e.to_string());
        assert!(
            refused.is_some_and(|e| e.contains("403")),
            "refused by the host"
        );

        // An intruder without the secret cannot run the room.
        let mut intruder = side(&host, "projector").await;
        say(
            &mut intruder,
            json!({"type": "rejoin", "code": code, "secret": "0".repeat(32)}),
        )
        .await;
        let refused = hear_kind(&mut intruder, "refused").await;
        assert_eq!(refused["kind"], "wrong_secret");
        assert!(
            refused["why"]
                .as_str()
                .unwrap_or("")
                .contains("not this room's projector")
        );
        say(&mut intruder, json!({"type": "close", "key": "t1d1"})).await;
        assert!(
            hear_kind(&mut intruder, "refused").await["why"]
                .as_str()
                .unwrap_or("")
                .contains("create or rejoin")
        );

        let (mut a, _) = phone(&host, &code, PHONE_A).await;
        let refused = |why: &'static str| {
            move |message: Value| {
                assert_eq!(message["type"], "refused", "{message}");
                let text = message["why"].as_str().unwrap_or("").to_owned();
                assert!(text.contains(why), "{text} should say {why}");
            }
        };
        // A phone may not run the vote, nor send what it does not know, nor too much.
        say(&mut a, json!({"type": "close", "key": "t1d1"})).await;
        refused("expected join, vote or commit")(hear(&mut a).await);
        say(
            &mut a,
            json!({"type": "vote", "key": "t1d1", "option": 2, "name": "Ann"}),
        )
        .await;
        refused("Not understood")(hear(&mut a).await);
        a.send(Message::Text("not json".into()))
            .await
            .expect("sent");
        refused("Not understood")(hear(&mut a).await);
        a.send(Message::Binary(vec![1, 2, 3].into()))
            .await
            .expect("sent");
        refused("JSON text")(hear(&mut a).await);
        say(&mut a, json!({"type": "commit", "text": "x".repeat(5000)})).await;
        refused("too large")(hear(&mut a).await);
        say(&mut a, json!({"type": "vote", "key": "t1d9", "option": 1})).await;
        refused("moved on")(hear(&mut a).await);
        say(&mut a, json!({"type": "vote", "key": "t1d1", "option": 7})).await;
        refused("no option 7")(hear(&mut a).await);
        say(&mut a, json!({"type": "commit", "text": "Early"})).await;
        refused("not open")(hear(&mut a).await);
        say(
            &mut a,
            json!({"type": "join", "code": code, "token": PHONE_A}),
        )
        .await;
        refused("has joined")(hear(&mut a).await);

        // A phone that floods is slowed down, then let go; the room goes on.
        let mut flood = side(&host, "phone").await;
        for _ in 0..40 {
            say(
                &mut flood,
                json!({"type": "vote", "key": "t1d1", "option": 1}),
            )
            .await;
        }
        let mut slowed = false;
        for _ in 0..40 {
            let message = hear(&mut flood).await;
            if message["why"].as_str().unwrap_or("").contains("slow down") {
                slowed = true;
                break;
            }
        }
        assert!(slowed, "a flood is told to slow down");
        assert!(closed(&mut flood).await, "and let go");

        // Guessing codes gets a connection closed.
        let mut guesser = side(&host, "phone").await;
        for n in 0..8 {
            say(
                &mut guesser,
                json!({"type": "join", "code": format!("ABCD-EFG{}", n + 2), "token": PHONE_B}),
            )
            .await;
        }
        assert!(closed(&mut guesser).await, "a guesser is let go");
        let mut ghost = side(&host, "phone").await;
        say(
            &mut ghost,
            json!({"type": "join", "code": "ZZZZ-ZZZZ", "token": PHONE_B}),
        )
        .await;
        refused("No room has that code")(hear(&mut ghost).await);
        say(
            &mut ghost,
            json!({"type": "join", "code": code, "token": "short"}),
        )
        .await;
        refused("token is not valid")(hear(&mut ghost).await);

        // Through all of it the vote runs and the real projector holds its room.
        say(&mut a, json!({"type": "vote", "key": "t1d1", "option": 2})).await;
        hear_kind(&mut a, "counted").await;
        assert_eq!(
            hear_kind(&mut projector, "tally").await["counts"],
            json!([0, 1])
        );
        let mut rejoined = side(&host, "projector").await;
        say(
            &mut rejoined,
            json!({"type": "rejoin", "code": code, "secret": secret}),
        )
        .await;
        hear_kind(&mut rejoined, "room").await;
        assert_eq!(
            hear_kind(&mut rejoined, "tally").await["counts"],
            json!([0, 1])
        );
        host.stop().await;
    })
    .await;
}

#[tokio::test]
async fn rooms_and_connections_are_bounded() {
    bounded(async {
        let state = folder("bounds");
        let limits = Limits {
            rooms: 2,
            phones_per_room: 2,
            ..Limits::default()
        };
        let host = host(&state, limits).await;
        let (_first, code, _) = new_room(&host).await;
        let _second = new_room(&host).await;
        let mut third = side(&host, "projector").await;
        say(&mut third, json!({"type": "create"})).await;
        assert!(
            hear_kind(&mut third, "refused").await["why"]
                .as_str()
                .unwrap_or("")
                .contains("host is full")
        );
        let _a = phone(&host, &code, PHONE_A).await;
        let _b = phone(&host, &code, PHONE_B).await;
        let mut c = side(&host, "phone").await;
        say(
            &mut c,
            json!({"type": "join", "code": code, "token": "phone-token-cccccccc"}),
        )
        .await;
        assert!(
            hear_kind(&mut c, "refused").await["why"]
                .as_str()
                .unwrap_or("")
                .contains("full")
        );
        host.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_host_restarted_mid_vote_loses_no_vote() {
    bounded(async {
        let state = folder("restart");
        let first = host(&state, Limits::default()).await;
        let (mut projector, code, secret) = new_room(&first).await;
        say(&mut projector, poll("t1d1", 3)).await;
        hear_kind(&mut projector, "tally").await;
        let (mut a, _) = phone(&first, &code, PHONE_A).await;
        say(&mut a, json!({"type": "vote", "key": "t1d1", "option": 3})).await;
        hear_kind(&mut a, "counted").await;
        let (mut b, _) = phone(&first, &code, PHONE_B).await;
        say(&mut b, json!({"type": "vote", "key": "t1d1", "option": 1})).await;
        hear_kind(&mut b, "counted").await;
        // An ended room does not come back.
        let (mut other, ended, _) = new_room(&first).await;
        say(&mut other, json!({"type": "end"})).await;
        hear_kind(&mut other, "ended").await;
        first.stop().await;
        drop((projector, a, b, other));

        // A torn last line (the host died mid-write) is named and skipped.
        let journal = state.join("rooms.log");
        let mut text = std::fs::read_to_string(&journal).expect("the journal");
        text.push_str("{\"at\":1,\"room\":\"AB");
        std::fs::write(&journal, text).expect("written");

        let second = host(&state, Limits::default()).await;
        assert_eq!(second.skipped.len(), 1, "{:?}", second.skipped);
        assert!(second.skipped[0].contains("line"), "{:?}", second.skipped);
        let mut projector = side(&second, "projector").await;
        say(
            &mut projector,
            json!({"type": "rejoin", "code": code, "secret": secret}),
        )
        .await;
        hear_kind(&mut projector, "room").await;
        let tally = hear_kind(&mut projector, "tally").await;
        assert_eq!(
            (tally["counts"].clone(), tally["open"].clone()),
            (json!([1, 0, 1]), json!(true))
        );
        let (mut a, view) = phone(&second, &code, PHONE_A).await;
        assert_eq!(view["view"]["mine"], 3);
        say(&mut a, json!({"type": "vote", "key": "t1d1", "option": 1})).await;
        hear_kind(&mut a, "counted").await;
        assert_eq!(
            hear_kind(&mut projector, "tally").await["counts"],
            json!([2, 0, 0])
        );
        let mut gone = side(&second, "projector").await;
        say(
            &mut gone,
            json!({"type": "rejoin", "code": ended, "secret": "x"}),
        )
        .await;
        assert!(
            hear_kind(&mut gone, "refused").await["why"]
                .as_str()
                .unwrap_or("")
                .contains("No room")
        );
        second.stop().await;

        // A room whose projector has been silent past its lifetime does not come back.
        let expired = Limits {
            room_lifetime: 0,
            ..Limits::default()
        };
        let third = host(&state, expired).await;
        let mut late = side(&third, "projector").await;
        say(
            &mut late,
            json!({"type": "rejoin", "code": code, "secret": secret}),
        )
        .await;
        assert!(
            hear_kind(&mut late, "refused").await["why"]
                .as_str()
                .unwrap_or("")
                .contains("No room")
        );
        third.stop().await;
        let _ = std::fs::remove_dir_all(&state);
    })
    .await;
}
