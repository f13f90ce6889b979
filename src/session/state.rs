//! The engine's state, in parts that own their fields: the session's life, who it is, its
//! token, its connection, its conversations, and the requests of each kind (sends, calls,
//! watches, typing). The bookkeeping of those requests is `chat_elements_core`'s (tested
//! natively); the files beside this one put the parts together: `connection.rs` (socket), `auth.rs`
//! (tokens), `sync.rs` (the request pass), `replies.rs` (the server's answers), `streams.rs`
//! (message streams and conversation views), `sends.rs`, `calls.rs`, `watches.rs`, `idle.rs`,
//! `delivery.rs` and `fatal.rs`.

use std::rc::Weak;

use chat_elements_core::{Author, Backoff, Calls, Outbox, RefreshPlan, Typing, Watches};
use chat_elements_protocol::Limits;
use js_sys::Function;
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::session::connection::Conn;
use crate::session::delivery::Delivery;
use crate::session::handle::{FatalListener, Listener};
use crate::session::idle::IdleState;
use crate::session::store::Store;
use crate::session::Shared;
use crate::timers::Timeout;
use crate::token::{Fetch, TokenSource};

pub struct TokenState {
    pub source: TokenSource,
    /// The token to present.
    pub current: Option<String>,
    /// Known to be refused or expired: do not present it again.
    pub stale: bool,
    /// The schedule of the token the server accepted last.
    pub plan: Option<RefreshPlan>,
    pub last_refresh: Option<i64>,
    pub fetch: Option<Fetch>,
    pub next_fetch_id: u64,
    /// tokenRefreshed is for every token after the first.
    pub obtained_once: bool,
    pub refresh_timer: Option<Timeout>,
    /// A refresh after a refusal, waiting out its backoff.
    pub retry_timer: Option<Timeout>,
    pub retry: Backoff,
    /// Data API sessions: asked for a token when one is needed.
    pub on_need_token: Option<Function>,
    /// Data API sessions: refusals and failed callbacks since the last welcome.
    pub failures: u32,
}

impl TokenState {
    pub fn new(source: TokenSource) -> Self {
        let current = match &source {
            TokenSource::Fixed(token) => Some(token.clone()),
            _ => None,
        };
        TokenState {
            obtained_once: current.is_some(),
            source,
            current,
            stale: false,
            plan: None,
            last_refresh: None,
            fetch: None,
            next_fetch_id: 1,
            refresh_timer: None,
            retry_timer: None,
            retry: Backoff::new(1_000, 30_000),
            on_need_token: None,
            failures: 0,
        }
    }

    /// Cancels the scheduled refresh and the retry after a refusal.
    pub fn cancel_timers(&mut self) {
        self.refresh_timer = None;
        self.retry_timer = None;
    }
}

/// Whether the session lives, and who hears of its end.
#[derive(Default)]
pub struct Life {
    pub destroyed: bool,
    /// Set when the session terminated for good (destroyed, or a Data API session gave up).
    pub fatal: Option<Error>,
    fatal_listeners: Vec<(u64, FatalListener)>,
    /// Numbers listeners of every kind.
    next_listener: u64,
}

impl Life {
    /// A fresh listener id.
    pub fn listener_id(&mut self) -> u64 {
        self.next_listener += 1;
        self.next_listener
    }

    pub fn is_terminated(&self) -> bool {
        self.destroyed || self.fatal.is_some()
    }

    pub fn add_fatal_listener(&mut self, listener: FatalListener) -> u64 {
        let id = self.listener_id();
        self.fatal_listeners.push((id, listener));
        id
    }

    pub fn remove_fatal_listener(&mut self, id: u64) {
        self.fatal_listeners.retain(|(i, _)| *i != id);
    }

    /// The fatal listeners, each to be called once.
    pub fn take_fatal_listeners(&mut self) -> Vec<FatalListener> {
        self.fatal_listeners.drain(..).map(|(_, l)| l).collect()
    }
}

/// Where the session connects and who the server says it is.
pub struct Identity {
    /// Connect on first use and close when idle (Data API sessions).
    pub lazy: bool,
    pub server_url: String,
    pub ws_url: String,
    pub app_id: Option<String>,
    pub user_id: Option<String>,
    /// Who the server says we are (from the welcome).
    pub user: Option<Author>,
    pub limits: Limits,
}

/// What this session did (for the browser tests; built with the `test-hooks` feature).
#[cfg(feature = "test-hooks")]
#[derive(Default)]
pub struct Counters {
    pub sockets: u64,
    pub watches: u64,
}

pub struct Core {
    /// The session this state belongs to (for timer and socket callbacks).
    pub me: Weak<Shared>,
    pub life: Life,
    pub id: Identity,
    pub token: TokenState,
    pub conn: Conn,
    pub store: Store,
    /// Sends: payload `{ text | content, ... }`, answered with the server's message object.
    pub outbox: Outbox<JsValue, JsValue, Error>,
    /// Data API requests `{ op, ... }`, answered with the reply's `result`.
    pub calls: Calls<JsValue, JsValue, Error>,
    /// Watched topics: topic objects, snapshot objects, and their listeners.
    pub watches: Watches<JsValue, JsValue, Listener>,
    pub typing: Typing,
    pub delivery: Delivery,
    pub idle: IdleState,
    #[cfg(feature = "test-hooks")]
    pub counters: Counters,
}

impl Core {
    pub fn new(me: Weak<Shared>, id: Identity, source: TokenSource) -> Self {
        Core {
            me,
            life: Life::default(),
            id,
            token: TokenState::new(source),
            conn: Conn::default(),
            store: Store::default(),
            outbox: Outbox::new(),
            calls: Calls::default(),
            watches: Watches::default(),
            typing: Typing::default(),
            delivery: Delivery::default(),
            idle: IdleState::default(),
            #[cfg(feature = "test-hooks")]
            counters: Counters::default(),
        }
    }

    pub fn is_terminated(&self) -> bool {
        self.life.is_terminated()
    }
}
