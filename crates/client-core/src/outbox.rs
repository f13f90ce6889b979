//! Sends waiting for the server's acknowledgement.
//!
//! Each send keeps the client id it was created with for its whole life: a retry after a
//! failure, and a resend after a reconnect, reuse it, so the server returns the original message
//! instead of storing a duplicate.
//!
//! How the SDK uses this: `send` enqueues (and gets a [`Receiver`] for the outcome); on every
//! chance to write it sends [`Outbox::ready`] items and marks them in flight; the `sent` ack (or
//! the `messageCreated` event carrying the client id) completes them and answers the waiter; an
//! error goes to [`Outbox::failed`], which defers the send (token refresh, rate limit, busy
//! server) or fails it for good (the waiter hears of it; [`Outbox::retry`] queues it again with a
//! new waiter). A closed socket requeues what was in flight; unsent items count as activity for
//! the idle policy ([`crate::idle`]). A send may belong to a message window: when the window
//! closes, its failed sends go (nobody is left to retry them) and its queued ones still go out.
//!
//! `P` is the request payload, `T` what a completed send answers with, `E` the error.

use chat_elements_protocol::ErrorCode;

use crate::oneshot::{self, Receiver, Sender};
use crate::token::{classify_error, ErrorAction};

/// Where a send is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendState {
    /// Waiting to go out (not before `not_before`, local ms, when set).
    Queued {
        /// The earliest local time to send it.
        not_before: Option<i64>,
    },
    /// Written to the socket as request `request_id`; waiting for the ack.
    InFlight {
        /// The request's id.
        request_id: u64,
    },
    /// Refused for good; stays until retried or its window closes.
    Failed,
}

/// One send waiting for its acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem<P> {
    /// The client id it is sent with, every time.
    pub client_id: String,
    /// Where it goes.
    pub conversation_id: String,
    /// What the user typed (shown while pending).
    pub text: String,
    /// The request's fields besides the conversation and the client id.
    pub payload: P,
    /// The message window that sent it, if any.
    pub window: Option<u64>,
    /// Where it is.
    pub state: SendState,
    /// How many times it was written to a socket.
    pub attempts: u32,
}

/// What the engine does after a send was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// The token was refused: refresh it; the send goes out again afterwards.
    RefreshToken,
    /// Transient: the send goes out again after its wait ([`Outbox::next_wakeup`]).
    Wait,
    /// Failed for good in this conversation; it stays until retried or its window closes.
    Failed {
        /// The conversation it was for.
        conversation_id: String,
    },
}

/// Pending sends in the order they were made. Acknowledged sends leave the outbox.
pub struct Outbox<P, T = (), E = ()> {
    items: Vec<OutboxItem<P>>,
    waiters: Vec<(String, Sender<Result<T, E>>)>,
}

impl<P, T, E> Default for Outbox<P, T, E> {
    fn default() -> Self {
        Outbox {
            items: Vec::new(),
            waiters: Vec::new(),
        }
    }
}

impl<P, T, E: Clone> Outbox<P, T, E> {
    /// An empty outbox.
    pub fn new() -> Self {
        Outbox::default()
    }

    /// Every pending send, oldest first.
    pub fn items(&self) -> &[OutboxItem<P>] {
        &self.items
    }

    /// True when every send was acknowledged.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The send with this client id.
    pub fn get(&self, client_id: &str) -> Option<&OutboxItem<P>> {
        self.items.iter().find(|i| i.client_id == client_id)
    }

    fn item_mut(&mut self, client_id: &str) -> Option<&mut OutboxItem<P>> {
        self.items.iter_mut().find(|i| i.client_id == client_id)
    }

    /// Adds a send in state queued; the receiver gets its outcome. A client id already in the
    /// outbox adds nothing (its receiver resolves with `None`).
    pub fn enqueue(
        &mut self,
        client_id: String,
        conversation_id: String,
        text: String,
        payload: P,
        window: Option<u64>,
    ) -> Receiver<Result<T, E>> {
        let (sender, receiver) = oneshot::channel();
        if self.get(&client_id).is_some() {
            return receiver;
        }
        self.waiters.push((client_id.clone(), sender));
        self.items.push(OutboxItem {
            client_id,
            conversation_id,
            text,
            payload,
            window,
            state: SendState::Queued { not_before: None },
            attempts: 0,
        });
        receiver
    }

    /// The client ids to write now, in order. Stops at the first queued send that must wait, so
    /// sends never overtake each other.
    pub fn ready(&self, now: i64) -> Vec<String> {
        let mut out = Vec::new();
        for item in &self.items {
            match item.state {
                SendState::Queued { not_before } => {
                    if not_before.is_some_and(|t| t > now) {
                        break;
                    }
                    out.push(item.client_id.clone());
                }
                SendState::InFlight { .. } | SendState::Failed => {}
            }
        }
        out
    }

    /// The earliest time a waiting send becomes ready, if any waits.
    pub fn next_wakeup(&self) -> Option<i64> {
        self.items
            .iter()
            .filter_map(|i| match i.state {
                SendState::Queued { not_before } => not_before,
                _ => None,
            })
            .min()
    }

    /// The send was written as request `request_id`.
    pub fn mark_in_flight(&mut self, client_id: &str, request_id: u64) -> bool {
        match self.item_mut(client_id) {
            Some(item) => {
                item.state = SendState::InFlight { request_id };
                item.attempts += 1;
                true
            }
            None => false,
        }
    }

    fn take_waiter(&mut self, client_id: &str) -> Option<Sender<Result<T, E>>> {
        let at = self.waiters.iter().position(|(c, _)| c == client_id)?;
        Some(self.waiters.remove(at).1)
    }

    /// The server confirmed the send (by its ack or by the live event with this client id): it
    /// leaves the outbox and its waiter gets `message`. Returns it, or None when it was already
    /// confirmed.
    pub fn complete(&mut self, client_id: &str, message: T) -> Option<OutboxItem<P>> {
        let at = self.items.iter().position(|i| i.client_id == client_id)?;
        if let Some(waiter) = self.take_waiter(client_id) {
            waiter.send(Ok(message));
        }
        Some(self.items.remove(at))
    }

    /// The server refused the send with `code` (and `retry_after_ms`): it is deferred, or it
    /// fails and its waiter gets `error`. `None` for a client id not in the outbox.
    pub fn failed(
        &mut self,
        client_id: &str,
        code: ErrorCode,
        retry_after_ms: Option<u64>,
        error: E,
        now: i64,
    ) -> Option<SendFailure> {
        let item = self.item_mut(client_id)?;
        let outcome = match classify_error(code, retry_after_ms) {
            ErrorAction::RefreshToken => {
                item.state = SendState::Queued { not_before: None };
                SendFailure::RefreshToken
            }
            ErrorAction::RetryAfter(ms) => {
                let wait = i64::try_from(ms).unwrap_or(i64::MAX);
                item.state = SendState::Queued {
                    not_before: Some(now.saturating_add(wait)),
                };
                SendFailure::Wait
            }
            ErrorAction::Fail => {
                item.state = SendState::Failed;
                let conversation_id = item.conversation_id.clone();
                if let Some(waiter) = self.take_waiter(client_id) {
                    waiter.send(Err(error));
                }
                SendFailure::Failed { conversation_id }
            }
        };
        Some(outcome)
    }

    /// The user retries a failed send: queued again with the same client id; the receiver gets
    /// the new outcome. `None` when the send is not failed.
    pub fn retry(&mut self, client_id: &str) -> Option<Receiver<Result<T, E>>> {
        let item = self.item_mut(client_id)?;
        if !matches!(item.state, SendState::Failed) {
            return None;
        }
        item.state = SendState::Queued { not_before: None };
        let (sender, receiver) = oneshot::channel();
        self.waiters.push((client_id.to_owned(), sender));
        Some(receiver)
    }

    /// The socket closed: every send in flight goes back to the queue (same client id, in its
    /// original place), to be written again after the reconnect.
    pub fn requeue_in_flight(&mut self) -> usize {
        let mut n = 0;
        for item in &mut self.items {
            if matches!(item.state, SendState::InFlight { .. }) {
                item.state = SendState::Queued { not_before: None };
                n += 1;
            }
        }
        n
    }

    /// Sends not failed (they need the connection).
    pub fn unsent(&self) -> usize {
        self.items
            .iter()
            .filter(|i| !matches!(i.state, SendState::Failed))
            .count()
    }

    /// Message window `window` closed: its failed sends go (queued ones still go out).
    pub fn close_window(&mut self, window: u64) {
        self.items
            .retain(|i| i.window != Some(window) || !matches!(i.state, SendState::Failed));
    }

    /// Rejects every waiting send with `error` (the session terminated).
    pub fn end(&mut self, error: &E) {
        for (_, waiter) in self.waiters.drain(..) {
            waiter.send(Err(error.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::task::Poll;

    use super::*;
    use crate::oneshot::poll_now;

    type TestOutbox = Outbox<(), u32, &'static str>;

    fn outbox(ids: &[&str]) -> TestOutbox {
        let mut o = Outbox::new();
        for id in ids {
            drop(o.enqueue(
                (*id).into(),
                "c".into(),
                ["text ", id].concat(),
                (),
                Some(1),
            ));
        }
        o
    }

    #[test]
    fn sends_go_out_in_order_and_leave_on_ack() {
        let mut o = outbox(&["a"]);
        let mut b = o.enqueue("b".into(), "c".into(), "text b".into(), (), None);
        assert_eq!(o.ready(0), ["a", "b"]);
        assert!(o.mark_in_flight("a", 10));
        assert!(o.mark_in_flight("b", 11));
        assert!(o.ready(0).is_empty());
        let done = o.complete("a", 1).unwrap();
        assert_eq!(done.text, "text a");
        assert_eq!(o.complete("a", 1), None);
        assert_eq!(o.items().len(), 1);
        o.complete("b", 2);
        assert_eq!(poll_now(&mut b), Poll::Ready(Some(Ok(2))));
    }

    #[test]
    fn failed_send_is_retried_with_the_same_client_id() {
        let mut o = TestOutbox::new();
        let mut first = o.enqueue("a".into(), "c".into(), "hi".into(), (), None);
        o.mark_in_flight("a", 1);
        let failed = o.failed("a", ErrorCode::Forbidden, None, "no", 0);
        assert_eq!(
            failed,
            Some(SendFailure::Failed {
                conversation_id: "c".into()
            })
        );
        assert_eq!(poll_now(&mut first), Poll::Ready(Some(Err("no"))));
        assert!(o.ready(0).is_empty());
        assert_eq!(o.unsent(), 0);
        let mut second = o.retry("a").expect("a failed send can be retried");
        assert!(o.retry("a").is_none(), "only a failed send");
        assert_eq!(o.ready(0), ["a"]);
        o.mark_in_flight("a", 2);
        assert_eq!(o.get("a").unwrap().attempts, 2);
        o.complete("a", 9);
        assert_eq!(poll_now(&mut second), Poll::Ready(Some(Ok(9))));
    }

    #[test]
    fn token_refusals_and_busy_servers_defer() {
        let mut o = outbox(&["a", "b"]);
        o.mark_in_flight("a", 1);
        let refresh = o.failed("a", ErrorCode::TokenExpired, None, "expired", 0);
        assert_eq!(refresh, Some(SendFailure::RefreshToken));
        assert_eq!(o.ready(0), ["a", "b"]);
        o.mark_in_flight("a", 2);
        let wait = o.failed("a", ErrorCode::RateLimited, Some(400), "slow", 100);
        assert_eq!(wait, Some(SendFailure::Wait));
        assert!(o.ready(200).is_empty(), "later sends wait behind it");
        assert_eq!(o.next_wakeup(), Some(500));
        assert_eq!(o.ready(500), ["a", "b"]);
        assert_eq!(o.failed("x", ErrorCode::Forbidden, None, "no", 0), None);
    }

    #[test]
    fn reconnect_requeues_in_flight_sends_in_place() {
        let mut o = outbox(&["a", "b", "c"]);
        o.mark_in_flight("a", 1);
        o.mark_in_flight("b", 2);
        o.failed("b", ErrorCode::Forbidden, None, "x", 0);
        assert_eq!(o.requeue_in_flight(), 1);
        assert_eq!(o.ready(0), ["a", "c"]);
    }

    #[test]
    fn duplicate_enqueue_is_ignored_and_a_closed_window_drops_its_failed_sends() {
        let mut o = outbox(&["a", "a", "b", "c"]);
        assert_eq!(o.items().len(), 3);
        o.mark_in_flight("b", 1);
        o.failed("b", ErrorCode::Forbidden, None, "x", 0);
        let _other = o.enqueue("d".into(), "c".into(), "d".into(), (), Some(2));
        o.mark_in_flight("d", 2);
        o.failed("d", ErrorCode::Forbidden, None, "x", 0);
        o.close_window(1);
        let left: Vec<&str> = o.items().iter().map(|i| i.client_id.as_str()).collect();
        assert_eq!(
            left,
            ["a", "c", "d"],
            "queued sends still go out; other windows keep theirs"
        );
    }

    #[test]
    fn end_rejects_every_waiter() {
        let mut o = TestOutbox::new();
        let mut a = o.enqueue("a".into(), "c".into(), "a".into(), (), None);
        o.end(&"destroyed");
        assert_eq!(poll_now(&mut a), Poll::Ready(Some(Err("destroyed"))));
    }
}
