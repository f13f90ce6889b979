//! `ChatElements`: the root object, like Whop's `WhopElements`.
//!
//! `new ChatElements({ appearance, locale })` keeps the options every session it creates starts
//! with: `createChatSession(options)` starts a session with the root's options under its own, and
//! `updateOptions(partial)` merges the change, hands it to every live session of this root
//! (`session.updateOptions`, which tells its listeners and elements) and then emits the root's own
//! `optionsUpdated`. The plain `createChatSession` export works without a root, with defaults.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::elements::create_chat_session;
use crate::emitter::{self, Emitter};
use crate::errors::Error;
use crate::js;

/// The keys of the root's options; only these reach sessions.
const ROOT_KEYS: [&str; 2] = ["appearance", "locale"];

pub struct RootShared {
    options: RefCell<JsValue>,
    /// The sessions created by this root (destroyed ones are dropped on the next update).
    sessions: RefCell<Vec<JsValue>>,
    pub emitter: RefCell<Emitter>,
    js_self: RefCell<Option<JsValue>>,
}

impl RootShared {
    fn this(&self) -> JsValue {
        self.js_self.borrow().clone().unwrap_or(JsValue::UNDEFINED)
    }
}

/// The root object (`new ChatElements(options)`).
#[wasm_bindgen(js_name = ChatElementsRoot)]
pub struct ChatElementsRoot {
    shared: Rc<RootShared>,
}

/// `new ChatElements({ appearance?, locale? })` (calling it without `new` works too).
#[wasm_bindgen(js_name = ChatElements, unchecked_return_type = "ChatElements")]
pub fn chat_elements(options: JsValue) -> Result<JsValue, JsValue> {
    let options = root_options(&options)?;
    let shared = Rc::new(RootShared {
        options: RefCell::new(options),
        sessions: RefCell::new(Vec::new()),
        emitter: RefCell::new(Emitter::default()),
        js_self: RefCell::new(None),
    });
    let this = JsValue::from(ChatElementsRoot {
        shared: shared.clone(),
    });
    *shared.js_self.borrow_mut() = Some(this.clone());
    Ok(this)
}

/// The root keys of `options` (checked), as a fresh object.
fn root_options(options: &JsValue) -> Result<JsValue, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(js_sys::Object::new().into());
    }
    if !options.is_object() {
        return Err(Error::InvalidOptions(
            "ChatElements options must be an object".into(),
        ));
    }
    crate::theme::validate(&js::get(options, "appearance"))?;
    crate::i18n::validate(&js::get(options, "locale"))?;
    let picked = js_sys::Object::new();
    for key in ROOT_KEYS {
        if js::has(options, key) {
            js::set(&picked, key, &js::get(options, key));
        }
    }
    Ok(picked.into())
}

#[wasm_bindgen(js_class = ChatElementsRoot)]
impl ChatElementsRoot {
    /// The root's options as last given (merged with every `updateOptions`).
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> JsValue {
        self.shared.options.borrow().clone()
    }

    /// Starts a session whose options are this root's options under `options`.
    #[wasm_bindgen(js_name = createChatSession, unchecked_return_type = "ChatSession")]
    pub fn create_chat_session(&self, options: JsValue) -> Result<JsValue, JsValue> {
        if !options.is_object() {
            return Err(
                Error::InvalidOptions("createChatSession needs an options object".into()).into(),
            );
        }
        let merged = js::merged(&self.shared.options.borrow(), &options);
        let session = create_chat_session(merged)?;
        self.shared.sessions.borrow_mut().push(session.clone());
        Ok(session)
    }

    /// Merges `options` into the root's, passes them to every live session of this root, then
    /// emits `optionsUpdated` with the root's options.
    #[wasm_bindgen(js_name = updateOptions)]
    pub fn update_options(&self, options: JsValue) -> Result<(), JsValue> {
        if !options.is_object() {
            return Err(
                Error::InvalidOptions("updateOptions needs an options object".into()).into(),
            );
        }
        let change = root_options(&options)?;
        let merged = js::merged(&self.shared.options.borrow(), &change);
        *self.shared.options.borrow_mut() = merged.clone();
        let sessions: Vec<JsValue> = self.shared.sessions.borrow().clone();
        let mut live = Vec::with_capacity(sessions.len());
        for session in sessions {
            let update = js::get(&session, "updateOptions");
            let Some(update) = update.dyn_ref::<Function>() else {
                continue;
            };
            // A destroyed session refuses the update: it is forgotten.
            if update.call1(&session, &change).is_ok() {
                live.push(session);
            }
        }
        *self.shared.sessions.borrow_mut() = live;
        emitter::emit(&self.shared.emitter, "optionsUpdated", &merged);
        Ok(())
    }
}

emitter::listener_methods!(ChatElementsRoot, "`optionsUpdated`");
