//! Sends, from a conversation view (`view.rs`) or the Data API (any `send` payload), through
//! `chat_elements_core::Outbox` with a client id each. Shown at once as pending in the
//! conversation's timeline, written in order when the connection allows, written again with the
//! same client id after a reconnect, and confirmed by the ack or by our own message's event,
//! whichever comes first.

use chat_elements_core::{ids, PendingStatus, SendFailure};
use chat_elements_protocol::ErrorCode;
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js;
use crate::session::effects::Fx;
use crate::session::message::JsMessage;
use crate::session::state::Core;
use crate::session::view::SendOutcome;
use crate::wire;

impl Core {
    /// Sends `payload` (the `send` fields: `text` or `content`, ...) to `conversation`; `text` is
    /// what the pending entry shows. `window` is the view that sent it, if any.
    pub fn send(
        &mut self,
        conversation: &str,
        text: String,
        payload: JsValue,
        window: Option<u64>,
        fx: &mut Fx,
    ) -> Result<SendOutcome, Error> {
        if let Some(error) = self.life.fatal.clone() {
            return Err(error);
        }
        if !payload.is_object() || wire::encode(0, &payload).is_none() {
            return Err(Error::InvalidOptions(
                "a message must be a JSON object".into(),
            ));
        }
        let max = self.id.limits.max_text_chars;
        if text.chars().count() > max as usize {
            return Err(Error::server(
                ErrorCode::MessageTooLong,
                [
                    "a message may have at most ",
                    &ids::decimal(max.into()),
                    " characters",
                ]
                .concat(),
            ));
        }
        let client_id = ids::client_id(
            js::now_ms().max(0) as u64,
            js::random_u32(),
            js::random_u32(),
        );
        let sender = self.id.user.clone().unwrap_or_default();
        if let Some(conv) = self.store.get_mut(conversation) {
            conv.stream
                .timeline_mut()
                .add_pending(client_id.clone(), text.clone(), sender);
        }
        let outcome =
            self.outbox
                .enqueue(client_id, conversation.to_owned(), text, payload, window);
        self.typing.message_sent(conversation);
        fx.changed(conversation);
        self.sync(fx);
        Ok(outcome)
    }

    /// The `send` request for an outbox item.
    pub fn send_request(&self, client_id: &str) -> Option<JsValue> {
        let item = self.outbox.get(client_id)?;
        Some(wire::send(&item.conversation_id, client_id, &item.payload))
    }

    /// The user retries a failed send (same client id): its text and new outcome. `None` when
    /// it is not failed.
    pub fn retry(&mut self, client_id: &str, fx: &mut Fx) -> Option<(String, SendOutcome)> {
        let item = self.outbox.get(client_id)?;
        let (conversation, text) = (item.conversation_id.clone(), item.text.clone());
        let outcome = self.outbox.retry(client_id)?;
        if let Some(conv) = self.store.get_mut(&conversation) {
            conv.stream
                .timeline_mut()
                .set_pending_status(client_id, PendingStatus::Sending);
        }
        fx.changed(&conversation);
        self.sync(fx);
        Some((text, outcome))
    }

    /// A send was acknowledged (committed). Its pending row becomes the server's message.
    pub fn on_sent(&mut self, client_id: &str, message: JsMessage, fx: &mut Fx) {
        let conversation = self
            .outbox
            .get(client_id)
            .map(|item| item.conversation_id.clone())
            .or_else(|| wire::string(&message.value, "conversationId"))
            .unwrap_or_default();
        self.complete_send(client_id, &message);
        if let Some(conv) = self.store.get_mut(&conversation) {
            let commands = conv.stream.on_sent(message);
            fx.changed(&conversation);
            self.run_stream(&conversation, commands, fx);
        }
    }

    /// The server has our send `client_id` (its ack, or its event).
    pub fn complete_send(&mut self, client_id: &str, message: &JsMessage) {
        self.outbox.complete(client_id, message.value.clone());
    }

    pub fn on_send_error(
        &mut self,
        generation: u64,
        client_id: &str,
        error: Error,
        retry_after_ms: Option<u64>,
        fx: &mut Fx,
    ) {
        let code = error.server_code().unwrap_or(ErrorCode::Internal);
        let now = js::now_ms();
        let failure = self
            .outbox
            .failed(client_id, code, retry_after_ms, error.clone(), now);
        match failure {
            Some(SendFailure::RefreshToken) => self.on_token_refused(generation, error, false, fx),
            Some(SendFailure::Wait) => self.sync(fx),
            Some(SendFailure::Failed { conversation_id }) => {
                // The item stays (retryable); whoever waited for it heard of the failure.
                if let Some(conv) = self.store.get_mut(&conversation_id) {
                    conv.stream.timeline_mut().set_pending_status(
                        client_id,
                        PendingStatus::Failed {
                            code: code.as_str().to_owned(),
                            message: error.message(),
                        },
                    );
                    fx.changed(&conversation_id);
                }
            }
            None => {}
        }
    }
}
