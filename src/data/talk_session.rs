//! `getTalkSession({ appId, userId, serverUrl?, token?, tokenFetcher? })`: one session per
//! (appId, userId), created on first use; a session that terminated is replaced on the next call.

use std::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::chat_session::{allow_insecure, new_talk_session};
use crate::errors::{describe, Error};
use crate::js;
use crate::session::handle::SessionHandle;

struct Entry {
    app_id: String,
    user_id: String,
    session: JsValue,
    handle: SessionHandle,
}

thread_local! {
    static SESSIONS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The session for `options.appId` and `options.userId`: the same object on every call while it
/// lives. `token` and `tokenFetcher` apply only when the session is created (later calls ignore
/// them; use `setToken` and `onNeedToken`).
#[wasm_bindgen(js_name = getTalkSession, unchecked_return_type = "ChatSession")]
pub fn get_talk_session(options: JsValue) -> Result<JsValue, JsValue> {
    let options = Options::parse(&options)?;
    if let Some(session) = live(&options.app_id, &options.user_id) {
        return Ok(session);
    }
    let (handle, session) = new_talk_session(
        options.app_id.clone(),
        options.user_id.clone(),
        options.server_url,
        options.allow_insecure,
    )?;
    if let Some(token) = options.token {
        handle.set_token(token);
    }
    if let Some(fetcher) = options.token_fetcher {
        handle.set_on_need_token(Some(fetch_adapter(
            fetcher,
            options.app_id.clone(),
            options.user_id.clone(),
        )));
    }
    SESSIONS.with(|sessions| {
        let mut sessions = sessions.borrow_mut();
        sessions.retain(|e| !(e.app_id == options.app_id && e.user_id == options.user_id));
        sessions.push(Entry {
            app_id: options.app_id,
            user_id: options.user_id,
            session: session.clone(),
            handle,
        });
    });
    Ok(session)
}

/// The registered session for the pair, unless it terminated.
fn live(app_id: &str, user_id: &str) -> Option<JsValue> {
    SESSIONS.with(|sessions| {
        sessions
            .borrow()
            .iter()
            .find(|e| e.app_id == app_id && e.user_id == user_id && !e.handle.is_terminated())
            .map(|e| e.session.clone())
    })
}

struct Options {
    app_id: String,
    user_id: String,
    server_url: Option<String>,
    token: Option<String>,
    token_fetcher: Option<Function>,
    allow_insecure: bool,
}

impl Options {
    fn parse(options: &JsValue) -> Result<Options, Error> {
        if !options.is_object() {
            return Err(Error::InvalidOptions(
                "getTalkSession needs an options object { appId, userId }".into(),
            ));
        }
        let token_fetcher = match js::get(options, "tokenFetcher") {
            f if f.is_undefined() || f.is_null() => None,
            f => Some(
                f.dyn_into::<Function>()
                    .map_err(|_| Error::InvalidOptions("tokenFetcher must be a function".into()))?,
            ),
        };
        Ok(Options {
            app_id: required(options, "appId")?,
            user_id: required(options, "userId")?,
            server_url: optional(options, "serverUrl")?,
            token: optional(options, "token")?,
            token_fetcher,
            allow_insecure: allow_insecure(&js::get(options, "allowInsecureTransport"))?,
        })
    }
}

fn required(options: &JsValue, key: &str) -> Result<String, Error> {
    match js::get(options, key).as_string() {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(Error::InvalidOptions(
            [key, " is required and must be a non-empty string"].concat(),
        )),
    }
}

fn optional(options: &JsValue, key: &str) -> Result<Option<String>, Error> {
    match js::get(options, key) {
        v if v.is_undefined() || v.is_null() => Ok(None),
        v => match v.as_string() {
            Some(value) if !value.is_empty() => Ok(Some(value)),
            _ => Err(Error::InvalidOptions(
                [key, " must be a non-empty string"].concat(),
            )),
        },
    }
}

/// `onNeedToken` for the deprecated `tokenFetcher`: calls it and passes the token to the
/// session registered for the pair (looked up at call time, so the function holds no session).
fn fetch_adapter(fetcher: Function, app_id: String, user_id: String) -> Function {
    let callback = Closure::<dyn FnMut()>::new(move || {
        let result = fetcher.call0(&JsValue::UNDEFINED);
        let (app_id, user_id) = (app_id.clone(), user_id.clone());
        crate::js::spawn(Box::pin(async move {
            let token = match result {
                Ok(value) => JsFuture::from(Promise::resolve(&value)).await,
                Err(thrown) => Err(thrown),
            };
            let handle = SESSIONS.with(|sessions| {
                sessions
                    .borrow()
                    .iter()
                    .find(|e| e.app_id == app_id && e.user_id == user_id)
                    .map(|e| e.handle.clone())
            });
            match (token.map(|t| t.as_string()), handle) {
                (Ok(Some(token)), Some(handle)) if !token.is_empty() => handle.set_token(token),
                (Ok(_), _) => js::warn("chat-elements: tokenFetcher did not return a token"),
                (Err(error), _) => js::report(
                    &["chat-elements: tokenFetcher failed: ", &describe(&error)].concat(),
                    &error,
                ),
            }
        }));
    });
    callback.into_js_value().unchecked_into()
}
