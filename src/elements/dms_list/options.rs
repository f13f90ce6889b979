//! The dms-list-element's options.

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::elements::chat::options::{callback, EmptyState};
use crate::errors::Error;
use crate::js;

#[derive(Debug, Clone)]
pub struct DmsOptions {
    /// The conversation shown as selected (`aria-selected`), if any.
    pub selected_channel: Option<String>,
    pub empty_state: EmptyState,
    pub on_ready: Option<Function>,
    pub on_event: Option<Function>,
}

impl DmsOptions {
    /// `undefined`/`null` is no options; anything else must be an object.
    pub fn parse(raw: &JsValue) -> Result<DmsOptions, Error> {
        if !raw.is_undefined() && !raw.is_null() && !raw.is_object() {
            return Err(Error::InvalidOptions(
                "dms-list-element options must be an object".into(),
            ));
        }
        let selected = js::get(raw, "selectedChannel");
        let selected_channel = if selected.is_undefined() || selected.is_null() {
            None
        } else {
            let id = selected
                .as_string()
                .ok_or_else(|| Error::InvalidOptions("selectedChannel must be a string".into()))?;
            Some(id).filter(|id| !id.is_empty())
        };
        Ok(DmsOptions {
            selected_channel,
            empty_state: empty_state(&js::get(raw, "emptyState"))?,
            on_ready: callback(raw, "onReady")?,
            on_event: callback(raw, "onEvent")?,
        })
    }
}

/// `{ title?, description?, image?: { url } }`, or a string (the title alone).
fn empty_state(value: &JsValue) -> Result<EmptyState, Error> {
    if let Some(title) = value.as_string() {
        return Ok(EmptyState {
            title: Some(title),
            description: Some(String::new()),
            image_url: None,
        });
    }
    if !value.is_undefined() && !value.is_null() && !value.is_object() {
        return Err(Error::InvalidOptions(
            "emptyState must be a string or an object".into(),
        ));
    }
    Ok(EmptyState {
        // Absent: the view shows the default texts in the element's locale.
        title: js::get(value, "title").as_string(),
        description: js::get(value, "description").as_string(),
        image_url: js::get(&js::get(value, "image"), "url").as_string(),
    })
}
