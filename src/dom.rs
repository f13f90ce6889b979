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

/// User text for display: C0 control characters (but tab and line feed) and DEL become U+FFFD,
/// so they can neither hide nor act. Bidi overrides and isolates stay: the nodes showing user
/// text isolate it (`unicode-bidi` in styles.css), so it cannot reorder what surrounds it.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let control = |c: char| (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}';
    if !text.chars().any(control) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if control(c) { '\u{fffd}' } else { c })
        .collect::<String>()
        .into()
}

/// The parts of `template` around its `{}` placeholders, in order (one more part than there are
/// placeholders). A byte scan: `str::split` with a pattern would bring the substring searcher
/// into the wasm.
pub fn template_parts(template: &str) -> Vec<&str> {
    let bytes = template.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && bytes[i + 1] == b'}' {
            parts.push(template.get(start..i).unwrap_or_default());
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    parts.push(template.get(start..).unwrap_or_default());
    parts
}

/// A sentence with names in it: `template`'s `{}` are filled in order by `groups`, each a list
/// of names joined by `separator`. What [`set_sentence`] shows, as plain text.
pub fn sentence_text(template: &str, groups: &[&[String]], separator: &str) -> String {
    let mut out = String::new();
    for (i, part) in template_parts(template).into_iter().enumerate() {
        if let Some(names) = i.checked_sub(1).and_then(|g| groups.get(g)) {
            for (n, name) in names.iter().enumerate() {
                if n > 0 {
                    out.push_str(separator);
                }
                out.push_str(&clean(name));
            }
        }
        out.push_str(part);
    }
    out
}

/// Shows [`sentence_text`] in `el` with each name in its own `<bdi>`: its direction, and any bidi
/// override in it, stay inside it instead of reordering the sentence around it.
pub fn set_sentence(el: &Element, template: &str, groups: &[&[String]], separator: &str) {
    el.set_text_content(None);
    let Some(doc) = el.owner_document() else {
        return;
    };
    for (i, part) in template_parts(template).into_iter().enumerate() {
        if let Some(names) = i.checked_sub(1).and_then(|g| groups.get(g)) {
            for (n, name) in names.iter().enumerate() {
                if n > 0 {
                    let _ = el.append_with_str_1(separator);
                }
                append(el, &user_text_element(&doc, "bdi", "", name));
            }
        }
        if !part.is_empty() {
            let _ = el.append_with_str_1(part);
        }
    }
}

/// `<tag class="class">text</tag>` with the text set through textContent.
pub fn text_element(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    let el = element(doc, tag, class);
    el.set_text_content(Some(text));
    el
}

/// [`text_element`] for user text: cleaned (see [`clean`]), with `dir="auto"` (its direction
/// from its own first strong character, isolated from the text around it).
pub fn user_text_element(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    let el = element(doc, tag, class);
    set_user_text(&el, text);
    el
}

/// Sets `el`'s text to user text: cleaned, with `dir="auto"`.
pub fn set_user_text(el: &Element, text: &str) {
    el.set_text_content(Some(&clean(text)));
    set_attr(el, "dir", "auto");
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

    /// `handler` for each of `kinds` on `target` (one handler delegating for a whole element);
    /// `scroll`, which does not bubble, is listened to in the capture phase.
    pub fn delegate(
        target: &EventTarget,
        kinds: &[&'static str],
        handler: &std::rc::Rc<dyn Fn(Event)>,
    ) -> Vec<Listener> {
        kinds
            .iter()
            .map(|&kind| {
                let handler = handler.clone();
                Listener::boxed(target, kind, Box::new(move |event| handler(event)))
            })
            .collect()
    }

    /// One closure type for every listener (see `timers.rs`).
    fn boxed(
        target: &EventTarget,
        kind: &'static str,
        callback: Box<dyn FnMut(Event)>,
    ) -> Listener {
        let callback = Closure::<dyn FnMut(Event)>::own_aborting(callback);
        let _ = target.add_event_listener_with_callback_and_bool(
            kind,
            callback.as_ref().unchecked_ref(),
            kind == "scroll",
        );
        Listener {
            target: target.clone(),
            kind,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            self.callback.as_ref().unchecked_ref(),
            self.kind == "scroll",
        );
    }
}
