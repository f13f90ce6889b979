//! The engine: one session's connection, authentication, requests, watched topics, message
//! streams and sends, with no user interface in it. Everything above it — the Data API classes
//! (`data/`), the elements (`elements/`) and the `ChatSession` class (`chat_session.rs`) — goes
//! through [`handle::SessionHandle`] and [`view::ConversationView`]; the engine tells them of
//! changes through listeners and futures, and of session events (`ready`, `error`, ...) through
//! the [`Events`] sink it was created with. Nothing here imports `elements`, `theme` or `i18n`.

mod auth;
mod calls;
pub mod connection;
mod delivery;
pub mod effects;
mod fatal;
pub mod handle;
mod idle;
pub mod message;
mod replies;
mod sends;
pub mod state;
mod store;
mod streams;
mod sync;
pub mod view;
mod watches;
mod welcome;

use std::cell::RefCell;
use std::rc::Rc;

use chat_elements_protocol::Limits;
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::session::effects::update;
use crate::session::handle::SessionHandle;
use crate::session::state::{Core, Identity};
use crate::token::TokenSource;

/// Where the session's events go (`ready`, `error`, `tokenRefreshed`, `tokenRefreshError`):
/// called outside any borrow of the engine's state.
pub type Events = Box<dyn Fn(&'static str, &JsValue)>;

/// What the engine's handles, timers and socket callbacks share.
pub struct Shared {
    pub(crate) core: RefCell<Core>,
    events: Events,
}

impl Shared {
    /// Delivers a session event.
    pub fn emit(&self, event: &'static str, arg: &JsValue) {
        (self.events)(event, arg);
    }
}

/// How a session starts.
pub struct Setup {
    pub server_url: String,
    pub ws_url: String,
    pub source: TokenSource,
    /// Connect on first use and close when idle (Data API sessions).
    pub lazy: bool,
    /// Data API sessions: the app and user the token must be for.
    pub app_id: Option<String>,
    pub user_id: Option<String>,
}

impl Setup {
    /// A session of `createChatSession`: connects at once with `source`. `allow_insecure`:
    /// see [`connection::ws_url`].
    pub fn eager(
        server_url: String,
        source: TokenSource,
        allow_insecure: bool,
    ) -> Result<Setup, Error> {
        Ok(Setup {
            ws_url: connection::ws_url(&server_url, allow_insecure)?,
            server_url,
            source,
            lazy: false,
            app_id: None,
            user_id: None,
        })
    }

    /// A Data API session: tokens from `setToken` / `onNeedToken`, lazy connection.
    pub fn talk(
        app_id: String,
        user_id: String,
        server_url: String,
        allow_insecure: bool,
    ) -> Result<Setup, Error> {
        Ok(Setup {
            ws_url: connection::ws_url(&server_url, allow_insecure)?,
            server_url,
            source: TokenSource::External,
            lazy: true,
            app_id: Some(app_id),
            user_id: Some(user_id),
        })
    }
}

/// Creates a session and starts it (connecting begins after the caller had a chance to add
/// listeners: every event is asynchronous).
pub fn start(setup: Setup, events: Events) -> SessionHandle {
    let shared = Rc::new_cyclic(|me| {
        let id = Identity {
            lazy: setup.lazy,
            server_url: setup.server_url,
            ws_url: setup.ws_url,
            app_id: setup.app_id,
            user_id: setup.user_id,
            user: None,
            limits: Limits::DEFAULT,
        };
        Shared {
            core: RefCell::new(Core::new(me.clone(), id, setup.source)),
            events,
        }
    });
    update(&shared, |core, fx| core.start(fx));
    SessionHandle { shared }
}
