//! Generic requests of the Data API (`SessionHandle::call`) and typing notices.
//!
//! A call waits for an authenticated socket (opening one if needed), is written by the request
//! pass, and resolves with the reply's `result`. A call refused with a token error is sent again
//! once after the token was refreshed; a call whose socket dropped before the reply is sent again
//! on the next socket (every Data API write is idempotent); a rate-limited call waits and goes
//! again.

use chat_elements_core::typing::DEFAULT_MARGIN_MS;
use chat_elements_core::{ErrorAction, TypingThrottle};
use chat_elements_protocol::ErrorCode;
use wasm_bindgen::JsValue;

use crate::connection::Pending;
use crate::errors::Error;
use crate::js;
use crate::session::effects::Fx;
use crate::session::oneshot::{self, Receiver, Sender};
use crate::session::state::Core;
use crate::wire;

pub struct Call {
    id: u64,
    request: JsValue,
    /// `None` for fire-and-forget requests (typing).
    waiter: Option<Sender<Result<JsValue, Error>>>,
    /// The request id on the current socket, once written.
    request_id: Option<u64>,
    /// Already sent again after a token refresh.
    retried: bool,
    not_before: i64,
}

#[derive(Default)]
pub struct Calls {
    items: Vec<Call>,
    next: u64,
}

impl Calls {
    /// The socket closed: calls not answered go out again on the next one.
    pub fn connection_lost(&mut self) {
        for call in &mut self.items {
            call.request_id = None;
        }
    }

    /// Calls not answered yet.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The earliest time a rate-limited call may go again.
    pub fn next_wakeup(&self, now: i64) -> Option<i64> {
        self.items
            .iter()
            .map(|c| c.not_before)
            .filter(|&t| t > now)
            .min()
    }

    fn push(&mut self, request: JsValue, waiter: Option<Sender<Result<JsValue, Error>>>) {
        self.next += 1;
        self.items.push(Call {
            id: self.next,
            request,
            waiter,
            request_id: None,
            retried: false,
            not_before: 0,
        });
    }

    fn take(&mut self, id: u64) -> Option<Call> {
        let at = self.items.iter().position(|c| c.id == id)?;
        Some(self.items.remove(at))
    }

    /// Rejects every call (the session terminated).
    pub fn end(&mut self, error: &Error) {
        for call in self.items.drain(..) {
            if let Some(waiter) = call.waiter {
                waiter.send(Err(error.clone()));
            }
        }
    }
}

impl Core {
    /// Queues a request `{ op, ... }`; the receiver gets the reply's `result` or the error.
    pub fn call(
        &mut self,
        request: JsValue,
        fx: &mut Fx,
    ) -> Result<Receiver<Result<JsValue, Error>>, Error> {
        if let Some(error) = self.fatal.clone() {
            return Err(error);
        }
        if wire::string(&request, "op").is_none() || wire::encode(0, &request).is_none() {
            return Err(Error::InvalidOptions(
                "a request is a JSON object with an \"op\"".into(),
            ));
        }
        let (sender, receiver) = oneshot::channel();
        self.calls.push(request, Some(sender));
        self.sync(fx);
        Ok(receiver)
    }

    /// Tells the server the user is typing (throttled: the server keeps the indicator for
    /// `typingTtlMs`, renewed a little before it runs out).
    pub fn mark_typing(&mut self, conversation: &str, fx: &mut Fx) {
        if self.is_terminated() {
            return;
        }
        let now = js::now_ms();
        let at = match self.typing.iter().position(|(c, _)| c == conversation) {
            Some(at) => at,
            None => {
                let throttle = TypingThrottle::new(self.limits.typing_ttl_ms, DEFAULT_MARGIN_MS);
                self.typing.push((conversation.to_owned(), throttle));
                self.typing.len() - 1
            }
        };
        if self.typing[at].1.should_send(now) {
            self.calls.push(wire::typing(conversation), None);
            self.sync(fx);
        }
    }

    /// A send clears the typing indicator on the server: the next keystroke notifies again.
    pub fn typing_ended(&mut self, conversation: &str) {
        if let Some((_, throttle)) = self.typing.iter_mut().find(|(c, _)| c == conversation) {
            throttle.message_sent();
        }
    }

    /// Writes the calls that are due. False when the socket is failing.
    pub fn sync_calls(&mut self, now: i64) -> bool {
        let due: Vec<(u64, JsValue)> = self
            .calls
            .items
            .iter()
            .filter(|c| c.request_id.is_none() && c.not_before <= now)
            .map(|c| (c.id, c.request.clone()))
            .collect();
        for (id, request) in due {
            let Some(request_id) = self.request(request, Pending::Call { call: id }) else {
                return false;
            };
            if let Some(call) = self.calls.items.iter_mut().find(|c| c.id == id) {
                call.request_id = Some(request_id);
            }
        }
        true
    }

    pub fn on_call_reply(&mut self, id: u64, result: JsValue, fx: &mut Fx) {
        let Some(call) = self.calls.take(id) else {
            return;
        };
        self.after_joining(&call.request, fx);
        if let Some(waiter) = call.waiter {
            waiter.send(Ok(result));
        }
    }

    pub fn on_call_error(
        &mut self,
        generation: u64,
        id: u64,
        error: Error,
        action: ErrorAction,
        fx: &mut Fx,
    ) {
        let Some(call) = self.calls.items.iter_mut().find(|c| c.id == id) else {
            return;
        };
        call.request_id = None;
        let rate_limited = matches!(
            error,
            Error::Server {
                code: ErrorCode::RateLimited,
                ..
            }
        );
        match action {
            ErrorAction::RefreshToken if !call.retried => {
                call.retried = true;
                self.on_token_refused(generation, error, false, fx);
            }
            ErrorAction::RetryAfter(ms) if rate_limited => {
                call.not_before = js::now_ms() + ms as i64;
                self.sync(fx);
            }
            _ => {
                if let Some(waiter) = self.calls.take(id).and_then(|c| c.waiter) {
                    waiter.send(Err(error));
                }
            }
        }
    }
}
