//! Message windows: several `subscribeMessages` subscriptions to one conversation share one
//! upstream stream (`subscribe` + `history`) and one cache ([`Timeline`]); each has its own
//! window.
//!
//! How the SDK uses this: one [`MessageStream`] per conversation with message subscribers. Call
//! its methods for what happens (a subscriber comes or goes, `loadMore`, the socket opens or
//! closes, a reply or an event arrives) and perform the [`StreamCommand`]s they return, in order.
//! A window starts with the [`MESSAGES_INITIAL`] newest messages and, like TalkJS, holds every
//! message from a point in time on: new messages join it, `loadMore(count)` moves the point
//! back by `count` messages (relative to what the window holds now, so parallel calls collapse:
//! `loadMore(5)` then `loadMore(10)` loads 10 more, and both promises resolve on the same
//! [`StreamCommand::LoadMoreDone`]). Older pages are fetched only when the cache lacks them, one
//! fetch at a time. [`MessageStream::snapshot`] gives a subscriber's messages oldest first (TalkJS
//! lists them newest first: iterate in reverse) and its `loadedAll`.
//!
//! Reconnects: [`MessageStream::disconnected`] then [`MessageStream::connected`] resubscribes from
//! the cursor; a complete replay is applied as ordinary events; a truncated one refetches the
//! newest page and withholds snapshots until the windows are whole again, so the next snapshot
//! has no gap.

mod events;
mod progress;
#[cfg(test)]
mod tests;

use chat_elements_protocol::{Message, ReplayStatus};

use crate::timeline::{SubscribeOutcome, Timeline, TimelineItem};

/// How many of the newest messages a new window shows.
pub const MESSAGES_INITIAL: usize = 10;

/// What the SDK must do for a message stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamCommand {
    /// Send `subscribe { conversationId, afterSeq }`.
    Subscribe {
        /// The cursor (`None` for a first subscription: no replay).
        after_seq: Option<u64>,
    },
    /// Send `unsubscribe`: nobody watches the conversation's messages any more.
    Unsubscribe,
    /// Send `history { limit }` (the newest page) and pass the reply to
    /// [`MessageStream::on_history`].
    FetchNewest {
        /// How many messages.
        limit: u32,
    },
    /// Send `history { beforeSeq, limit }` and pass the reply to [`MessageStream::on_history`].
    FetchOlder {
        /// Messages before this seq.
        before_seq: u64,
        /// How many messages.
        limit: u32,
    },
    /// Give the subscriber its current [`MessageStream::snapshot`].
    Emit {
        /// Who to give it to.
        subscriber: u64,
    },
    /// Resolve the subscriber's pending `loadMore` promises.
    LoadMoreDone {
        /// Whose promises.
        subscriber: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubState {
    Down,
    Subscribing,
    Live,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fetch {
    Newest,
    Older,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    id: u64,
    /// The window holds every message with `seq >= anchor` (0: all). `None` until resolved.
    anchor: Option<u64>,
    /// How many messages the window needs when it (re)anchors.
    target: usize,
    /// A pending `loadMore`: the window should hold this many messages.
    want: Option<usize>,
    /// Changed since the last snapshot it was given.
    dirty: bool,
}

/// One conversation's message stream, cache and subscriber windows. `M` is the message payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageStream<M = Message> {
    timeline: Timeline<M>,
    windows: Vec<Window>,
    link_up: bool,
    sub: SubState,
    fetch: Option<Fetch>,
    max_page: u32,
    refused: bool,
}

impl<M: TimelineItem> MessageStream<M> {
    /// A stream whose history pages hold at most `max_page` messages (`Limits::max_history_page`).
    pub fn new(max_page: u32) -> Self {
        MessageStream {
            timeline: Timeline::new(),
            windows: Vec::new(),
            link_up: false,
            sub: SubState::Down,
            fetch: None,
            max_page: max_page.max(1),
            refused: false,
        }
    }

    /// The shared cache.
    pub fn timeline(&self) -> &Timeline<M> {
        &self.timeline
    }

    /// The cache, for pending (optimistic) rows only: confirmed messages must go through the
    /// stream's methods so windows are told.
    pub fn timeline_mut(&mut self) -> &mut Timeline<M> {
        &mut self.timeline
    }

    /// True when nobody subscribes (the SDK may drop the stream).
    pub fn is_unused(&self) -> bool {
        self.windows.is_empty()
    }

    /// Adds a subscriber. A late one gets a snapshot from the cache at once when it has enough.
    pub fn add_subscriber(&mut self, id: u64) -> Vec<StreamCommand> {
        if !self.windows.iter().any(|w| w.id == id) {
            self.windows.push(Window {
                id,
                anchor: None,
                target: MESSAGES_INITIAL,
                want: None,
                dirty: true,
            });
        }
        self.progress()
    }

    /// Removes a subscriber; the last one out gives [`StreamCommand::Unsubscribe`].
    pub fn remove_subscriber(&mut self, id: u64) -> Vec<StreamCommand> {
        self.windows.retain(|w| w.id != id);
        if !self.windows.is_empty() {
            return self.progress();
        }
        let was_up = self.link_up && self.sub != SubState::Down;
        self.sub = SubState::Down;
        self.fetch = None;
        if was_up {
            vec![StreamCommand::Unsubscribe]
        } else {
            Vec::new()
        }
    }

    /// Grows `subscriber`'s window by `count` (at least 1) older messages.
    pub fn load_more(&mut self, subscriber: u64, count: usize) -> Vec<StreamCommand> {
        let Some(current) = self
            .windows
            .iter()
            .find(|w| w.id == subscriber)
            .map(|w| self.len_of(w))
        else {
            return Vec::new();
        };
        if let Some(w) = self.windows.iter_mut().find(|w| w.id == subscriber) {
            let target = current.saturating_add(count.max(1));
            w.want = Some(w.want.map_or(target, |t| t.max(target)));
        }
        self.progress()
    }

    /// The socket is up (welcomed): subscribe from the cursor and fetch what is missing.
    pub fn connected(&mut self) -> Vec<StreamCommand> {
        self.link_up = true;
        self.sub = SubState::Down;
        self.fetch = None;
        self.refused = false;
        self.progress()
    }

    /// The socket is gone: the subscription and any fetch ended with it.
    pub fn disconnected(&mut self) {
        self.link_up = false;
        self.sub = SubState::Down;
        self.fetch = None;
    }

    /// The server dropped the subscription (`resync`): resubscribe from the cursor.
    pub fn on_resync(&mut self) -> Vec<StreamCommand> {
        self.sub = SubState::Down;
        self.progress()
    }

    /// The `subscribed` reply (`last_seq` is `conversation.lastSeq`).
    pub fn on_subscribed(&mut self, last_seq: u64, replay: ReplayStatus) -> Vec<StreamCommand> {
        self.sub = SubState::Live;
        match self.timeline.subscribed(last_seq, replay) {
            SubscribeOutcome::Ok => {}
            SubscribeOutcome::Refetch => self.reanchor_all(),
            SubscribeOutcome::Gap { .. } => self.sub = SubState::Down,
        }
        self.progress()
    }

    /// `subscribe` or `history` was refused (`FORBIDDEN`: not a participant). Every window
    /// shows `null` (and pending `loadMore`s end) until [`MessageStream::retry`] or the next
    /// [`MessageStream::connected`].
    pub fn on_refused(&mut self) -> Vec<StreamCommand> {
        self.refused = true;
        self.sub = SubState::Down;
        self.fetch = None;
        self.windows.iter_mut().for_each(|w| w.dirty = true);
        self.progress()
    }

    /// Try a refused stream again (for instance when the conversation topic shows that the
    /// user joined).
    pub fn retry(&mut self) -> Vec<StreamCommand> {
        if self.refused {
            self.refused = false;
            self.windows.iter_mut().for_each(|w| w.dirty = true);
        }
        self.progress()
    }

    /// A `history` request failed for another reason: pending `loadMore`s end without growing.
    pub fn on_fetch_failed(&mut self) -> Vec<StreamCommand> {
        self.fetch = None;
        let mut out = Vec::new();
        for w in &mut self.windows {
            if w.want.take().is_some() {
                out.push(StreamCommand::LoadMoreDone { subscriber: w.id });
            }
        }
        out
    }

    /// The `history` reply to the fetch in flight (a reply nobody waits for is ignored).
    pub fn on_history(&mut self, page: Vec<M>, has_more: bool) -> Vec<StreamCommand> {
        match self.fetch.take() {
            Some(Fetch::Newest) => {
                self.timeline.apply_newest_page(page, has_more);
                self.windows.iter_mut().for_each(|w| w.dirty = true);
            }
            Some(Fetch::Older) => self.timeline.apply_older_page(page, has_more),
            None => return Vec::new(),
        }
        self.progress()
    }
}
