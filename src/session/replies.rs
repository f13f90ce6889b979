//! What the session does with the server's replies, errors and events.

use chat_elements_core::{
    classify_error, ErrorAction, EventOutcome, PendingStatus, SubscribeOutcome,
};
use chat_elements_protocol::{Event, Message, Reply, Request};

use crate::connection::Pending;
use crate::errors::Error;
use crate::js;
use crate::session::effects::{Effect, ElementNotice, Fx};
use crate::session::state::Core;
use crate::store::SubState;

impl Core {
    pub fn on_reply(&mut self, generation: u64, pending: Pending, reply: Reply, fx: &mut Fx) {
        match (pending, reply) {
            (Pending::Auth { .. }, Reply::Welcome(welcome)) => {
                self.on_welcome(generation, welcome, fx)
            }
            (Pending::Ping, Reply::Pong { .. }) => self.on_pong(),
            (Pending::Send { client_id }, Reply::Sent { message, .. }) => {
                self.on_sent(&client_id, message, fx)
            }
            (
                Pending::History {
                    conversation,
                    older,
                },
                Reply::History { messages, has_more },
            ) => {
                if let Some(conv) = self.store.get_mut(&conversation) {
                    conv.history_in_flight = false;
                    if older {
                        conv.want_older = false;
                        conv.timeline.apply_older_page(messages, has_more);
                    } else {
                        conv.refetch = false;
                        conv.timeline.apply_newest_page(messages, has_more);
                    }
                    fx.render(&conversation);
                }
                self.sync(fx);
            }
            (
                Pending::Subscribe { conversation },
                Reply::Subscribed {
                    conversation: info,
                    replay,
                },
            ) => {
                if let Some(conv) = self.store.get_mut(&conversation) {
                    conv.sub = SubState::Subscribed;
                    let last_seq = info.last_seq;
                    conv.info = Some(info);
                    match conv.timeline.subscribed(last_seq, replay) {
                        SubscribeOutcome::Ok => {}
                        SubscribeOutcome::Refetch => conv.refetch = true,
                        SubscribeOutcome::Gap { .. } => self.resubscribe(&conversation),
                    }
                    fx.render(&conversation);
                }
                self.sync(fx);
            }
            (Pending::Unsubscribe, Reply::Unsubscribed) => {}
            (_, reply) => js::warn(
                &[
                    "chat-elements: ignored an unexpected \"",
                    reply_kind(&reply),
                    "\" reply",
                ]
                .concat(),
            ),
        }
    }

    /// A send was acknowledged (committed). Its pending row becomes the server's message.
    fn on_sent(&mut self, client_id: &str, message: Message, fx: &mut Fx) {
        let conversation = message.conversation_id.clone();
        let done = self.outbox.complete(client_id);
        let id = message.id.clone();
        if let Some(conv) = self.store.get_mut(&conversation) {
            conv.timeline.confirm(message);
            fx.render(&conversation);
        }
        if let Some(item) = done {
            fx.notify(
                item.origin,
                ElementNotice::MessageSent {
                    id,
                    content: item.text,
                    channel_id: conversation,
                },
            );
        }
    }

    pub fn on_event(&mut self, conversation: &str, seq: u64, event: Event, fx: &mut Fx) {
        let Some(conv) = self.store.get_mut(conversation) else {
            return; // unsubscribed meanwhile
        };
        match event {
            Event::MessageCreated { message } => {
                let client_id = message.client_id.clone();
                let id = message.id.clone();
                let outcome = conv.timeline.apply_event(seq, message);
                fx.render(conversation);
                // Our own send's event may overtake its ack: it confirms the send as well.
                if let Some(item) = client_id.and_then(|c| self.outbox.complete(&c)) {
                    fx.notify(
                        item.origin,
                        ElementNotice::MessageSent {
                            id,
                            content: item.text,
                            channel_id: conversation.to_owned(),
                        },
                    );
                }
                if let EventOutcome::Gap { .. } = outcome {
                    self.resubscribe(conversation);
                    self.sync(fx);
                }
            }
        }
    }

    /// The server dropped the subscription (we fell behind): resubscribe from the cursor.
    pub fn on_resync(&mut self, conversation: &str, fx: &mut Fx) {
        if let Some(conv) = self.store.get_mut(conversation) {
            conv.sub = SubState::None;
        }
        self.sync(fx);
    }

    /// Missing events: drop the subscription and subscribe again from the cursor, which replays
    /// what was missed.
    fn resubscribe(&mut self, conversation: &str) {
        let subscribed = self
            .store
            .get(conversation)
            .is_some_and(|c| c.sub != SubState::None);
        if subscribed {
            self.request(
                Request::Unsubscribe {
                    conversation_id: conversation.to_owned(),
                },
                Pending::Unsubscribe,
            );
        }
        if let Some(conv) = self.store.get_mut(conversation) {
            conv.sub = SubState::None;
        }
    }

    pub fn on_request_error(
        &mut self,
        generation: u64,
        pending: Pending,
        error: Error,
        retry_after_ms: Option<u64>,
        fx: &mut Fx,
    ) {
        let Error::Server { code, .. } = error else {
            return;
        };
        let action = classify_error(code, retry_after_ms);
        let now = js::now_ms();
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
            Pending::Ping | Pending::Unsubscribe => {}
            Pending::Send { client_id } => match action {
                ErrorAction::RefreshToken => {
                    self.outbox.defer(&client_id, None);
                    self.on_token_refused(generation, error, false, fx);
                }
                ErrorAction::RetryAfter(ms) => {
                    self.outbox.defer(&client_id, Some(now + ms as i64));
                    self.sync(fx);
                }
                ErrorAction::Fail => {
                    let Some(item) = self.outbox.get(&client_id).cloned() else {
                        return;
                    };
                    self.outbox
                        .fail(&client_id, code.as_str().to_owned(), error.to_string());
                    if let Some(conv) = self.store.get_mut(&item.conversation_id) {
                        conv.timeline.set_pending_status(
                            &client_id,
                            PendingStatus::Failed {
                                code: code.as_str().to_owned(),
                                message: error.to_string(),
                            },
                        );
                        fx.render(&item.conversation_id);
                    }
                    fx.notify(item.origin, ElementNotice::Error(error));
                }
            },
            Pending::History { conversation, .. } | Pending::Subscribe { conversation } => {
                if let Some(conv) = self.store.get_mut(&conversation) {
                    conv.history_in_flight = false;
                    if conv.sub == SubState::Subscribing {
                        conv.sub = SubState::None;
                    }
                    match action {
                        ErrorAction::RefreshToken => {}
                        ErrorAction::RetryAfter(ms) => conv.not_before = now + ms as i64,
                        ErrorAction::Fail => {
                            // History and subscribe usually fail together (e.g. FORBIDDEN):
                            // elements hear of a conversation's failure once.
                            if conv.error.is_none() {
                                fx.push(Effect::Conversation {
                                    conversation: conversation.clone(),
                                    error: error.clone(),
                                });
                            }
                            conv.error = Some(error.clone());
                        }
                    }
                    fx.render(&conversation);
                }
                if action == ErrorAction::RefreshToken {
                    self.on_token_refused(generation, error, false, fx);
                } else {
                    self.sync(fx);
                }
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

fn reply_kind(reply: &Reply) -> &'static str {
    match reply {
        Reply::Welcome(_) => "welcome",
        Reply::Pong { .. } => "pong",
        Reply::Sent { .. } => "sent",
        Reply::History { .. } => "history",
        Reply::Subscribed { .. } => "subscribed",
        Reply::Unsubscribed => "unsubscribed",
    }
}
