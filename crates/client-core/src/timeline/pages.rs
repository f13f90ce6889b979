//! History pages: the newest page (first load, or the reset after a truncated replay) and older
//! pages prepended when a window grows.

use super::{Timeline, TimelineItem};

impl<M: TimelineItem> Timeline<M> {
    /// The newest page (a `history` reply without `beforeSeq`), oldest first.
    ///
    /// Messages older than the page are dropped (they might not connect to it); newer ones (live
    /// events that raced the request) are kept. After a truncated replay this resets the cache:
    /// only what arrived live after the truncation is kept, everything else comes from the page.
    pub fn apply_newest_page(&mut self, page: Vec<M>, has_more: bool) {
        if let Some(reset) = self.reset_at.take() {
            let versions = &self.versions;
            self.messages
                .retain(|m| m.seq() > reset || versions.get(m.id()).is_some_and(|&v| v > reset));
            self.versions.retain(|_, v| *v > reset);
            self.detached.clear();
        }
        let first = page.first().map(TimelineItem::seq);
        if let Some(first) = first {
            let (older, kept): (Vec<M>, Vec<M>) = std::mem::take(&mut self.messages)
                .into_iter()
                .partition(|m| m.seq() < first);
            self.messages = kept;
            // Edited copies stay known in case an older page brings a stale copy later.
            for m in older {
                if self.versions.contains_key(m.id()) {
                    self.detached.insert(m.id().to_owned(), m);
                }
            }
        }
        self.loaded = true;
        self.floor = 0;
        self.set_bounds(first, has_more, page.is_empty());
        for message in page {
            self.insert_from_page(message);
        }
    }

    /// An older page (a `history` reply with `beforeSeq`), oldest first, prepended.
    pub fn apply_older_page(&mut self, page: Vec<M>, has_more: bool) {
        let first = page.first().map(TimelineItem::seq);
        self.set_bounds(first, has_more, page.is_empty());
        for message in page {
            self.insert_from_page(message);
        }
    }

    fn set_bounds(&mut self, first: Option<u64>, has_more: bool, empty: bool) {
        // An empty page that claims more would make the client ask forever.
        self.has_more = has_more && !empty;
        self.floor = match (self.has_more, first) {
            (true, Some(first)) if self.floor == 0 => first,
            (true, Some(first)) => self.floor.min(first),
            _ => 0,
        };
    }

    /// A page's copy of a message, unless a newer one (from an event) is known.
    fn insert_from_page(&mut self, message: M) -> bool {
        match self.detached.remove(message.id()) {
            Some(newer) => self.insert(newer),
            None => self.insert(message),
        }
    }
}
