//! Checking what JavaScript passed, and building request objects (`{ op, ...fields }`).

use chat_elements_protocol::ErrorCode;
use js_sys::{Function, JsString, Object};
use wasm_bindgen::prelude::*;

use crate::errors::Error;
use crate::js;

/// An argument with the wrong type or value: `INVALID_ARGUMENT`, like the server's refusals.
pub fn invalid(message: impl Into<String>) -> Error {
    Error::server(ErrorCode::InvalidArgument, message)
}

/// A non-empty string (a token).
pub fn non_empty(value: &JsValue, what: &str) -> Result<String, Error> {
    match value.as_string() {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(invalid([what, " must be a non-empty string"].concat())),
    }
}

/// An id or an emoji: a non-empty JS string, kept as the JS value (no copy into Rust).
pub fn id(value: &JsValue, what: &str) -> Result<JsValue, Error> {
    match value.dyn_ref::<JsString>() {
        Some(text) if text.length() > 0 => Ok(value.clone()),
        _ => Err(invalid([what, " must be a non-empty string"].concat())),
    }
}

/// An id given as a string or as a ref with an `id` (a `UserRef`, a `MessageRef`).
pub fn id_or_ref(value: &JsValue, what: &str) -> Result<JsValue, Error> {
    if value.is_string() {
        return id(value, what);
    }
    id(&js::get(value, "id"), what)
        .map_err(|_| invalid([what, " must be a non-empty string or a ref with an id"].concat()))
}

/// A parameters object; `undefined`/`null` is an empty one when `optional`.
pub fn params(value: &JsValue, what: &str, optional: bool) -> Result<JsValue, Error> {
    if value.is_object() && !js_sys::Array::is_array(value) {
        return Ok(value.clone());
    }
    if optional && (value.is_undefined() || value.is_null()) {
        return Ok(Object::new().into());
    }
    Err(invalid([what, " must be an object"].concat()))
}

/// A callback, or `None` for `undefined`/`null`.
pub fn callback(value: &JsValue, what: &str) -> Result<Option<Function>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_ref::<Function>()
        .cloned()
        .map(Some)
        .ok_or_else(|| invalid([what, " must be a function"].concat()))
}

/// `{ op, key: value, ... }`.
pub fn request(op: &str, entries: &[(&str, &JsValue)]) -> Object {
    tagged("op", op, entries)
}

/// A watched topic: `{ kind, key: value, ... }`.
pub fn topic(kind: &str, entries: &[(&str, &JsValue)]) -> Object {
    tagged("kind", kind, entries)
}

fn tagged(tag: &str, value: &str, entries: &[(&str, &JsValue)]) -> Object {
    let object = Object::new();
    js::set(&object, tag, &JsValue::from_str(value));
    for (key, value) in entries {
        js::set(&object, key, value);
    }
    object
}

/// Copies each of `keys` that `from` has (even when `null`: that clears a field) onto `to`.
pub fn copy_fields(from: &JsValue, keys: &[&str], to: &Object) {
    for key in keys {
        if js::has(from, key) {
            let value = js::get(from, key);
            if !value.is_undefined() {
                js::set(to, key, &value);
            }
        }
    }
}

/// `{ key: null, ... }` for `deleteFields(...keys)`: the custom keys to remove.
pub fn null_custom(keys: &[JsValue]) -> Result<Object, Error> {
    let custom = Object::new();
    for key in keys {
        let key = id(key, "each key")?;
        let _ = js_sys::Reflect::set(&custom, &key, &JsValue::NULL);
    }
    Ok(custom)
}

/// A `loadMore` count: a whole number ≥ 1, or `default` when absent.
pub fn count(value: &JsValue, default: u32) -> Result<u32, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    match value.as_f64() {
        Some(n) if n >= 1.0 && n.fract() == 0.0 => Ok(n.min(f64::from(u32::MAX)) as u32),
        _ => Err(invalid(
            "loadMore(count): count must be a whole number of at least 1",
        )),
    }
}
