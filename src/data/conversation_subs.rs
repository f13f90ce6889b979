//! `ConversationRef`'s subscriptions: the conversation, its messages, participants and typing.

use wasm_bindgen::prelude::*;

use crate::data::args;
use crate::data::conversation_ref::ConversationRef;
use crate::data::subscription::{self, Kind};

impl ConversationRef {
    fn watch(&self, kind: &str, as_kind: Kind, on_snapshot: &JsValue) -> Result<JsValue, JsValue> {
        let topic = args::topic(kind, &[("conversationId", &self.inner.id)]);
        subscription::watch(&self.inner.handle, topic, as_kind, on_snapshot)
    }
}

#[wasm_bindgen]
impl ConversationRef {
    /// Calls `onSnapshot(conversation | null)` whenever the conversation changes (`null` while
    /// the current user does not take part).
    #[wasm_bindgen(unchecked_return_type = "Subscription")]
    pub fn subscribe(&self, on_snapshot: JsValue) -> Result<JsValue, JsValue> {
        self.watch("conversation", Kind::Conversation, &on_snapshot)
    }

    /// Calls `onSnapshot(messages | null, loadedAll)` with the newest messages first; starts with
    /// 10, `loadMore(count)` adds older ones.
    #[wasm_bindgen(js_name = subscribeMessages, unchecked_return_type = "WindowedSubscription")]
    pub fn subscribe_messages(&self, on_snapshot: JsValue) -> Result<JsValue, JsValue> {
        subscription::messages(&self.inner.handle, &self.inner.id_text, &on_snapshot)
    }

    /// Calls `onSnapshot(participants | null, loadedAll)`; starts with 10, `loadMore(count)`
    /// adds more.
    #[wasm_bindgen(
        js_name = subscribeParticipants,
        unchecked_return_type = "WindowedSubscription"
    )]
    pub fn subscribe_participants(&self, on_snapshot: JsValue) -> Result<JsValue, JsValue> {
        self.watch("participants", Kind::Participants, &on_snapshot)
    }

    /// Calls `onSnapshot({ many, users? } | null)` whenever who is typing changes.
    #[wasm_bindgen(js_name = subscribeTyping, unchecked_return_type = "Subscription")]
    pub fn subscribe_typing(&self, on_snapshot: JsValue) -> Result<JsValue, JsValue> {
        self.watch("typing", Kind::Typing, &on_snapshot)
    }
}
