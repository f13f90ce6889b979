//! The engine's API for the Data API classes (`src/data`): requests, watched topics, message
//! streams, sends, typing, tokens and termination, on one session.
//!
//! Everything here is safe to call at any time, including after the session was destroyed or
//! terminated: futures then resolve with that error and new watches get [`Update::Error`].
//! Listeners are called outside any borrow of the session's state, after the state they are
//! told about was updated; they may call back into the session.

use std::rc::{Rc, Weak};

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

use chat_elements_protocol::Limits;

use crate::errors::Error;
use crate::session::effects::{update, update_soon};
use crate::session::Shared;
use crate::token::TokenSource;

/// What a watch or message-stream listener receives.
#[derive(Debug, Clone)]
pub enum Update {
    /// A watched topic's snapshot, as the server sent it (`{ kind, ... }`).
    Snapshot(JsValue),
    /// A conversation's messages (newest first) and whether they include the oldest one.
    Messages {
        messages: js_sys::Array,
        loaded_all: bool,
    },
    /// The current user may not see the conversation (not a participant, or it does not exist).
    Null,
    /// The subscription ended with this error (refused by the server, or the session ended).
    Error(Error),
}

/// A listener of a watch or a message stream.
pub type Listener = Rc<dyn Fn(Update)>;

/// A listener of the session's termination.
pub type FatalListener = Rc<dyn Fn(&Error)>;

/// A cheap clone of a session.
#[derive(Clone)]
pub struct SessionHandle {
    pub(crate) shared: Rc<Shared>,
}

impl SessionHandle {
    /// The app id: given for Data API sessions, from the welcome for others (empty before).
    pub fn app_id(&self) -> String {
        self.shared
            .core
            .borrow()
            .id
            .app_id
            .clone()
            .unwrap_or_default()
    }

    /// The current user's id: known for Data API sessions; after the welcome for others.
    pub fn user_id(&self) -> Option<String> {
        self.shared.core.borrow().id.user_id.clone()
    }

    /// The limits the server announced in its welcome (the defaults before).
    pub fn limits(&self) -> Limits {
        self.shared.core.borrow().id.limits.clone()
    }

    /// True once `destroy` ran.
    pub fn is_destroyed(&self) -> bool {
        self.shared.core.borrow().life.destroyed
    }

    /// A new token source (from `updateOptions({ token })`) and/or server: the previous fetch is
    /// aborted, the new token is put in force, and a new server is connected to. DESTROYED after
    /// `destroy`.
    pub fn reconfigure(
        &self,
        source: Option<TokenSource>,
        server: Option<(String, String)>,
    ) -> Result<(), Error> {
        update(&self.shared, |core, fx| {
            if core.life.destroyed {
                return Err(Error::Destroyed("the session was destroyed"));
            }
            let reconnect = match server {
                Some((server_url, ws_url)) if ws_url != core.id.ws_url => {
                    core.id.server_url = server_url;
                    core.id.ws_url = ws_url;
                    true
                }
                _ => false,
            };
            if let Some(source) = source {
                core.replace_token(source, fx);
            } else if reconnect && core.token.current.is_some() {
                core.connect(fx);
            }
            Ok(())
        })
        .unwrap_or(Ok(()))
    }

    /// Closes the connection, cancels timers and the token fetch; every listener and waiter
    /// hears DESTROYED. Idempotent.
    pub fn destroy(&self) {
        update(&self.shared, |core, fx| core.destroy(fx));
    }

    /// One request: `request` is a JS object `{ op, ...fields }` (no `id`). Opens the socket if
    /// needed, waits for authentication, sends again once after a token refresh when refused with
    /// a token error (and after a reconnect when the socket dropped before the reply), and
    /// resolves with the reply's `result` object (`{ kind, ... }`).
    pub async fn call(&self, request: Object) -> Result<JsValue, Error> {
        let receiver = update(&self.shared, |core, fx| core.call(request.into(), fx)).unwrap_or(
            Err(Error::Destroyed("the session could not take the request")),
        )?;
        receiver.await.unwrap_or(Err(destroyed()))
    }

    /// The server's base URL (the `serverUrl` option, or the page's origin), without a trailing
    /// `/`: HTTP requests beside the socket (`POST /v1/files`) go there.
    pub fn server_url(&self) -> String {
        let core = self.shared.core.borrow();
        let url = core.id.server_url.as_str();
        url.strip_suffix('/').unwrap_or(url).to_owned()
    }

    /// The token for an HTTP request beside the socket: `None` while there is none or it is known
    /// to be refused (a [`SessionHandle::call`] then waits for the next one); the session's end
    /// as the error.
    pub fn http_token(&self) -> Result<Option<String>, Error> {
        let core = self.shared.core.borrow();
        match &core.life.fatal {
            Some(error) => Err(error.clone()),
            None => Ok(core.token.current.clone().filter(|_| !core.token.stale)),
        }
    }

    /// An HTTP request was refused with `token` for `error` (a token code): a refusal like one
    /// on the socket (a refresh, within the same limits). False when no new token can come.
    pub fn http_token_refused(&self, token: &str, error: Error) -> bool {
        update(&self.shared, |core, fx| {
            let in_force = !core.token.stale && core.token.current.as_deref() == Some(token);
            if in_force && core.can_refresh() {
                let generation = core.conn.link.generation();
                core.on_token_refused(generation, error, false, fx);
            }
            !in_force || core.can_refresh()
        })
        .unwrap_or(false)
    }

    /// Watches a topic (`{ kind, ... }`, see `crates/protocol/src/topics.rs`). Equal topics (the
    /// same JSON) share one upstream `watch`; a later listener gets the latest snapshot at once.
    /// After a reconnect the topic is watched again and the fresh snapshot delivered. A listener
    /// gets at most one update per animation frame (the latest). Dropping the handle detaches
    /// the listener; the last listener of a topic ends the upstream watch.
    pub fn watch(&self, topic: Object, listener: Listener) -> WatchHandle {
        let id = update(&self.shared, |core, fx| {
            core.add_watch(topic.into(), listener, fx)
        })
        .unwrap_or(0);
        WatchHandle {
            session: Rc::downgrade(&self.shared),
            id,
        }
    }

    /// A conversation's messages, shared per conversation and resumed from its cursor after a
    /// reconnect (a truncated replay refetches). The window holds the 10 newest messages at
    /// first and every message that arrives later (`MessagesHandle::load_more` moves its start
    /// back). The listener gets [`Update::Messages`] (newest first) at most once per animation
    /// frame, [`Update::Null`] when the user is not a participant, or [`Update::Error`].
    pub fn messages(&self, conversation_id: &str, listener: Listener) -> MessagesHandle {
        let id = update(&self.shared, |core, fx| {
            core.add_messages(conversation_id, listener, fx)
        })
        .unwrap_or(0);
        MessagesHandle {
            session: Rc::downgrade(&self.shared),
            id,
        }
    }

    /// Sends through the outbox: a fresh client id, waits while offline, in order, resent after a
    /// reconnect without duplicates. `payload` is `{ text }` or `{ content, referencedMessageId?,
    /// custom? }` (any `send` fields but `op`, `conversationId` and `clientId`). Resolves with
    /// the server's message object; rejects with the failure (the item stays retryable).
    pub async fn send(&self, conversation_id: &str, payload: Object) -> Result<JsValue, Error> {
        let text = crate::wire::string(&payload, "text").unwrap_or_default();
        let receiver = update(&self.shared, |core, fx| {
            core.send(conversation_id, text, payload.into(), None, fx)
        })
        .unwrap_or(Err(Error::Destroyed(
            "the session could not take the request",
        )))?;
        receiver.await.unwrap_or(Err(destroyed()))
    }

    /// The current user is typing in the conversation (sent at most every few seconds).
    pub fn mark_typing(&self, conversation_id: &str) {
        update(&self.shared, |core, fx| {
            core.mark_typing(conversation_id, fx)
        });
    }

    /// Supplies a token. On a live socket it re-authenticates in-band (watches stay).
    pub fn set_token(&self, token: String) {
        update(&self.shared, |core, fx| core.set_token(token, fx));
    }

    /// The function called when a token is needed (the first connection, before expiry, after a
    /// refusal); it should fetch one and call `set_token`.
    pub fn set_on_need_token(&self, callback: Option<Function>) {
        update(&self.shared, |core, fx| {
            core.set_on_need_token(callback, fx)
        });
    }

    pub fn on_need_token(&self) -> Option<Function> {
        self.shared.core.borrow().token.on_need_token.clone()
    }

    /// Called once when the session terminates (token refresh gave up, wrong app or user,
    /// destroyed), at once if it already has. Dropping the handle detaches the listener.
    pub fn on_fatal(&self, listener: FatalListener) -> FatalHandle {
        let fatal = self.shared.core.borrow().life.fatal.clone();
        if let Some(error) = fatal {
            listener(&error);
            return FatalHandle {
                session: Weak::new(),
                id: 0,
            };
        }
        let id = update(&self.shared, |core, _| {
            core.life.add_fatal_listener(listener)
        })
        .unwrap_or(0);
        FatalHandle {
            session: Rc::downgrade(&self.shared),
            id,
        }
    }

    /// True once the session terminated (see [`SessionHandle::on_fatal`]).
    pub fn is_terminated(&self) -> bool {
        self.shared.core.borrow().life.fatal.is_some()
    }
}

/// Diagnostics for the browser tests (the `test-hooks` feature; not in the SDK's builds).
#[cfg(feature = "test-hooks")]
impl SessionHandle {
    /// Closes an idle socket after `ms` instead of 30 s.
    pub fn set_idle_timeout_ms(&self, ms: u64) {
        update(&self.shared, |core, _| core.set_idle_ms(ms));
    }

    /// (sockets opened, `watch` requests sent) by this session.
    pub fn counters(&self) -> (u64, u64) {
        let core = self.shared.core.borrow();
        (core.counters.sockets, core.counters.watches)
    }

    /// True while a socket is open or opening.
    pub fn has_socket(&self) -> bool {
        self.shared.core.borrow().conn.socket.is_some()
    }

    /// Drops the socket as if the network failed (it reconnects).
    pub fn drop_connection(&self) {
        update(&self.shared, |core, fx| {
            let generation = core.conn.link.generation();
            core.lost(generation, fx);
        });
    }
}

fn destroyed() -> Error {
    Error::Destroyed("the session was destroyed")
}

/// One listener of a watched topic; dropping it detaches the listener.
pub struct WatchHandle {
    session: Weak<Shared>,
    id: u64,
}

impl WatchHandle {
    /// Changes the topic (for instance a bigger `limit`): watched again; the listener's next
    /// update is for the new topic.
    pub fn set_topic(&self, topic: Object) {
        if let Some(shared) = self.session.upgrade() {
            let id = self.id;
            update(&shared, |core, fx| {
                core.set_watch_topic(id, topic.into(), fx)
            });
        }
    }
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        let id = self.id;
        update_soon(&self.session, move |core, fx| core.remove_watch(id, fx));
    }
}

/// One listener of a conversation's messages; dropping it detaches the listener.
pub struct MessagesHandle {
    session: Weak<Shared>,
    id: u64,
}

impl MessagesHandle {
    /// Grows the window by `count` older messages. Calls made before an earlier one finished
    /// collapse into one (relative to the window at the time) and resolve together.
    pub async fn load_more(&self, count: u32) -> Result<(), Error> {
        let shared = self.session.upgrade().ok_or_else(destroyed)?;
        let id = self.id;
        let receiver =
            update(&shared, |core, fx| core.load_more(id, count, fx)).ok_or_else(destroyed)?;
        drop(shared);
        match receiver {
            Some(receiver) => receiver.await.unwrap_or(Ok(())),
            None => Ok(()),
        }
    }
}

impl Drop for MessagesHandle {
    fn drop(&mut self) {
        let id = self.id;
        update_soon(&self.session, move |core, fx| core.remove_messages(id, fx));
    }
}

/// A listener of the session's termination; dropping it detaches the listener.
pub struct FatalHandle {
    session: Weak<Shared>,
    id: u64,
}

impl Drop for FatalHandle {
    fn drop(&mut self) {
        let id = self.id;
        update_soon(&self.session, move |core, _| {
            core.life.remove_fatal_listener(id)
        });
    }
}
