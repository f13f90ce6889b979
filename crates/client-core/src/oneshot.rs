//! A single-value channel for the engine's futures (`call`, `send`, `load_more`).
//!
//! The engine keeps the [`Sender`] in its state and answers when the reply arrives; the caller
//! awaits the [`Receiver`]. A sender dropped without an answer (the session was torn down)
//! resolves the receiver with `None`. Waking only schedules the awaiting task, so answering from
//! inside a state update is safe. Single-threaded (`Rc`), like the browser it runs in.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Slot<T> {
    value: Option<T>,
    closed: bool,
    waker: Option<Waker>,
}

/// The answering half.
pub struct Sender<T>(Rc<RefCell<Slot<T>>>);

/// The awaiting half: resolves with the answer, or `None` when the sender was dropped unanswered.
pub struct Receiver<T>(Rc<RefCell<Slot<T>>>);

/// A new channel.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Rc::new(RefCell::new(Slot {
        value: None,
        closed: false,
        waker: None,
    }));
    (Sender(slot.clone()), Receiver(slot))
}

impl<T> Sender<T> {
    /// Answers (and closes the channel).
    pub fn send(self, value: T) {
        if let Ok(mut slot) = self.0.try_borrow_mut() {
            slot.value = Some(value);
        }
        // Drop closes the channel and wakes the receiver.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let waker = match self.0.try_borrow_mut() {
            Ok(mut slot) => {
                slot.closed = true;
                slot.waker.take()
            }
            Err(_) => None,
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let Ok(mut slot) = self.0.try_borrow_mut() else {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        };
        if let Some(value) = slot.value.take() {
            return Poll::Ready(Some(value));
        }
        if slot.closed {
            return Poll::Ready(None);
        }
        slot.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Polls a receiver once (tests of the modules that answer through channels).
#[cfg(test)]
pub(crate) fn poll_now<T>(receiver: &mut Receiver<T>) -> Poll<Option<T>> {
    let mut cx = Context::from_waker(Waker::noop());
    Pin::new(receiver).poll(&mut cx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_resolves_the_receiver_once() {
        let (sender, mut receiver) = channel();
        assert_eq!(poll_now(&mut receiver), Poll::Pending);
        sender.send(7);
        assert_eq!(poll_now(&mut receiver), Poll::Ready(Some(7)));
    }

    #[test]
    fn a_dropped_sender_resolves_with_none() {
        let (sender, mut receiver) = channel::<u8>();
        drop(sender);
        assert_eq!(poll_now(&mut receiver), Poll::Ready(None));
    }
}
