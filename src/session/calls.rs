//! Generic requests of the Data API (`SessionHandle::call`) and typing notices, over
//! `chat_elements_core::Calls` (which decides what a refusal leads to).
//!
//! A call waits for an authenticated socket (opening one if needed), is written by the request
//! pass, and resolves with the reply's `result`.

use chat_elements_core::oneshot::Receiver;
use chat_elements_core::CallFailure;
use chat_elements_protocol::ErrorCode;
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js;
use crate::session::connection::Pending;
use crate::session::effects::Fx;
use crate::session::state::Core;
use crate::wire;

impl Core {
    /// Queues a request `{ op, ... }`; the receiver gets the reply's `result` or the error.
    pub fn call(
        &mut self,
        request: JsValue,
        fx: &mut Fx,
    ) -> Result<Receiver<Result<JsValue, Error>>, Error> {
        if let Some(error) = self.life.fatal.clone() {
            return Err(error);
        }
        if wire::string(&request, "op").is_none() || wire::encode(0, &request).is_none() {
            return Err(Error::InvalidOptions(
                "a request is a JSON object with an \"op\"".into(),
            ));
        }
        let receiver = self.calls.call(request);
        self.sync(fx);
        Ok(receiver)
    }

    /// Tells the server the user is typing (throttled: the server keeps the indicator for
    /// `typingTtlMs`, renewed a little before it runs out).
    pub fn mark_typing(&mut self, conversation: &str, fx: &mut Fx) {
        if self.is_terminated() {
            return;
        }
        let ttl = self.id.limits.typing_ttl_ms;
        if self.typing.typed(conversation, js::now_ms(), ttl) {
            self.calls.notify(wire::typing(conversation));
            self.sync(fx);
        }
    }

    /// Writes the calls that are due. False when the socket is failing.
    pub fn sync_calls(&mut self, now: i64) -> bool {
        for (id, request) in self.calls.due(now) {
            let Some(request_id) = self.request(request, Pending::Call { call: id }) else {
                return false;
            };
            self.calls.written(id, request_id);
        }
        true
    }

    pub fn on_call_reply(&mut self, id: u64, result: JsValue, fx: &mut Fx) {
        if let Some(request) = self.calls.answered(id, result) {
            self.after_joining(&request, fx);
        }
    }

    pub fn on_call_error(
        &mut self,
        generation: u64,
        id: u64,
        error: Error,
        retry_after_ms: Option<u64>,
        fx: &mut Fx,
    ) {
        let code = error.server_code().unwrap_or(ErrorCode::Internal);
        let now = js::now_ms();
        match self
            .calls
            .failed(id, code, retry_after_ms, error.clone(), now)
        {
            Some(CallFailure::RefreshToken) => self.on_token_refused(generation, error, false, fx),
            Some(CallFailure::Wait) => self.sync(fx),
            Some(CallFailure::Rejected) | None => {}
        }
    }
}
