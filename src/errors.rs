//! The SDK's errors and their JS form: an `Error` with a stable `code` string.

use chat_elements_protocol::ErrorCode;
use wasm_bindgen::prelude::*;

use crate::js;

/// Everything that can go wrong, with the code applications match on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The server refused a request; its code passes through (`TOKEN_EXPIRED`, `FORBIDDEN`, ...).
    #[error("{message}")]
    Server { code: ErrorCode, message: String },
    /// The server could not be reached, or a token function failed.
    #[error("{0}")]
    Network(String),
    /// `mount()` found no element for the selector.
    #[error("no container element matches \"{0}\"")]
    ContainerNotFound(String),
    /// An option has the wrong type or value.
    #[error("{0}")]
    InvalidOptions(String),
    /// `createElement()` with a type this SDK does not have.
    #[error("unknown element type \"{0}\"")]
    UnknownElement(String),
    /// The session was destroyed, or the element unmounted.
    #[error("{0}")]
    Destroyed(&'static str),
    /// A browser facility is missing (for instance `document` during server-side rendering).
    #[error("{0}")]
    UnsupportedEnvironment(String),
    /// The server speaks a protocol version this SDK does not.
    #[error("{0}")]
    UnsupportedServer(String),
}

impl Error {
    pub fn server(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::Server {
            code,
            message: message.into(),
        }
    }

    /// The server's code, for a refusal by the server.
    pub fn server_code(&self) -> Option<ErrorCode> {
        match self {
            Error::Server { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// What went wrong, for people (the `Display` text, written without the formatting
    /// machinery, which the wasm does not otherwise need).
    pub fn message(&self) -> String {
        match self {
            Error::Server { message, .. } => message.clone(),
            Error::Network(text) | Error::InvalidOptions(text) => text.clone(),
            Error::UnsupportedEnvironment(text) | Error::UnsupportedServer(text) => text.clone(),
            Error::ContainerNotFound(selector) => {
                ["no container element matches \"", selector, "\""].concat()
            }
            Error::UnknownElement(kind) => ["unknown element type \"", kind, "\""].concat(),
            Error::Destroyed(text) => (*text).to_owned(),
        }
    }

    /// The stable code string.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Server { code, .. } => code.as_str(),
            Error::Network(_) => "NETWORK",
            Error::ContainerNotFound(_) => "CONTAINER_NOT_FOUND",
            Error::InvalidOptions(_) => "INVALID_OPTIONS",
            Error::UnknownElement(_) => "UNKNOWN_ELEMENT",
            Error::Destroyed(_) => "DESTROYED",
            Error::UnsupportedEnvironment(_) => "UNSUPPORTED_ENVIRONMENT",
            Error::UnsupportedServer(_) => "UNSUPPORTED_SERVER",
        }
    }

    /// A JS `Error` named `ChatElementsError` with `code` set.
    pub fn to_js(&self) -> JsValue {
        let error = js_sys::Error::new(&self.message());
        error.set_name("ChatElementsError");
        let value: JsValue = error.into();
        js::set(&value, "code", &JsValue::from_str(self.code()));
        value
    }

    /// Like [`Error::to_js`], keeping the JS value that caused it as `cause`.
    pub fn to_js_with_cause(&self, cause: &JsValue) -> JsValue {
        let value = self.to_js();
        if !cause.is_undefined() {
            js::set(&value, "cause", cause);
        }
        value
    }
}

impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        error.to_js()
    }
}

/// The message of a thrown JS value (an `Error`'s `message`, or its string form).
pub fn describe(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    js::get(value, "message")
        .as_string()
        .unwrap_or_else(|| String::from("unknown error"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_is_the_display_text() {
        let errors = [
            Error::server(ErrorCode::Forbidden, "not a participant"),
            Error::Network("down".into()),
            Error::ContainerNotFound("#chat".into()),
            Error::InvalidOptions("bad".into()),
            Error::UnknownElement("x-element".into()),
            Error::Destroyed("the session was destroyed"),
            Error::UnsupportedEnvironment("no document".into()),
            Error::UnsupportedServer("protocol 3".into()),
        ];
        for error in &errors {
            assert_eq!(error.message(), error.to_string());
        }
        // The public types list every code: the protocol's, the SDK's own, the loader's
        // NOT_READY and the search's CANCELLED, and nothing else.
        let types = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/js/data.d.ts"));
        let start = types
            .find("export type ChatElementsErrorCode =")
            .expect("the code type");
        let union = &types[start..start + types[start..].find(';').expect("its end")];
        let mut documented: Vec<&str> = union.split('"').skip(1).step_by(2).collect();
        documented.sort_unstable();
        let mut expected: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        expected.extend(errors.iter().map(Error::code));
        expected.extend(["NOT_READY", "CANCELLED"]);
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(documented, expected);
    }
}
