//! The session's state: token, connection, conversations, watches, calls and outbox, and the
//! operations the chat-element calls. Socket handling is in `connection.rs`, server replies in
//! `replies.rs`, token handling in `auth.rs`, the request pass in `sync.rs`; the Data API's
//! parts have a file each (`calls`, `watches`, `streams`, `sends`, `idle`, `fatal`).

use std::rc::Weak;

use chat_elements_core::window::MESSAGES_INITIAL;
use chat_elements_core::{Backoff, Outbox, RefreshPlan, TypingThrottle};
use chat_elements_protocol::{Limits, User};
use js_sys::Function;
use wasm_bindgen::JsValue;

use crate::connection::Conn;
use crate::errors::Error;
use crate::session::calls::Calls;
use crate::session::delivery::Delivery;
use crate::session::effects::{Effect, Fx};
use crate::session::handle::FatalListener;
use crate::session::idle::IdleState;
use crate::session::sends::SendExtra;
use crate::session::watches::Watches;
use crate::session::Shared;
use crate::store::Store;
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
}

/// Messages per page of the chat-element (its first window, and each older page).
pub const ELEMENT_PAGE: u32 = 30;

/// What this session did (diagnostics for tests).
#[derive(Default)]
pub struct Counters {
    pub sockets: u64,
    pub watches: u64,
}

pub struct Core {
    /// The session this state belongs to (for timer and socket callbacks).
    pub me: Weak<Shared>,
    pub destroyed: bool,
    /// Set when the session terminated for good (destroyed, or a Data API session gave up).
    pub fatal: Option<Error>,
    pub fatal_listeners: Vec<(u64, FatalListener)>,
    /// Connect on first use and close when idle (Data API sessions).
    pub lazy: bool,
    /// The options object as last given (merged), for `optionsUpdated`.
    pub options: JsValue,
    pub server_url: String,
    pub ws_url: String,
    pub app_id: Option<String>,
    pub user_id: Option<String>,
    pub token: TokenState,
    pub conn: Conn,
    pub store: Store,
    pub outbox: Outbox,
    /// Payloads and waiters of the outbox's sends.
    pub sends: Vec<SendExtra>,
    pub calls: Calls,
    pub watches: Watches,
    pub delivery: Delivery,
    pub idle: IdleState,
    /// When to send `typing`, per conversation.
    pub typing: Vec<(String, TypingThrottle)>,
    /// Who the server says we are (from the welcome).
    pub user: Option<User>,
    pub limits: Limits,
    /// Numbers listeners of every kind.
    pub next_listener: u64,
    pub counters: Counters,
}

impl Core {
    pub fn new(
        me: Weak<Shared>,
        options: JsValue,
        server_url: String,
        ws_url: String,
        source: TokenSource,
    ) -> Self {
        Core {
            me,
            destroyed: false,
            fatal: None,
            fatal_listeners: Vec::new(),
            lazy: false,
            options,
            server_url,
            ws_url,
            app_id: None,
            user_id: None,
            token: TokenState::new(source),
            conn: Conn::default(),
            store: Store::default(),
            outbox: Outbox::new(),
            sends: Vec::new(),
            calls: Calls::default(),
            watches: Watches::default(),
            delivery: Delivery::default(),
            idle: IdleState::default(),
            typing: Vec::new(),
            user: None,
            limits: Limits::DEFAULT,
            next_listener: 1,
            counters: Counters::default(),
        }
    }

    /// A fresh listener id.
    pub fn listener_id(&mut self) -> u64 {
        let id = self.next_listener;
        self.next_listener += 1;
        id
    }

    pub fn is_terminated(&self) -> bool {
        self.destroyed || self.fatal.is_some()
    }

    /// Starts connecting (or fetching the first token). A lazy session waits for a first use.
    pub fn start(&mut self, fx: &mut Fx) {
        if self.lazy {
            return;
        }
        match self.token.source {
            TokenSource::Absent | TokenSource::External => {}
            TokenSource::Fixed(_) => self.connect(fx),
            TokenSource::Promised(_) | TokenSource::Function(_) => self.request_token(fx),
        }
    }

    /// An element starts showing `conversation` (with a window of [`ELEMENT_PAGE`] messages).
    pub fn watch(&mut self, conversation: &str, element: u32, fx: &mut Fx) {
        let window = self.listener_id();
        let conv = self.store.entry(conversation, self.limits.max_history_page);
        conv.watchers.push((element, window));
        let mut commands = conv.stream.add_subscriber(window);
        let more = (ELEMENT_PAGE as usize).saturating_sub(MESSAGES_INITIAL);
        commands.extend(conv.stream.load_more(window, more));
        fx.render(conversation);
        self.run_stream(conversation, commands, fx);
        self.sync(fx);
    }

    /// An element stops showing `conversation`. Its failed sends are dropped (nobody can retry
    /// them); queued ones still go out.
    pub fn unwatch(&mut self, conversation: &str, element: u32, fx: &mut Fx) {
        if let Some(conv) = self.store.get_mut(conversation) {
            let windows: Vec<u64> = conv
                .watchers
                .iter()
                .filter(|(e, _)| *e == element)
                .map(|(_, w)| *w)
                .collect();
            conv.watchers.retain(|(e, _)| *e != element);
            let mut commands = Vec::new();
            for window in windows {
                commands.extend(conv.stream.remove_subscriber(window));
            }
            self.run_stream(conversation, commands, fx);
        }
        for item in self.outbox.items().to_vec() {
            if item.origin == element
                && matches!(item.state, chat_elements_core::SendState::Failed { .. })
            {
                self.outbox.complete(&item.client_id);
                self.sends.retain(|s| s.client_id != item.client_id);
            }
        }
        self.sync(fx);
    }

    /// Element `element` was scrolled to the top of `conversation`: a page of older messages.
    pub fn load_older(&mut self, conversation: &str, element: u32, fx: &mut Fx) {
        self.load_older_by(conversation, element, ELEMENT_PAGE as usize, fx);
    }

    /// Element `element` needs `count` older messages of `conversation` (one request of at most
    /// the server's page limit).
    pub fn load_older_by(&mut self, conversation: &str, element: u32, count: usize, fx: &mut Fx) {
        let Some(conv) = self.store.get_mut(conversation) else {
            return;
        };
        let window = conv
            .watchers
            .iter()
            .find(|(e, _)| *e == element)
            .map(|(_, w)| *w);
        let timeline = conv.stream.timeline();
        let Some(window) = window.filter(|_| timeline.is_loaded() && timeline.has_more()) else {
            return;
        };
        if conv.loading_older {
            return;
        }
        conv.loading_older = true;
        let commands = conv.stream.load_more(window, count);
        fx.render(conversation);
        self.run_stream(conversation, commands, fx);
    }

    /// Tears everything down: socket, timers, token fetch; every listener and waiter hears
    /// DESTROYED. Idempotent.
    pub fn destroy(&mut self, fx: &mut Fx) {
        if self.destroyed {
            return;
        }
        self.terminate(Error::Destroyed("the session was destroyed"), false, fx);
        self.destroyed = true;
        self.store.clear();
        self.outbox = Outbox::new();
    }

    /// Aborts the token fetch in flight, if any (its result will be ignored).
    pub fn cancel_token_fetch(&mut self, fx: &mut Fx) {
        if let Some(fetch) = self.token.fetch.take() {
            if let Some(controller) = fetch.controller {
                fx.push(Effect::Abort(controller));
            }
        }
    }
}
