//! A conversation's message cache: confirmed messages in `seq` order plus pending sends.
//!
//! How the SDK uses this: one `Timeline` per conversation stream (shared by every message
//! subscription to that conversation, see [`crate::window`]). The SDK feeds it the replies and
//! events of the conversation's sequenced stream and acts on what the methods return:
//! - `subscribe` going out → [`Timeline::begin_subscribe`]; the `subscribed` reply →
//!   [`Timeline::subscribed`] (`Refetch`: request the newest page; `Gap`: resubscribe);
//! - `messageCreated` / `messageUpdated` / `messageDeleted` → [`Timeline::apply_created`],
//!   [`Timeline::apply_updated`], [`Timeline::apply_deleted`]; `conversationUpdated`,
//!   `participantsChanged` and unknown kinds → [`Timeline::skip_event`] (they advance the cursor);
//!   an [`EventOutcome::Gap`] means "resubscribe with `afterSeq = resume_after`";
//! - `history` replies → [`Timeline::apply_newest_page`] / [`Timeline::apply_older_page`];
//! - the `sent` ack → [`Timeline::confirm`]; optimistic rows → [`Timeline::add_pending`].
//!
//! Guarantees: each message at most once (by id, by seq, and by client id against pending
//! sends); an edit replaces the message in place; a deleted message never comes back (not even
//! from a page or a replayed edit that raced the deletion); an older edit never overwrites a
//! newer one. The cursor is the highest `seq` up to which every event has been seen.

mod events;
mod item;
mod pages;
#[cfg(test)]
mod tests;

use chat_elements_protocol::{Message, ReplayStatus};

use crate::keyed::KeyedVec;
pub use item::{Author, Entry, PendingMessage, PendingStatus, TimelineItem};

/// What applying a live (or replayed) event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// The timeline changed (a message was added, replaced or removed).
    Added,
    /// A new event that changed nothing shown (a message outside the window, a conversation or
    /// participant change): only the cursor moved.
    Unchanged,
    /// This `seq` was seen before: ignored.
    Duplicate,
    /// Applied, but events between the cursor and this one are missing: resubscribe with
    /// `afterSeq = resume_after`.
    Gap {
        /// The cursor to resubscribe from.
        resume_after: u64,
    },
}

/// What a `subscribed` reply asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// Up to date.
    Ok,
    /// The replay was truncated: fetch the newest page ([`Timeline::apply_newest_page`] then
    /// resets the cache with it).
    Refetch,
    /// Events are still missing after a complete replay: resubscribe from `resume_after`.
    Gap {
        /// The cursor to resubscribe from.
        resume_after: u64,
    },
}

/// A conversation's messages and its stream cursor. `M` is the message payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline<M = Message> {
    /// Confirmed messages, ascending `seq`, unique ids and seqs.
    messages: Vec<M>,
    pending: Vec<PendingMessage>,
    cursor: Option<u64>,
    /// Seen seqs above the cursor, sorted (few: only while events are missing).
    seen_above: Vec<u64>,
    replaying: bool,
    has_more: bool,
    loaded: bool,
    /// The lowest seq the loaded pages cover (0: everything). Meaningful once `loaded`.
    floor: u64,
    /// Message id → seq of the last event that created or edited it.
    versions: KeyedVec<u64>,
    /// Edits of messages below the window, used when an older page brings them.
    detached: KeyedVec<M>,
    /// Ids of deleted messages: never shown again.
    deleted: KeyedVec<()>,
    /// A truncated replay's `lastSeq`: the cache is stale until the newest page arrives.
    reset_at: Option<u64>,
}

impl<M> Default for Timeline<M> {
    fn default() -> Self {
        Timeline {
            messages: Vec::new(),
            pending: Vec::new(),
            cursor: None,
            seen_above: Vec::new(),
            replaying: false,
            has_more: false,
            loaded: false,
            floor: 0,
            versions: KeyedVec::default(),
            detached: KeyedVec::default(),
            deleted: KeyedVec::default(),
            reset_at: None,
        }
    }
}

impl<M: TimelineItem> Timeline<M> {
    /// An empty, unsubscribed timeline.
    pub fn new() -> Self {
        Timeline::default()
    }

    /// Rows oldest first: confirmed messages, then pending ones in the order they were sent.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_, M>> {
        self.messages
            .iter()
            .map(Entry::Message)
            .chain(self.pending.iter().map(Entry::Pending))
    }

    /// Confirmed messages, oldest first.
    pub fn messages(&self) -> &[M] {
        &self.messages
    }

    /// The newest `n` confirmed messages, oldest first.
    pub fn newest(&self, n: usize) -> &[M] {
        let start = self.messages.len().saturating_sub(n);
        &self.messages[start..]
    }

    /// The confirmed message with this id.
    pub fn get(&self, id: &str) -> Option<&M> {
        self.messages.iter().find(|m| m.id() == id)
    }

    /// Sends not confirmed yet, in the order they were made.
    pub fn pending(&self) -> &[PendingMessage] {
        &self.pending
    }

    /// Confirmed plus pending messages.
    pub fn len(&self) -> usize {
        self.messages.len() + self.pending.len()
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True once the newest page has been loaded.
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// True when older messages exist before the cached ones (after the newest page is loaded).
    pub fn has_more(&self) -> bool {
        self.has_more
    }

    /// True when every message of the conversation is cached.
    pub fn loaded_all(&self) -> bool {
        self.loaded && !self.has_more
    }

    /// True after a truncated replay until the newest page arrives: the cache may be stale and
    /// should not be shown as a complete snapshot.
    pub fn needs_refetch(&self) -> bool {
        self.reset_at.is_some()
    }

    /// The cursor to resume a subscription from: every event up to it has been seen.
    pub fn cursor(&self) -> Option<u64> {
        self.cursor
    }

    /// `beforeSeq` for the next older page, when there is one.
    pub fn older_page_before(&self) -> Option<u64> {
        (self.loaded && self.has_more && self.reset_at.is_none()).then_some(self.floor)
    }

    /// A `subscribe` request is going out: events until its reply may come out of order
    /// (replayed and live ones interleave), so gaps are not judged until then.
    pub fn begin_subscribe(&mut self) {
        self.replaying = true;
    }

    /// The `subscribed` reply arrived. `last_seq` is the conversation's latest seq at that time
    /// (`conversation.lastSeq` in the reply).
    pub fn subscribed(&mut self, last_seq: u64, replay: ReplayStatus) -> SubscribeOutcome {
        self.replaying = false;
        match replay {
            ReplayStatus::None => {
                self.cursor = Some(self.cursor.map_or(last_seq, |c| c.max(last_seq)));
                self.advance();
                SubscribeOutcome::Ok
            }
            ReplayStatus::Truncated => {
                self.cursor = Some(last_seq);
                self.reset_at = Some(last_seq);
                self.advance();
                SubscribeOutcome::Refetch
            }
            ReplayStatus::Complete => {
                self.advance();
                let cursor = self.cursor.unwrap_or(0);
                if cursor < last_seq {
                    SubscribeOutcome::Gap {
                        resume_after: cursor,
                    }
                } else {
                    SubscribeOutcome::Ok
                }
            }
        }
    }

    /// Records `seq` as seen; false when it was seen before.
    fn note_seq(&mut self, seq: u64) -> bool {
        let slot = self.seen_above.binary_search(&seq);
        let known = self.cursor.is_some_and(|c| seq <= c) || slot.is_ok();
        if let (false, Err(at)) = (known, slot) {
            self.seen_above.insert(at, seq);
            self.advance();
        }
        !known
    }

    /// The outcome of a new event at `seq` that did (`changed`) or did not change the timeline.
    fn outcome(&self, seq: u64, changed: bool) -> EventOutcome {
        match self.cursor {
            Some(c) if !self.replaying && seq > c.saturating_add(1) => {
                EventOutcome::Gap { resume_after: c }
            }
            _ if changed => EventOutcome::Added,
            _ => EventOutcome::Unchanged,
        }
    }

    fn advance(&mut self) {
        let Some(mut cursor) = self.cursor else {
            return;
        };
        self.seen_above.retain(|&s| s > cursor);
        while self.seen_above.first() == Some(&(cursor.saturating_add(1))) {
            self.seen_above.remove(0);
            cursor += 1;
        }
        self.cursor = Some(cursor);
    }
}
