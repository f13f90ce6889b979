//! The chat element's DOM events: one handler, listening on the element's root for each event
//! type it needs (and on the document for `visibilitychange`), dispatching on the type and on
//! what was hit. Events of a node inside reach the handler as they bubble (`scroll`, which does
//! not bubble, in the capture phase); the order of the handlers that used to sit on the nodes is
//! kept: the composer's or the list's keys first, then the preview's.

use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlInputElement, KeyboardEvent};

use super::view::View;
use super::ElementShared;
use crate::dom::Listener;

/// The event types the root listens to.
const ROOT_EVENTS: [&str; 10] = [
    "click", "keydown", "input", "submit", "focusout", "change", "paste", "dragover", "drop",
    "scroll",
];

/// Starts listening; dropping the listeners stops.
pub fn listen(root: &Element, doc: &Document, element: Weak<ElementShared>) -> Vec<Listener> {
    let handler: Rc<dyn Fn(Event)> = Rc::new(move |event: Event| {
        if let Some(el) = element.upgrade() {
            el.dispatch(&event);
        }
    });
    let mut listeners = Listener::delegate(root, &ROOT_EVENTS, &handler);
    listeners.extend(Listener::delegate(doc, &["visibilitychange"], &handler));
    listeners
}

fn target(event: &Event) -> Option<Element> {
    event.target().and_then(|t| t.dyn_into::<Element>().ok())
}

fn is(el: &Element, selector: &str) -> bool {
    el.matches(selector).unwrap_or(false)
}

impl ElementShared {
    fn dispatch(self: &Rc<Self>, event: &Event) {
        let kind = event.type_();
        if kind == "visibilitychange" {
            self.schedule_render();
            return;
        }
        let Some(hit) = target(event) else {
            return;
        };
        let in_composer = is(&hit, ".ce-composer-input");
        match kind.as_str() {
            "click" if hit.closest(".ce-composer-attach").ok().flatten().is_some() => {
                let picker = self.with_view(|view| view.root.query_selector(".ce-composer-file"));
                if let Some(Ok(Some(picker))) = picker {
                    if let Some(picker) = picker.dyn_ref::<web_sys::HtmlElement>() {
                        picker.click();
                    }
                }
            }
            "click" => self.on_click(event),
            "keydown" => {
                if in_composer {
                    self.composer_key(event);
                } else if hit.closest(".ce-messages").ok().flatten().is_some() {
                    self.on_list_key(event);
                }
                self.preview_key(event);
            }
            "input" if in_composer => self.on_input(),
            "submit" => {
                event.prevent_default();
                self.send_from_composer();
            }
            "focusout" if in_composer => {
                self.with_view(|view| view.mentions.close(&view.input));
            }
            "change" if is(&hit, ".ce-composer-file") => {
                self.on_file_event(event, hit.dyn_ref::<HtmlInputElement>());
            }
            "paste" if in_composer => self.on_file_event(event, None),
            "dragover" | "drop" if hit.closest(".ce-composer").ok().flatten().is_some() => {
                self.on_file_event(event, None);
            }
            "scroll" if is(&hit, ".ce-messages") => self.on_scroll(),
            _ => {}
        }
    }

    /// A key in the composer: the open `@` suggestions take the arrows, Enter, Tab and Escape;
    /// Enter sends (Shift+Enter, and Enter while composing with an IME, is a newline); Escape
    /// cancels the reply.
    fn composer_key(self: &Rc<Self>, event: &Event) {
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let picked = self.with_view(|view| view.mentions.key(&view.input, key));
        if picked == Some(true) {
            event.prevent_default();
            return;
        }
        if key.key() == "Enter" && !key.shift_key() && !key.is_composing() {
            event.prevent_default();
            self.send_from_composer();
        } else if key.key() == "Escape" {
            self.with_view(View::cancel_reply);
        }
    }
}
