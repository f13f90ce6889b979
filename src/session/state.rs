//! The session's state: token, connection, conversations and outbox, and the operations the
//! JS-facing classes call. Socket handling is in `connection.rs`, server replies in
//! `replies.rs`, token handling in `auth.rs`, the request pass in `sync.rs`.

use std::rc::Weak;

use chat_elements_core::{ids, Backoff, Outbox, PendingStatus, RefreshPlan};
use chat_elements_protocol::{Limits, User};
use wasm_bindgen::JsValue;

use crate::connection::Conn;
use crate::errors::Error;
use crate::js;
use crate::session::effects::{Effect, Fx};
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
    pub retry: Backoff,
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
            retry: Backoff::new(1_000, 30_000),
        }
    }
}

pub struct Core {
    /// The session this state belongs to (for timer and socket callbacks).
    pub me: Weak<Shared>,
    pub destroyed: bool,
    /// The options object as last given (merged), for `optionsUpdated`.
    pub options: JsValue,
    pub server_url: String,
    pub ws_url: String,
    pub token: TokenState,
    pub conn: Conn,
    pub store: Store,
    pub outbox: Outbox,
    /// Who the server says we are (from the welcome).
    pub user: Option<User>,
    pub limits: Limits,
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
            options,
            server_url,
            ws_url,
            token: TokenState::new(source),
            conn: Conn::default(),
            store: Store::default(),
            outbox: Outbox::new(),
            user: None,
            limits: Limits::DEFAULT,
        }
    }

    /// Starts connecting (or fetching the first token).
    pub fn start(&mut self, fx: &mut Fx) {
        match self.token.source {
            TokenSource::Absent => {}
            TokenSource::Fixed(_) => self.connect(fx),
            TokenSource::Promised(_) | TokenSource::Function(_) => self.request_token(fx),
        }
    }

    /// An element starts showing `conversation`.
    pub fn watch(&mut self, conversation: &str, element: u32, fx: &mut Fx) {
        self.store.watch(conversation, element);
        fx.render(conversation);
        self.sync(fx);
    }

    /// An element stops showing `conversation`. Its failed sends are dropped (nobody can retry
    /// them); queued ones still go out.
    pub fn unwatch(&mut self, conversation: &str, element: u32, fx: &mut Fx) {
        self.store.unwatch(conversation, element);
        for item in self.outbox.items().to_vec() {
            if item.origin == element
                && matches!(item.state, chat_elements_core::SendState::Failed { .. })
            {
                self.outbox.complete(&item.client_id);
            }
        }
        self.sync(fx);
    }

    /// The user sends `text` to `conversation` from element `origin`: shown at once as pending,
    /// sent when the connection allows.
    pub fn send(
        &mut self,
        conversation: &str,
        text: String,
        origin: u32,
        fx: &mut Fx,
    ) -> Result<(), Error> {
        if self.destroyed {
            return Err(Error::Destroyed("the session was destroyed"));
        }
        let chars = text.chars().count();
        if chars > self.limits.max_text_chars as usize {
            return Err(Error::server(
                chat_elements_protocol::ErrorCode::MessageTooLong,
                format!(
                    "a message may have at most {} characters",
                    self.limits.max_text_chars
                ),
            ));
        }
        let client_id = ids::client_id(
            js::now_ms().max(0) as u64,
            js::random_u32(),
            js::random_u32(),
        );
        let sender = self.user.clone().unwrap_or(User {
            id: String::new(),
            name: String::new(),
            photo_url: None,
        });
        if let Some(conv) = self.store.get_mut(conversation) {
            conv.timeline
                .add_pending(client_id.clone(), text.clone(), sender);
        }
        self.outbox
            .enqueue(client_id, conversation.to_owned(), text, origin);
        fx.render(conversation);
        self.sync(fx);
        Ok(())
    }

    /// The user retries a failed send (same client id).
    pub fn retry(&mut self, client_id: &str, fx: &mut Fx) {
        let Some(item) = self.outbox.get(client_id) else {
            return;
        };
        let conversation = item.conversation_id.clone();
        if self.outbox.retry(client_id) {
            if let Some(conv) = self.store.get_mut(&conversation) {
                conv.timeline
                    .set_pending_status(client_id, PendingStatus::Sending);
            }
            fx.render(&conversation);
            self.sync(fx);
        }
    }

    /// An element was scrolled to the top of `conversation`.
    pub fn load_older(&mut self, conversation: &str, fx: &mut Fx) {
        if let Some(conv) = self.store.get_mut(conversation) {
            if conv.timeline.older_page_before().is_some() && !conv.want_older {
                conv.want_older = true;
                fx.render(conversation);
                self.sync(fx);
            }
        }
    }

    /// Tears everything down: socket, timers, token fetch. Idempotent.
    pub fn destroy(&mut self, fx: &mut Fx) {
        if self.destroyed {
            return;
        }
        self.destroyed = true;
        self.conn.link.stop();
        self.drop_socket();
        self.conn.reset_timers();
        self.cancel_token_fetch(fx);
        self.token.refresh_timer = None;
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
