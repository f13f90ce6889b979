//! The Data API on `ChatSession`: `appId`, `currentUser`, `setToken`, `onNeedToken`, `onError`,
//! `user`, `conversation`, `subscribeConversations`.

use wasm_bindgen::prelude::*;

use crate::chat_session::ChatSession;
use crate::data::args::{self, invalid};
use crate::data::context;
use crate::data::on_error::ErrorSubscription;
use crate::data::subscription::{self, Kind};
use crate::js;

#[wasm_bindgen]
impl ChatSession {
    /// The app id (for a `createChatSession` session: known after the first welcome).
    #[wasm_bindgen(getter, js_name = appId)]
    pub fn app_id(&self) -> String {
        self.handle().app_id()
    }

    /// A `UserRef` for the current user (`null` for a `createChatSession` session that has not
    /// connected yet).
    #[wasm_bindgen(getter, js_name = currentUser, unchecked_return_type = "UserRef | null")]
    pub fn current_user(&self) -> JsValue {
        let handle = self.handle();
        match handle.user_id() {
            Some(id) => context::of(&handle).user(&JsValue::from_str(&id)),
            None => JsValue::NULL,
        }
    }

    /// Supplies the auth token (re-authenticates a live connection without dropping anything).
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: JsValue) -> Result<(), JsValue> {
        let token = args::non_empty(&token, "the token")?;
        self.handle().set_token(token);
        Ok(())
    }

    /// The function called when a token is needed; it should call `setToken`.
    #[wasm_bindgen(getter = onNeedToken, unchecked_return_type = "(() => void) | undefined")]
    pub fn on_need_token(&self) -> JsValue {
        self.handle()
            .on_need_token()
            .map_or(JsValue::UNDEFINED, JsValue::from)
    }

    #[wasm_bindgen(setter = onNeedToken)]
    pub fn set_on_need_token(&self, callback: JsValue) -> Result<(), JsValue> {
        let callback = args::callback(&callback, "onNeedToken")?;
        self.handle().set_on_need_token(callback);
        Ok(())
    }

    /// Calls `handler(error)` when the session terminates (at once if it already has). Returns
    /// `{ unsubscribe() }`.
    #[wasm_bindgen(js_name = onError, unchecked_return_type = "ErrorSubscription")]
    pub fn on_error(&self, handler: JsValue) -> Result<JsValue, JsValue> {
        match args::callback(&handler, "the onError handler")? {
            Some(handler) => Ok(ErrorSubscription::attach(&self.handle(), handler)),
            None => Err(invalid("the onError handler must be a function").into()),
        }
    }

    /// The `UserRef` for `id` (the same object every time).
    #[wasm_bindgen(unchecked_return_type = "UserRef")]
    pub fn user(&self, id: JsValue) -> Result<JsValue, JsValue> {
        let id = args::id(&id, "the user id")?;
        Ok(context::of(&self.handle()).user(&id))
    }

    /// The `ConversationRef` for `id` (the same object every time).
    #[wasm_bindgen(unchecked_return_type = "ConversationRef")]
    pub fn conversation(&self, id: JsValue) -> Result<JsValue, JsValue> {
        let id = args::id(&id, "the conversation id")?;
        Ok(context::of(&self.handle()).conversation(&id))
    }

    /// The current user's most recently active conversations: `(onSnapshot)`,
    /// `(options, onSnapshot)` or `(onSnapshot, options)`, with `options.filter` a conversation
    /// filter (checked by the server). `onSnapshot(conversations, loadedAll)`; 20 at first.
    #[wasm_bindgen(
        js_name = subscribeConversations,
        unchecked_return_type = "WindowedSubscription"
    )]
    pub fn subscribe_conversations(
        &self,
        first: JsValue,
        second: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (options, on_snapshot) = if first.is_function() {
            (second, first)
        } else {
            (first, second)
        };
        let options = args::params(&options, "options", true)?;
        let topic = args::topic("conversations", &[]);
        let filter = js::get(&options, "filter");
        if !filter.is_undefined() && !filter.is_null() {
            js::set(&topic, "filter", &filter);
        }
        subscription::watch(&self.handle(), topic, Kind::Conversations, &on_snapshot)
    }
}
