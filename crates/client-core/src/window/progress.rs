//! Resolving windows against the cache, deciding what to fetch, and emitting snapshots.

use super::{Fetch, MessageStream, StreamCommand, SubState, Window, MESSAGES_INITIAL};
use crate::timeline::TimelineItem;

impl<M: TimelineItem> MessageStream<M> {
    /// What `subscriber` sees: its messages oldest first (`None` when the user is not a
    /// participant) and its `loadedAll`. `None` while its window is not resolved yet (pending).
    pub fn snapshot(&self, subscriber: u64) -> Option<(Option<&[M]>, bool)> {
        let w = self.windows.iter().find(|w| w.id == subscriber)?;
        if self.refused {
            return Some((None, false));
        }
        let anchor = w.anchor.filter(|_| self.is_ready())?;
        let messages = self.timeline.messages();
        let start = messages.partition_point(|m| m.seq() < anchor);
        Some((
            Some(&messages[start..]),
            self.timeline.loaded_all() && start == 0,
        ))
    }

    /// True when the cache can be shown: loaded and not waiting for a refetch.
    fn is_ready(&self) -> bool {
        self.timeline.is_loaded() && !self.timeline.needs_refetch()
    }

    /// How many messages the window holds now (its target while unresolved).
    pub(super) fn len_of(&self, w: &Window) -> usize {
        match w.anchor {
            Some(anchor) => {
                let messages = self.timeline.messages();
                messages.len() - messages.partition_point(|m| m.seq() < anchor)
            }
            None => w.target,
        }
    }

    /// Windows that include a message with this seq have changed.
    pub(super) fn touch(&mut self, seq: u64) {
        for w in &mut self.windows {
            if w.anchor.is_some_and(|a| seq >= a) {
                w.dirty = true;
            }
        }
    }

    /// After a truncated replay: every window re-resolves, keeping at least its size.
    pub(super) fn reanchor_all(&mut self) {
        let sizes: Vec<usize> = self.windows.iter().map(|w| self.len_of(w)).collect();
        for (w, size) in self.windows.iter_mut().zip(sizes) {
            w.target = size.max(MESSAGES_INITIAL);
            w.anchor = None;
            w.dirty = true;
        }
    }

    /// The anchor that gives the window `need` messages, if the cache can tell.
    fn resolve(&self, need: usize) -> Option<u64> {
        let messages = self.timeline.messages();
        if need > 0 && messages.len() >= need {
            messages.get(messages.len() - need).map(TimelineItem::seq)
        } else if self.timeline.loaded_all() {
            Some(0)
        } else {
            None
        }
    }

    /// Subscribes, resolves windows, fetches what is missing and emits, in that order.
    pub(super) fn progress(&mut self) -> Vec<StreamCommand> {
        let mut out = Vec::new();
        if self.refused {
            for w in &mut self.windows {
                if std::mem::take(&mut w.dirty) {
                    out.push(StreamCommand::Emit { subscriber: w.id });
                }
                if w.want.take().is_some() {
                    out.push(StreamCommand::LoadMoreDone { subscriber: w.id });
                }
            }
            return out;
        }
        if self.windows.is_empty() {
            return out;
        }
        if self.link_up && self.sub == SubState::Down {
            self.timeline.begin_subscribe();
            self.sub = SubState::Subscribing;
            out.push(StreamCommand::Subscribe {
                after_seq: self.timeline.cursor(),
            });
        }
        let mut done = Vec::new();
        if self.is_ready() {
            for i in 0..self.windows.len() {
                let w = &self.windows[i];
                let anchor = match w.anchor {
                    Some(a) => Some(a),
                    None => self.resolve(w.target),
                };
                let grown = w.want.and_then(|need| self.resolve(need));
                let w = &mut self.windows[i];
                if w.anchor.is_none() && anchor.is_some() {
                    w.anchor = anchor;
                    w.dirty = true;
                }
                if let (Some(grown), Some(current)) = (grown, w.anchor) {
                    if grown < current {
                        w.anchor = Some(grown);
                        w.dirty = true;
                    }
                    w.want = None;
                    done.push(w.id);
                }
            }
        }
        self.fetch_missing(&mut out);
        if self.is_ready() {
            for w in &mut self.windows {
                if w.dirty && w.anchor.is_some() {
                    w.dirty = false;
                    out.push(StreamCommand::Emit { subscriber: w.id });
                }
            }
        }
        out.extend(
            done.into_iter()
                .map(|subscriber| StreamCommand::LoadMoreDone { subscriber }),
        );
        out
    }

    /// One fetch at a time: the newest page when the cache is not loaded (or stale), else an
    /// older page big enough for the hungriest window.
    fn fetch_missing(&mut self, out: &mut Vec<StreamCommand>) {
        if !self.link_up || self.fetch.is_some() {
            return;
        }
        let need = |w: &Window| match (w.anchor, w.want) {
            (_, Some(want)) => want,
            (None, None) => w.target,
            (Some(_), None) => 0,
        };
        let most = self.windows.iter().map(need).max().unwrap_or(0);
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).clamp(1, self.max_page);
        if !self.is_ready() {
            self.fetch = Some(Fetch::Newest);
            out.push(StreamCommand::FetchNewest {
                limit: clamp(most.max(MESSAGES_INITIAL)),
            });
            return;
        }
        let missing = most.saturating_sub(self.timeline.messages().len());
        if let (true, Some(before_seq)) = (missing > 0, self.timeline.older_page_before()) {
            self.fetch = Some(Fetch::Older);
            out.push(StreamCommand::FetchOlder {
                before_seq,
                limit: clamp(missing),
            });
        }
    }
}
