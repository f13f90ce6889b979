//! Message actions: the menu under the `⋯` button of a message (reply, react, and for the user's
//! own messages edit and delete), the inline editor, the inline delete confirmation, and the
//! reply shown above the composer. Reachable by mouse and keyboard: the menu's items are
//! buttons (arrow keys move between them, Escape closes it), the editor saves on Enter and
//! cancels on Escape.

use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

use super::reactions::EMOJI;
use super::view::View;
use super::ElementShared;
use crate::dom;
use crate::i18n::{self, Text};
use crate::js;

/// What is open: at most one menu, one editor, one confirmation and one reply.
#[derive(Default)]
pub struct Modes {
    pub menu: Option<(String, Element)>,
    pub editor: Option<(String, HtmlTextAreaElement)>,
    pub confirm: Option<(String, Element)>,
    pub reply: Option<String>,
}

fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    }
}

fn button(view: &View, class: &str, text: &str, action: &str) -> Element {
    let b = dom::text_element(&view.doc, "button", class, text);
    dom::set_attr(&b, "type", "button");
    dom::set_attr(&b, "data-action", action);
    b
}

/// A button labelled `text` in the element's locale (and following it).
fn item(view: &View, class: &str, text: Text, action: &str) -> Element {
    let b = button(view, class, "", action);
    i18n::set_text(&b, text, i18n::of(&view.root));
    b
}

/// Sets attribute `name` of `el` to `text` in the element's locale (and marks it).
fn label(view: &View, el: &Element, name: &str, text: Text) {
    i18n::set_label(el, name, text, i18n::of(&view.root));
}

impl View {
    fn row_of(&self, id: &str) -> Option<&super::row::Row> {
        self.rows
            .iter()
            .map(|(_, row)| row)
            .find(|row| row.message_id.as_deref() == Some(id))
    }

    pub fn close_menu(&mut self, refocus: bool) {
        if let Some((id, menu)) = self.modes.menu.take() {
            menu.remove();
            if let Some(row) = self.row_of(&id) {
                dom::set_attr(&row.toggle, "aria-expanded", "false");
                if refocus {
                    focus(&row.toggle);
                }
            }
        }
    }

    /// Opens the actions menu of message `id` (closes it when it is open).
    pub fn toggle_menu(&mut self, id: &str) {
        let was_open = self.modes.menu.as_ref().is_some_and(|(open, _)| open == id);
        self.close_menu(false);
        if was_open {
            return;
        }
        let Some(row) = self.row_of(id) else {
            return;
        };
        let menu = dom::element(&self.doc, "div", "ce-menu");
        dom::set_attr(&menu, "role", "menu");
        label(self, &menu, "aria-label", Text::MessageActions);
        let mut items = vec![item(self, "ce-menu-item", Text::Reply, "reply")];
        for emoji in EMOJI {
            let b = button(self, "ce-menu-emoji", emoji, "react");
            dom::set_attr(&b, "data-emoji", emoji);
            i18n::set_label_with(
                &b,
                "aria-label",
                Text::ReactWith,
                emoji,
                i18n::of(&self.root),
            );
            items.push(b);
        }
        if row.own {
            items.push(item(self, "ce-menu-item", Text::Edit, "edit"));
            items.push(item(self, "ce-menu-item ce-danger", Text::Delete, "delete"));
        }
        for item in &items {
            dom::set_attr(item, "role", "menuitem");
            dom::append(&menu, item);
        }
        let _ = row
            .node
            .insert_before(&menu, row.toggle.next_sibling().as_ref());
        dom::set_attr(&row.toggle, "aria-expanded", "true");
        if let Some(first) = items.first() {
            focus(first);
        }
        self.modes.menu = Some((id.to_owned(), menu));
    }

    /// Arrow keys, Home and End move the focus between the open menu's items.
    pub fn menu_key(&self, key: &str, current: &Element) -> bool {
        let Some((_, menu)) = &self.modes.menu else {
            return false;
        };
        let mut items = Vec::new();
        let mut item = menu.first_element_child();
        while let Some(el) = item {
            item = el.next_element_sibling();
            items.push(el);
        }
        let count = items.len();
        let Some(at) = items.iter().position(|el| el == current) else {
            return false;
        };
        let next = match key {
            "ArrowDown" | "ArrowRight" => (at + 1) % count,
            "ArrowUp" | "ArrowLeft" => (at + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return false,
        };
        focus(&items[next]);
        true
    }

    /// Replaces message `id`'s text by an editor holding its text.
    pub fn open_editor(&mut self, id: &str) {
        self.close_menu(false);
        self.close_editor();
        let Some(row) = self.row_of(id) else {
            return;
        };
        let input: HtmlTextAreaElement =
            dom::element(&self.doc, "textarea", "ce-edit-input").unchecked_into();
        label(self, &input, "aria-label", Text::EditMessageHint);
        input.set_value(
            &js::get(&row.source, "plaintext")
                .as_string()
                .unwrap_or_default(),
        );
        let _ = row
            .node
            .insert_before(&input, row.text.next_sibling().as_ref());
        dom::set_hidden(&row.text, true);
        let _ = input.focus();
        self.modes.editor = Some((id.to_owned(), input));
    }

    pub fn close_editor(&mut self) {
        if let Some((id, input)) = self.modes.editor.take() {
            input.remove();
            if let Some(row) = self.row_of(&id) {
                dom::set_hidden(&row.text, false);
                focus(&row.toggle);
            }
        }
    }

    /// Asks inline whether to delete message `id`.
    pub fn open_confirm(&mut self, id: &str) {
        self.close_menu(false);
        self.close_confirm(false);
        let Some(row) = self.row_of(id) else {
            return;
        };
        let confirm = dom::element(&self.doc, "div", "ce-confirm");
        dom::set_attr(&confirm, "role", "group");
        label(self, &confirm, "aria-label", Text::DeleteMessage);
        let question = i18n::text_el(
            &self.doc,
            "span",
            "",
            Text::DeleteQuestion,
            i18n::of(&self.root),
        );
        let yes = item(
            self,
            "ce-confirm-delete ce-danger",
            Text::Delete,
            "confirm-delete",
        );
        let no = item(self, "ce-confirm-cancel", Text::Cancel, "cancel-delete");
        for child in [&question, &yes, &no] {
            dom::append(&confirm, child);
        }
        dom::append(&row.node, &confirm);
        focus(&no);
        self.modes.confirm = Some((id.to_owned(), confirm));
    }

    pub fn close_confirm(&mut self, refocus: bool) {
        if let Some((id, confirm)) = self.modes.confirm.take() {
            confirm.remove();
            if let Some(row) = self.row_of(&id).filter(|_| refocus) {
                focus(&row.toggle);
            }
        }
    }

    /// Shows "Replying to Ann: …" above the composer and focuses it.
    pub fn start_reply(&mut self, id: &str) {
        self.close_menu(false);
        let Some(row) = self.row_of(id) else {
            return;
        };
        let name = js::get(&js::get(&row.source, "sender"), "name")
            .as_string()
            .unwrap_or_default();
        let text = js::get(&row.source, "plaintext")
            .as_string()
            .unwrap_or_default();
        let quoted = [&name, ": ", &text].concat();
        i18n::set_text_with(
            &self.reply_text,
            Text::ReplyingTo,
            &quoted,
            i18n::of(&self.root),
        );
        dom::set_hidden(&self.reply, false);
        let _ = self.input.focus();
        self.modes.reply = Some(id.to_owned());
    }

    pub fn cancel_reply(&mut self) {
        self.modes.reply = None;
        dom::set_hidden(&self.reply, true);
        self.reply_text.set_text_content(None);
    }
}

impl ElementShared {
    /// Runs `op` for message `id` of this conversation (`{ op, conversationId, messageId,
    /// ...fields }`); `then` runs with the outcome (a failure is also emitted as `error`).
    pub(super) fn call(
        self: &Rc<Self>,
        op: &str,
        id: &str,
        fields: &[(&str, JsValue)],
        then: impl FnOnce(&Rc<Self>, bool) + 'static,
    ) {
        let Some(handle) = self.handle() else {
            return;
        };
        let request = js::object(&[
            ("op", JsValue::from_str(op)),
            ("conversationId", JsValue::from_str(&self.channel_id())),
            ("messageId", JsValue::from_str(id)),
        ]);
        for (key, value) in fields {
            js::set(&request, key, value);
        }
        let weak = Rc::downgrade(self);
        crate::js::spawn(Box::pin(async move {
            let result = handle.call(request.unchecked_into::<Object>()).await;
            let Some(el) = weak.upgrade() else {
                return;
            };
            if let Err(error) = &result {
                el.emit_error(error);
            }
            then(&el, result.is_ok());
        }));
    }

    /// The editor of message `id` saves its text.
    pub(super) fn save_edit(self: &Rc<Self>, id: &str) {
        let text = self.with_view(|view| match &view.modes.editor {
            Some((open, input)) if open == id => Some(input.value()),
            _ => None,
        });
        let Some(text) = text.flatten().filter(|t| !t.trim().is_empty()) else {
            return;
        };
        let fields = [("text", JsValue::from_str(text.trim()))];
        self.call("editMessage", id, &fields, |el, ok| {
            if ok {
                el.with_view(View::close_editor);
            }
        });
    }

    /// The confirmation of deleting message `id` was accepted.
    pub(super) fn delete(self: &Rc<Self>, id: &str) {
        self.with_view(|view| view.close_confirm(false));
        let deleted = id.to_owned();
        self.call("deleteMessage", id, &[], move |el, ok| {
            if ok {
                // The row goes away: the focus moves to the composer.
                el.with_view(|view| view.input.focus().ok());
                let detail = js::object(&[("id", JsValue::from_str(&deleted))]);
                el.emit_event("messageDeleted", &detail);
            }
        });
    }
}
