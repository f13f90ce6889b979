//! One conversation row: what it says (the display-name rule, the preview, the time, the unread
//! badge) and its DOM, updated in place.
//!
//! ```text
//! div.ce-dm-row[role=option][data-id][aria-selected][tabindex]
//!   div.ce-dm-top    > span.ce-dm-name + time.ce-dm-time
//!   div.ce-dm-bottom > span.ce-dm-preview + span.ce-dm-badge
//! ```

use js_sys::Date;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::dom;
use crate::i18n::{self, Locale, Text};
use crate::js;

/// The other participants' names of a conversation without a subject.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    pub names: Vec<String>,
    /// More participants than the names listed.
    pub more: bool,
}

/// What a row shows, computed from a conversation snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct RowData {
    pub id: String,
    pub name: String,
    pub preview: String,
    pub time: Option<(String, String)>,
    pub unread: u32,
    /// The conversation has no subject: its name comes from its participants.
    pub needs_names: bool,
    /// The language it is written in (dates, counts and words).
    pub locale: Locale,
}

impl RowData {
    /// `None` for a snapshot without an id. `me` is the current user's id.
    pub fn from(
        conversation: &JsValue,
        names: Option<&Names>,
        me: &str,
        locale: Locale,
    ) -> Option<RowData> {
        let id = js::get(conversation, "id").as_string()?;
        let last = js::get(conversation, "lastMessage");
        let sender = js::get(&last, "sender");
        let sender_id = js::get(&sender, "id").as_string();
        let own = sender_id.as_deref() == Some(me);
        let subject = text(&js::get(conversation, "subject"));
        let name = subject
            .clone()
            .or_else(|| names.and_then(|names| names_label(names, locale)))
            .or_else(|| (!own).then(|| user_name(&sender)).flatten())
            .unwrap_or_else(|| id.clone());
        let preview = if last.is_object() {
            let plain = js::get(&last, "plaintext").as_string().unwrap_or_default();
            let plain = if plain.trim().is_empty() {
                i18n::t(locale, Text::Attachment).to_owned()
            } else {
                plain
            };
            if own {
                i18n::tr(locale, Text::YouSaid, &[&plain])
            } else {
                plain
            }
        } else {
            i18n::t(locale, Text::NoMessagesYet).to_owned()
        };
        let unread = js::get(conversation, "unreadMessageCount")
            .as_f64()
            .filter(|n| n.is_finite() && *n > 0.0)
            .map_or(0, |n| n.min(u32::MAX as f64) as u32);
        Some(RowData {
            id,
            name,
            preview,
            time: js::get(&last, "createdAt")
                .as_f64()
                .and_then(|ms| format_time(ms, locale)),
            unread,
            needs_names: subject.is_none(),
            locale,
        })
    }

    /// What a screen reader announces for the row: the visible text in its order (so voice
    /// control users can say what they see), then the unread count.
    fn label(&self) -> String {
        let mut label = self.name.clone();
        if let Some((_, shown)) = &self.time {
            label.extend([", ", shown]);
        }
        label.extend([", ", &self.preview]);
        if self.unread > 0 {
            let unread = i18n::number(self.locale, self.unread.into());
            let text = if self.unread == 1 {
                Text::UnreadOne
            } else {
                Text::UnreadMany
            };
            label.extend([", ", &i18n::tr(self.locale, text, &[&unread])]);
        }
        label
    }
}

/// The participants' names: "Ann, Bob" (and "…" when there are more).
fn names_label(names: &Names, locale: Locale) -> Option<String> {
    if names.names.is_empty() {
        return None;
    }
    let comma = i18n::t(locale, Text::ListComma);
    let mut label = names.names.join(comma);
    if names.more {
        label.extend([comma, "…"]);
    }
    Some(label)
}

/// A user's name, else their id.
pub fn user_name(user: &JsValue) -> Option<String> {
    text(&js::get(user, "name")).or_else(|| text(&js::get(user, "id")))
}

/// A non-blank string.
fn text(value: &JsValue) -> Option<String> {
    value.as_string().filter(|s| !s.trim().is_empty())
}

/// `(ISO time, shown time)`: the time of day today, else the date.
fn format_time(ms: f64, locale: Locale) -> Option<(String, String)> {
    if !ms.is_finite() {
        return None;
    }
    let date = Date::new(&JsValue::from_f64(ms));
    let now = Date::new_0();
    let today = date.get_full_year() == now.get_full_year()
        && date.get_month() == now.get_month()
        && date.get_date() == now.get_date();
    let options = if today {
        js::object(&[
            ("hour", JsValue::from_str("2-digit")),
            ("minute", JsValue::from_str("2-digit")),
        ])
    } else {
        js::object(&[
            ("month", JsValue::from_str("short")),
            ("day", JsValue::from_str("numeric")),
        ])
    };
    let shown = i18n::date(locale, ms, &options);
    // Plain spaces (Intl puts U+202F before "AM"): tools that match the label against the visible
    // text treat those differently.
    let shown = shown
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    Some((String::from(date.to_iso_string()), shown))
}

/// A row's DOM and what it shows now.
pub struct Row {
    pub node: Element,
    name: Element,
    time: Element,
    preview: Element,
    badge: Element,
    shown: Option<RowData>,
    /// The render pass that last saw this row (rows not seen by a pass are removed).
    pub pass: u32,
}

impl Row {
    pub fn new(doc: &Document, id: &str) -> Row {
        let node = dom::element(doc, "div", "ce-dm-row");
        dom::set_attr(&node, "role", "option");
        dom::set_attr(&node, "data-id", id);
        dom::set_attr(&node, "tabindex", "-1");
        dom::set_attr(&node, "aria-selected", "false");
        let top = dom::element(doc, "div", "ce-dm-top");
        let name = dom::element(doc, "span", "ce-dm-name");
        let time = dom::element(doc, "time", "ce-dm-time");
        let bottom = dom::element(doc, "div", "ce-dm-bottom");
        let preview = dom::element(doc, "span", "ce-dm-preview");
        let badge = dom::element(doc, "span", "ce-dm-badge");
        dom::set_attr(&badge, "aria-hidden", "true");
        dom::set_hidden(&badge, true);
        // The spaces are not rendered between flex items, but keep the words apart in the text
        // that assistive technology and voice control read ("Ann 10:00 Hi 2", as in the label).
        for (parent, children) in [(&top, [&name, &time]), (&bottom, [&preview, &badge])] {
            dom::append(parent, children[0]);
            let _ = parent.insert_adjacent_text("beforeend", " ");
            dom::append(parent, children[1]);
        }
        dom::append(&node, &top);
        let _ = node.insert_adjacent_text("beforeend", " ");
        dom::append(&node, &bottom);
        Row {
            node,
            name,
            time,
            preview,
            badge,
            shown: None,
            pass: 0,
        }
    }

    /// Shows `data` (text through textContent only); nothing changes when it is what is shown.
    pub fn show(&mut self, data: RowData) {
        if self.shown.as_ref() == Some(&data) {
            return;
        }
        dom::set_user_text(&self.name, &data.name);
        dom::set_user_text(&self.preview, &data.preview);
        match &data.time {
            Some((iso, shown)) => {
                dom::set_attr(&self.time, "datetime", iso);
                self.time.set_text_content(Some(shown));
            }
            None => {
                let _ = self.time.remove_attribute("datetime");
                self.time.set_text_content(None);
            }
        }
        let count = match data.unread {
            0 => String::new(),
            1..=99 => i18n::number(data.locale, data.unread.into()),
            _ => [i18n::number(data.locale, 99.0), "+".into()].concat(),
        };
        self.badge.set_text_content(Some(&count));
        dom::set_hidden(&self.badge, data.unread == 0);
        self.node.set_class_name(if data.unread > 0 {
            "ce-dm-row ce-unread"
        } else {
            "ce-dm-row"
        });
        dom::set_attr(&self.node, "aria-label", &data.label());
        self.shown = Some(data);
    }

    /// Marks the row selected or not (`aria-selected`, `aria-current`).
    pub fn set_selected(&self, selected: bool) {
        dom::set_attr(
            &self.node,
            "aria-selected",
            if selected { "true" } else { "false" },
        );
        if selected {
            dom::set_attr(&self.node, "aria-current", "true");
        } else {
            let _ = self.node.remove_attribute("aria-current");
        }
    }
}
