//! One search result as a row: who wrote it, where, when, and the text with the query's words
//! marked. Every value from the server goes in as text.
//!
//! ```text
//! li.ce-search-item
//!   button.ce-search-result[data-index][data-message-id][data-conversation-id]
//!     span.ce-search-result-meta > span.ce-search-result-sender, span.ce-search-result-subject,
//!                                  time.ce-search-result-time
//!     span.ce-search-result-text   text nodes and mark.ce-search-mark
//! ```

use chat_elements_core::ids::decimal;
use js_sys::Date;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::highlight;
use crate::dom;
use crate::i18n::{self, Locale, Text};
use crate::js;

/// The ids a `resultClick` reports: `(messageId, conversationId)`.
pub fn ids(result: &JsValue) -> Option<(String, String)> {
    let message = js::get(&js::get(result, "message"), "id").as_string()?;
    let conversation = js::get(&js::get(result, "conversation"), "id").as_string()?;
    Some((message, conversation))
}

/// The row of the result at `index` of `{ message, conversation }`.
pub fn row(
    doc: &Document,
    result: &JsValue,
    index: u32,
    words: &[Vec<char>],
    locale: Locale,
) -> Element {
    let message = js::get(result, "message");
    let conversation = js::get(result, "conversation");
    let item = dom::element(doc, "li", "ce-search-item");
    let button = dom::element(doc, "button", "ce-search-result");
    dom::set_attr(&button, "type", "button");
    dom::set_attr(&button, "data-index", &decimal(index as u64));
    if let Some((message_id, conversation_id)) = ids(result) {
        dom::set_attr(&button, "data-message-id", &message_id);
        dom::set_attr(&button, "data-conversation-id", &conversation_id);
    }

    let meta = dom::element(doc, "span", "ce-search-result-meta");
    let sender = js::get(&js::get(&message, "sender"), "name")
        .as_string()
        .unwrap_or_else(|| i18n::t(locale, Text::System).to_owned());
    dom::append(
        &meta,
        &dom::user_text_element(doc, "span", "ce-search-result-sender", &sender),
    );
    let subject = js::get(&conversation, "subject")
        .as_string()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| js::get(&conversation, "id").as_string())
        .unwrap_or_default();
    dom::append(
        &meta,
        &dom::user_text_element(doc, "span", "ce-search-result-subject", &subject),
    );
    if let Some(time) = time(doc, &js::get(&message, "createdAt"), locale) {
        dom::append(&meta, &time);
    }
    dom::append(&button, &meta);

    let text = dom::element(doc, "span", "ce-search-result-text");
    let plaintext = js::get(&message, "plaintext")
        .as_string()
        .unwrap_or_default();
    highlight::render(doc, &text, &plaintext, words);
    dom::append(&button, &text);
    dom::append(&item, &button);
    item
}

/// `<time datetime="ISO">` in the element's locale, for a valid timestamp in ms.
fn time(doc: &Document, created_at: &JsValue, locale: Locale) -> Option<Element> {
    let ms = created_at
        .as_f64()
        .filter(|ms| ms.is_finite() && ms.abs() <= 8.64e15)?;
    let date = Date::new(&JsValue::from_f64(ms));
    let options = js::object(&[
        ("dateStyle", JsValue::from_str("medium")),
        ("timeStyle", JsValue::from_str("short")),
    ]);
    let label = i18n::date(locale, ms, &options);
    let time = dom::text_element(doc, "time", "ce-search-result-time", &label);
    dom::set_attr(&time, "datetime", &String::from(date.to_iso_string()));
    Some(time)
}
