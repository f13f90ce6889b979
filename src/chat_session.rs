//! The `ChatSession` JS class: a session's options, events and life (`options`, `updateOptions`,
//! `destroy`, `on`/`off`/...), over the engine's [`SessionHandle`]. The Data API adds its methods
//! in `data/session_api.rs`; with the `elements` feature, `elements/` adds `createElement` and
//! `showSearchModal` and keeps the session's mounted elements in `ui`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::emitter::{self, Emitter};
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;
use crate::session::{self, connection, Setup};
use crate::token::TokenSource;

/// What a session's JS object, its engine's event sink and its elements share.
pub struct ChatSessionShared {
    pub handle: SessionHandle,
    pub emitter: RefCell<Emitter>,
    /// The options as last given (merged), for `options` and `optionsUpdated`.
    options: RefCell<JsValue>,
    /// The JS object wrapping this session (what `on()` returns); dropped on destroy.
    js_self: RefCell<Option<JsValue>>,
    /// The session's elements and search modal.
    #[cfg(feature = "elements")]
    pub ui: crate::elements::registry::Registry,
}

impl ChatSessionShared {
    pub fn this(&self) -> JsValue {
        self.js_self.borrow().clone().unwrap_or(JsValue::UNDEFINED)
    }

    /// The session's option `key` (`appearance`, `locale`, ...).
    #[cfg(feature = "elements")]
    pub fn option(&self, key: &str) -> JsValue {
        js::get(&self.options.borrow(), key)
    }

    /// True when the session's option `key` is `true`.
    fn option_flag(&self, key: &str) -> bool {
        js::get(&self.options.borrow(), key).as_bool() == Some(true)
    }

    /// Delivers a session event. An `error` or `tokenRefreshError` nobody listens to goes to
    /// the console.
    fn emit(&self, event: &str, arg: &JsValue) {
        if (event == "error" || event == "tokenRefreshError") && !self.emitter.borrow().has(event) {
            js::report(
                &["chat-elements: ", event, " (add a listener to handle it)"].concat(),
                arg,
            );
            return;
        }
        emitter::emit(&self.emitter, event, arg);
    }
}

/// A chat session: one authenticated connection, its Data API and the elements created from it.
#[wasm_bindgen]
pub struct ChatSession {
    pub(crate) shared: Rc<ChatSessionShared>,
}

/// Starts a session with `options` (kept for `options`) and returns it with its JS object.
pub fn start(setup: Setup, options: JsValue) -> (Rc<ChatSessionShared>, JsValue) {
    let shared = Rc::new_cyclic(|me: &std::rc::Weak<ChatSessionShared>| {
        let me = me.clone();
        let events: session::Events = Box::new(move |event, arg| {
            if let Some(session) = me.upgrade() {
                session.emit(event, arg);
            }
        });
        ChatSessionShared {
            handle: session::start(setup, events),
            emitter: RefCell::new(Emitter::default()),
            options: RefCell::new(options),
            js_self: RefCell::new(None),
            #[cfg(feature = "elements")]
            ui: Default::default(),
        }
    });
    let this = JsValue::from(ChatSession {
        shared: shared.clone(),
    });
    *shared.js_self.borrow_mut() = Some(this.clone());
    (shared, this)
}

/// A Data API session (`getTalkSession`): no token yet, nothing opened until the first use.
/// Returns the engine handle and the `ChatSession` JS object. `allow_insecure`: see
/// [`connection::ws_url`].
pub fn new_talk_session(
    app_id: String,
    user_id: String,
    server_url_option: Option<String>,
    allow_insecure: bool,
) -> Result<(SessionHandle, JsValue), Error> {
    let server_url = server_url(
        &server_url_option
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED),
    )?;
    let options = js::object(&[
        ("appId", JsValue::from_str(&app_id)),
        ("userId", JsValue::from_str(&user_id)),
        ("serverUrl", JsValue::from_str(&server_url)),
        ("allowInsecureTransport", JsValue::from_bool(allow_insecure)),
    ]);
    let setup = Setup::talk(app_id, user_id, server_url, allow_insecure)?;
    let (shared, this) = start(setup, options);
    Ok((shared.handle.clone(), this))
}

/// The `allowInsecureTransport` option: absent (false) or a boolean.
pub fn allow_insecure(value: &JsValue) -> Result<bool, Error> {
    match value.as_bool() {
        Some(allowed) => Ok(allowed),
        None if value.is_undefined() || value.is_null() => Ok(false),
        None => Err(Error::InvalidOptions(
            "allowInsecureTransport must be a boolean".into(),
        )),
    }
}

/// The `serverUrl` option, or the page's origin.
pub fn server_url(value: &JsValue) -> Result<String, Error> {
    if let Some(url) = value.as_string() {
        return Ok(url);
    }
    if !value.is_undefined() && !value.is_null() {
        return Err(Error::InvalidOptions("serverUrl must be a string".into()));
    }
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .filter(|origin| origin.starts_with("http"))
        .ok_or_else(|| {
            Error::UnsupportedEnvironment(
                "serverUrl is required outside a web page served over http(s)".into(),
            )
        })
}

impl ChatSession {
    /// The engine handle of this session (for the Data API classes).
    pub(crate) fn handle(&self) -> SessionHandle {
        self.shared.handle.clone()
    }
}

#[wasm_bindgen]
impl ChatSession {
    /// The options as last given.
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> JsValue {
        self.shared.options.borrow().clone()
    }

    /// Changes options: a new `token` takes effect at once (in-band on a live connection), a new
    /// `serverUrl` reconnects. Emits `optionsUpdated`.
    #[wasm_bindgen(js_name = updateOptions)]
    pub fn update_options(&self, options: JsValue) -> Result<(), JsValue> {
        if !options.is_object() {
            return Err(
                Error::InvalidOptions("updateOptions needs an options object".into()).into(),
            );
        }
        #[cfg(feature = "elements")]
        crate::elements::validate_session_options(&options)?;
        let source = if js::has(&options, "token") {
            Some(TokenSource::parse(&js::get(&options, "token"))?)
        } else {
            None
        };
        let allow_insecure = match js::get(&options, "allowInsecureTransport") {
            v if v.is_undefined() => self.shared.option_flag("allowInsecureTransport"),
            v => allow_insecure(&v)?,
        };
        let server = match js::get(&options, "serverUrl") {
            v if v.is_undefined() => None,
            v => {
                let server_url = server_url(&v)?;
                let ws_url = connection::ws_url(&server_url, allow_insecure)?;
                Some((server_url, ws_url))
            }
        };
        self.shared.handle.reconfigure(source, server)?;
        let merged = js::merged(&self.shared.options.borrow(), &options);
        *self.shared.options.borrow_mut() = merged.clone();
        // The elements follow `appearance` and `locale` before anyone hears of the change.
        #[cfg(feature = "elements")]
        self.shared.ui.options_changed(&options, &merged);
        self.shared.emit("optionsUpdated", &merged);
        Ok(())
    }

    /// Unmounts every element, closes the connection, cancels timers and the token fetch.
    /// Calling it again does nothing.
    pub fn destroy(&self) {
        if self.shared.handle.is_destroyed() {
            return;
        }
        #[cfg(feature = "elements")]
        self.shared.ui.unmount_all();
        self.shared.handle.destroy();
        self.shared.emitter.borrow_mut().clear();
        *self.shared.js_self.borrow_mut() = None;
    }
}

emitter::listener_methods!(
    ChatSession,
    "`ready`, `tokenRefreshed`, `tokenRefreshError`, `error`, `optionsUpdated`"
);
