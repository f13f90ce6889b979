//! The session's conversations: one timeline per conversation an element shows, with its
//! subscription state.

use chat_elements_core::Timeline;
use chat_elements_protocol::Conversation;

use crate::errors::Error;

/// Where a conversation's live subscription is on the current socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubState {
    /// Not subscribed: the next sync subscribes (from the timeline's cursor, if any).
    None,
    /// `subscribe` sent, reply pending.
    Subscribing,
    /// Live.
    Subscribed,
}

pub struct Conv {
    pub timeline: Timeline,
    /// What the server said about it in the last `subscribed` reply.
    pub info: Option<Conversation>,
    /// The elements showing it.
    pub watchers: Vec<u32>,
    pub sub: SubState,
    pub history_in_flight: bool,
    /// An element scrolled to the top: fetch the next older page.
    pub want_older: bool,
    /// The window must be reset with the newest page (a truncated replay).
    pub refetch: bool,
    /// A permanent error (FORBIDDEN, NOT_FOUND): no more requests for it.
    pub error: Option<Error>,
    /// Requests wait until this local time (rate limited).
    pub not_before: i64,
}

impl Conv {
    fn new() -> Self {
        Conv {
            timeline: Timeline::new(),
            info: None,
            watchers: Vec::new(),
            sub: SubState::None,
            history_in_flight: false,
            want_older: false,
            refetch: false,
            error: None,
            not_before: 0,
        }
    }

    /// True while an older page is being fetched.
    pub fn loading_older(&self) -> bool {
        self.history_in_flight && self.timeline.is_loaded() && !self.refetch
    }
}

/// The conversations by id (a handful per page: a list beats a map in code size).
#[derive(Default)]
pub struct Store {
    conversations: Vec<(String, Conv)>,
}

impl Store {
    pub fn get(&self, id: &str) -> Option<&Conv> {
        self.conversations
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, c)| c)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Conv> {
        self.conversations
            .iter_mut()
            .find(|(i, _)| i == id)
            .map(|(_, c)| c)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Conv)> {
        self.conversations.iter_mut().map(|(i, c)| (&*i, c))
    }

    /// Element `element` shows conversation `id`.
    pub fn watch(&mut self, id: &str, element: u32) {
        if self.get(id).is_none() {
            self.conversations.push((id.to_owned(), Conv::new()));
        }
        if let Some(conv) = self.get_mut(id) {
            if !conv.watchers.contains(&element) {
                conv.watchers.push(element);
            }
        }
    }

    /// Element `element` no longer shows conversation `id`. A conversation nobody shows is
    /// unsubscribed by the next sync (or dropped at once when it is not subscribed).
    pub fn unwatch(&mut self, id: &str, element: u32) {
        let remove = match self.get_mut(id) {
            Some(conv) => {
                conv.watchers.retain(|&w| w != element);
                conv.watchers.is_empty() && conv.sub == SubState::None && !conv.history_in_flight
            }
            None => false,
        };
        if remove {
            self.conversations.retain(|(i, _)| i != id);
        }
    }

    /// Removes the conversations nobody shows; returns those that were subscribed (to send
    /// `unsubscribe` for).
    pub fn drop_unwatched(&mut self) -> Vec<String> {
        let mut subscribed = Vec::new();
        self.conversations.retain(|(id, conv)| {
            if conv.watchers.is_empty() {
                if conv.sub != SubState::None {
                    subscribed.push(id.clone());
                }
                false
            } else {
                true
            }
        });
        subscribed
    }

    /// The socket closed: nothing is subscribed or in flight any more.
    pub fn connection_lost(&mut self) {
        self.conversations
            .retain(|(_, conv)| !conv.watchers.is_empty());
        for (_, conv) in &mut self.conversations {
            conv.sub = SubState::None;
            conv.history_in_flight = false;
        }
    }

    pub fn clear(&mut self) {
        self.conversations.clear();
    }

    /// The earliest `not_before` in the future, if any.
    pub fn next_wakeup(&self, now: i64) -> Option<i64> {
        self.conversations
            .iter()
            .map(|(_, c)| c.not_before)
            .filter(|&t| t > now)
            .min()
    }
}
