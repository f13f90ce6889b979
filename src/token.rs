//! The session's token option and fetching tokens from it.
//!
//! `token` may be a string (used as is, never refreshed), a Promise of a string (awaited once),
//! `null` (wait for `updateOptions({ token })`), or a function `({ abortSignal }) => string |
//! Promise<string>` that is called for the first token and again before each one expires.
//! At most one fetch runs at a time; everyone who needs a token waits for that one.
//! Data API sessions use [`TokenSource::External`]: the application calls `setToken`, and is
//! asked for a token through its `onNeedToken` callback.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::errors::{describe, Error};
use crate::js;

/// Where tokens come from.
#[derive(Clone)]
pub enum TokenSource {
    /// No token yet.
    Absent,
    /// A fixed token.
    Fixed(String),
    /// A token that will arrive (a Promise given as the option).
    Promised(Promise),
    /// A function to call for each new token.
    Function(Function),
    /// Tokens arrive through `setToken`; `onNeedToken` (kept in the session) asks for them.
    External,
}

impl TokenSource {
    /// Reads the `token` option.
    pub fn parse(value: &JsValue) -> Result<TokenSource, Error> {
        if value.is_null() || value.is_undefined() {
            Ok(TokenSource::Absent)
        } else if let Some(token) = value.as_string() {
            if token.is_empty() {
                Err(Error::InvalidOptions("token must not be empty".into()))
            } else {
                Ok(TokenSource::Fixed(token))
            }
        } else if let Some(function) = value.dyn_ref::<Function>() {
            Ok(TokenSource::Function(function.clone()))
        } else if js::is_thenable(value) {
            Ok(TokenSource::Promised(Promise::resolve(value)))
        } else {
            Err(Error::InvalidOptions(
                "token must be a string, a Promise, a function or null".into(),
            ))
        }
    }

    /// True when a new token can be had without the application's help.
    pub fn can_refresh(&self) -> bool {
        matches!(self, TokenSource::Function(_))
    }
}

/// A token fetch in flight.
pub struct Fetch {
    pub id: u64,
    pub controller: Option<AbortController>,
}

/// Calls the source and waits for the token. Runs outside any borrow of the session: the
/// application's function may do anything, including calling back into the SDK.
pub async fn fetch(
    source: TokenSource,
    signal: Option<AbortSignal>,
) -> Result<String, (Error, JsValue)> {
    let value = match source {
        TokenSource::Absent | TokenSource::External => {
            return Err((
                Error::server(chat_elements_protocol::ErrorCode::AuthRequired, "no token"),
                JsValue::UNDEFINED,
            ))
        }
        TokenSource::Fixed(token) => return Ok(token),
        TokenSource::Promised(promise) => promise.into(),
        TokenSource::Function(function) => {
            let arg = js::object(&[(
                "abortSignal",
                signal.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
            )]);
            function
                .call1(&JsValue::UNDEFINED, &arg)
                .map_err(|thrown| (network(&thrown), thrown))?
        }
    };
    let value = if js::is_thenable(&value) {
        JsFuture::from(Promise::resolve(&value))
            .await
            .map_err(|thrown| (network(&thrown), thrown))?
    } else {
        value
    };
    match value.as_string() {
        Some(token) if !token.is_empty() => Ok(token),
        _ if value.is_null() || value.is_undefined() => Err((
            Error::server(
                chat_elements_protocol::ErrorCode::AuthRequired,
                "the token function returned no token",
            ),
            JsValue::UNDEFINED,
        )),
        _ => Err((
            Error::InvalidOptions("the token function must return a non-empty string".into()),
            JsValue::UNDEFINED,
        )),
    }
}

fn network(thrown: &JsValue) -> Error {
    Error::Network(["the token could not be fetched: ", &describe(thrown)].concat())
}
