//! What the session does with the server's replies, errors and conversation events.

use chat_elements_core::{classify_error, ErrorAction};
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js::{self, get};
use crate::session::connection::Pending;
use crate::session::effects::Fx;
use crate::session::message::JsMessage;
use crate::session::state::Core;
use crate::wire;

impl Core {
    pub fn on_reply(
        &mut self,
        generation: u64,
        id: u64,
        pending: Pending,
        result: JsValue,
        fx: &mut Fx,
    ) {
        match pending {
            Pending::Auth { .. } => match wire::welcome(&result) {
                Some(welcome) => self.on_welcome(generation, welcome, fx),
                None => unexpected(&result),
            },
            Pending::Ping => self.on_pong(),
            Pending::Send { client_id } => match JsMessage::read(get(&result, "message")) {
                Some(message) => self.on_sent(&client_id, message, fx),
                None => unexpected(&result),
            },
            Pending::History { conversation } => {
                let Some(page) = wire::array(&result, "messages") else {
                    return unexpected(&result);
                };
                let page: Vec<JsMessage> = page.iter().filter_map(JsMessage::read).collect();
                let has_more = get(&result, "hasMore").as_bool().unwrap_or(false);
                if let Some(conv) = self.store.get_mut(&conversation) {
                    let commands = conv.stream.on_history(page, has_more);
                    fx.changed(&conversation);
                    self.run_stream(&conversation, commands, fx);
                }
            }
            Pending::Subscribe { conversation } => {
                let Some((last_seq, read_only, replay)) = wire::subscribed(&result) else {
                    return unexpected(&result);
                };
                if let Some(conv) = self.store.get_mut(&conversation) {
                    conv.read_only = read_only;
                    let commands = conv.stream.on_subscribed(last_seq, replay);
                    fx.changed(&conversation);
                    self.run_stream(&conversation, commands, fx);
                }
            }
            Pending::Unsubscribe | Pending::Unwatch => {}
            Pending::Call { call } => self.on_call_reply(call, result, fx),
            Pending::Watch { watch_id } => self.on_watching(&watch_id, id, &result),
        }
    }

    /// An `event` of a subscribed conversation.
    pub fn on_event(&mut self, conversation: &str, seq: u64, event: &JsValue, fx: &mut Fx) {
        let Some(conv) = self.store.get_mut(conversation) else {
            return; // unsubscribed meanwhile
        };
        let message = || JsMessage::read(get(event, "message"));
        let mut created = None;
        let commands = match wire::kind(event).as_str() {
            "messageCreated" => match message() {
                Some(message) => {
                    created = Some(message.clone());
                    conv.stream.on_created(seq, message)
                }
                None => conv.stream.on_other_event(seq),
            },
            "messageUpdated" => match message() {
                Some(message) => conv.stream.on_updated(seq, message),
                None => conv.stream.on_other_event(seq),
            },
            "messageDeleted" => match wire::string(event, "messageId") {
                Some(id) => conv.stream.on_deleted(seq, &id),
                None => conv.stream.on_other_event(seq),
            },
            // conversationUpdated, participantsChanged, and kinds from a newer server: they only
            // move the cursor.
            _ => conv.stream.on_other_event(seq),
        };
        fx.changed(conversation);
        // Our own send's event may overtake its ack: it confirms the send as well.
        if let Some(message) = created {
            if let Some(client_id) = message.client_id.clone() {
                self.complete_send(&client_id, &message);
            }
        }
        self.run_stream(conversation, commands, fx);
    }

    /// The server dropped the subscription (we fell behind): resubscribe from the cursor.
    pub fn on_resync(&mut self, conversation: &str, fx: &mut Fx) {
        if let Some(conv) = self.store.get_mut(conversation) {
            let commands = conv.stream.on_resync();
            self.run_stream(conversation, commands, fx);
        }
    }

    pub fn on_request_error(
        &mut self,
        generation: u64,
        id: u64,
        pending: Pending,
        error: Error,
        retry_after_ms: Option<u64>,
        fx: &mut Fx,
    ) {
        let Some(code) = error.server_code() else {
            return;
        };
        let action = classify_error(code, retry_after_ms);
        match pending {
            Pending::Auth { reauth } => {
                if action == ErrorAction::RefreshToken {
                    self.on_token_refused(generation, error, reauth, fx);
                } else if !reauth {
                    // Busy or failing server: try again with backoff.
                    self.lost(generation, fx);
                } else {
                    js::report("chat-elements: re-authentication failed", &error.to_js());
                }
            }
            Pending::Ping | Pending::Unsubscribe | Pending::Unwatch => {}
            Pending::Send { client_id } => {
                self.on_send_error(generation, &client_id, error, retry_after_ms, fx)
            }
            Pending::Call { call } => {
                self.on_call_error(generation, call, error, retry_after_ms, fx)
            }
            Pending::Watch { watch_id } => {
                self.on_watch_error(generation, &watch_id, id, error, retry_after_ms, fx)
            }
            Pending::History { conversation } | Pending::Subscribe { conversation } => {
                self.on_stream_error(generation, &conversation, error, action, fx)
            }
        }
    }

    /// A conversation's `subscribe` or `history` failed.
    fn on_stream_error(
        &mut self,
        generation: u64,
        conversation: &str,
        error: Error,
        action: ErrorAction,
        fx: &mut Fx,
    ) {
        let Some(conv) = self.store.get_mut(conversation) else {
            return;
        };
        fx.changed(conversation);
        match action {
            // Subscribed again after the re-authentication (or when the wait is over).
            ErrorAction::RefreshToken => {
                conv.stream.disconnected();
                conv.link_up = false;
                self.on_token_refused(generation, error, false, fx);
            }
            ErrorAction::RetryAfter(ms) => {
                conv.stream.disconnected();
                conv.link_up = false;
                conv.retry_at = Some(js::now_ms() + ms as i64);
                self.sync(fx);
            }
            ErrorAction::Fail => {
                // Views show the error (and report it once: subscribe and history usually
                // fail together, e.g. FORBIDDEN).
                conv.error = Some(error);
                let commands = conv.stream.on_refused();
                self.run_stream(conversation, commands, fx);
            }
        }
    }

    /// An error frame without a request id.
    pub fn on_connection_error(&mut self, generation: u64, error: Error, fx: &mut Fx) {
        let token_problem = matches!(&error, Error::Server { code, .. } if code.is_token_problem());
        if token_problem && !self.conn.link.is_open() {
            self.on_token_refused(generation, error, false, fx);
        } else {
            js::report(
                "chat-elements: the server reported an error",
                &error.to_js(),
            );
        }
    }
}

fn unexpected(result: &JsValue) {
    js::report("chat-elements: ignored an unexpected reply", result);
}
