//! The chat-element's DOM skeleton and its event handlers.
//!
//! ```text
//! div.ce-root.ce-chat[data-state]
//!   div.ce-banner[role=status]            connection trouble
//!   div.ce-messages[role=log][aria-live]  the rows (render.rs)
//!   div.ce-loading / div.ce-error / div.ce-empty
//!   div.ce-typing[aria-live]              who is typing
//!   div.ce-reply-preview                  the message being replied to, with a cancel button
//!   form.ce-composer > textarea.ce-composer-input + button.ce-composer-send
//! ```
//!
//! Clicks and keys inside the list are delegated to one listener each (clicks.rs).

use std::rc::Weak;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlButtonElement, HtmlTextAreaElement, KeyboardEvent};

use super::actions::Modes;
use super::options::EmptyState;
use super::row::Row;
use super::ElementShared;
use crate::dom::{self, Listener};
use crate::i18n::{self, Locale, Text};

/// The empty state's default title and description.
const EMPTY: (Text, Text) = (Text::NoMessagesYet, Text::StartConversation);

pub struct View {
    pub doc: Document,
    pub root: Element,
    pub banner: Element,
    pub list: Element,
    pub loading: Element,
    pub error: Element,
    pub empty: Element,
    pub typing: Element,
    pub reply: Element,
    pub reply_text: Element,
    pub input: HtmlTextAreaElement,
    pub button: HtmlButtonElement,
    /// "Seen", moved under the current user's last message read by everyone.
    pub receipt: Element,
    /// The open menu, editor, delete confirmation and reply.
    pub modes: Modes,
    /// The rows by key, sorted by key (looked up by binary search).
    pub rows: Vec<(String, Row)>,
    pub pass: u32,
    /// The key of the first row at the last render (to detect a prepended page).
    pub first_key: Option<String>,
    /// Scroll to the newest message at the next render (after the user sent one).
    pub stick_to_bottom: bool,
    /// Whether the list was scrolled to the bottom after the first page.
    pub settled: bool,
    _listeners: Vec<Listener>,
}

impl View {
    pub fn build(doc: &Document, element: Weak<ElementShared>, empty_state: &EmptyState) -> View {
        let root = dom::element(doc, "div", "ce-root ce-chat");
        dom::set_attr(&root, "data-state", "loading");

        let banner = dom::element(doc, "div", "ce-banner");
        dom::set_attr(&banner, "role", "status");
        dom::set_hidden(&banner, true);

        let list = dom::element(doc, "div", "ce-messages");
        dom::set_attr(&list, "role", "log");
        dom::set_attr(&list, "aria-live", "polite");
        i18n::set_label(&list, "aria-label", Text::Messages, Locale::EN);
        dom::set_attr(&list, "tabindex", "0");

        let loading = i18n::text_el(doc, "div", "ce-loading", Text::LoadingMessages, Locale::EN);
        let error = dom::element(doc, "div", "ce-error");
        dom::set_attr(&error, "role", "alert");
        dom::set_hidden(&error, true);
        let empty = dom::element(doc, "div", "ce-empty");
        dom::set_hidden(&empty, true);
        fill_empty_state(doc, &empty, empty_state, EMPTY);

        let typing = dom::element(doc, "div", "ce-typing");
        dom::set_attr(&typing, "aria-live", "polite");
        let reply = dom::element(doc, "div", "ce-reply-preview");
        dom::set_hidden(&reply, true);
        let reply_text = dom::element(doc, "div", "ce-reply-text");
        let cancel = dom::text_element(doc, "button", "ce-reply-cancel", "✕");
        dom::set_attr(&cancel, "type", "button");
        i18n::set_label(&cancel, "aria-label", Text::CancelReply, Locale::EN);
        dom::append(&reply, &reply_text);
        dom::append(&reply, &cancel);
        let receipt = i18n::text_el(doc, "div", "ce-receipt", Text::Seen, Locale::EN);

        let form = dom::element(doc, "form", "ce-composer");
        let input: HtmlTextAreaElement =
            dom::element(doc, "textarea", "ce-composer-input").unchecked_into();
        i18n::set_label(&input, "aria-label", Text::MessageInput, Locale::EN);
        dom::set_attr(&input, "rows", "1");
        i18n::set_label(&input, "placeholder", Text::WriteMessage, Locale::EN);
        let button: HtmlButtonElement =
            i18n::text_el(doc, "button", "ce-composer-send", Text::Send, Locale::EN)
                .unchecked_into();
        dom::set_attr(&button, "type", "submit");
        dom::append(&form, &input);
        dom::append(&form, &button);

        for child in [
            &banner, &list, &loading, &error, &empty, &typing, &reply, &form,
        ] {
            dom::append(&root, child);
        }

        let mut listeners = Vec::new();
        let el = element.clone();
        listeners.push(Listener::new(&form, "submit", move |event: Event| {
            event.prevent_default();
            if let Some(el) = el.upgrade() {
                el.send_from_composer();
            }
        }));
        let el = element.clone();
        listeners.push(Listener::new(&input, "keydown", move |event: Event| {
            let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            // Enter sends; Shift+Enter (and Enter while composing with an IME) is a newline.
            if key.key() == "Enter" && !key.shift_key() && !key.is_composing() {
                event.prevent_default();
                if let Some(el) = el.upgrade() {
                    el.send_from_composer();
                }
            } else if key.key() == "Escape" {
                if let Some(el) = el.upgrade() {
                    el.with_view(View::cancel_reply);
                }
            }
        }));
        let el = element.clone();
        listeners.push(Listener::new(&input, "input", move |_: Event| {
            if let Some(el) = el.upgrade() {
                el.on_input();
            }
        }));
        let el = element.clone();
        listeners.push(Listener::new(&list, "scroll", move |_: Event| {
            if let Some(el) = el.upgrade() {
                el.on_scroll();
            }
        }));
        let el = element.clone();
        listeners.push(Listener::new(&root, "click", move |event: Event| {
            if let Some(el) = el.upgrade() {
                el.on_click(&event);
            }
        }));
        let el = element.clone();
        listeners.push(Listener::new(&list, "keydown", move |event: Event| {
            if let Some(el) = el.upgrade() {
                el.on_list_key(&event);
            }
        }));
        let el = element;
        listeners.push(Listener::new(doc, "visibilitychange", move |_: Event| {
            if let Some(el) = el.upgrade() {
                el.schedule_render();
            }
        }));

        View {
            doc: doc.clone(),
            root,
            banner,
            list,
            loading,
            error,
            empty,
            typing,
            reply,
            reply_text,
            input,
            button,
            receipt,
            modes: Modes::default(),
            rows: Vec::new(),
            pass: 0,
            first_key: None,
            stick_to_bottom: false,
            settled: false,
            _listeners: listeners,
        }
    }

    /// Replaces the empty state's content (after `updateOptions`).
    pub fn set_empty_state(&self, empty_state: &EmptyState) {
        self.empty.set_text_content(None);
        fill_empty_state(&self.doc, &self.empty, empty_state, EMPTY);
    }

    /// Forgets every row (a different conversation).
    pub fn clear_rows(&mut self) {
        for (_, row) in &self.rows {
            row.remove();
        }
        self.cancel_reply();
        self.modes = Modes::default();
        self.receipt.remove();
        self.rows.clear();
        self.first_key = None;
        self.settled = false;
        dom::set_attr(&self.root, "data-state", "loading");
    }
}

impl Drop for View {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Fills the empty state; `defaults` (title, description) are shown where the options give none,
/// in the root's locale (marked to follow it).
pub(crate) fn fill_empty_state(
    doc: &Document,
    empty: &Element,
    state: &EmptyState,
    defaults: (Text, Text),
) {
    let locale = empty
        .closest(".ce-root")
        .ok()
        .flatten()
        .map(|root| i18n::of(&root))
        .unwrap_or_default();
    if let Some(url) = state.image_url.as_deref().and_then(safe_image_url) {
        let img = dom::element(doc, "img", "ce-empty-image");
        dom::set_attr(&img, "src", &url);
        dom::set_attr(&img, "alt", "");
        dom::append(empty, &img);
    }
    let title = match state.title.as_deref() {
        Some(title) => dom::text_element(doc, "div", "ce-empty-title", title),
        None => i18n::text_el(doc, "div", "ce-empty-title", defaults.0, locale),
    };
    dom::append(empty, &title);
    let description = match state.description.as_deref() {
        Some(text) => dom::text_element(doc, "div", "ce-empty-description", text),
        None => i18n::text_el(doc, "div", "ce-empty-description", defaults.1, locale),
    };
    dom::append(empty, &description);
}

/// Only http(s) images, resolved against the page.
fn safe_image_url(url: &str) -> Option<String> {
    let base = web_sys::window()?.location().href().ok()?;
    let parsed = web_sys::Url::new_with_base(url, &base).ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.href())
}
