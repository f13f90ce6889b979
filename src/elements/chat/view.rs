//! The chat-element's DOM skeleton and its event handlers.
//!
//! ```text
//! div.ce-root.ce-chat[data-state]
//!   div.ce-banner[role=status]            connection trouble
//!   div.ce-messages[role=log][aria-live]  the rows (render.rs)
//!   div.ce-loading / div.ce-error / div.ce-empty
//!   div.ce-typing[aria-live]              who is typing
//!   div.ce-reply-preview                  the message being replied to, with a cancel button
//!   ul.ce-mention-list[role=listbox]      `@` suggestions (mentions.rs)
//!   div.ce-composer-files                 files being attached (attachments.rs)
//!   form.ce-composer > button.ce-composer-attach + input[type=file] + textarea.ce-composer-input
//!                      + button.ce-composer-send
//!   div.ce-preview-backdrop               an open attachment preview (preview.rs)
//! ```
//!
//! The element's DOM events go to one handler on its root (dispatch.rs).

use std::rc::Weak;

use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
};

use super::actions::Modes;
use super::attachments::Attachments;
use super::mentions::Mentions;
use super::options::EmptyState;
use super::preview::Preview;
use super::row::Row;
use super::separators;
use super::virtual_list::{Meta, Rendered, Virtual};
use super::ElementShared;
use crate::dom::{self, Listener};
use crate::i18n::{self, Locale, Text};
use crate::timers::Timeout;

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
    /// The window of rendered rows, its spacers and the measured heights.
    pub virt: Virtual,
    /// A message to scroll to and highlight once it is loaded (`deeplinkToPostId`).
    pub deeplink: Option<String>,
    /// The key of the highlighted (deep-linked) row, and the timer that ends the highlight.
    pub highlight: Option<String>,
    pub highlight_timer: Option<Timeout>,
    /// Scroll to the newest message at the next render (after the user sent one).
    pub stick_to_bottom: bool,
    /// Whether the list was scrolled to the bottom after the first page.
    pub settled: bool,
    /// The files being attached in the composer.
    pub attachments: Attachments,
    /// The `@` suggestions.
    pub mentions: Mentions,
    /// The open attachment preview.
    pub preview: Option<Preview>,
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
        let el = element.clone();
        let virt = Virtual::new(move || {
            if let Some(el) = el.upgrade() {
                el.on_resize();
            }
        });
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
        let attach = dom::text_element(doc, "button", "ce-composer-attach", "+");
        dom::set_attr(&attach, "type", "button");
        i18n::set_label(&attach, "aria-label", Text::AttachFiles, Locale::EN);
        let picker: HtmlInputElement =
            dom::element(doc, "input", "ce-composer-file").unchecked_into();
        dom::set_attr(&picker, "type", "file");
        dom::set_attr(&picker, "multiple", "");
        dom::set_attr(&picker, "tabindex", "-1");
        dom::set_attr(&picker, "aria-hidden", "true");
        dom::set_hidden(&picker, true);
        dom::append(&form, &attach);
        dom::append(&form, &picker);
        dom::append(&form, &input);
        dom::append(&form, &button);
        let attachments = Attachments::new(doc);
        let mentions = Mentions::new(doc, &input, dom::next_id());

        for child in [
            &banner,
            &list,
            &loading,
            &error,
            &empty,
            &typing,
            &reply,
            &mentions.list,
            &attachments.list,
            &form,
        ] {
            dom::append(&root, child);
        }

        let listeners = super::dispatch::listen(&root, doc, element);

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
            virt,
            deeplink: None,
            highlight: None,
            highlight_timer: None,
            stick_to_bottom: false,
            settled: false,
            attachments,
            mentions,
            preview: None,
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
        // Mentions picked for the previous conversation's participants.
        self.mentions.picked.clear();
        self.mentions.close(&self.input);
        for (_, row) in &self.rows {
            self.virt.unobserve(&row.node);
        }
        self.rows.clear();
        self.virt.reset();
        self.highlight = None;
        self.highlight_timer = None;
        self.settled = false;
        dom::set_attr(&self.root, "data-state", "loading");
    }
}

impl View {
    pub fn row(&self, key: &str) -> Option<&Row> {
        let at = self
            .rows
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()?;
        Some(&self.rows[at].1)
    }

    /// The rendered rows of `metas` (in order) with their first nodes.
    pub fn rendered(&self, metas: &[Meta]) -> Vec<Rendered> {
        metas
            .iter()
            .filter_map(|m| {
                let row = self.row(&m.key)?;
                let first = separators::nodes(row).next()?.clone();
                Some((m.key.clone(), first, row.node.clone()))
            })
            .collect()
    }

    /// A row left the DOM: stop observing it, and close what was open in it.
    pub fn forget_row(&mut self, node: &Element) {
        self.virt.unobserve(node);
        let shown = |id: &str| {
            self.rows
                .iter()
                .any(|(_, row)| row.message_id.as_deref() == Some(id))
        };
        if self.modes.menu.as_ref().is_some_and(|(id, _)| !shown(id)) {
            self.modes.menu = None;
        }
        if self.modes.editor.as_ref().is_some_and(|(id, _)| !shown(id)) {
            self.modes.editor = None;
        }
        if self
            .modes
            .confirm
            .as_ref()
            .is_some_and(|(id, _)| !shown(id))
        {
            self.modes.confirm = None;
        }
    }

    /// Moves the focus to the highlighted row (already scrolled into view).
    pub fn focus_highlight(&self) {
        let node = self.highlight.as_deref().and_then(|key| self.row(key));
        if let Some(el) = node.and_then(|row| row.node.dyn_ref::<HtmlElement>()) {
            let _ = el.focus();
        }
    }

    /// The anchor and "at the bottom" from the DOM (after the user scrolled).
    pub fn capture_position(&mut self) {
        let mut rendered = Vec::new();
        let mut child = self.list.first_element_child();
        while let Some(el) = child {
            child = el.next_element_sibling();
            let found = self
                .rows
                .iter()
                .find(|(_, row)| separators::nodes(row).next() == Some(&el));
            if let Some((key, row)) = found {
                rendered.push((key.clone(), el, row.node.clone()));
            }
        }
        self.virt.capture(&self.list, &rendered);
    }

    /// Keeps what the user sees in place after a row changed height.
    pub fn restore_position(&self) {
        self.virt
            .restore(&self.list, |key| row_node(&self.rows, key));
    }
}

/// The node of row `key` among `rows` (sorted by key).
pub fn row_node(rows: &[(String, Row)], key: &str) -> Option<Element> {
    let at = rows.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
    Some(rows[at].1.node.clone())
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
pub(super) fn safe_image_url(url: &str) -> Option<String> {
    let base = web_sys::window()?.location().href().ok()?;
    let parsed = web_sys::Url::new_with_base(url, &base).ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.href())
}
