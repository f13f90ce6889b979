//! Reactions: the chips under a message (`👍 2`, pressed when the current user reacted) and the
//! emoji offered in the actions menu. Activating a chip or an emoji toggles the current user's
//! reaction with `addReaction` / `removeReaction`.

use chat_elements_core::ids::decimal;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::ElementShared;
use crate::dom;
use crate::js;

/// What the actions menu offers.
pub const EMOJI: [&str; 6] = ["👍", "❤️", "😂", "🎉", "😮", "😢"];

/// The reaction chips of a message (`reactions` from the message object).
pub fn render(doc: &Document, target: &Element, reactions: &JsValue) {
    target.set_text_content(None);
    let list = reactions.dyn_ref::<Array>().cloned().unwrap_or_default();
    dom::set_hidden(target, list.length() == 0);
    for reaction in list.iter() {
        let Some(emoji) = js::get(&reaction, "emoji").as_string() else {
            continue;
        };
        let count = js::get(&reaction, "count").as_f64().unwrap_or(0.0) as u32;
        let mine = js::get(&reaction, "currentUserReacted").as_bool() == Some(true);
        let count = decimal(count.into());
        let chip = dom::text_element(
            doc,
            "button",
            "ce-reaction",
            &[&emoji, " ", &count].concat(),
        );
        dom::set_attr(&chip, "type", "button");
        dom::set_attr(&chip, "data-action", "reaction");
        dom::set_attr(&chip, "data-emoji", &emoji);
        dom::set_attr(&chip, "aria-pressed", if mine { "true" } else { "false" });
        let label = if mine { " (you reacted)" } else { "" };
        let label = [&emoji, " ", &count, label].concat();
        dom::set_attr(&chip, "aria-label", &label);
        dom::append(target, &chip);
    }
}

/// Whether the current user reacted with `emoji` to the message shown in `source`.
pub fn reacted(source: &JsValue, emoji: &str) -> bool {
    js::get(source, "reactions")
        .dyn_ref::<Array>()
        .is_some_and(|list| {
            list.iter().any(|r| {
                js::get(&r, "emoji").as_string().as_deref() == Some(emoji)
                    && js::get(&r, "currentUserReacted").as_bool() == Some(true)
            })
        })
}

impl ElementShared {
    /// Toggles the current user's `emoji` reaction to message `id`.
    pub(super) fn toggle_reaction(self: &Rc<Self>, id: &str, emoji: &str) {
        let source = self.message_source(id);
        let op = if reacted(&source, emoji) {
            "removeReaction"
        } else {
            "addReaction"
        };
        self.call(op, id, &[("emoji", JsValue::from_str(emoji))], |_, _| {});
    }
}
