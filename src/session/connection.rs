//! The session's one WebSocket: opening it, authenticating on it, requests with ids, the health
//! check, and reconnecting with jittered backoff.
//!
//! Every socket gets a generation from the [`Link`] state machine; its callbacks carry that
//! generation and are ignored once another socket replaced it.

use chat_elements_core::link::CloseAction;
use chat_elements_core::{needs_new_token_to_reconnect, Backoff, Link, RequestTable};
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js;
use crate::session::effects::{with, Fx};
use crate::session::state::Core;
use crate::timers::{Interval, Timeout};
use crate::wire::{self, Frame};
use crate::ws::{Socket, SocketEvent};

/// Send a `ping` this often while connected.
pub const PING_EVERY_MS: u64 = 25_000;
/// A `pong` (or a welcome after connecting) must arrive within this time, else the socket is
/// considered dead and replaced.
pub const DEADLINE_MS: u64 = 10_000;
/// Close code the server uses when it refuses or drops the authentication.
pub const CLOSE_AUTH: u16 = 4001;

/// What an outstanding request was, to handle its reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Auth {
        reauth: bool,
    },
    Ping,
    Send {
        client_id: String,
    },
    History {
        conversation: String,
    },
    Subscribe {
        conversation: String,
    },
    Unsubscribe,
    /// A Data API request (`SessionHandle::call`), by call id.
    Call {
        call: u64,
    },
    Watch {
        watch_id: String,
    },
    Unwatch,
}

pub struct Conn {
    pub link: Link,
    pub socket: Option<Socket>,
    /// The requests written to the current socket and not answered yet.
    requests: RequestTable<Pending>,
    pub backoff: Backoff,
    pub reconnect_timer: Option<Timeout>,
    ping_timer: Option<Interval>,
    /// The deadline of the outstanding ping, or of the welcome while connecting.
    deadline: Option<Timeout>,
    /// Wakes the request pass when a rate-limited request may go again.
    pub kick_timer: Option<Timeout>,
}

impl Default for Conn {
    fn default() -> Self {
        Conn {
            link: Link::new(),
            socket: None,
            requests: RequestTable::default(),
            backoff: Backoff::RECONNECT,
            reconnect_timer: None,
            ping_timer: None,
            deadline: None,
            kick_timer: None,
        }
    }
}

impl Conn {
    pub fn reset_timers(&mut self) {
        self.reconnect_timer = None;
        self.ping_timer = None;
        self.deadline = None;
        self.kick_timer = None;
    }
}

/// `http(s)://host[/base]` → `ws(s)://host[/base]/v1/ws`. An unencrypted address (`http:` or
/// `ws:`) is refused (INVALID_OPTIONS) unless its host is this machine (`localhost`, `127.x.x.x`,
/// `[::1]`) or `allow_insecure` (the `allowInsecureTransport` option) says so: the token would
/// travel in clear text.
pub fn ws_url(server_url: &str, allow_insecure: bool) -> Result<String, Error> {
    let invalid =
        || Error::InvalidOptions(["serverUrl \"", server_url, "\" is not a valid URL"].concat());
    let url = web_sys::Url::new(server_url).map_err(|_| invalid())?;
    let scheme = match url.protocol().as_str() {
        "http:" | "ws:" => "ws:",
        "https:" | "wss:" => "wss:",
        _ => return Err(invalid()),
    };
    if scheme == "ws:" && !allow_insecure && !is_loopback(&url.hostname()) {
        return Err(Error::InvalidOptions(
            [
                "serverUrl \"",
                server_url,
                "\" is not encrypted: the token would travel in clear text. Use https:, or set allowInsecureTransport: true on a network you trust",
            ]
            .concat(),
        ));
    }
    url.set_protocol(scheme);
    let base = url.pathname();
    url.set_pathname(&[base.trim_end_matches('/'), chat_elements_protocol::WS_PATH].concat());
    url.set_search("");
    url.set_hash("");
    Ok(url.href())
}

/// True for a host name that is this machine.
fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host
            .strip_prefix("127.")
            .is_some_and(|rest| rest.split('.').count() == 3 && rest.split('.').all(is_byte))
}

/// A decimal number from 0 to 255.
fn is_byte(part: &str) -> bool {
    !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit()) && {
        part.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')) <= 255
    }
}

impl Core {
    /// Opens a new socket with the current token, replacing any other.
    pub fn connect(&mut self, fx: &mut Fx) {
        if self.is_terminated() {
            return;
        }
        self.drop_socket();
        self.conn.reconnect_timer = None;
        let generation = self.conn.link.connect();
        let weak = self.me.clone();
        let opened = Socket::open(&self.id.ws_url, move |event| {
            with(&weak, |core, fx| core.on_socket(generation, event, fx));
        });
        match opened {
            Ok(socket) => {
                #[cfg(feature = "test-hooks")]
                {
                    self.counters.sockets += 1;
                }
                self.conn.socket = Some(socket);
                let weak = self.me.clone();
                self.conn.deadline = Some(Timeout::new(DEADLINE_MS, move || {
                    with(&weak, |core, fx| core.on_deadline(generation, fx));
                }));
            }
            Err(error) => {
                self.conn.link.stop();
                fx.error(&error);
            }
        }
        fx.changed_all();
    }

    /// Forgets the current socket (closing it) and everything that was in flight on it.
    pub fn drop_socket(&mut self) {
        self.conn.socket = None;
        self.conn.requests.clear();
        self.conn.ping_timer = None;
        self.conn.deadline = None;
        self.outbox.requeue_in_flight();
        self.store.connection_lost();
        self.calls.connection_lost();
        self.watches.connection_lost();
    }

    /// Writes a request (an object with `op`) on the current socket; its reply is routed by
    /// `pending`. Returns the request's id.
    pub fn request(&mut self, request: JsValue, pending: Pending) -> Option<u64> {
        let socket = self.conn.socket.as_ref()?;
        let written = wire::encode(self.conn.requests.next_id(), &request)
            .ok_or_else(|| Error::InvalidOptions("a frame could not be encoded".into()))
            .and_then(|text| socket.send(&text));
        match written {
            Ok(()) => Some(self.conn.requests.written(pending)),
            Err(error) => {
                js::report("chat-elements: a request could not be sent", &error.to_js());
                None
            }
        }
    }

    fn on_socket(&mut self, generation: u64, event: SocketEvent, fx: &mut Fx) {
        if !self.conn.link.is_current(generation) {
            return;
        }
        match event {
            SocketEvent::Open => {
                if self.conn.link.socket_opened(generation) {
                    match self.token.current.clone() {
                        Some(token) => {
                            self.request(wire::auth(&token), Pending::Auth { reauth: false });
                        }
                        None => self.lost(generation, fx),
                    }
                }
            }
            SocketEvent::Message(text) => {
                match wire::decode(&wire::absolute_file_urls(&text, &self.id.server_url)) {
                    Ok(frame) => self.on_frame(generation, frame, fx),
                    Err(raw) => self.on_unknown_frame(&raw),
                }
            }
            SocketEvent::Closed { code, .. } => {
                if code == CLOSE_AUTH && self.conn.link.is_open() {
                    // The server dropped our authentication (the token expired unrenewed).
                    self.token.stale = true;
                }
                self.lost(generation, fx);
            }
        }
    }

    /// The current socket is gone (closed, failed, or missed a deadline).
    pub fn lost(&mut self, generation: u64, fx: &mut Fx) {
        if !self.conn.link.is_current(generation) {
            return;
        }
        self.drop_socket();
        match self.conn.link.closed(generation) {
            CloseAction::Reconnect => self.schedule_reconnect(),
            CloseAction::AwaitToken | CloseAction::Stay | CloseAction::Ignore => {}
        }
        fx.changed_all();
    }

    fn schedule_reconnect(&mut self) {
        let delay = self.conn.backoff.next_delay(js::random());
        let weak = self.me.clone();
        self.conn.reconnect_timer = Some(Timeout::new(delay, move || {
            with(&weak, |core, fx| core.reconnect(fx));
        }));
    }

    /// The reconnect timer fired (or a lazy session is needed again): connect with the current
    /// token, or get a new one first when it is known to be expired or refused (never on every
    /// reconnect).
    pub fn reconnect(&mut self, fx: &mut Fx) {
        self.conn.reconnect_timer = None;
        if self.is_terminated() {
            return;
        }
        let expired = needs_new_token_to_reconnect(self.token.plan.as_ref(), js::now_ms());
        let needs_token = self.token.current.is_none() || self.token.stale || expired;
        if needs_token && self.can_refresh() {
            self.request_token(fx);
        } else if self.token.current.is_some() {
            self.connect(fx);
        }
    }

    /// Health check: after the welcome, ping every 25 s; a missing pong replaces the socket.
    pub fn start_health_check(&mut self, generation: u64) {
        if self.conn.ping_timer.is_some() {
            return; // a re-auth on a socket already checked
        }
        self.conn.deadline = None; // the welcome arrived in time
        let weak = self.me.clone();
        self.conn.ping_timer = Some(Interval::new(PING_EVERY_MS, move || {
            with(&weak, |core, _| core.ping(generation));
        }));
    }

    fn ping(&mut self, generation: u64) {
        if !self.conn.link.is_current(generation)
            || !self.conn.link.is_open()
            || self.conn.deadline.is_some()
        {
            return;
        }
        if self.request(wire::ping(), Pending::Ping).is_some() {
            let weak = self.me.clone();
            self.conn.deadline = Some(Timeout::new(DEADLINE_MS, move || {
                with(&weak, |core, fx| core.on_deadline(generation, fx));
            }));
        }
    }

    pub fn on_pong(&mut self) {
        self.conn.deadline = None;
    }

    fn on_deadline(&mut self, generation: u64, fx: &mut Fx) {
        self.conn.deadline = None;
        self.lost(generation, fx);
    }

    /// Routes a decoded frame.
    fn on_frame(&mut self, generation: u64, frame: Frame, fx: &mut Fx) {
        match frame {
            Frame::Ok { id, result } => {
                if let Some(pending) = self.conn.requests.take(id) {
                    self.on_reply(generation, id, pending, result, fx);
                }
            }
            Frame::Error {
                id,
                code,
                message,
                retry_after_ms,
            } => {
                let error = Error::server(code, message);
                match id.and_then(|id| self.conn.requests.take(id).map(|p| (id, p))) {
                    Some((id, pending)) => {
                        self.on_request_error(generation, id, pending, error, retry_after_ms, fx)
                    }
                    None => self.on_connection_error(generation, error, fx),
                }
            }
            Frame::Event {
                conversation_id,
                seq,
                event,
            } => self.on_event(&conversation_id, seq, &event, fx),
            Frame::Resync { conversation_id } => self.on_resync(&conversation_id, fx),
            Frame::Snapshot { watch_id, snapshot } => self.on_snapshot(&watch_id, snapshot),
        }
    }

    /// A frame this SDK does not understand (a newer server).
    fn on_unknown_frame(&mut self, raw: &JsValue) {
        js::report("chat-elements: ignored a frame it does not understand", raw);
    }
}
