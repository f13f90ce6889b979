//! Sends: from a chat-element's composer (text) or the Data API (any `send` payload), through
//! the outbox with a client id each. Shown at once as pending in the conversation's timeline,
//! written in order when the connection allows, written again with the same client id after a
//! reconnect, and confirmed by the ack or by our own message's event, whichever comes first.

use chat_elements_core::{ids, ErrorAction, PendingStatus};
use chat_elements_protocol::{ErrorCode, User};
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js;
use crate::session::effects::{ElementNotice, Fx};
use crate::session::message::JsMessage;
use crate::session::oneshot::{self, Receiver, Sender};
use crate::session::state::Core;
use crate::wire;

/// What the outbox does not keep of a send: the Data API's payload and waiter.
pub struct SendExtra {
    pub client_id: String,
    payload: JsValue,
    waiter: Option<Sender<Result<JsValue, Error>>>,
}

/// Sends from the Data API have no element.
const NO_ELEMENT: u32 = 0;

impl Core {
    /// The user sends `text` to `conversation` from element `origin`.
    pub fn send(
        &mut self,
        conversation: &str,
        text: String,
        origin: u32,
        fx: &mut Fx,
    ) -> Result<(), Error> {
        self.enqueue_send(conversation, text, origin, fx)?;
        self.sync(fx);
        Ok(())
    }

    /// The user replies with `text` to message `referenced` from element `origin`.
    pub fn send_reply(
        &mut self,
        conversation: &str,
        text: String,
        referenced: &str,
        origin: u32,
        fx: &mut Fx,
    ) -> Result<(), Error> {
        let payload = js::object(&[
            ("text", JsValue::from_str(&text)),
            ("referencedMessageId", JsValue::from_str(referenced)),
        ]);
        self.send_composed(conversation, text, payload, origin, fx)
    }

    /// The chat-element's composer sends `payload` (`{ text }` or `{ content }`, maybe with
    /// `referencedMessageId`) from element `origin`; `text` is what its pending row and
    /// `messageSent` show.
    pub fn send_composed(
        &mut self,
        conversation: &str,
        text: String,
        payload: JsValue,
        origin: u32,
        fx: &mut Fx,
    ) -> Result<(), Error> {
        let client_id = self.enqueue_send(conversation, text, origin, fx)?;
        self.sends.push(SendExtra {
            client_id,
            payload,
            waiter: None,
        });
        self.sync(fx);
        Ok(())
    }

    /// A Data API send: `payload` holds the `send` fields (`text` or `content`, ...).
    pub fn send_payload(
        &mut self,
        conversation: &str,
        payload: JsValue,
        fx: &mut Fx,
    ) -> Result<Receiver<Result<JsValue, Error>>, Error> {
        if !payload.is_object() || wire::encode(0, &payload).is_none() {
            return Err(Error::InvalidOptions(
                "a message must be a JSON object".into(),
            ));
        }
        let text = wire::string(&payload, "text").unwrap_or_default();
        let client_id = self.enqueue_send(conversation, text, NO_ELEMENT, fx)?;
        let (sender, receiver) = oneshot::channel();
        self.sends.push(SendExtra {
            client_id,
            payload,
            waiter: Some(sender),
        });
        self.sync(fx);
        Ok(receiver)
    }

    fn enqueue_send(
        &mut self,
        conversation: &str,
        text: String,
        origin: u32,
        fx: &mut Fx,
    ) -> Result<String, Error> {
        if let Some(error) = self.fatal.clone() {
            return Err(error);
        }
        if text.chars().count() > self.limits.max_text_chars as usize {
            return Err(Error::server(
                ErrorCode::MessageTooLong,
                format!(
                    "a message may have at most {} characters",
                    self.limits.max_text_chars
                ),
            ));
        }
        let client_id = ids::client_id(
            js::now_ms().max(0) as u64,
            js::random_u32(),
            js::random_u32(),
        );
        let sender = self
            .user
            .clone()
            .unwrap_or_else(|| User::named(String::new(), String::new()));
        if let Some(conv) = self.store.get_mut(conversation) {
            conv.stream
                .timeline_mut()
                .add_pending(client_id.clone(), text.clone(), sender);
        }
        self.outbox
            .enqueue(client_id.clone(), conversation.to_owned(), text, origin);
        self.typing_ended(conversation);
        fx.render(conversation);
        Ok(client_id)
    }

    /// The `send` request for an outbox item.
    pub fn send_request(&self, client_id: &str) -> Option<JsValue> {
        let item = self.outbox.get(client_id)?;
        let payload = match self.sends.iter().find(|s| s.client_id == client_id) {
            Some(extra) => extra.payload.clone(),
            None => wire::text_payload(&item.text),
        };
        Some(wire::send(&item.conversation_id, client_id, &payload))
    }

    /// The user retries a failed send (same client id).
    pub fn retry(&mut self, client_id: &str, fx: &mut Fx) {
        let Some(item) = self.outbox.get(client_id) else {
            return;
        };
        let conversation = item.conversation_id.clone();
        if self.outbox.retry(client_id) {
            if let Some(conv) = self.store.get_mut(&conversation) {
                conv.stream
                    .timeline_mut()
                    .set_pending_status(client_id, PendingStatus::Sending);
            }
            fx.render(&conversation);
            self.sync(fx);
        }
    }

    /// A send was acknowledged (committed). Its pending row becomes the server's message.
    pub fn on_sent(&mut self, client_id: &str, message: JsMessage, fx: &mut Fx) {
        let conversation = self
            .outbox
            .get(client_id)
            .map(|item| item.conversation_id.clone())
            .or_else(|| wire::string(&message.value, "conversationId"))
            .unwrap_or_default();
        self.complete_send(client_id, &message, fx);
        if let Some(conv) = self.store.get_mut(&conversation) {
            let commands = conv.stream.on_sent(message);
            fx.render(&conversation);
            self.run_stream(&conversation, commands, fx);
        }
    }

    /// The server has our send `client_id` (its ack, or its event).
    pub fn complete_send(&mut self, client_id: &str, message: &JsMessage, fx: &mut Fx) {
        if let Some(item) = self.outbox.complete(client_id) {
            fx.notify(
                item.origin,
                ElementNotice::MessageSent {
                    id: message.id.clone(),
                    content: item.text,
                    channel_id: item.conversation_id,
                },
            );
        }
        if let Some(at) = self.sends.iter().position(|s| s.client_id == client_id) {
            if let Some(waiter) = self.sends.remove(at).waiter {
                waiter.send(Ok(message.value.clone()));
            }
        }
    }

    pub fn on_send_error(
        &mut self,
        generation: u64,
        client_id: &str,
        error: Error,
        action: ErrorAction,
        fx: &mut Fx,
    ) {
        let now = js::now_ms();
        match action {
            ErrorAction::RefreshToken => {
                self.outbox.defer(client_id, None);
                self.on_token_refused(generation, error, false, fx);
            }
            ErrorAction::RetryAfter(ms) => {
                self.outbox.defer(client_id, Some(now + ms as i64));
                self.sync(fx);
            }
            ErrorAction::Fail => {
                let Some(item) = self.outbox.get(client_id).cloned() else {
                    return;
                };
                let code = error.code().to_owned();
                self.outbox.fail(client_id, code.clone(), error.to_string());
                if let Some(conv) = self.store.get_mut(&item.conversation_id) {
                    conv.stream.timeline_mut().set_pending_status(
                        client_id,
                        PendingStatus::Failed {
                            code,
                            message: error.to_string(),
                        },
                    );
                    fx.render(&item.conversation_id);
                }
                // The item stays (retryable); whoever waited for it hears of the failure.
                if let Some(extra) = self.sends.iter_mut().find(|s| s.client_id == client_id) {
                    if let Some(waiter) = extra.waiter.take() {
                        waiter.send(Err(error.clone()));
                    }
                }
                fx.notify(item.origin, ElementNotice::Error(error));
            }
        }
    }

    /// Rejects every waiting send (the session terminated).
    pub fn end_sends(&mut self, error: &Error) {
        for extra in &mut self.sends {
            if let Some(waiter) = extra.waiter.take() {
                waiter.send(Err(error.clone()));
            }
        }
    }
}
