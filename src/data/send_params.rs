//! The parameters of `send` and `edit`: a text, or an object with `text` or `content`.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::data::args::{self, invalid};
use crate::errors::Error;
use crate::js;

/// `send(text | { text | content, referencedMessage?, referencedMessageId?, custom? })` as the
/// engine's send payload (`{ text | content, referencedMessageId?, custom? }`).
pub fn send(params: &JsValue) -> Result<Object, Error> {
    let payload = body(params, "send", true)?;
    if !params.is_string() {
        for key in ["referencedMessage", "referencedMessageId"] {
            let reference = js::get(params, key);
            if !reference.is_undefined() && !reference.is_null() {
                let id = args::id_or_ref(&reference, key)?;
                js::set(&payload, "referencedMessageId", &id);
            }
        }
        args::copy_fields(params, &["custom"], &payload);
    }
    Ok(payload)
}

/// `edit(text | { text | content, custom })` as the fields of `editMessage`.
pub fn edit(params: &JsValue) -> Result<Object, Error> {
    let payload = body(params, "edit", false)?;
    if !params.is_string() {
        args::copy_fields(params, &["custom"], &payload);
    }
    Ok(payload)
}

/// `{ text }` or `{ content }`; either is required when `required`.
fn body(params: &JsValue, what: &str, required: bool) -> Result<Object, Error> {
    let payload = Object::new();
    if let Some(text) = params.as_string() {
        js::set(&payload, "text", &JsValue::from_str(&text));
        return Ok(payload);
    }
    if !params.is_object() {
        return Err(invalid(
            [what, " needs a text or an object with text or content"].concat(),
        ));
    }
    let text = js::get(params, "text");
    let content = js::get(params, "content");
    if text.is_string() {
        js::set(&payload, "text", &text);
    } else if Array::is_array(&content) {
        js::set(&payload, "content", &content);
    } else if !text.is_undefined() || !content.is_undefined() || required {
        return Err(invalid(
            [
                what,
                ": text must be a string or content an array of blocks",
            ]
            .concat(),
        ));
    }
    Ok(payload)
}
