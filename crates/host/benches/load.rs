//! Load on one host, on 127.0.0.1 only: many rooms whose phones all vote at once, decision
//! after decision. Prints the vote-to-projector latency (p50, p90, p99, the worst), the
//! host's peak memory and the CPU it spent while the votes came in.
//!
//! ```sh
//! cargo bench -p promoted-host --bench load                 # 50 rooms × 40 phones, 5 decisions
//! ROOMS=100 PHONES=30 DECISIONS=3 cargo bench -p promoted-host --bench load
//! ```
//!
//! The host runs as its own process (the `promoted-host` binary), so its memory and CPU are
//! its own, read from /proc. A vote's latency is from the phone sending it to the projector
//! hearing the tally that counts it: within a room, the tally that counts k voters can only
//! follow the k-th vote sent, so it is timed from that one.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::{Barrier, Mutex};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Failure = Box<dyn std::error::Error + Send + Sync>;

/// The whole run's bound: past it the run stops and says so.
const LIMIT: Duration = Duration::from_secs(300);
/// How long any one answer may take.
const ANSWER: Duration = Duration::from_secs(20);

struct Shape {
    rooms: usize,
    phones: usize,
    decisions: usize,
}

fn setting(name: &str, default: usize) -> Result<usize, Failure> {
    match std::env::var(name) {
        Ok(text) => match text.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{name}={text}: expected a whole number above 0").into()),
        },
        Err(_) => Ok(default),
    }
}

/// The host process, stopped when dropped whatever happens.
struct HostProcess {
    child: Child,
    addr: String,
    state: std::path::PathBuf,
}

impl HostProcess {
    fn start() -> Result<HostProcess, Failure> {
        let state = std::env::temp_dir().join(format!("promoted-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&state);
        let mut child = Command::new(env!("CARGO_BIN_EXE_promoted-host"))
            .arg(std::env::temp_dir().join("promoted-load-no-dist"))
            .args(["--listen", "127.0.0.1:0", "--state"])
            .arg(&state)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("the host has no output")?;
        let mut host = HostProcess {
            child,
            addr: String::new(),
            state,
        };
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(url) = line.split("http://").nth(1) {
                host.addr = url.trim().trim_end_matches('/').to_owned();
                return Ok(host);
            }
        }
        Err("the host stopped before saying where it listens".into())
    }

    fn status(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// User and system CPU time so far, in clock ticks (100 a second on Linux).
    fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command's closing parenthesis: utime and stime are 12th and 13th.
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }
}

impl Drop for HostProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.state);
    }
}

async fn connect(addr: &str, side: &str) -> Result<Socket, Failure> {
    let mut request = format!("ws://{addr}/ws/{side}").into_client_request()?;
    request
        .headers_mut()
        .insert("Origin", format!("http://{addr}").parse()?);
    let (socket, _) = tokio::time::timeout(ANSWER, connect_async(request)).await??;
    Ok(socket)
}

async fn say(socket: &mut Socket, message: Value) -> Result<(), Failure> {
    socket
        .send(Message::Text(message.to_string().into()))
        .await?;
    Ok(())
}

/// The next message that `wanted` accepts (others are skipped).
async fn hear(socket: &mut Socket, wanted: impl Fn(&Value) -> bool) -> Result<Value, Failure> {
    loop {
        let message = tokio::time::timeout(ANSWER, socket.next())
            .await?
            .ok_or("the host closed the connection")??;
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(&text)?;
            if value["type"] == "refused" {
                return Err(format!("the host refused: {}", value["why"]).into());
            }
            if wanted(&value) {
                return Ok(value);
            }
        }
    }
}

fn key(decision: usize) -> String {
    format!("t1d{}", decision + 1)
}

fn poll(decision: usize) -> Value {
    json!({"type": "open", "poll": {
        "key": key(decision),
        "title": format!("Decision {}", decision + 1),
        "options": (1..=3).map(|n| json!({"number": n, "label": format!("Option {n}")})).collect::<Vec<_>>(),
    }})
}

/// What one room measured: per decision, when each vote was sent and when the projector
/// heard the tally counting k voters.
#[derive(Default)]
struct Timings {
    sent: Vec<Vec<Instant>>,
    heard: Vec<Vec<Option<Instant>>>,
}

/// One room: its projector opens each decision, its phones vote at the barrier, the projector
/// waits for every vote's tally and closes the decision.
async fn room(
    addr: Arc<str>,
    shape: Arc<Shape>,
    barrier: Arc<Barrier>,
    joined: Arc<Barrier>,
) -> Result<Timings, Failure> {
    let mut projector = connect(&addr, "projector").await?;
    say(&mut projector, json!({"type": "create"})).await?;
    let room = hear(&mut projector, |m| m["type"] == "room").await?;
    let code = room["code"]
        .as_str()
        .ok_or("a room without a code")?
        .to_owned();
    let timings = Arc::new(Mutex::new(Timings {
        sent: vec![Vec::new(); shape.decisions],
        heard: vec![vec![None; shape.phones]; shape.decisions],
    }));
    // Each phone's decision-by-decision turn: the projector says a decision is open.
    let (open_tx, _) = tokio::sync::broadcast::channel::<usize>(shape.decisions + 1);
    let mut phones = Vec::with_capacity(shape.phones);
    for n in 0..shape.phones {
        let mut socket = connect(&addr, "phone").await?;
        let token = format!("load-phone-{code}-{n:04}");
        say(
            &mut socket,
            json!({"type": "join", "code": code, "token": token}),
        )
        .await?;
        hear(&mut socket, |m| m["type"] == "view").await?;
        let mut opened = open_tx.subscribe();
        let barrier = barrier.clone();
        let timings = timings.clone();
        let decisions = shape.decisions;
        phones.push(tokio::spawn(async move {
            for decision in 0..decisions {
                let expected = opened.recv().await?;
                if expected != decision {
                    return Err::<(), Failure>("decisions out of step".into());
                }
                let k = key(decision);
                hear(&mut socket, |m| {
                    m["type"] == "view"
                        && m["view"]["poll"]["key"] == k.as_str()
                        && m["view"]["open"] == true
                })
                .await?;
                barrier.wait().await;
                let option = 1 + (n * 7 + decision * 3) % 3;
                let at = Instant::now();
                say(
                    &mut socket,
                    json!({"type": "vote", "key": k, "option": option}),
                )
                .await?;
                timings.lock().await.sent[decision].push(at);
                hear(&mut socket, |m| m["type"] == "counted").await?;
            }
            Ok(())
        }));
    }
    joined.wait().await;
    for decision in 0..shape.decisions {
        say(&mut projector, poll(decision)).await?;
        let _ = open_tx.send(decision);
        let k = key(decision);
        let mut counted = 0;
        while counted < shape.phones {
            let tally = hear(&mut projector, |m| {
                m["type"] == "tally" && m["key"] == k.as_str()
            })
            .await?;
            let at = Instant::now();
            let voters = tally["voters"].as_u64().unwrap_or(0) as usize;
            if (1..=shape.phones).contains(&voters) {
                timings.lock().await.heard[decision][voters - 1].get_or_insert(at);
                counted = counted.max(voters);
            }
        }
        say(&mut projector, json!({"type": "close", "key": k})).await?;
    }
    for phone in phones {
        phone.await??;
    }
    say(&mut projector, json!({"type": "end"})).await?;
    let mut timings = timings.lock().await;
    Ok(std::mem::take(&mut *timings))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

async fn measure(shape: Shape) -> Result<(), Failure> {
    let host = HostProcess::start()?;
    let addr: Arc<str> = host.addr.clone().into();
    let shape = Arc::new(shape);
    let phones = shape.rooms * shape.phones;
    let barrier = Arc::new(Barrier::new(phones));
    let joined = Arc::new(Barrier::new(shape.rooms + 1));
    println!(
        "load: {} rooms × {} phones on one host at {addr}, {} decisions",
        shape.rooms, shape.phones, shape.decisions
    );
    let begun = Instant::now();
    let rooms: Vec<_> = (0..shape.rooms)
        .map(|_| {
            tokio::spawn(room(
                addr.clone(),
                shape.clone(),
                barrier.clone(),
                joined.clone(),
            ))
        })
        .collect();
    joined.wait().await;
    let connected = begun.elapsed();
    let idle_memory = host.status("VmRSS:").unwrap_or(0);
    let cpu_before = host.cpu_ticks().unwrap_or(0);
    let voting = Instant::now();
    let mut latencies = Vec::with_capacity(phones * shape.decisions);
    for room in rooms {
        let timings = room.await??;
        for (mut sent, heard) in timings.sent.into_iter().zip(timings.heard) {
            sent.sort();
            for (at, heard) in sent.iter().zip(heard) {
                let heard = heard.ok_or("a tally never heard")?;
                latencies.push(heard.saturating_duration_since(*at));
            }
        }
    }
    let voted = voting.elapsed();
    let cpu = host.cpu_ticks().unwrap_or(0).saturating_sub(cpu_before) as f64 / 100.0;
    latencies.sort();
    println!(
        "  {phones} phones connected in {:.2} s; host memory then {:.1} MiB",
        connected.as_secs_f64(),
        idle_memory as f64 / 1024.0
    );
    println!(
        "  {} votes in {:.2} s ({:.0} a second, every phone at once each decision)",
        latencies.len(),
        voted.as_secs_f64(),
        latencies.len() as f64 / voted.as_secs_f64().max(1e-9)
    );
    println!(
        "  vote → projector: p50 {}, p90 {}, p99 {}, worst {}",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    println!(
        "  host: peak memory {:.1} MiB (VmHWM), CPU {cpu:.2} s while voting ({:.0}% of one core)",
        host.status("VmHWM:").unwrap_or(0) as f64 / 1024.0,
        100.0 * cpu / voted.as_secs_f64().max(1e-9)
    );
    Ok(())
}

fn main() {
    let shape = match (|| {
        Ok::<_, Failure>(Shape {
            rooms: setting("ROOMS", 50)?,
            phones: setting("PHONES", 40)?,
            decisions: setting("DECISIONS", 5)?,
        })
    })() {
        Ok(shape) => shape,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("load: no runtime: {e}");
            std::process::exit(1);
        }
    };
    let outcome = runtime.block_on(async {
        tokio::time::timeout(LIMIT, measure(shape))
            .await
            .unwrap_or_else(|_| Err(format!("stopped after {} s", LIMIT.as_secs()).into()))
    });
    if let Err(e) = outcome {
        eprintln!("load: {e}");
        std::process::exit(1);
    }
}
