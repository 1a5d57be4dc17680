//! `promoted host`: serves the browser game (dist/) and the phone page, and runs rooms whose
//! people vote on their own phones. The rules of a vote are the engine's
//! (`workshop::phones`); this crate carries its messages over WebSockets (axum on tokio),
//! bounds them, and keeps every change in an append-only journal so a restarted host goes on
//! where it stopped.

mod hub;
mod journal;
mod socket;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use hub::Hub;
pub use hub::Limits;

/// How the host is started.
#[derive(Debug, Clone)]
pub struct Config {
    /// The browser build to serve (web/build.sh writes it).
    pub dist: PathBuf,
    /// Where the journal lives.
    pub state: PathBuf,
    pub listen: SocketAddr,
    /// The address phones use, when the host sits behind a proxy (`https://vote.example.com`).
    pub public_url: Option<String>,
    pub limits: Limits,
}

/// At most this many connections at once, whatever they are.
const MAX_CONNECTIONS: usize = 20_000;
/// The transport's own bound on a message; the sides' limits are tighter and answered.
const MAX_WIRE_MESSAGE: usize = 64 * 1024;
/// Each connection's read buffer; longer messages are read in several reads.
const READ_BUFFER: usize = 4 * 1024;

const PHONE_HTML: &str = include_str!("../phone/phone.html");
const PHONE_JS: &str = include_str!("../phone/phone.js");
const PHONE_CSS: &str = include_str!("../phone/phone.css");

const GAME_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'self'";
/// The phone page's: `ws:`/`wss:` beside `'self'` because Safari before 16 (older iPhones)
/// does not count a socket to its own host as `'self'`; the page runs no script but its own.
const PHONE_POLICY: &str = "default-src 'none'; script-src 'self'; connect-src 'self' ws: wss:; \
    style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

struct App {
    hub: Arc<Hub>,
    public_url: Option<String>,
    /// This machine's addresses on its networks, for the join address.
    lan: Vec<IpAddr>,
    port: u16,
    connections: AtomicUsize,
}

/// A running host.
pub struct Host {
    pub addr: SocketAddr,
    pub journal: PathBuf,
    /// Lines of the journal that could not be read.
    pub skipped: Vec<String>,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Host {
    /// Where phones join, as this machine's networks reach it.
    pub fn urls(&self) -> (String, Vec<String>) {
        let port = self.addr.port();
        let here = format!("http://127.0.0.1:{port}/");
        let lan = if self.addr.ip().is_unspecified() {
            lan_addresses()
                .iter()
                .map(|ip| format!("{}/j", base(*ip, port)))
                .collect()
        } else {
            Vec::new()
        };
        (here, lan)
    }

    /// Stop listening and wait for the server to finish.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

fn base(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(ip) => format!("http://{ip}:{port}"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}"),
    }
}

/// The machine's IPv4 addresses other than loopback, the ones phones on its Wi-Fi reach.
fn lan_addresses() -> Vec<IpAddr> {
    if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback() && i.ip().is_ipv4())
        .map(|i| i.ip())
        .collect()
}

/// Start a host on the current tokio runtime.
pub async fn start(config: Config) -> std::io::Result<Host> {
    let (hub, skipped) = Hub::open(&config.state, config.limits)?;
    let hub = Arc::new(hub);
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let lan = if addr.ip().is_unspecified() {
        lan_addresses()
    } else {
        Vec::new()
    };
    let app = Arc::new(App {
        hub: hub.clone(),
        public_url: config
            .public_url
            .map(|u| u.trim_end_matches('/').to_owned()),
        lan,
        port: addr.port(),
        connections: AtomicUsize::new(0),
    });
    let game = ServeDir::new(&config.dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    let router = Router::new()
        .route("/ws/projector", get(projector))
        .route("/ws/phone", get(phone))
        .route("/j", get(phone_page))
        .route("/j/{code}", get(phone_page))
        .route(
            "/phone.js",
            get(|| async { asset(PHONE_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/phone.css",
            get(|| async { asset(PHONE_CSS, "text/css; charset=utf-8") }),
        )
        .route("/host.json", get(info))
        .fallback_service(game)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(GAME_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // The game's page learns from it that a session may run on phones (web/main.js).
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-promoted-host"),
            HeaderValue::from_static(env!("CARGO_PKG_VERSION")),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .with_state(app);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let clock = hub.clone();
    let task = tokio::spawn(async move {
        let ticker = tokio::spawn(async move {
            let mut second = tokio::time::interval(Duration::from_secs(1));
            let mut ticks = 0u64;
            loop {
                second.tick().await;
                let hub = clock.clone();
                // The disk may be slow: not on the threads that answer phones.
                let _ = tokio::task::spawn_blocking(move || hub.sync()).await;
                ticks += 1;
                if ticks.is_multiple_of(60) {
                    clock.expire();
                }
            }
        });
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        ticker.abort();
        hub.sync();
    });
    Ok(Host {
        addr,
        journal: config.state.join("rooms.log"),
        skipped,
        stop,
        task,
    })
}

fn asset(body: &'static str, kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CONTENT_SECURITY_POLICY, PHONE_POLICY),
        ],
        body,
    )
        .into_response()
}

async fn phone_page() -> Response {
    asset(PHONE_HTML, "text/html; charset=utf-8")
}

async fn info(State(app): State<Arc<App>>) -> Response {
    let body = serde_json::json!({
        "host": "promoted",
        "version": env!("CARGO_PKG_VERSION"),
        "rooms": app.hub.room_count(),
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// A WebSocket may only be opened by a page this host served: its `Origin` names the host
/// the request came to.
fn same_origin(headers: &HeaderMap) -> bool {
    let value = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let (Some(origin), Some(host)) = (value(header::ORIGIN), value(header::HOST)) else {
        return false;
    };
    let origin = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    origin.eq_ignore_ascii_case(host)
}

/// Where a projector comes from, for the rooms one address may run: None when it is this
/// machine (by any of its addresses) or when every visitor arrives through the proxy the
/// host was given a public address for.
fn visitor(app: &App, ip: IpAddr) -> Option<IpAddr> {
    let ip = ip.to_canonical();
    let here = ip.is_loopback() || app.lan.contains(&ip) || app.public_url.is_some();
    (!here).then_some(ip)
}

/// A `Host` header's name, lower-case, without its port.
fn host_name(authority: &str) -> String {
    let name = match authority.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => authority,
    };
    name.trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// Whether the page was reached by a name this host answers to: an address, `localhost`, a
/// name on the local network (one label, or `.local`), or the public address it was given.
/// Any other name may be a stranger's domain pointed at this machine (DNS rebinding), whose
/// page would otherwise pass the origin check.
fn known_host(app: &App, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let name = host_name(host);
    name.parse::<IpAddr>().is_ok()
        || name == "localhost"
        || !name.contains('.')
        || name.ends_with(".local")
        || app.public_url.as_deref().is_some_and(|url| {
            let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
            host_name(rest.split('/').next().unwrap_or(rest)) == name
        })
}

/// Counts a connection while it lives.
struct Counted(Arc<App>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::Relaxed);
    }
}

fn admit(app: &Arc<App>, headers: &HeaderMap) -> Result<Counted, (StatusCode, &'static str)> {
    if !same_origin(headers) || !known_host(app, headers) {
        return Err((StatusCode::FORBIDDEN, "This page may not open a room."));
    }
    if app.connections.fetch_add(1, Ordering::Relaxed) >= MAX_CONNECTIONS {
        app.connections.fetch_sub(1, Ordering::Relaxed);
        return Err((StatusCode::SERVICE_UNAVAILABLE, "The host is full."));
    }
    Ok(Counted(app.clone()))
}

/// Where phones join: the address set for the host, or the one the projector reached it by
/// (a machine's own name for itself is no use to a phone: its network address is).
fn join_base(app: &App, headers: &HeaderMap) -> String {
    if let Some(url) = &app.public_url {
        return url.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let local = name == "localhost"
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        || name == "[::1]";
    match app.lan.first() {
        Some(ip) if local => base(*ip, app.port),
        _ => format!("http://{host}"),
    }
}

/// Small buffers: the messages are small, and a host holds thousands of phones (the
/// default read buffer alone is 128 KiB a connection).
fn sized(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(MAX_WIRE_MESSAGE)
        // A frame's header names its length, and the transport would make room for it
        // before the message's own bound is checked.
        .max_frame_size(MAX_WIRE_MESSAGE)
}

async fn projector(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let counted = match admit(&app, &headers) {
        Ok(counted) => counted,
        Err(refused) => return refused.into_response(),
    };
    let joining = socket::Joining {
        join_base: join_base(&app, &headers),
        from: visitor(&app, peer.ip()),
    };
    let hub = app.hub.clone();
    sized(upgrade).on_upgrade(move |ws| async move {
        socket::projector(ws, hub, joining).await;
        drop(counted);
    })
}

async fn phone(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let counted = match admit(&app, &headers) {
        Ok(counted) => counted,
        Err(refused) => return refused.into_response(),
    };
    let hub = app.hub.clone();
    sized(upgrade).on_upgrade(move |ws| async move {
        socket::phone(ws, hub).await;
        drop(counted);
    })
}

/// The journal's folder when none is given: the user's state folder.
pub fn default_state() -> PathBuf {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    state.join("promoted").join("host")
}

pub const HELP: &str = "\
promoted host — serve the game and let the room vote on its phones

Usage:
  promoted host [DIST]          serve the browser build (default: dist/) and the
                                phone page, on every network of this machine
        [--listen ADDR]         (default 0.0.0.0:8080; PORT= sets the port)
        [--state FOLDER]        where votes are kept (default ~/.local/state/promoted/host)
        [--public-url URL]      the address phones use, behind a reverse proxy
";

/// `promoted host …`: run until Ctrl+C. Returns the exit code.
pub fn run(args: &[String], out: &mut impl std::io::Write, err: &mut impl std::io::Write) -> i32 {
    let config = match parse(args) {
        Ok(config) => config,
        Err(why) => {
            let _ = writeln!(err, "error: {why}\n\n{HELP}");
            return 2;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = writeln!(err, "error: cannot start the host: {e}");
            return 1;
        }
    };
    runtime.block_on(async {
        if !config.dist.join("index.html").is_file() {
            let _ = writeln!(
                err,
                "warning: {} has no index.html: build the game with web/build.sh (the phone page works anyway)",
                config.dist.display()
            );
        }
        let host = match start(config).await {
            Ok(host) => host,
            Err(e) => {
                let _ = writeln!(err, "error: cannot start the host: {e}");
                return 1;
            }
        };
        for line in &host.skipped {
            let _ = writeln!(err, "warning: {line}");
        }
        let (here, lan) = host.urls();
        let _ = writeln!(out, "Promoted's host is up.\n  The projector (this machine): {here}");
        for url in &lan {
            let _ = writeln!(out, "  Phones join at:               {url}");
        }
        if lan.is_empty() {
            let _ = writeln!(out, "  (listening on {} only: phones on other machines cannot reach it)", host.addr.ip());
        }
        let _ = writeln!(
            out,
            "Votes and commitments are kept in {}. Ctrl+C stops.",
            host.journal.display()
        );
        let _ = out.flush();
        let _ = tokio::signal::ctrl_c().await;
        host.stop().await;
        0
    })
}

fn parse(args: &[String]) -> Result<Config, String> {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let mut config = Config {
        dist: PathBuf::from("dist"),
        state: default_state(),
        listen: SocketAddr::from(([0, 0, 0, 0], port)),
        public_url: None,
        limits: Limits::default(),
    };
    let mut args = args.iter();
    let mut dist = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                config.listen = text.parse().map_err(|_| {
                    format!("--listen {text}: expected an address like 127.0.0.1:8080")
                })?;
            }
            "--state" => config.state = PathBuf::from(value("--state")?),
            "--public-url" => {
                let url = value("--public-url")?;
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(format!("--public-url {url}: expected http:// or https://"));
                }
                config.public_url = Some(url);
            }
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            other if dist.is_none() => dist = Some(PathBuf::from(other)),
            other => return Err(format!("one folder to serve, not also `{other}`")),
        }
    }
    if let Some(dist) = dist {
        config.dist = dist;
    }
    Ok(config)
}
