//! The attachment preview (`features.previewAttachments`, on by default): clicking an image or
//! video in a message shows it large in an overlay inside the element's root.
//!
//! ```text
//! div.ce-preview-backdrop
//!   div.ce-preview[role=dialog][aria-modal][aria-label]
//!     button.ce-preview-close
//!     img.ce-preview-media | video.ce-preview-media[controls]
//!     div.ce-preview-name
//! ```
//!
//! Escape, the close button and a click on the backdrop close it; Tab stays inside it; the focus
//! goes back where it was. The root's delegated click and keydown listeners (clicks.rs) drive
//! it, so it owns no listeners. Only http(s) URLs reach it (content.rs `safe_url`).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlElement, KeyboardEvent};

use super::content;
use super::ElementShared;
use crate::dom;
use crate::elements::modal::trap_tab;
use crate::i18n::{self, Text};
use crate::js;

pub struct Preview {
    backdrop: Element,
    dialog: HtmlElement,
    /// Where the focus was before the preview opened.
    previous: Option<HtmlElement>,
}

impl Preview {
    /// Focus goes back to where it was (after the caller released the view).
    pub fn close(self) -> Option<HtmlElement> {
        self.backdrop.remove();
        self.previous.clone()
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.backdrop.remove();
    }
}

/// What a file block can be previewed as: `("img" | "video", url, filename)`.
pub fn previewable(block: &JsValue, base: &str) -> Option<(&'static str, String, String)> {
    let tag = match js::get(block, "subtype").as_string().as_deref() {
        Some("image") => "img",
        Some("video") => "video",
        _ => return None,
    };
    let url = content::safe_url(&js::get(block, "url").as_string()?, Some(base))?;
    let name = js::get(block, "filename").as_string().unwrap_or_default();
    Some((tag, url, name))
}

impl ElementShared {
    pub(super) fn preview_enabled(&self) -> bool {
        self.state
            .try_borrow()
            .is_ok_and(|state| state.options.preview_attachments)
    }

    /// Opens the preview of file block `index` of message `message_id`; false when that file
    /// cannot be previewed.
    pub(super) fn open_preview(self: &Rc<Self>, message_id: &str, index: u32) -> bool {
        let source = self.message_source(message_id);
        let Ok(blocks) = js::get(&source, "content").dyn_into::<js_sys::Array>() else {
            return false;
        };
        let block = blocks
            .iter()
            .filter(|b| js::get(b, "type").as_string().as_deref() == Some("file"))
            .nth(index as usize);
        let Some((tag, url, name)) = block.and_then(|b| previewable(&b, &self.base_url())) else {
            return false;
        };
        let close = self.with_view(|view| {
            let doc = &view.doc;
            let locale = i18n::of(&view.root);
            let previous = doc
                .active_element()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            let backdrop = dom::element(doc, "div", "ce-preview-backdrop");
            let dialog: HtmlElement = dom::element(doc, "div", "ce-preview").unchecked_into();
            dom::set_attr(&dialog, "role", "dialog");
            dom::set_attr(&dialog, "aria-modal", "true");
            i18n::set_label(&dialog, "aria-label", Text::AttachmentPreview, locale);
            dom::set_attr(&dialog, "tabindex", "-1");
            let close = dom::text_element(doc, "button", "ce-preview-close", "✕");
            dom::set_attr(&close, "type", "button");
            i18n::set_label(&close, "aria-label", Text::ClosePreview, locale);
            let media = dom::element(doc, tag, "ce-preview-media");
            dom::set_attr(&media, "src", &url);
            if tag == "img" {
                dom::set_attr(&media, "alt", &name);
            } else {
                dom::set_attr(&media, "controls", "");
                dom::set_attr(&media, "aria-label", &name);
            }
            dom::append(&dialog, &close);
            dom::append(&dialog, &media);
            dom::append(
                &dialog,
                &dom::user_text_element(doc, "div", "ce-preview-name", &name),
            );
            dom::append(&backdrop, &dialog);
            dom::append(&view.root, &backdrop);
            // A second preview replaces the first (the focus still returns to the first opener).
            let previous = match view.preview.take() {
                Some(old) => old.close(),
                None => previous,
            };
            view.preview = Some(Preview {
                backdrop,
                dialog,
                previous,
            });
            close
        });
        if let Some(close) = close.and_then(|c| c.dyn_into::<HtmlElement>().ok()) {
            let _ = close.focus();
        }
        true
    }

    pub(super) fn close_preview(&self) {
        let previous = self
            .with_view(|view| view.preview.take().and_then(Preview::close))
            .flatten();
        if let Some(previous) = previous.filter(|p| p.is_connected()) {
            let _ = previous.focus();
        }
    }

    /// A click while the preview is open: true when it was the preview's.
    pub(super) fn preview_click(&self, hit: &Element) -> bool {
        let Some(backdrop) = hit.closest(".ce-preview-backdrop").ok().flatten() else {
            return false;
        };
        let on_close = hit.closest(".ce-preview-close").ok().flatten().is_some();
        if on_close || hit.is_same_node(Some(&backdrop)) {
            self.close_preview();
        }
        true
    }

    /// A key anywhere in the element: Escape closes the open preview, Tab stays inside it.
    pub(super) fn preview_key(&self, event: &Event) {
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let dialog = self
            .with_view(|view| view.preview.as_ref().map(|p| p.dialog.clone()))
            .flatten();
        let Some(dialog) = dialog else {
            return;
        };
        match key.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                self.close_preview();
            }
            "Tab" => trap_tab(&dialog, event, key.shift_key()),
            _ => {}
        }
    }
}
