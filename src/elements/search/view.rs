//! The search-element's DOM skeleton, its event handlers and its keyboard navigation.
//!
//! ```text
//! div.ce-root.ce-search[role=search][data-state]
//!   div.ce-search-header > label.ce-search-label, button.ce-search-close
//!   input.ce-search-input[type=search]
//!   div.ce-search-status[role=status][aria-live=polite]   "Searching…", "3 results"
//!   ul.ce-search-results                                  the rows (results.rs)
//!   div.ce-search-empty                                   nothing found
//!   button.ce-search-more                                 when more results can be loaded
//! ```

use chat_elements_core::ids::decimal;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent};

use super::{Mount, SearchShared};
use crate::dom::{self, Listener};
use crate::i18n::{self, Locale, Text};

pub struct View {
    pub doc: Document,
    pub root: Element,
    pub input: HtmlInputElement,
    pub status: Element,
    pub list: Element,
    pub empty: Element,
    pub more: Element,
    /// How many results have a row.
    pub rows: u32,
    _listeners: Vec<Listener>,
}

impl View {
    pub fn build(doc: &Document, element: Weak<SearchShared>, id: u32) -> View {
        let root = dom::element(doc, "div", "ce-root ce-search");
        dom::set_attr(&root, "role", "search");
        dom::set_attr(&root, "data-state", "loading");

        let header = dom::element(doc, "div", "ce-search-header");
        let input_id = ["ce-search-", &decimal(id.into()), "-input"].concat();
        let label = i18n::text_el(
            doc,
            "label",
            "ce-search-label",
            Text::SearchMessages,
            Locale::EN,
        );
        dom::set_attr(&label, "for", &input_id);
        let close = dom::text_element(doc, "button", "ce-search-close", "×");
        dom::set_attr(&close, "type", "button");
        i18n::set_label(&close, "aria-label", Text::CloseSearch, Locale::EN);
        dom::append(&header, &label);
        dom::append(&header, &close);

        let input: HtmlInputElement =
            dom::element(doc, "input", "ce-search-input").unchecked_into();
        input.set_type("search");
        input.set_id(&input_id);
        dom::set_attr(&input, "autocomplete", "off");
        i18n::set_label(&input, "placeholder", Text::SearchPlaceholder, Locale::EN);

        let status = dom::element(doc, "div", "ce-search-status");
        dom::set_attr(&status, "role", "status");
        dom::set_attr(&status, "aria-live", "polite");
        let list = dom::element(doc, "ul", "ce-search-results");
        i18n::set_label(&list, "aria-label", Text::SearchResults, Locale::EN);
        let empty = dom::element(doc, "div", "ce-search-empty");
        dom::append(
            &empty,
            &i18n::text_el(doc, "div", "ce-empty-title", Text::NoResults, Locale::EN),
        );
        dom::append(
            &empty,
            &i18n::text_el(
                doc,
                "div",
                "ce-empty-description",
                Text::NoResultsDescription,
                Locale::EN,
            ),
        );
        dom::set_hidden(&empty, true);
        let more = i18n::text_el(
            doc,
            "button",
            "ce-search-more",
            Text::LoadMoreResults,
            Locale::EN,
        );
        dom::set_attr(&more, "type", "button");
        dom::set_hidden(&more, true);

        for child in [&header, input.as_ref(), &status, &list, &empty, &more] {
            dom::append(&root, child);
        }

        // One handler on the root for the input, the buttons, the results and the keys.
        let handler: Rc<dyn Fn(Event)> = Rc::new(move |event: Event| {
            if let Some(el) = element.upgrade() {
                el.on_event(&event);
            }
        });
        let listeners = Listener::delegate(&root, &["input", "click", "keydown"], &handler);

        View {
            doc: doc.clone(),
            root,
            input,
            status,
            list,
            empty,
            more,
            rows: 0,
            _listeners: listeners,
        }
    }

    /// Focuses the result at `index` (the input when there is none).
    pub fn focus_row(&self, index: u32) {
        let row = self
            .list
            .children()
            .item(index)
            .and_then(|item| item.first_element_child())
            .and_then(|row| row.dyn_into::<HtmlElement>().ok());
        let _ = match row {
            Some(row) => row.focus(),
            None => self.input.focus(),
        };
    }

    /// Removes every row (a new query).
    pub fn clear_rows(&mut self) {
        self.list.set_text_content(None);
        self.rows = 0;
    }
}

impl Drop for View {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Arrow keys, Home and End move the focus between the input and the results. True when the
/// key was used.
fn navigate(list: &Element, input: &HtmlInputElement, event: &Event, key: &str) -> bool {
    let items = list.children();
    let count = items.length();
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    let from_input = target
        .as_ref()
        .is_some_and(|t| t.is_same_node(Some(input.as_ref())));
    let current = target
        .as_ref()
        .and_then(|t| t.get_attribute("data-index"))
        .and_then(|i| i.parse::<u32>().ok())
        .filter(|_| {
            target
                .as_ref()
                .is_some_and(|t| t.class_name() == "ce-search-result")
        });
    if count == 0 || (!from_input && current.is_none()) {
        return false;
    }
    let next = match (key, current) {
        ("ArrowDown", None) => Some(0),
        ("ArrowDown", Some(i)) => Some((i + 1).min(count - 1)),
        ("ArrowUp", Some(0)) => {
            let _ = input.focus();
            return true;
        }
        ("ArrowUp", Some(i)) => Some(i - 1),
        ("Home", Some(_)) => Some(0),
        ("End", Some(_)) => Some(count - 1),
        _ => None,
    };
    let Some(next) = next else {
        return false;
    };
    let row = items.item(next).and_then(|item| item.first_element_child());
    if let Some(row) = row.and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
        let _ = row.focus();
    }
    true
}

impl SearchShared {
    /// The element's DOM events (see `View::build`).
    fn on_event(self: &Rc<Self>, event: &Event) {
        let Some(hit) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let closest = |selector: &str| hit.closest(selector).ok().flatten();
        match event.type_().as_str() {
            "input" if hit.class_list().contains("ce-search-input") => self.on_input(),
            "click" if closest(".ce-search-close").is_some() => self.request_close(),
            "click" if closest(".ce-search-more").is_some() => self.load_more(),
            "click" => {
                let index = closest(".ce-search-result")
                    .and_then(|row| row.get_attribute("data-index"))
                    .and_then(|i| i.parse::<u32>().ok());
                if let Some(index) = index {
                    self.activate(index);
                }
            }
            "keydown" => self.on_key(event, &hit),
            _ => {}
        }
    }

    fn on_key(self: &Rc<Self>, event: &Event, hit: &Element) {
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if key.is_composing() {
            return;
        }
        let in_input = hit.class_list().contains("ce-search-input");
        if key.key() == "Escape" {
            event.prevent_default();
            self.request_close();
        } else if key.key() == "Enter" && in_input {
            event.prevent_default();
            self.run_query();
        } else {
            let moved = self
                .state
                .try_borrow()
                .ok()
                .and_then(|state| match &state.mount {
                    Mount::Mounted(view) => {
                        Some(navigate(&view.list, &view.input, event, &key.key()))
                    }
                    _ => None,
                });
            if moved == Some(true) {
                event.prevent_default();
            }
        }
    }
}
