//! What the chat-element watches beside the messages, through the engine's watched topics
//! (`SessionHandle::watch`): the conversation as the current user sees it (unread count,
//! `readUntil`, `everyoneReadUntil`) and who is typing. The listeners store the snapshot and ask
//! for a render; dropping [`Feeds`] ends the watches.

use std::rc::{Rc, Weak};

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::ElementShared;
use crate::dom;
use crate::i18n::{self, Locale, Text};
use crate::js;
use crate::session::handle::{Listener, SessionHandle, Update, WatchHandle};

/// What the watches delivered, and what the element derived from it.
#[derive(Default)]
pub struct Live {
    /// The conversation snapshot (`null`/undefined until it arrives or when not a participant).
    pub conversation: JsValue,
    /// The typing snapshot (`{ many, users }` or null).
    pub typing: JsValue,
    /// The newest participants (for `@` mentions, mentions.rs), or null.
    pub participants: JsValue,
    /// Set once per opened conversation from its first snapshot: messages after this time were
    /// unread when the element opened (the unread divider goes above the first of them).
    pub unread_from: Option<Option<f64>>,
    /// A `markRead` is on its way.
    pub marking: bool,
    feeds: Option<Feeds>,
}

impl Live {
    /// Unread messages in the conversation now.
    pub fn unread_count(&self) -> f64 {
        js::get(&self.conversation, "unreadMessageCount")
            .as_f64()
            .unwrap_or(0.0)
    }

    /// Everyone else has read up to this time.
    pub fn everyone_read_until(&self) -> Option<f64> {
        js::get(&self.conversation, "everyoneReadUntil").as_f64()
    }
}

struct Feeds {
    _conversation: WatchHandle,
    _typing: WatchHandle,
    _participants: WatchHandle,
}

/// Starts (or restarts, for a new conversation) the watches of `element`.
pub fn start(element: &Rc<ElementShared>, handle: &SessionHandle, channel: &str) {
    stop(element);
    let conversation = handle.watch(
        topic("conversation", channel),
        listener(Rc::downgrade(element), |live, snapshot| {
            let conversation = js::get(&snapshot, "conversation");
            if live.unread_from.is_none() && conversation.is_object() {
                let count = js::get(&conversation, "unreadMessageCount").as_f64();
                let read_until = js::get(&conversation, "readUntil").as_f64().unwrap_or(0.0);
                live.unread_from = Some(count.filter(|n| *n > 0.0).map(|_| read_until));
            }
            live.conversation = conversation;
        }),
    );
    let typing = handle.watch(
        topic("typing", channel),
        listener(Rc::downgrade(element), |live, snapshot| {
            live.typing = js::get(&snapshot, "typing");
        }),
    );
    let participants_topic = topic("participants", channel);
    js::set(&participants_topic, "limit", &JsValue::from_f64(100.0));
    let participants = handle.watch(
        participants_topic,
        listener(Rc::downgrade(element), |live, snapshot| {
            live.participants = js::get(&snapshot, "participants");
        }),
    );
    if let Ok(mut live) = element.live.try_borrow_mut() {
        live.feeds = Some(Feeds {
            _conversation: conversation,
            _typing: typing,
            _participants: participants,
        });
    }
}

/// Ends the watches and forgets what they delivered.
pub fn stop(element: &ElementShared) {
    let old = element
        .live
        .try_borrow_mut()
        .map(|mut live| std::mem::take(&mut *live));
    drop(old); // outside the borrow: dropping a handle may run engine code
    super::moderation::stop(element);
}

fn listener(element: Weak<ElementShared>, store: fn(&mut Live, JsValue)) -> Listener {
    Rc::new(move |update| {
        let Some(el) = element.upgrade() else {
            return;
        };
        let snapshot = match update {
            Update::Snapshot(snapshot) => snapshot,
            _ => JsValue::NULL,
        };
        if let Ok(mut live) = el.live.try_borrow_mut() {
            store(&mut live, snapshot);
        }
        el.schedule_render();
    })
}

fn topic(kind: &str, channel: &str) -> Object {
    js::object(&[
        ("kind", JsValue::from_str(kind)),
        ("conversationId", JsValue::from_str(channel)),
    ])
    .unchecked_into()
}

/// "Ann is typing…", "Ann and Ben are typing…", "Several people are typing…", or nothing:
/// shown in `el` (each name isolated, see `dom::set_sentence`) when it differs from what is there.
pub fn show_typing(el: &web_sys::Element, typing: &JsValue, locale: Locale) {
    let names: Vec<String> = match js::get(typing, "users").dyn_into::<js_sys::Array>() {
        Ok(users) if typing.is_object() => users
            .iter()
            .filter_map(|u| js::get(&u, "name").as_string())
            .collect(),
        _ => Vec::new(),
    };
    let many = typing.is_object() && js::get(typing, "many").as_bool() == Some(true);
    let (template, groups): (&str, Vec<&[String]>) = match names.split_last() {
        _ if many => (i18n::t(locale, Text::TypingMany), Vec::new()),
        None => ("", Vec::new()),
        Some((last, [])) => (
            i18n::t(locale, Text::TypingOne),
            vec![std::slice::from_ref(last)],
        ),
        Some((last, rest)) => (
            i18n::t(locale, Text::TypingTwo),
            vec![rest, std::slice::from_ref(last)],
        ),
    };
    let separator = i18n::t(locale, Text::ListComma);
    let text = dom::sentence_text(template, &groups, separator);
    if el.text_content().unwrap_or_default() != text {
        dom::set_sentence(el, template, &groups, separator);
    }
}
