//! `ChatSession`: authentication, the connection, and the elements created from it. The engine
//! API for the Data API classes is in [`handle`].

mod auth;
mod calls;
mod delivery;
pub mod effects;
mod fatal;
pub mod handle;
mod idle;
pub mod message;
mod oneshot;
mod replies;
mod sends;
pub mod state;
pub mod streams;
mod sync;
mod watch_replies;
mod watches;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::connection;
use crate::elements::chat::{ChatElement, ElementShared};
use crate::elements::dms_list::DmsListElement;
use crate::emitter::{self, Emitter};
use crate::errors::Error;
use crate::js;
use crate::session::effects::update;
use crate::session::state::Core;
use crate::token::TokenSource;

/// What a session's callbacks and elements share.
pub struct Shared {
    pub core: RefCell<Core>,
    pub emitter: RefCell<Emitter>,
    pub elements: RefCell<Vec<Rc<ElementShared>>>,
    /// The search elements and the search modal.
    pub search: crate::elements::search::Registry,
    /// The mounted element roots, themed again when `appearance` changes.
    pub themed: crate::theme::Roots,
    /// The mounted elements, re-labelled when `locale` changes.
    pub localized: crate::i18n::Tracked,
    /// The JS object wrapping this session (what `on()` returns); dropped on destroy.
    js_self: RefCell<Option<JsValue>>,
    next_element: Cell<u32>,
}

impl Shared {
    /// Delivers a session event. An `error` or `tokenRefreshError` nobody listens to goes to
    /// the console.
    pub fn emit(&self, event: &str, arg: &JsValue) {
        if (event == "error" || event == "tokenRefreshError") && !self.emitter.borrow().has(event) {
            js::report(
                &["chat-elements: ", event, " (add a listener to handle it)"].concat(),
                arg,
            );
            return;
        }
        emitter::emit(&self.emitter, event, arg);
    }

    fn this(&self) -> JsValue {
        self.js_self.borrow().clone().unwrap_or(JsValue::UNDEFINED)
    }
}

/// A chat session: one authenticated connection shared by the elements created from it.
#[wasm_bindgen]
pub struct ChatSession {
    shared: Rc<Shared>,
}

/// Creates a session. `options.token` is a string, a Promise, `null`, or a function
/// `({ abortSignal }) => string | Promise<string>`; `options.serverUrl` defaults to the page's
/// origin.
#[wasm_bindgen(js_name = createChatSession, unchecked_return_type = "ChatSession")]
pub fn create_chat_session(options: JsValue) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Err(
            Error::InvalidOptions("createChatSession needs an options object".into()).into(),
        );
    }
    let source = TokenSource::parse(&js::get(&options, "token"))?;
    let server_url = server_url(&js::get(&options, "serverUrl"))?;
    crate::theme::validate(&js::get(&options, "appearance"))?;
    crate::i18n::validate(&js::get(&options, "locale"))?;
    let setup = Setup {
        ws_url: connection::ws_url(&server_url)?,
        server_url,
        options: js::merged(&JsValue::UNDEFINED, &options),
        source,
        lazy: false,
        app_id: None,
        user_id: None,
    };
    Ok(new_shared(setup)?.1)
}

/// How a session starts.
pub struct Setup {
    options: JsValue,
    server_url: String,
    ws_url: String,
    source: TokenSource,
    /// Connect on first use and close when idle (Data API sessions).
    lazy: bool,
    app_id: Option<String>,
    user_id: Option<String>,
}

impl Setup {
    /// A Data API session: tokens from `setToken` / `onNeedToken`, lazy connection.
    pub fn talk(
        app_id: String,
        user_id: String,
        server_url_option: Option<String>,
    ) -> Result<Setup, Error> {
        let server_url = server_url(
            &server_url_option
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED),
        )?;
        Ok(Setup {
            ws_url: connection::ws_url(&server_url)?,
            options: js::object(&[
                ("appId", JsValue::from_str(&app_id)),
                ("userId", JsValue::from_str(&user_id)),
                ("serverUrl", JsValue::from_str(&server_url)),
            ]),
            server_url,
            source: TokenSource::External,
            lazy: true,
            app_id: Some(app_id),
            user_id: Some(user_id),
        })
    }
}

/// Creates the session's shared state and its JS object, and starts it (connecting begins after
/// the caller had a chance to add listeners: every event is asynchronous).
pub fn new_shared(setup: Setup) -> Result<(Rc<Shared>, JsValue), Error> {
    let shared = Rc::new_cyclic(|me| {
        let mut core = Core::new(
            me.clone(),
            setup.options,
            setup.server_url,
            setup.ws_url,
            setup.source,
        );
        core.lazy = setup.lazy;
        core.app_id = setup.app_id;
        core.user_id = setup.user_id;
        Shared {
            core: RefCell::new(core),
            emitter: RefCell::new(Emitter::default()),
            elements: RefCell::new(Vec::new()),
            search: Default::default(),
            themed: Default::default(),
            localized: Default::default(),
            js_self: RefCell::new(None),
            next_element: Cell::new(1),
        }
    });
    let this = JsValue::from(ChatSession {
        shared: shared.clone(),
    });
    *shared.js_self.borrow_mut() = Some(this.clone());
    update(&shared, |core, fx| core.start(fx));
    Ok((shared, this))
}

/// The `serverUrl` option, or the page's origin.
fn server_url(value: &JsValue) -> Result<String, Error> {
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

#[wasm_bindgen]
impl ChatSession {
    /// The options as last given.
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> JsValue {
        self.shared.core.borrow().options.clone()
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
        crate::theme::validate(&js::get(&options, "appearance"))?;
        crate::i18n::validate(&js::get(&options, "locale"))?;
        let source = if js::has(&options, "token") {
            Some(TokenSource::parse(&js::get(&options, "token"))?)
        } else {
            None
        };
        let urls = match js::get(&options, "serverUrl") {
            v if v.is_undefined() => None,
            v => {
                let server_url = server_url(&v)?;
                let ws_url = connection::ws_url(&server_url)?;
                Some((server_url, ws_url))
            }
        };
        let result = update(&self.shared, |core, fx| {
            if core.destroyed {
                return Err(Error::Destroyed("the session was destroyed"));
            }
            core.options = js::merged(&core.options, &options);
            let reconnect = match urls {
                Some((server_url, ws_url)) if ws_url != core.ws_url => {
                    core.server_url = server_url;
                    core.ws_url = ws_url;
                    true
                }
                _ => false,
            };
            if let Some(source) = source {
                core.replace_token(source, fx);
            } else if reconnect && core.token.current.is_some() {
                core.connect(fx);
            }
            // The elements' themes follow `appearance` (before anyone hears of the change).
            if js::has(&options, "appearance") {
                let appearance = js::get(&core.options, "appearance");
                crate::theme::refresh(&self.shared, &appearance);
            }
            // The elements' labels follow `locale` the same way.
            if js::has(&options, "locale") {
                crate::i18n::refresh(&self.shared, &js::get(&core.options, "locale"));
            }
            fx.emit("optionsUpdated", core.options.clone());
            Ok::<(), Error>(())
        });
        result.unwrap_or(Ok(())).map_err(JsValue::from)
    }

    /// Creates an element: `createElement("chat-element", { channelId })` or
    /// `createElement("dms-list-element", options)` (or `{ type }` as the first argument). Throws
    /// UNKNOWN_ELEMENT for other types.
    #[wasm_bindgen(
        js_name = createElement,
        unchecked_return_type = "ChatElement | DmsListElement"
    )]
    pub fn create_element(&self, kind: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let kind = match kind.as_string() {
            Some(kind) => kind,
            None => js::get(&kind, "type").as_string().unwrap_or_default(),
        };
        if self.shared.core.borrow().destroyed {
            return Err(Error::Destroyed("the session was destroyed").into());
        }
        match kind.as_str() {
            "chat-element" => {
                let id = self.shared.next_element.get();
                self.shared.next_element.set(id + 1);
                let element = ElementShared::new(id, &self.shared, &options)?;
                self.shared.elements.borrow_mut().push(element.clone());
                Ok(ChatElement::wrap(element))
            }
            "dms-list-element" => Ok(DmsListElement::create(&self.shared, &options)?),
            "search-element" => Ok(crate::elements::search::create(&self.shared, &options)?.1),
            other => Err(Error::UnknownElement(other.to_owned()).into()),
        }
    }

    /// Unmounts every element, closes the connection, cancels timers and the token fetch.
    /// Calling it again does nothing.
    pub fn destroy(&self) {
        if self.shared.core.borrow().destroyed {
            return;
        }
        let elements: Vec<Rc<ElementShared>> = self.shared.elements.borrow().clone();
        for element in elements {
            element.unmount();
        }
        self.shared.search.destroy();
        update(&self.shared, |core, fx| core.destroy(fx));
        self.shared.elements.borrow_mut().clear();
        self.shared.emitter.borrow_mut().clear();
        *self.shared.js_self.borrow_mut() = None;
    }
}

emitter::listener_methods!(
    ChatSession,
    "`ready`, `tokenRefreshed`, `tokenRefreshError`, `error`, `optionsUpdated`"
);
