//! DOM helpers: element creation, text, and event listeners that detach when dropped.
//!
//! Text always goes in through `textContent`; nothing in the SDK writes HTML strings.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, EventTarget};

use crate::errors::Error;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// A number unique in the page, for the ids that tie labels and lists to their controls.
pub fn next_id() -> u32 {
    NEXT_ID.with(|n| n.replace(n.get() + 1))
}

/// The page's document, or UNSUPPORTED_ENVIRONMENT (server-side rendering, workers).
pub fn document() -> Result<Document, Error> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| {
        Error::UnsupportedEnvironment("this needs a browser page (window.document)".into())
    })
}

/// `<tag class="class">`.
pub fn element(doc: &Document, tag: &str, class: &str) -> Element {
    // createElement only fails for invalid tag names; ours are literals.
    let el = doc
        .create_element(tag)
        .unwrap_or_else(|_| wasm_bindgen::throw_str("createElement failed"));
    if !class.is_empty() {
        el.set_class_name(class);
    }
    el
}

/// `<tag class="class">text</tag>` with the text set through textContent.
pub fn text_element(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    let el = element(doc, tag, class);
    el.set_text_content(Some(text));
    el
}

pub fn set_attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

pub fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

/// Shows or hides an element with the `hidden` attribute.
pub fn set_hidden(el: &Element, hidden: bool) {
    if hidden {
        set_attr(el, "hidden", "");
    } else {
        let _ = el.remove_attribute("hidden");
    }
}

/// An event listener that is removed when this handle is dropped.
#[must_use = "the listener is removed when its handle is dropped"]
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> Listener {
        Listener::boxed(target, kind, Box::new(callback))
    }

    /// One closure type for every listener (see `timers.rs`).
    fn boxed(
        target: &EventTarget,
        kind: &'static str,
        callback: Box<dyn FnMut(Event)>,
    ) -> Listener {
        let callback = Closure::<dyn FnMut(Event)>::own_aborting(callback);
        let _ = target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            kind,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}
