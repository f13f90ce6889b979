//! The conversation's events and send acknowledgements, applied to the cache and the windows.

use super::{MessageStream, StreamCommand, SubState};
use crate::timeline::{EventOutcome, TimelineItem};

impl<M: TimelineItem> MessageStream<M> {
    /// `messageCreated` at `seq`.
    pub fn on_created(&mut self, seq: u64, message: M) -> Vec<StreamCommand> {
        let at = message.seq();
        let outcome = self.timeline.apply_created(seq, message);
        self.after_event(outcome, Some(at))
    }

    /// `messageUpdated` at `seq`.
    pub fn on_updated(&mut self, seq: u64, message: M) -> Vec<StreamCommand> {
        let at = message.seq();
        let outcome = self.timeline.apply_updated(seq, message);
        self.after_event(outcome, Some(at))
    }

    /// `messageDeleted` at `seq`.
    pub fn on_deleted(&mut self, seq: u64, message_id: &str) -> Vec<StreamCommand> {
        let at = self.timeline.get(message_id).map(TimelineItem::seq);
        let outcome = self.timeline.apply_deleted(seq, message_id);
        self.after_event(outcome, at)
    }

    /// `conversationUpdated`, `participantsChanged` or an unknown kind at `seq`.
    pub fn on_other_event(&mut self, seq: u64) -> Vec<StreamCommand> {
        let outcome = self.timeline.skip_event(seq);
        self.after_event(outcome, None)
    }

    /// The `sent` ack of the current user's send.
    pub fn on_sent(&mut self, message: M) -> Vec<StreamCommand> {
        let at = message.seq();
        if self.timeline.confirm(message) {
            self.touch(at);
        }
        self.progress()
    }

    fn after_event(&mut self, outcome: EventOutcome, at: Option<u64>) -> Vec<StreamCommand> {
        match outcome {
            EventOutcome::Duplicate | EventOutcome::Unchanged => {}
            EventOutcome::Added => at.into_iter().for_each(|s| self.touch(s)),
            EventOutcome::Gap { .. } => {
                at.into_iter().for_each(|s| self.touch(s));
                if self.sub == SubState::Live {
                    self.sub = SubState::Down;
                }
            }
        }
        self.progress()
    }
}
