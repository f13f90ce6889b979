//! Message streams: the Data API's message listeners and the conversation views of a
//! conversation share one `chat_elements_core::MessageStream` (one upstream `subscribe`, resumed
//! from the cursor after a reconnect, refetched after a truncated replay, one window per reader).
//! This file runs the stream's commands and tells the readers: Data API listeners at most once
//! per animation frame (see `delivery.rs`), with the messages newest first, and only when what
//! they see changed; views at once, through their change listener (they read the state when they
//! render).

use chat_elements_core::oneshot::{self, Receiver, Sender};
use chat_elements_core::StreamCommand;
use chat_elements_protocol::ErrorCode;
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js;
use crate::session::connection::Pending;
use crate::session::effects::{Effect, Fx};
use crate::session::handle::{Listener, Update};
use crate::session::state::Core;
use crate::session::store::Conv;
use crate::wire;

/// What a listener was told last.
#[derive(PartialEq)]
enum Seen {
    Messages(Vec<JsValue>, bool),
    Null,
    Error,
}

/// One Data API listener of a conversation's messages (its window is in the stream).
pub struct MsgSub {
    pub id: u64,
    listener: Listener,
    waiters: Vec<Sender<Result<(), Error>>>,
    /// The stream asked for this listener to be told.
    dirty: bool,
    last: Option<Seen>,
}

/// Refusals that mean "you cannot see this conversation": the stream shows `null`.
pub fn is_null(error: &Error) -> bool {
    matches!(
        error,
        Error::Server {
            code: ErrorCode::Forbidden | ErrorCode::NotFound,
            ..
        }
    )
}

impl Conv {
    /// What listener `id` sees now; `None` while its window is not ready.
    fn stream_update(&self, id: u64) -> Option<(Update, Seen)> {
        let (messages, loaded_all) = self.stream.snapshot(id)?;
        Some(match (messages, &self.error) {
            (None, Some(error)) if !is_null(error) => (Update::Error(error.clone()), Seen::Error),
            (None, _) => (Update::Null, Seen::Null),
            (Some(messages), _) => {
                let values: Vec<JsValue> = messages.iter().rev().map(|m| m.value.clone()).collect();
                let array = values.iter().collect::<js_sys::Array>();
                (
                    Update::Messages {
                        messages: array,
                        loaded_all,
                    },
                    Seen::Messages(values, loaded_all),
                )
            }
        })
    }
}

impl Core {
    /// A new listener of `conversation`'s messages.
    pub fn add_messages(&mut self, conversation: &str, listener: Listener, fx: &mut Fx) -> u64 {
        let id = self.life.listener_id();
        if let Some(error) = self.life.fatal.clone() {
            fx.push(Effect::Deliver(vec![(listener, Update::Error(error))]));
            return id;
        }
        let conv = self
            .store
            .entry(conversation, self.id.limits.max_history_page);
        conv.subs.push(MsgSub {
            id,
            listener,
            waiters: Vec::new(),
            dirty: false,
            last: None,
        });
        let commands = conv.stream.add_subscriber(id);
        self.run_stream(conversation, commands, fx);
        self.sync(fx);
        id
    }

    /// The listener's handle was dropped. The last reader of a conversation unsubscribes it.
    pub fn remove_messages(&mut self, id: u64, fx: &mut Fx) {
        let Some((conversation, conv)) = self
            .store
            .iter_mut()
            .find(|(_, c)| c.subs.iter().any(|s| s.id == id))
        else {
            return;
        };
        let conversation = conversation.clone();
        // Its waiting `load_more`s resolve (a dropped sender reads as done).
        conv.subs.retain(|s| s.id != id);
        let commands = conv.stream.remove_subscriber(id);
        self.run_stream(&conversation, commands, fx);
    }

    /// Grows a listener's window by `count` older messages (calls made before an earlier one
    /// finished collapse with it).
    pub fn load_more(
        &mut self,
        id: u64,
        count: u32,
        fx: &mut Fx,
    ) -> Option<Receiver<Result<(), Error>>> {
        let (conversation, conv) = self
            .store
            .iter_mut()
            .find(|(_, c)| c.subs.iter().any(|s| s.id == id))?;
        let conversation = conversation.clone();
        let (sender, receiver) = oneshot::channel();
        conv.subs
            .iter_mut()
            .find(|s| s.id == id)?
            .waiters
            .push(sender);
        let commands = conv.stream.load_more(id, count as usize);
        self.run_stream(&conversation, commands, fx);
        Some(receiver)
    }

    /// Performs a stream's commands: requests, listeners to tell, `load_more`s to resolve. A
    /// conversation nobody reads any more is forgotten afterwards.
    pub fn run_stream(&mut self, conversation: &str, commands: Vec<StreamCommand>, fx: &mut Fx) {
        for command in commands {
            let pending = || Pending::Subscribe {
                conversation: conversation.to_owned(),
            };
            let history = || Pending::History {
                conversation: conversation.to_owned(),
            };
            match command {
                StreamCommand::Subscribe { after_seq } => {
                    self.request(wire::subscribe(conversation, after_seq), pending());
                }
                StreamCommand::Unsubscribe => {
                    self.request(wire::unsubscribe(conversation), Pending::Unsubscribe);
                }
                StreamCommand::FetchNewest { limit } => {
                    self.request(wire::history(conversation, None, limit), history());
                }
                StreamCommand::FetchOlder { before_seq, limit } => {
                    self.request(
                        wire::history(conversation, Some(before_seq), limit),
                        history(),
                    );
                }
                StreamCommand::Emit { subscriber } => {
                    let Some(conv) = self.store.get_mut(conversation) else {
                        continue;
                    };
                    match conv.subs.iter_mut().find(|s| s.id == subscriber) {
                        Some(sub) => sub.dirty = true,
                        None => fx.changed(conversation),
                    }
                }
                StreamCommand::LoadMoreDone { subscriber } => {
                    let Some(conv) = self.store.get_mut(conversation) else {
                        continue;
                    };
                    let result = match &conv.error {
                        Some(error) if !is_null(error) => Err(error.clone()),
                        _ => Ok(()),
                    };
                    let waiters = match conv.subs.iter_mut().find(|s| s.id == subscriber) {
                        Some(sub) => std::mem::take(&mut sub.waiters),
                        None => match conv.views.iter_mut().find(|v| v.window == subscriber) {
                            Some(view) => {
                                fx.changed(conversation);
                                view.older_loaded()
                            }
                            None => Vec::new(),
                        },
                    };
                    for waiter in waiters {
                        waiter.send(result.clone());
                    }
                }
            }
        }
        self.store.drop_if_unused(conversation);
    }

    /// Tells the streams that are down that the socket is up (after a welcome, or when a rate
    /// limit passed): they subscribe from their cursor and fetch what they miss.
    pub fn connect_streams(&mut self, fx: &mut Fx) {
        let now = js::now_ms();
        for conversation in self.store.ids() {
            let Some(conv) = self.store.get_mut(&conversation) else {
                continue;
            };
            let waiting = conv.retry_at.is_some_and(|at| at > now);
            if conv.link_up || conv.error.is_some() || waiting {
                continue;
            }
            conv.retry_at = None;
            conv.link_up = true;
            let commands = conv.stream.connected();
            self.run_stream(&conversation, commands, fx);
        }
    }

    /// A write that made the current user a participant succeeded (`request` is the call's
    /// request): a message stream that the server refused for that conversation (it showed
    /// `null`) subscribes again, so `subscribeMessages` before `createIfNotExists` works.
    pub fn after_joining(&mut self, request: &JsValue, fx: &mut Fx) {
        let op = wire::string(request, "op").unwrap_or_default();
        let joins_self = match op.as_str() {
            "createConversation" | "setConversation" => true,
            "createParticipant" | "setParticipant" => {
                wire::string(request, "userId").is_some()
                    && wire::string(request, "userId") == self.id.user_id
            }
            _ => false,
        };
        let Some(conversation) = wire::string(request, "conversationId").filter(|_| joins_self)
        else {
            return;
        };
        let Some(conv) = self.store.get_mut(&conversation) else {
            return;
        };
        if !conv.error.as_ref().is_some_and(is_null) {
            return;
        }
        conv.error = None;
        let commands = conv.stream.retry();
        self.run_stream(&conversation, commands, fx);
    }

    /// True when a stream listener has something to be told.
    pub fn streams_dirty(&self) -> bool {
        self.store
            .iter()
            .any(|(_, conv)| conv.subs.iter().any(|s| s.dirty))
    }

    /// The updates due to stream listeners (what they see changed).
    pub fn stream_updates(&mut self, out: &mut Vec<(Listener, Update)>) {
        for (_, conv) in self.store.iter_mut() {
            for at in 0..conv.subs.len() {
                if !std::mem::take(&mut conv.subs[at].dirty) {
                    continue;
                }
                let Some((update, seen)) = conv.stream_update(conv.subs[at].id) else {
                    continue;
                };
                let sub = &mut conv.subs[at];
                if sub.last.as_ref() != Some(&seen) {
                    sub.last = Some(seen);
                    out.push((sub.listener.clone(), update));
                }
            }
        }
    }

    /// The session terminated: every stream ends with `error`.
    pub fn end_streams(&mut self, error: &Error, out: &mut Vec<(Listener, Update)>) {
        for (_, conv) in self.store.iter_mut() {
            for sub in conv.subs.drain(..) {
                for waiter in sub.waiters {
                    waiter.send(Err(error.clone()));
                }
                out.push((sub.listener, Update::Error(error.clone())));
            }
        }
    }
}
