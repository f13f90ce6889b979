//! The search-element's options.

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::elements::chat::options::callback;
use crate::errors::Error;
use crate::js;

#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// Only this conversation; every conversation of the user when absent.
    pub channel_id: Option<String>,
    pub on_ready: Option<Function>,
    pub on_close: Option<Function>,
    pub on_result_click: Option<Function>,
}

impl SearchOptions {
    /// Parses the options object; `undefined` or `null` means no options.
    pub fn parse(raw: &JsValue) -> Result<SearchOptions, Error> {
        if raw.is_undefined() || raw.is_null() {
            return Ok(SearchOptions::default());
        }
        if !raw.is_object() {
            return Err(Error::InvalidOptions(
                "search-element options must be an object".into(),
            ));
        }
        let channel = js::get(raw, "channelId");
        let channel_id = if channel.is_undefined() || channel.is_null() {
            None
        } else {
            Some(
                channel
                    .as_string()
                    .filter(|id| !id.is_empty())
                    .ok_or_else(|| {
                        Error::InvalidOptions("channelId must be a non-empty string".into())
                    })?,
            )
        };
        let company = js::get(raw, "companyId");
        if !company.is_undefined() && !company.is_null() && company.as_string().is_none() {
            return Err(Error::InvalidOptions("companyId must be a string".into()));
        }
        Ok(SearchOptions {
            channel_id,
            on_ready: callback(raw, "onReady")?,
            on_close: callback(raw, "onClose")?,
            on_result_click: callback(raw, "onResultClick")?,
        })
    }
}
