//! The element's delegated pointer and keyboard handling: one `click` listener on the root and
//! one `keydown` listener on the list dispatch on `data-action` and on the kind of thing hit
//! (links, mentions, sender names, attachments, the retry button).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, KeyboardEvent};

use super::content;
use super::ElementShared;
use crate::js;

fn target(event: &Event) -> Option<Element> {
    event.target().and_then(|t| t.dyn_into::<Element>().ok())
}

fn closest(el: &Element, selector: &str) -> Option<Element> {
    el.closest(selector).ok().flatten()
}

/// The id of the message `el` is in.
fn message_id(el: &Element) -> Option<String> {
    closest(el, ".ce-message").and_then(|row| row.get_attribute("data-message-id"))
}

impl ElementShared {
    pub(super) fn on_click(self: &Rc<Self>, event: &Event) {
        let Some(hit) = target(event) else {
            return;
        };
        if self.preview_click(&hit) {
            return;
        }
        if let Some(option) = closest(&hit, ".ce-mention-option") {
            self.pick_mention(&option);
            return;
        }
        if let Some(remove) = closest(&hit, ".ce-upload-remove") {
            self.remove_file(&remove);
            return;
        }
        if closest(&hit, ".ce-reply-cancel").is_some() {
            self.with_view(|view| view.cancel_reply());
            return;
        }
        if let Some(retry) = closest(&hit, ".ce-retry") {
            let client_id =
                closest(&retry, ".ce-message").and_then(|row| row.get_attribute("data-client-id"));
            if let Some(client_id) = client_id {
                self.retry(&client_id);
            }
            return;
        }
        if let Some(user) = closest(&hit, ".ce-mention, .ce-message-sender") {
            let id = user.get_attribute("data-user-id").unwrap_or_default();
            if !id.is_empty() {
                self.emit_event(
                    "profileClick",
                    &js::object(&[("id", JsValue::from_str(&id))]),
                );
            }
            return;
        }
        if let Some(chip) = closest(&hit, ".ce-experience") {
            let id = chip.get_attribute("data-experience-id").unwrap_or_default();
            if !id.is_empty() {
                self.emit_event(
                    "experienceClick",
                    &js::object(&[("id", JsValue::from_str(&id))]),
                );
            }
            return;
        }
        if let Some(file) = closest(&hit, "a.ce-attachment") {
            let Some(id) = message_id(&file) else {
                return;
            };
            if self.navigation_disabled() {
                event.prevent_default();
            }
            let base = self.base_url();
            let detail = js::object(&[
                ("messageId", JsValue::from_str(&id)),
                (
                    "attachments",
                    content::attachments(&self.message_source(&id), &base).into(),
                ),
            ]);
            self.emit_event("attachmentClick", &detail);
            // Images and videos open in the preview (unless `features.previewAttachments` is
            // false); other files download.
            let index = file
                .get_attribute("data-file-index")
                .and_then(|i| i.parse::<u32>().ok())
                .unwrap_or(0);
            if self.preview_enabled() && self.open_preview(&id, index) {
                event.prevent_default();
            }
            return;
        }
        if let Some(link) = closest(&hit, "a.ce-link") {
            if self.navigation_disabled() {
                event.prevent_default();
            }
            let url = link.get_attribute("href").unwrap_or_default();
            self.emit_event(
                "linkClick",
                &js::object(&[("url", JsValue::from_str(&url))]),
            );
            return;
        }
        let Some(action) = closest(&hit, "[data-action]") else {
            // A click elsewhere closes the menu.
            if closest(&hit, ".ce-menu").is_none() {
                self.with_view(|view| view.close_menu(false));
            }
            return;
        };
        let Some(id) = message_id(&action) else {
            return;
        };
        let emoji = action.get_attribute("data-emoji").unwrap_or_default();
        match action.get_attribute("data-action").as_deref() {
            Some("menu") => {
                self.with_view(|view| view.toggle_menu(&id));
                self.add_moderation_items(&id);
            }
            Some("reply") => {
                self.with_view(|view| view.start_reply(&id));
            }
            Some("edit") => {
                self.with_view(|view| view.open_editor(&id));
            }
            Some("delete") => {
                self.with_view(|view| view.open_confirm(&id));
            }
            Some("confirm-delete") => self.delete(&id),
            Some("cancel-delete") => {
                self.with_view(|view| view.close_confirm(true));
            }
            Some("react") => {
                self.with_view(|view| view.close_menu(true));
                self.toggle_reaction(&id, &emoji);
            }
            Some("reaction") => self.toggle_reaction(&id, &emoji),
            Some(other) => {
                self.moderation_action(other, &id, &action);
            }
            None => {}
        }
    }

    pub(super) fn on_list_key(self: &Rc<Self>, event: &Event) {
        let (Some(key), Some(hit)) = (event.dyn_ref::<KeyboardEvent>(), target(event)) else {
            return;
        };
        let name = key.key();
        if hit.matches(".ce-edit-input").unwrap_or(false) {
            let id = message_id(&hit).unwrap_or_default();
            if name == "Enter" && !key.shift_key() && !key.is_composing() {
                event.prevent_default();
                self.save_edit(&id);
            } else if name == "Escape" {
                event.prevent_default();
                self.with_view(|view| view.close_editor());
            }
            return;
        }
        // A mention or experience chip acts like a button.
        if hit.matches(".ce-mention, .ce-experience").unwrap_or(false)
            && (name == "Enter" || name == " ")
        {
            event.prevent_default();
            if let Some(html) = hit.dyn_ref::<web_sys::HtmlElement>() {
                html.click();
            }
            return;
        }
        if name == "Escape" {
            self.with_view(|view| {
                view.close_menu(true);
                view.close_confirm(true);
            });
            self.close_panel(true);
            return;
        }
        if self.with_view(|view| view.menu_key(&name, &hit)) == Some(true) {
            event.prevent_default();
        }
    }
}
