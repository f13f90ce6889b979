//! Requests as Promises: one `call` to the engine, resolved with what the Data API returns.

use chat_elements_protocol::ErrorCode;
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;

/// Sends `request`; resolves with `result[field]` (`null` when absent, e.g. no such user), or
/// with `undefined` for writes (`field` = `None`). Rejects with the server's error.
pub fn call(handle: &SessionHandle, request: Object, field: Option<&'static str>) -> Promise {
    send(handle, request, field, false)
}

/// Like [`call`] with a `field`, but a refusal to show it (`FORBIDDEN`: not a participant;
/// `NOT_FOUND`) resolves with `null`, as the Data API's `get()` promises.
pub fn get_or_null(handle: &SessionHandle, request: Object, field: &'static str) -> Promise {
    send(handle, request, Some(field), true)
}

fn send(
    handle: &SessionHandle,
    request: Object,
    field: Option<&'static str>,
    refusal_is_null: bool,
) -> Promise {
    let handle = handle.clone();
    crate::js::promise(Box::pin(async move {
        let result = match handle.call(request).await {
            Ok(result) => result,
            Err(Error::Server {
                code: ErrorCode::Forbidden | ErrorCode::NotFound,
                ..
            }) if refusal_is_null => return Ok(JsValue::NULL),
            Err(error) => return Err(error.into()),
        };
        Ok(match field {
            Some(field) => match js::get(&result, field) {
                value if value.is_undefined() => JsValue::NULL,
                value => value,
            },
            None => JsValue::UNDEFINED,
        })
    }))
}

/// A Promise already rejected with `error` (argument errors of async methods reject, never throw).
pub fn rejected(error: Error) -> Promise {
    Promise::reject(&error.into())
}

/// `call` after a check that may fail.
pub fn checked(
    handle: &SessionHandle,
    request: Result<Object, Error>,
    field: Option<&'static str>,
) -> Promise {
    match request {
        Ok(request) => call(handle, request, field),
        Err(error) => rejected(error),
    }
}
