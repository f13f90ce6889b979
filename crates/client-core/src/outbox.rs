//! Sends waiting for the server's acknowledgement.
//!
//! Each send keeps the client id it was created with for its whole life: a retry after a
//! failure, and a resend after a reconnect, reuse it, so the server returns the original message
//! instead of storing a duplicate.
//!
//! How the SDK uses this: `send` enqueues; on every chance to write it sends [`Outbox::ready`]
//! items and marks them in flight; the `sent` ack (or the `messageCreated` event carrying the
//! client id) completes them; a closed socket requeues what was in flight; unsent items count as
//! activity for the idle policy ([`crate::idle`]).

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
    /// Refused; stays until retried or dropped.
    Failed {
        /// The error code.
        code: String,
        /// The error message.
        message: String,
    },
}

/// One send waiting for its acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    /// The client id it is sent with, every time.
    pub client_id: String,
    /// Where it goes.
    pub conversation_id: String,
    /// What the user typed.
    pub text: String,
    /// Who asked for the send (for instance the id of the element whose composer sent it).
    pub origin: u32,
    /// Where it is.
    pub state: SendState,
    /// How many times it was written to a socket.
    pub attempts: u32,
}

/// Pending sends in the order they were made. Acknowledged sends leave the outbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    items: Vec<OutboxItem>,
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Self {
        Outbox::default()
    }

    /// Every pending send, oldest first.
    pub fn items(&self) -> &[OutboxItem] {
        &self.items
    }

    /// True when every send was acknowledged.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The send with this client id.
    pub fn get(&self, client_id: &str) -> Option<&OutboxItem> {
        self.items.iter().find(|i| i.client_id == client_id)
    }

    /// Adds a send in state queued.
    pub fn enqueue(
        &mut self,
        client_id: String,
        conversation_id: String,
        text: String,
        origin: u32,
    ) {
        if self.get(&client_id).is_some() {
            return;
        }
        self.items.push(OutboxItem {
            client_id,
            conversation_id,
            text,
            origin,
            state: SendState::Queued { not_before: None },
            attempts: 0,
        });
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
                SendState::InFlight { .. } | SendState::Failed { .. } => {}
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

    /// The client id of the send written as `request_id`.
    pub fn by_request(&self, request_id: u64) -> Option<&str> {
        self.items
            .iter()
            .find(|i| i.state == SendState::InFlight { request_id })
            .map(|i| i.client_id.as_str())
    }

    /// The server confirmed the send (by its ack or by the live event with this client id):
    /// it leaves the outbox. Returns it, or None when it was already confirmed.
    pub fn complete(&mut self, client_id: &str) -> Option<OutboxItem> {
        let at = self.items.iter().position(|i| i.client_id == client_id)?;
        Some(self.items.remove(at))
    }

    /// The server refused the send for good.
    pub fn fail(&mut self, client_id: &str, code: String, message: String) -> bool {
        match self.item_mut(client_id) {
            Some(item) => {
                item.state = SendState::Failed { code, message };
                true
            }
            None => false,
        }
    }

    /// Try again later (rate limited, server busy, token being refreshed): back to queued.
    pub fn defer(&mut self, client_id: &str, not_before: Option<i64>) -> bool {
        match self.item_mut(client_id) {
            Some(item) => {
                item.state = SendState::Queued { not_before };
                true
            }
            None => false,
        }
    }

    /// The user retries a failed send: queued again with the same client id.
    pub fn retry(&mut self, client_id: &str) -> bool {
        match self.item_mut(client_id) {
            Some(item) if matches!(item.state, SendState::Failed { .. }) => {
                item.state = SendState::Queued { not_before: None };
                true
            }
            _ => false,
        }
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

    /// Drops every send made by `origin` that is not in flight (its element went away).
    pub fn drop_origin(&mut self, origin: u32) {
        self.items
            .retain(|i| i.origin != origin || matches!(i.state, SendState::InFlight { .. }));
    }

    fn item_mut(&mut self, client_id: &str) -> Option<&mut OutboxItem> {
        self.items.iter_mut().find(|i| i.client_id == client_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox(ids: &[&str]) -> Outbox {
        let mut o = Outbox::new();
        for id in ids {
            o.enqueue((*id).into(), "c".into(), format!("text {id}"), 1);
        }
        o
    }

    #[test]
    fn sends_go_out_in_order_and_leave_on_ack() {
        let mut o = outbox(&["a", "b"]);
        assert_eq!(o.ready(0), ["a", "b"]);
        assert!(o.mark_in_flight("a", 10));
        assert!(o.mark_in_flight("b", 11));
        assert!(o.ready(0).is_empty());
        assert_eq!(o.by_request(11), Some("b"));
        let done = o.complete("a").unwrap();
        assert_eq!(done.text, "text a");
        assert_eq!(o.complete("a"), None);
        assert_eq!(o.items().len(), 1);
    }

    #[test]
    fn failed_send_is_retried_with_the_same_client_id() {
        let mut o = outbox(&["a"]);
        o.mark_in_flight("a", 1);
        assert!(o.fail("a", "FORBIDDEN".into(), "no".into()));
        assert!(o.ready(0).is_empty());
        assert!(o.retry("a"));
        assert!(!o.retry("a"));
        assert_eq!(o.ready(0), ["a"]);
        o.mark_in_flight("a", 2);
        assert_eq!(o.get("a").unwrap().attempts, 2);
        assert_eq!(o.get("a").unwrap().client_id, "a");
    }

    #[test]
    fn reconnect_requeues_in_flight_sends_in_place() {
        let mut o = outbox(&["a", "b", "c"]);
        o.mark_in_flight("a", 1);
        o.mark_in_flight("b", 2);
        o.fail("b", "INTERNAL".into(), "x".into());
        assert_eq!(o.requeue_in_flight(), 1);
        assert_eq!(o.ready(0), ["a", "c"]);
        assert_eq!(o.by_request(1), None);
    }

    #[test]
    fn deferred_send_holds_back_later_ones() {
        let mut o = outbox(&["a", "b"]);
        o.mark_in_flight("a", 1);
        o.defer("a", Some(500));
        assert!(o.ready(100).is_empty());
        assert_eq!(o.next_wakeup(), Some(500));
        assert_eq!(o.ready(500), ["a", "b"]);
    }

    #[test]
    fn duplicate_enqueue_is_ignored_and_origin_drop_keeps_in_flight() {
        let mut o = outbox(&["a", "a", "b"]);
        assert_eq!(o.items().len(), 2);
        o.mark_in_flight("a", 1);
        o.drop_origin(1);
        assert_eq!(o.items().len(), 1);
        assert_eq!(o.items()[0].client_id, "a");
    }
}
