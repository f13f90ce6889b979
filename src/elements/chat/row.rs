//! One message row: sender, quoted message, rich text, files, "(edited)", reactions and the
//! actions button, brought in line with a timeline entry (only when the entry changed).
//!
//! ```text
//! div.ce-message[.ce-grouped][data-status][data-sender-id][data-message-id][data-client-id]
//!   span.ce-avatar[aria-hidden]                photo or initials (layout.rs)
//!   button.ce-message-sender[data-user-id]     → profileClick
//!   time.ce-message-time
//!   div.ce-quote                               the replied-to message, one level deep
//!   div.ce-message-text                        content.rs
//!   div.ce-attachments                         images and files
//!   span.ce-edited / div.ce-reactions          reactions.rs
//!   button.ce-actions-toggle                   actions.rs
//! ```

use chat_elements_core::{Entry, PendingStatus};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use super::{content, layout, reactions};
use crate::dom;
use crate::i18n::{self, Locale, Text};
use crate::js;
use crate::session::message::JsMessage;

pub struct Row {
    pub node: Element,
    pub avatar: Element,
    pub sender: Element,
    pub time: Element,
    pub quote: Element,
    pub text: Element,
    pub files: Element,
    pub edited: Element,
    pub reactions: Element,
    pub toggle: Element,
    /// The day separator and the unread divider shown above this row, if any (separators.rs).
    pub day: Option<(u32, Element)>,
    pub unread: Option<Element>,
    pub status: &'static str,
    /// The message object shown (a new object after an edit or a reaction).
    pub source: JsValue,
    pub failure: Option<Element>,
    /// The render pass that last saw this row (rows not seen by a pass are removed).
    pub pass: u32,
    pub message_id: Option<String>,
    pub created_at: f64,
    pub own: bool,
    pub sender_id: String,
}

impl Row {
    pub fn new(doc: &Document) -> Row {
        let node = dom::element(doc, "div", "ce-message");
        let sender = dom::element(doc, "button", "ce-message-sender");
        dom::set_attr(&sender, "type", "button");
        let avatar = layout::avatar(doc);
        let time = dom::element(doc, "time", "ce-message-time");
        let quote = dom::element(doc, "div", "ce-quote");
        dom::set_hidden(&quote, true);
        let text = dom::element(doc, "div", "ce-message-text");
        let files = dom::element(doc, "div", "ce-attachments");
        dom::set_hidden(&files, true);
        let edited = i18n::text_el(doc, "span", "ce-edited", Text::Edited, Locale::EN);
        dom::set_hidden(&edited, true);
        let reactions = dom::element(doc, "div", "ce-reactions");
        dom::set_hidden(&reactions, true);
        let toggle = dom::text_element(doc, "button", "ce-actions-toggle", "⋯");
        dom::set_attr(&toggle, "type", "button");
        dom::set_attr(&toggle, "data-action", "menu");
        i18n::set_label(&toggle, "aria-label", Text::MessageActions, Locale::EN);
        dom::set_attr(&toggle, "aria-haspopup", "menu");
        dom::set_attr(&toggle, "aria-expanded", "false");
        dom::set_hidden(&toggle, true);
        for child in [
            &avatar, &sender, &time, &quote, &text, &files, &edited, &reactions, &toggle,
        ] {
            dom::append(&node, child);
        }
        Row {
            node,
            avatar,
            sender,
            time,
            quote,
            text,
            files,
            edited,
            reactions,
            toggle,
            day: None,
            unread: None,
            status: "",
            source: JsValue::UNDEFINED,
            failure: None,
            pass: 0,
            message_id: None,
            created_at: 0.0,
            own: false,
            sender_id: String::new(),
        }
    }

    /// Removes the row and its separators from the page.
    pub fn remove(&self) {
        self.node.remove();
        if let Some((_, day)) = &self.day {
            day.remove();
        }
        if let Some(unread) = &self.unread {
            unread.remove();
        }
    }

    pub fn update(
        &mut self,
        doc: &Document,
        entry: &Entry<'_, JsMessage>,
        me: (&str, &str),
        base: &str,
        locale: Locale,
    ) {
        let (status, failure) = match entry {
            Entry::Message(_) => ("sent", None),
            Entry::Pending(p) => match &p.status {
                PendingStatus::Sending => ("sending", None),
                PendingStatus::Failed { message, .. } => ("failed", Some(message.as_str())),
            },
        };
        let source = match entry {
            Entry::Message(m) => m.value.clone(),
            Entry::Pending(_) => JsValue::UNDEFINED,
        };
        if self.status == status && self.source == source {
            return;
        }
        if self.status.is_empty() {
            // A new row: its fixed labels in the element's locale (they follow changes later).
            i18n::set_text(&self.edited, Text::Edited, locale);
            i18n::set_label(&self.toggle, "aria-label", Text::MessageActions, locale);
        }
        self.status = status;
        self.source = source;
        let (own_id, own_name) = me;
        let (message_id, client_id, sender_id, sender_name) = match entry {
            Entry::Message(m) => (
                Some(m.id.as_str()),
                m.client_id.as_deref(),
                m.sender_id.as_deref().unwrap_or(""),
                m.sender_name(),
            ),
            Entry::Pending(p) if p.sender.id.is_empty() => (
                None,
                Some(p.client_id.as_str()),
                own_id,
                own_name.to_owned(),
            ),
            Entry::Pending(p) => (
                None,
                Some(p.client_id.as_str()),
                p.sender.id.as_str(),
                p.sender.name.clone(),
            ),
        };
        self.own =
            matches!(entry, Entry::Pending(_)) || (!own_id.is_empty() && sender_id == own_id);
        self.message_id = message_id.map(str::to_owned);
        sender_id.clone_into(&mut self.sender_id);
        let node = &self.node;
        let grouped = node.class_list().contains("ce-grouped");
        node.set_class_name(match (self.own, grouped) {
            (true, true) => "ce-message ce-own ce-grouped",
            (true, false) => "ce-message ce-own",
            (false, true) => "ce-message ce-grouped",
            (false, false) => "ce-message",
        });
        dom::set_attr(node, "data-status", status);
        dom::set_attr(node, "data-sender-id", sender_id);
        set_or_remove(node, "data-message-id", message_id);
        set_or_remove(node, "data-client-id", client_id);
        dom::set_user_text(&self.sender, &sender_name);
        dom::set_attr(&self.sender, "data-user-id", sender_id);
        i18n::set_label_with(
            &self.sender,
            "aria-label",
            Text::ProfileOf,
            &sender_name,
            locale,
        );
        dom::set_hidden(&self.toggle, message_id.is_none());
        let photo = match entry {
            Entry::Message(m) => js::get(&js::get(&m.value, "sender"), "photoUrl").as_string(),
            Entry::Pending(_) => None,
        };
        layout::set_avatar(doc, &self.avatar, sender_id, &sender_name, photo);

        match entry {
            Entry::Message(m) => {
                let value = &m.value;
                self.created_at = js::get(value, "createdAt").as_f64().unwrap_or(0.0);
                content::render(doc, value, &self.text, &self.files, base);
                quote(doc, &self.quote, &js::get(value, "referencedMessage"));
                let edited = js::get(value, "editedAt").as_f64().is_some();
                dom::set_hidden(&self.edited, !edited);
                reactions::render(doc, &self.reactions, &js::get(value, "reactions"));
                layout::set_time(&self.time, self.created_at);
            }
            Entry::Pending(p) => {
                self.created_at = js_sys::Date::now();
                layout::set_time(&self.time, self.created_at);
                dom::set_user_text(&self.text, &p.text);
                dom::set_hidden(&self.files, true);
            }
        }

        if let Some(old) = self.failure.take() {
            old.remove();
        }
        if let Some(reason) = failure {
            let box_ = dom::element(doc, "div", "ce-message-failure");
            let text = dom::element(doc, "span", "ce-message-error");
            i18n::set_text_with(&text, Text::NotSent, reason, locale);
            dom::append(&box_, &text);
            let retry = i18n::text_el(doc, "button", "ce-retry", Text::Retry, locale);
            dom::set_attr(&retry, "type", "button");
            dom::append(&box_, &retry);
            dom::append(node, &box_);
            self.failure = Some(box_);
        }
    }
}

fn set_or_remove(node: &Element, name: &str, value: Option<&str>) {
    match value {
        Some(value) => dom::set_attr(node, name, value),
        None => {
            let _ = node.remove_attribute(name);
        }
    }
}

/// The replied-to message: its sender and plain text (never its own quote).
fn quote(doc: &Document, target: &Element, referenced: &JsValue) {
    target.set_text_content(None);
    dom::set_hidden(target, !referenced.is_object());
    if !referenced.is_object() {
        return;
    }
    let name = js::get(&js::get(referenced, "sender"), "name")
        .as_string()
        .unwrap_or_default();
    let text = js::get(referenced, "plaintext")
        .as_string()
        .unwrap_or_default();
    dom::append(
        target,
        &dom::user_text_element(doc, "div", "ce-quote-sender", &name),
    );
    dom::append(
        target,
        &dom::user_text_element(doc, "div", "ce-quote-text", &text),
    );
}
