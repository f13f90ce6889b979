//! Events of the conversation's stream, send acknowledgements and pending sends.

use chat_elements_protocol::{Event, Message};

use super::{Author, EventOutcome, PendingMessage, PendingStatus, Timeline, TimelineItem};

impl<M: TimelineItem> Timeline<M> {
    /// `messageCreated` with sequence number `seq`.
    pub fn apply_created(&mut self, seq: u64, message: M) -> EventOutcome {
        if !self.note_seq(seq) {
            return EventOutcome::Duplicate;
        }
        self.versions.insert(message.id().to_owned(), seq);
        let changed = self.insert(message);
        self.outcome(seq, changed)
    }

    /// `messageUpdated` with sequence number `seq` (an edit, custom fields or reactions): the
    /// message's whole new state replaces the old one in place. An edit older than one already
    /// applied, or of a deleted message, is ignored.
    pub fn apply_updated(&mut self, seq: u64, message: M) -> EventOutcome {
        if !self.note_seq(seq) {
            return EventOutcome::Duplicate;
        }
        let changed = self.update(seq, message);
        self.outcome(seq, changed)
    }

    /// `messageDeleted { messageId }` with sequence number `seq`.
    pub fn apply_deleted(&mut self, seq: u64, message_id: &str) -> EventOutcome {
        if !self.note_seq(seq) {
            return EventOutcome::Duplicate;
        }
        self.deleted.insert(message_id.to_owned(), ());
        self.versions.remove(message_id);
        self.detached.remove(message_id);
        let before = self.messages.len();
        self.messages.retain(|m| m.id() != message_id);
        let changed = before != self.messages.len();
        self.outcome(seq, changed)
    }

    /// An event that carries no message (`conversationUpdated`, `participantsChanged`, or a kind
    /// from a newer protocol): it still counts for the cursor, so it is not taken for a gap.
    pub fn skip_event(&mut self, seq: u64) -> EventOutcome {
        if !self.note_seq(seq) {
            return EventOutcome::Duplicate;
        }
        self.outcome(seq, false)
    }

    /// The server acknowledged a send (`sent`): its copy replaces the pending one. Returns true
    /// when the timeline changed. The seq is not counted: the event for it still comes.
    ///
    /// An ack for a seq the stream has already accounted for (at or below the cursor, or below
    /// the loaded pages) only removes the pending row: the stream's state is newer than the
    /// ack's copy (a resend's `duplicate` ack may return a message deleted or edited since).
    pub fn confirm(&mut self, message: M) -> bool {
        let accounted = self.cursor.is_some_and(|c| message.seq() <= c);
        if accounted || !self.covers(message.seq()) {
            let before = self.pending.len();
            self.pending.retain(|p| !p.is_confirmed_by(&message));
            return before != self.pending.len();
        }
        self.insert(message)
    }

    /// Shows a message the user is sending (ignored when this client id is known already).
    pub fn add_pending(&mut self, client_id: String, text: String, sender: Author) {
        if self.pending.iter().any(|p| p.client_id == client_id)
            || self
                .messages
                .iter()
                .any(|m| m.client_id() == Some(client_id.as_str()))
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

    /// Applies an edit at `seq`; true when the cached messages changed.
    fn update(&mut self, seq: u64, message: M) -> bool {
        let id = message.id();
        if self.deleted.contains_key(id) || self.versions.get(id).is_some_and(|&v| v >= seq) {
            return false;
        }
        self.versions.insert(id.to_owned(), seq);
        if let Some(slot) = self.messages.iter_mut().find(|m| m.id() == id) {
            *slot = message;
            return true;
        }
        if self.covers(message.seq()) {
            return self.insert(message);
        }
        self.detached.insert(id.to_owned(), message);
        false
    }

    /// True when a message with this seq belongs in the cache (not below the loaded pages).
    fn covers(&self, seq: u64) -> bool {
        !self.loaded || seq >= self.floor
    }

    /// Inserts a confirmed message in seq order unless its id is known or deleted; removes the
    /// pending copy with the same client id. Returns true when anything changed.
    pub(super) fn insert(&mut self, message: M) -> bool {
        let before = self.pending.len();
        self.pending.retain(|p| !p.is_confirmed_by(&message));
        let changed = before != self.pending.len();
        let id = message.id();
        if self.deleted.contains_key(id) || self.messages.iter().any(|m| m.id() == id) {
            return changed;
        }
        let at = self.messages.partition_point(|m| m.seq() < message.seq());
        // Two different ids with one seq cannot both be right; keep the first one seen.
        if self
            .messages
            .get(at)
            .is_some_and(|m| m.seq() == message.seq())
        {
            return changed;
        }
        self.messages.insert(at, message);
        true
    }
}

impl Timeline<Message> {
    /// Applies a protocol [`Event`] (for native users that parse frames with serde).
    pub fn apply(&mut self, seq: u64, event: Event) -> EventOutcome {
        match event {
            Event::MessageCreated { message } => self.apply_created(seq, message),
            Event::MessageUpdated { message } => self.apply_updated(seq, message),
            Event::MessageDeleted { message_id } => self.apply_deleted(seq, &message_id),
            Event::ConversationUpdated | Event::ParticipantsChanged => self.skip_event(seq),
        }
    }
}
