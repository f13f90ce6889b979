//! Requests of the Data API (`call`) and fire-and-forget notices (`typing`), between the caller
//! and the socket.
//!
//! How the SDK uses this: [`Calls::call`] queues a request and hands back a [`Receiver`] for its
//! result; whenever the socket can take requests it writes [`Calls::due`] and records the
//! request ids ([`Calls::written`]). The reply goes to [`Calls::answered`], an error to
//! [`Calls::failed`], which says what the engine does next: a call refused for its token is
//! sent again once after the refresh, a rate-limited call waits for `retryAfter`, anything else
//! rejects. A call whose socket closed before the reply goes out again on the next socket
//! (every Data API write is idempotent). `R` is the request, `T` the result, `E` the error.

use chat_elements_protocol::ErrorCode;

use crate::oneshot::{self, Receiver, Sender};
use crate::token::{classify_error, ErrorAction};

struct Call<R, T, E> {
    id: u64,
    request: R,
    /// `None` for fire-and-forget requests.
    waiter: Option<Sender<Result<T, E>>>,
    /// The request id on the current socket, once written.
    request_id: Option<u64>,
    /// Already sent again after a token refresh.
    retried: bool,
    /// Rate limited: not before this local time.
    not_before: i64,
}

/// What the engine does after a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallFailure {
    /// The token was refused: refresh it; the call goes out again afterwards (once).
    RefreshToken,
    /// Rate limited: the call goes out again after its wait ([`Calls::next_wakeup`]).
    Wait,
    /// The caller got the error.
    Rejected,
}

/// The calls not answered yet, in the order they were made.
pub struct Calls<R, T, E> {
    items: Vec<Call<R, T, E>>,
    next: u64,
}

impl<R, T, E> Default for Calls<R, T, E> {
    fn default() -> Self {
        Calls {
            items: Vec::new(),
            next: 0,
        }
    }
}

impl<R: Clone, T, E: Clone> Calls<R, T, E> {
    fn push(&mut self, request: R, waiter: Option<Sender<Result<T, E>>>) -> u64 {
        self.next += 1;
        self.items.push(Call {
            id: self.next,
            request,
            waiter,
            request_id: None,
            retried: false,
            not_before: 0,
        });
        self.next
    }

    /// Queues a request; the receiver gets its result or its error.
    pub fn call(&mut self, request: R) -> Receiver<Result<T, E>> {
        let (sender, receiver) = oneshot::channel();
        self.push(request, Some(sender));
        receiver
    }

    /// Queues a request nobody waits for.
    pub fn notify(&mut self, request: R) {
        self.push(request, None);
    }

    /// The calls to write now: not written on this socket, not waiting out a rate limit.
    pub fn due(&self, now: i64) -> Vec<(u64, R)> {
        self.items
            .iter()
            .filter(|c| c.request_id.is_none() && c.not_before <= now)
            .map(|c| (c.id, c.request.clone()))
            .collect()
    }

    /// Call `id` was written as request `request_id`.
    pub fn written(&mut self, id: u64, request_id: u64) {
        if let Some(call) = self.items.iter_mut().find(|c| c.id == id) {
            call.request_id = Some(request_id);
        }
    }

    /// The socket closed: calls not answered go out again on the next one.
    pub fn connection_lost(&mut self) {
        for call in &mut self.items {
            call.request_id = None;
        }
    }

    fn take(&mut self, id: u64) -> Option<Call<R, T, E>> {
        let at = self.items.iter().position(|c| c.id == id)?;
        Some(self.items.remove(at))
    }

    /// Call `id` was answered with `result`: its caller gets it. Returns the request (the
    /// engine looks at what it changed).
    pub fn answered(&mut self, id: u64, result: T) -> Option<R> {
        let call = self.take(id)?;
        if let Some(waiter) = call.waiter {
            waiter.send(Ok(result));
        }
        Some(call.request)
    }

    /// Call `id` was refused with `code` (and `retry_after_ms`); `error` is what its caller
    /// gets when it is not tried again. `None` for a call that is not waiting.
    pub fn failed(
        &mut self,
        id: u64,
        code: ErrorCode,
        retry_after_ms: Option<u64>,
        error: E,
        now: i64,
    ) -> Option<CallFailure> {
        let call = self.items.iter_mut().find(|c| c.id == id)?;
        call.request_id = None;
        Some(match classify_error(code, retry_after_ms) {
            ErrorAction::RefreshToken if !call.retried => {
                call.retried = true;
                CallFailure::RefreshToken
            }
            ErrorAction::RetryAfter(ms) if code == ErrorCode::RateLimited => {
                call.not_before = now.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX));
                CallFailure::Wait
            }
            _ => {
                if let Some(waiter) = self.take(id).and_then(|c| c.waiter) {
                    waiter.send(Err(error));
                }
                CallFailure::Rejected
            }
        })
    }

    /// Calls not answered yet.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when every call was answered.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The earliest time a rate-limited call may go again.
    pub fn next_wakeup(&self, now: i64) -> Option<i64> {
        self.items
            .iter()
            .map(|c| c.not_before)
            .filter(|&t| t > now)
            .min()
    }

    /// Rejects every call with `error` (the session terminated).
    pub fn end(&mut self, error: &E) {
        for call in self.items.drain(..) {
            if let Some(waiter) = call.waiter {
                waiter.send(Err(error.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::task::Poll;

    use super::*;
    use crate::oneshot::poll_now;

    type TestCalls = Calls<&'static str, u32, &'static str>;

    #[test]
    fn a_call_is_written_once_per_socket_and_answered() {
        let mut calls = TestCalls::default();
        let mut answer = calls.call("getUser");
        assert_eq!(calls.due(0), [(1, "getUser")]);
        calls.written(1, 40);
        assert!(calls.due(0).is_empty(), "written on this socket");
        calls.connection_lost();
        assert_eq!(calls.due(0), [(1, "getUser")], "again on the next socket");
        calls.written(1, 41);
        assert_eq!(calls.answered(1, 7), Some("getUser"));
        assert_eq!(poll_now(&mut answer), Poll::Ready(Some(Ok(7))));
        assert!(calls.is_empty());
        assert_eq!(calls.answered(1, 8), None, "answered once");
    }

    #[test]
    fn a_token_refusal_retries_once_then_rejects() {
        let mut calls = TestCalls::default();
        let mut answer = calls.call("send");
        calls.written(1, 1);
        let refused = calls.failed(1, ErrorCode::TokenExpired, None, "expired", 0);
        assert_eq!(refused, Some(CallFailure::RefreshToken));
        assert_eq!(calls.due(0).len(), 1, "sent again after the refresh");
        calls.written(1, 2);
        let refused = calls.failed(1, ErrorCode::TokenExpired, None, "expired", 0);
        assert_eq!(refused, Some(CallFailure::Rejected));
        assert_eq!(poll_now(&mut answer), Poll::Ready(Some(Err("expired"))));
    }

    #[test]
    fn a_rate_limited_call_waits_and_other_errors_reject() {
        let mut calls = TestCalls::default();
        let _limited = calls.call("a");
        let mut refused = calls.call("b");
        calls.written(1, 1);
        calls.written(2, 2);
        let wait = calls.failed(1, ErrorCode::RateLimited, Some(500), "slow down", 1_000);
        assert_eq!(wait, Some(CallFailure::Wait));
        assert!(calls.due(1_200).is_empty(), "waits out retryAfter");
        assert_eq!(calls.next_wakeup(1_200), Some(1_500));
        assert_eq!(calls.due(1_500), [(1, "a")]);
        // Unavailable is retryable for streams, but a call's caller hears of it.
        let gone = calls.failed(2, ErrorCode::Unavailable, Some(10), "busy", 0);
        assert_eq!(gone, Some(CallFailure::Rejected));
        assert_eq!(poll_now(&mut refused), Poll::Ready(Some(Err("busy"))));
        assert_eq!(calls.failed(9, ErrorCode::Internal, None, "x", 0), None);
    }

    #[test]
    fn notices_have_no_waiter_and_end_rejects_the_rest() {
        let mut calls = TestCalls::default();
        calls.notify("typing");
        let mut answer = calls.call("get");
        assert_eq!(calls.len(), 2);
        assert_eq!(calls.answered(1, 0), Some("typing"));
        calls.end(&"destroyed");
        assert_eq!(poll_now(&mut answer), Poll::Ready(Some(Err("destroyed"))));
        assert!(calls.is_empty());
    }
}
