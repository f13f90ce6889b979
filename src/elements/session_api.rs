//! What the elements add to sessions: `createChatSession` (a session with elements, as Whop's),
//! `session.createElement` and the checks of the options only elements read (`appearance`,
//! `locale`).

use wasm_bindgen::prelude::*;

use crate::chat_session::{self, allow_insecure, server_url, ChatSession};
use crate::elements::chat::ChatElement;
use crate::elements::dms_list::DmsListElement;
use crate::errors::Error;
use crate::js;
use crate::session::Setup;
use crate::token::TokenSource;

/// Checks the options the elements read (INVALID_OPTIONS says what is wrong).
pub fn validate_session_options(options: &JsValue) -> Result<(), Error> {
    crate::theme::validate(&js::get(options, "appearance"))?;
    crate::i18n::validate(&js::get(options, "locale"))
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
    let allow_insecure = allow_insecure(&js::get(&options, "allowInsecureTransport"))?;
    validate_session_options(&options)?;
    let setup = Setup::eager(server_url, source, allow_insecure)?;
    let (_, this) = chat_session::start(setup, js::merged(&JsValue::UNDEFINED, &options));
    Ok(this)
}

#[wasm_bindgen]
impl ChatSession {
    /// Creates an element: `createElement("chat-element", { channelId })`,
    /// `createElement("dms-list-element", options)` or `createElement("search-element",
    /// options)` (or `{ type }` as the first argument). Throws UNKNOWN_ELEMENT for other types.
    #[wasm_bindgen(
        js_name = createElement,
        unchecked_return_type = "ChatElement | DmsListElement | SearchElement"
    )]
    pub fn create_element(&self, kind: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let kind = match kind.as_string() {
            Some(kind) => kind,
            None => js::get(&kind, "type").as_string().unwrap_or_default(),
        };
        if self.shared.handle.is_destroyed() {
            return Err(Error::Destroyed("the session was destroyed").into());
        }
        let session = &self.shared;
        Ok(match kind.as_str() {
            "chat-element" => ChatElement::create(session, &options)?,
            "dms-list-element" => DmsListElement::create(session, &options)?,
            "search-element" => crate::elements::search::create(session, &options)?.1,
            other => return Err(Error::UnknownElement(other.to_owned()).into()),
        })
    }
}
