//! A conversation's message window.
//!
//! Confirmed messages are kept in `seq` order without duplicates (by message id); optimistic
//! messages the user is sending follow them, in the order they were sent, until the server's copy
//! arrives (the `send` acknowledgement or the live event, whichever comes first) and takes their
//! place. The window grows backwards a page at a time.
//!
//! The timeline also keeps the subscription's cursor: the highest `seq` up to which every event has
//! been seen. An event beyond `cursor + 1` is a gap; the caller resubscribes from the cursor.

use chat_elements_protocol::{Message, ReplayStatus, User};

/// The state of a message the server has not confirmed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingStatus {
    /// Queued or in flight.
    Sending,
    /// The server refused it (or it could not be sent); `code` is the error code.
    Failed { code: String, message: String },
}

/// An optimistic message shown while it is being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMessage {
    pub client_id: String,
    pub text: String,
    pub sender: User,
    pub status: PendingStatus,
}

/// One row of the window, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    Message(&'a Message),
    Pending(&'a PendingMessage),
}

impl Entry<'_> {
    /// A key that stays the same when a pending message becomes confirmed, so a view can update
    /// the row in place: `c:<clientId>` when the client id is known, else `m:<id>`.
    pub fn key(&self) -> String {
        match self {
            Entry::Message(m) => match &m.client_id {
                Some(client_id) => ["c:", client_id].concat(),
                None => ["m:", &m.id].concat(),
            },
            Entry::Pending(p) => ["c:", &p.client_id].concat(),
        }
    }
}

/// What applying a live event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// The message was added (or replaced the pending copy).
    Added,
    /// Already known (by seq or message id): nothing changed.
    Duplicate,
    /// The message was added, but events between the cursor and it are missing: resubscribe
    /// with `afterSeq = resume_after`.
    Gap { resume_after: u64 },
}

/// What a `subscribed` reply asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// Up to date.
    Ok,
    /// The replay was truncated: fetch the newest page and reset the window with it.
    Refetch,
    /// Events are still missing after a complete replay: resubscribe from `resume_after`.
    Gap { resume_after: u64 },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    messages: Vec<Message>,
    pending: Vec<PendingMessage>,
    cursor: Option<u64>,
    /// Seen seqs above the cursor, sorted (few: only while events are missing).
    seen_above: Vec<u64>,
    replaying: bool,
    has_more: bool,
    loaded: bool,
}

impl Timeline {
    pub fn new() -> Self {
        Timeline::default()
    }

    /// Rows oldest first: confirmed messages, then pending ones.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        self.messages
            .iter()
            .map(Entry::Message)
            .chain(self.pending.iter().map(Entry::Pending))
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn pending(&self) -> &[PendingMessage] {
        &self.pending
    }

    pub fn len(&self) -> usize {
        self.messages.len() + self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True once the newest page has been loaded.
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// True when older messages exist before the window (after the newest page is loaded).
    pub fn has_more(&self) -> bool {
        self.has_more
    }

    /// True when every message of the conversation is in the window.
    pub fn loaded_all(&self) -> bool {
        self.loaded && !self.has_more
    }

    /// The cursor to resume a subscription from: every event up to it has been seen.
    pub fn cursor(&self) -> Option<u64> {
        self.cursor
    }

    /// `beforeSeq` for the next older page, when there is one.
    pub fn older_page_before(&self) -> Option<u64> {
        if !self.loaded || !self.has_more {
            return None;
        }
        self.messages.first().map(|m| m.seq)
    }

    /// A `subscribe` request is going out: events until its reply may come out of order
    /// (replayed and live ones interleave), so gaps are not judged until then.
    pub fn begin_subscribe(&mut self) {
        self.replaying = true;
    }

    /// The `subscribed` reply arrived. `last_seq` is the conversation's latest seq at that time.
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

    /// A live (or replayed) event carrying `message` with sequence number `seq`.
    pub fn apply_event(&mut self, seq: u64, message: Message) -> EventOutcome {
        self.note_seq(seq);
        if !self.insert(message) {
            return EventOutcome::Duplicate;
        }
        self.gap_before(seq)
    }

    /// An event this client cannot show (a kind from a newer protocol): it still counts for
    /// the cursor, so it is not taken for a gap later.
    pub fn skip_event(&mut self, seq: u64) -> EventOutcome {
        if !self.note_seq(seq) {
            return EventOutcome::Duplicate;
        }
        self.gap_before(seq)
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

    fn gap_before(&self, seq: u64) -> EventOutcome {
        match self.cursor {
            Some(c) if !self.replaying && seq > c + 1 => EventOutcome::Gap { resume_after: c },
            _ => EventOutcome::Added,
        }
    }

    /// The server acknowledged a send: its copy replaces the pending one. Returns true when the
    /// window changed.
    pub fn confirm(&mut self, message: Message) -> bool {
        self.insert(message)
    }

    /// The newest page (from a `history` request without `beforeSeq`). Replaces the window's
    /// older part: messages older than the page are dropped (they might not connect to it), newer
    /// ones (live events that raced the request) are kept.
    pub fn apply_newest_page(&mut self, page: Vec<Message>, has_more: bool) {
        if let Some(first) = page.first().map(|m| m.seq) {
            self.messages.retain(|m| m.seq >= first);
        }
        self.has_more = has_more;
        self.loaded = true;
        for message in page {
            self.insert(message);
        }
    }

    /// An older page (from `history` with `beforeSeq`), prepended to the window.
    pub fn apply_older_page(&mut self, page: Vec<Message>, has_more: bool) {
        self.has_more = has_more;
        for message in page {
            self.insert(message);
        }
    }

    /// Shows a message the user is sending.
    pub fn add_pending(&mut self, client_id: String, text: String, sender: User) {
        if self.pending.iter().any(|p| p.client_id == client_id)
            || self
                .messages
                .iter()
                .any(|m| m.client_id.as_deref() == Some(client_id.as_str()))
        {
            return;
        }
        self.pending.push(PendingMessage {
            client_id,
            text,
            sender,
            status: PendingStatus::Sending,
        });
    }

    /// Changes a pending message's status. Returns false when it is not pending (any more).
    pub fn set_pending_status(&mut self, client_id: &str, status: PendingStatus) -> bool {
        match self.pending.iter_mut().find(|p| p.client_id == client_id) {
            Some(p) if p.status != status => {
                p.status = status;
                true
            }
            _ => false,
        }
    }

    /// Drops a pending message (the send was abandoned).
    pub fn remove_pending(&mut self, client_id: &str) -> bool {
        let before = self.pending.len();
        self.pending.retain(|p| p.client_id != client_id);
        before != self.pending.len()
    }

    /// Inserts a confirmed message in seq order unless its id is known; removes the pending copy
    /// with the same client id. Returns true when anything changed.
    fn insert(&mut self, message: Message) -> bool {
        let mut changed = false;
        if let Some(client_id) = message.client_id.as_deref() {
            let before = self.pending.len();
            self.pending.retain(|p| p.client_id != client_id);
            changed = before != self.pending.len();
        }
        if self.messages.iter().any(|m| m.id == message.id) {
            return changed;
        }
        let at = self.messages.partition_point(|m| m.seq < message.seq);
        // Two different ids with one seq cannot both be right; keep the first one seen.
        if self.messages.get(at).is_some_and(|m| m.seq == message.seq) {
            return changed;
        }
        self.messages.insert(at, message);
        true
    }

    fn advance(&mut self) {
        let Some(mut cursor) = self.cursor else {
            return;
        };
        self.seen_above.retain(|&s| s > cursor);
        while self.seen_above.first() == Some(&(cursor + 1)) {
            self.seen_above.remove(0);
            cursor += 1;
        }
        self.cursor = Some(cursor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> User {
        User {
            id: id.into(),
            name: id.to_uppercase(),
            photo_url: None,
        }
    }

    fn msg(seq: u64) -> Message {
        Message {
            id: format!("msg_{seq}"),
            conversation_id: "c".into(),
            seq,
            sender: user("bob"),
            client_id: None,
            text: format!("m{seq}"),
            created_at: seq as i64,
        }
    }

    fn own(seq: u64, client_id: &str) -> Message {
        Message {
            sender: user("alice"),
            client_id: Some(client_id.into()),
            ..msg(seq)
        }
    }

    fn seqs(t: &Timeline) -> Vec<u64> {
        t.messages().iter().map(|m| m.seq).collect()
    }

    fn live(t: &mut Timeline, last_seq: u64) {
        t.begin_subscribe();
        assert_eq!(
            t.subscribed(last_seq, ReplayStatus::None),
            SubscribeOutcome::Ok
        );
    }

    #[test]
    fn merges_by_seq_and_drops_duplicates() {
        let mut t = Timeline::new();
        live(&mut t, 3);
        t.apply_newest_page(vec![msg(2), msg(3)], true);
        assert_eq!(
            t.apply_event(5, msg(5)),
            EventOutcome::Gap { resume_after: 3 }
        );
        assert_eq!(t.apply_event(4, msg(4)), EventOutcome::Added);
        assert_eq!(t.apply_event(4, msg(4)), EventOutcome::Duplicate);
        assert_eq!(seqs(&t), [2, 3, 4, 5]);
        assert_eq!(t.cursor(), Some(5));
        t.apply_newest_page(vec![msg(4), msg(5)], true);
        assert_eq!(seqs(&t), [4, 5]);
    }

    #[test]
    fn pending_is_replaced_by_the_ack() {
        let mut t = Timeline::new();
        live(&mut t, 0);
        t.apply_newest_page(vec![], false);
        t.add_pending("k1".into(), "hello".into(), user("alice"));
        assert_eq!(t.entries().count(), 1);
        assert!(matches!(t.entries().next(), Some(Entry::Pending(_))));
        assert!(t.confirm(own(1, "k1")));
        // The event for the same message arrives later: not shown twice.
        assert_eq!(t.apply_event(1, own(1, "k1")), EventOutcome::Duplicate);
        assert_eq!(t.len(), 1);
        assert!(t.pending().is_empty());
        assert_eq!(t.cursor(), Some(1));
    }

    #[test]
    fn pending_is_replaced_by_the_event_before_the_ack() {
        let mut t = Timeline::new();
        live(&mut t, 0);
        t.add_pending("k1".into(), "hello".into(), user("alice"));
        assert_eq!(t.apply_event(1, own(1, "k1")), EventOutcome::Added);
        assert!(!t.confirm(own(1, "k1")));
        assert_eq!(t.len(), 1);
        let keys: Vec<String> = t.entries().map(|e| e.key()).collect();
        assert_eq!(keys, ["c:k1"]);
    }

    #[test]
    fn pending_rows_stay_after_confirmed_ones_in_send_order() {
        let mut t = Timeline::new();
        live(&mut t, 0);
        t.add_pending("a".into(), "1".into(), user("alice"));
        t.add_pending("b".into(), "2".into(), user("alice"));
        t.add_pending("a".into(), "again".into(), user("alice"));
        t.apply_event(1, msg(1));
        let keys: Vec<String> = t.entries().map(|e| e.key()).collect();
        assert_eq!(keys, ["m:msg_1", "c:a", "c:b"]);
        assert!(t.set_pending_status(
            "b",
            PendingStatus::Failed {
                code: "FORBIDDEN".into(),
                message: "no".into()
            }
        ));
        assert!(!t.set_pending_status("zzz", PendingStatus::Sending));
        assert!(t.remove_pending("a"));
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn older_pages_are_prepended() {
        let mut t = Timeline::new();
        live(&mut t, 10);
        t.apply_newest_page((8..=10).map(msg).collect(), true);
        assert_eq!(t.older_page_before(), Some(8));
        t.apply_older_page((5..=7).map(msg).collect(), true);
        assert_eq!(t.older_page_before(), Some(5));
        t.apply_older_page((1..=4).map(msg).collect(), false);
        assert_eq!(seqs(&t), (1..=10).collect::<Vec<_>>());
        assert!(t.loaded_all());
        assert_eq!(t.older_page_before(), None);
    }

    #[test]
    fn events_before_the_subscribe_reply_are_not_gaps() {
        let mut t = Timeline::new();
        live(&mut t, 3);
        // Reconnect: resubscribe from 3; live 6 interleaves with the replay of 4 and 5.
        t.begin_subscribe();
        assert_eq!(t.apply_event(4, msg(4)), EventOutcome::Added);
        assert_eq!(t.apply_event(6, msg(6)), EventOutcome::Added);
        assert_eq!(t.apply_event(5, msg(5)), EventOutcome::Added);
        assert_eq!(
            t.subscribed(5, ReplayStatus::Complete),
            SubscribeOutcome::Ok
        );
        assert_eq!(t.cursor(), Some(6));
        assert_eq!(seqs(&t), [4, 5, 6]);
    }

    #[test]
    fn incomplete_replay_is_a_gap() {
        let mut t = Timeline::new();
        live(&mut t, 3);
        t.begin_subscribe();
        t.apply_event(5, msg(5));
        assert_eq!(
            t.subscribed(5, ReplayStatus::Complete),
            SubscribeOutcome::Gap { resume_after: 3 }
        );
    }

    #[test]
    fn truncated_replay_asks_for_a_refetch_and_resets_the_window() {
        let mut t = Timeline::new();
        live(&mut t, 3);
        t.apply_newest_page((1..=3).map(msg).collect(), false);
        t.begin_subscribe();
        assert_eq!(
            t.subscribed(2000, ReplayStatus::Truncated),
            SubscribeOutcome::Refetch
        );
        assert_eq!(t.cursor(), Some(2000));
        t.apply_newest_page((1971..=2000).map(msg).collect(), true);
        assert_eq!(t.messages().first().map(|m| m.seq), Some(1971));
        assert_eq!(t.len(), 30);
        assert!(t.has_more());
        assert_eq!(t.apply_event(2001, msg(2001)), EventOutcome::Added);
    }

    #[test]
    fn events_before_the_first_cursor_are_remembered() {
        let mut t = Timeline::new();
        t.begin_subscribe();
        t.apply_event(8, msg(8));
        assert_eq!(t.subscribed(7, ReplayStatus::None), SubscribeOutcome::Ok);
        assert_eq!(t.cursor(), Some(8));
        assert_eq!(t.apply_event(9, msg(9)), EventOutcome::Added);
        assert_eq!(t.apply_event(8, msg(8)), EventOutcome::Duplicate);
    }

    #[test]
    fn newest_page_keeps_live_events_that_raced_it() {
        let mut t = Timeline::new();
        t.begin_subscribe();
        t.subscribed(5, ReplayStatus::None);
        t.apply_event(6, msg(6));
        t.apply_newest_page((3..=5).map(msg).collect(), true);
        assert_eq!(seqs(&t), [3, 4, 5, 6]);
        assert!(t.is_loaded());
        assert!(!t.loaded_all());
    }

    #[test]
    fn skipped_events_count_for_the_cursor() {
        let mut t = Timeline::new();
        live(&mut t, 1);
        assert_eq!(t.skip_event(2), EventOutcome::Added);
        assert_eq!(t.skip_event(2), EventOutcome::Duplicate);
        assert_eq!(t.apply_event(3, msg(3)), EventOutcome::Added);
        assert_eq!(t.cursor(), Some(3));
        assert_eq!(t.skip_event(5), EventOutcome::Gap { resume_after: 3 });
        assert_eq!(seqs(&t), [3]);
    }

    #[test]
    fn empty_conversation() {
        let mut t = Timeline::new();
        assert!(!t.is_loaded());
        t.apply_newest_page(vec![], false);
        assert!(t.is_empty());
        assert!(t.loaded_all());
        assert_eq!(t.older_page_before(), None);
    }

    #[test]
    fn same_seq_with_another_id_is_ignored() {
        let mut t = Timeline::new();
        t.confirm(msg(1));
        let mut impostor = msg(1);
        impostor.id = "msg_other".into();
        assert!(!t.confirm(impostor));
        assert_eq!(t.messages()[0].id, "msg_1");
    }
}
