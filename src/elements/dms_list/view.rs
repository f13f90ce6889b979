//! The dms-list-element's DOM: the skeleton, the rows in order, selection, keyboard navigation.
//!
//! ```text
//! div.ce-root.ce-dms[data-state]
//!   div.ce-dm-list[role=listbox][aria-label]   the rows (row.rs), most recently active first
//!   div.ce-loading / div.ce-error / div.ce-empty
//! ```
//!
//! The list is a listbox with a roving tab stop: Tab reaches one row (the selected one, else the
//! first), arrow keys / Home / End move between rows, Enter or Space selects.

use chat_elements_core::keyed::KeyedVec;
use std::rc::Weak;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlElement, KeyboardEvent};

use super::row::{Names, Row, RowData};
use super::DmsShared;
use crate::dom::{self, Listener};
use crate::elements::chat::options::EmptyState;
use crate::elements::chat::view::fill_empty_state;
use crate::i18n::{self, Locale, Text};
use crate::js;

/// The empty state's default title and description.
const EMPTY: (Text, Text) = (Text::NoConversations, Text::NoConversationsDescription);

/// How close to the end of the list (px) counts as scrolled to the bottom.
const BOTTOM_SLACK_PX: i32 = 48;

pub struct View {
    doc: Document,
    pub root: Element,
    list: Element,
    loading: Element,
    error: Element,
    empty: Element,
    rows: KeyedVec<Row>,
    pass: u32,
    _listeners: Vec<Listener>,
}

impl View {
    pub fn build(doc: &Document, element: Weak<DmsShared>, empty_state: &EmptyState) -> View {
        let root = dom::element(doc, "div", "ce-root ce-dms");
        dom::set_attr(&root, "data-state", "loading");
        let list = dom::element(doc, "div", "ce-dm-list");
        dom::set_attr(&list, "role", "listbox");
        i18n::set_label(&list, "aria-label", Text::Conversations, Locale::EN);
        let loading = i18n::text_el(
            doc,
            "div",
            "ce-loading",
            Text::LoadingConversations,
            Locale::EN,
        );
        let error = dom::element(doc, "div", "ce-error");
        dom::set_attr(&error, "role", "alert");
        dom::set_hidden(&error, true);
        let empty = dom::element(doc, "div", "ce-empty");
        dom::set_hidden(&empty, true);
        fill_empty_state(doc, &empty, empty_state, EMPTY);
        for child in [&list, &loading, &error, &empty] {
            dom::append(&root, child);
        }

        // One handler for the list's clicks, keys and scrolling.
        let handler: std::rc::Rc<dyn Fn(Event)> = std::rc::Rc::new(move |event: Event| {
            if let Some(el) = element.upgrade() {
                on_list_event(&el, &event);
            }
        });
        let listeners = Listener::delegate(&list, &["click", "keydown", "scroll"], &handler);

        View {
            doc: doc.clone(),
            root,
            list,
            loading,
            error,
            empty,
            rows: KeyedVec::default(),
            pass: 0,
            _listeners: listeners,
        }
    }

    /// Replaces the empty state's content (after `updateOptions`).
    pub fn set_empty_state(&self, empty_state: &EmptyState) {
        self.empty.set_text_content(None);
        fill_empty_state(&self.doc, &self.empty, empty_state, EMPTY);
    }

    /// Shows the conversations in the given order (rows are kept, updated and moved, focus
    /// stays on its row). Returns the ids of the conversations named by their participants.
    pub fn show_list(
        &mut self,
        conversations: &[JsValue],
        names: &KeyedVec<Names>,
        me: &str,
        selected: Option<&str>,
    ) -> Vec<String> {
        self.pass = self.pass.wrapping_add(1);
        let pass = self.pass;
        let focused = self.doc.active_element();
        let locale = i18n::of(&self.root);
        let mut needs_names = Vec::new();
        let mut previous: Option<Element> = None;
        for conversation in conversations {
            let Some(id) = js::get(conversation, "id").as_string() else {
                continue;
            };
            let Some(data) = RowData::from(conversation, names.get(&id), me, locale) else {
                continue;
            };
            if data.needs_names {
                needs_names.push(data.id.clone());
            }
            let doc = &self.doc;
            let row = self.rows.get_or_insert_with(&id, || Row::new(doc, &id));
            if row.pass == pass {
                continue; // the same conversation twice in one snapshot
            }
            row.pass = pass;
            row.show(data);
            row.set_selected(selected == Some(id.as_str()));
            let expected = match &previous {
                Some(previous) => previous.next_element_sibling(),
                None => self.list.first_element_child(),
            };
            if expected.as_ref() != Some(&row.node) {
                let _ = self.list.insert_before(&row.node, expected.as_deref());
            }
            previous = Some(row.node.clone());
        }
        self.rows.retain(|_, row| {
            let keep = row.pass == pass;
            if !keep {
                row.node.remove();
            }
            keep
        });
        if let Some(focused) = focused {
            let moved = self.rows.values().any(|row| row.node == focused);
            if moved && self.doc.active_element().as_ref() != Some(&focused) {
                focus(&focused);
            }
        }
        self.ensure_tab_stop(selected);
        let empty = self.rows.is_empty();
        dom::set_attr(&self.root, "data-state", "ready");
        dom::set_hidden(&self.loading, true);
        dom::set_hidden(&self.error, true);
        dom::set_hidden(&self.empty, !empty);
        dom::set_hidden(&self.list, empty);
        needs_names
    }

    /// Shows an error instead of the list.
    pub fn show_error(&self, message: &str) {
        self.error.set_text_content(Some(message));
        dom::set_hidden(&self.error, false);
        dom::set_hidden(&self.loading, true);
    }

    /// Marks `selected` (and makes it the row Tab reaches).
    pub fn set_selected(&self, selected: Option<&str>) {
        for (id, row) in self.rows.iter() {
            let is_selected = selected == Some(id);
            row.set_selected(is_selected);
            if is_selected {
                self.set_tab_stop(&row.node);
            }
        }
        self.ensure_tab_stop(selected);
    }

    /// True when the list is scrolled to (or does not reach past) its bottom.
    pub fn near_bottom(&self) -> bool {
        let list = &self.list;
        list.scroll_top() + list.client_height() >= list.scroll_height() - BOTTOM_SLACK_PX
    }

    /// Exactly one row is reachable with Tab: the current one if it is still there, else the
    /// selected row, else the first.
    fn ensure_tab_stop(&self, selected: Option<&str>) {
        let current = self
            .rows
            .values()
            .find(|row| row.node.get_attribute("tabindex").as_deref() == Some("0"));
        if current.is_some() {
            return;
        }
        let stop = selected
            .and_then(|id| self.rows.get(id))
            .map(|row| row.node.clone())
            .or_else(|| self.list.first_element_child());
        if let Some(stop) = stop {
            self.set_tab_stop(&stop);
        }
    }

    fn set_tab_stop(&self, node: &Element) {
        for row in self.rows.values() {
            let index = if &row.node == node { "0" } else { "-1" };
            dom::set_attr(&row.node, "tabindex", index);
        }
    }
}

impl Drop for View {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// The conversation id of the row an event happened in.
fn row_id(event: &Event) -> Option<String> {
    event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest(".ce-dm-row").ok().flatten())
        .and_then(|row| row.get_attribute("data-id"))
}

/// Arrow keys, Home and End move focus between rows (the roving tab stop goes along).
fn move_focus(event: &Event, key: &str) -> bool {
    let Some(row) = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest(".ce-dm-row").ok().flatten())
    else {
        return false;
    };
    let Some(list) = row.parent_element() else {
        return false;
    };
    let target = match key {
        "ArrowDown" => row.next_element_sibling(),
        "ArrowUp" => row.previous_element_sibling(),
        "Home" => list.first_element_child(),
        "End" => list.last_element_child(),
        _ => return false,
    };
    if let Some(target) = target {
        dom::set_attr(&row, "tabindex", "-1");
        dom::set_attr(&target, "tabindex", "0");
        focus(&target);
    }
    true
}

fn focus(node: &Element) {
    if let Some(node) = node.dyn_ref::<HtmlElement>() {
        let _ = node.focus();
    }
}

/// A click or a key on a row selects it (arrows move the focus); scrolling may load more.
fn on_list_event(el: &DmsShared, event: &Event) {
    match event.type_().as_str() {
        "click" => {
            if let Some(id) = row_id(event) {
                el.select(id);
            }
        }
        "keydown" => {
            let Some(key) = event.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key) else {
                return;
            };
            if key == "Enter" || key == " " {
                if let Some(id) = row_id(event) {
                    event.prevent_default();
                    el.select(id);
                }
            } else if move_focus(event, &key) {
                event.prevent_default();
            }
        }
        _ => el.on_scroll(),
    }
}
