//! The request table of one socket: every request written gets the next id, and what it was
//! (`P`, for instance "the auth", "call 3", "watch w2") is kept until its reply or error arrives.
//! A new socket starts a new table; replies for ids the table does not hold are ignored.

/// Requests written to the current socket and not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTable<P> {
    next_id: u64,
    pending: Vec<(u64, P)>,
}

impl<P> Default for RequestTable<P> {
    fn default() -> Self {
        RequestTable {
            next_id: 1,
            pending: Vec::new(),
        }
    }
}

impl<P> RequestTable<P> {
    /// The id the next request gets.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// The request with [`RequestTable::next_id`] was written: it waits for its answer.
    pub fn written(&mut self, what: P) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.pending.push((id, what));
        id
    }

    /// The answer to request `id` arrived: what it was, once.
    pub fn take(&mut self, id: u64) -> Option<P> {
        let at = self.pending.iter().position(|(i, _)| *i == id)?;
        Some(self.pending.remove(at).1)
    }

    /// The socket is gone: nothing it carried will be answered.
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    /// Requests waiting for an answer.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// True when no request waits for an answer.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_grow_and_answers_are_taken_once() {
        let mut table = RequestTable::default();
        assert_eq!(table.next_id(), 1);
        assert_eq!(table.written("auth"), 1);
        assert_eq!(table.written("watch"), 2);
        assert_eq!(table.take(2), Some("watch"));
        assert_eq!(table.take(2), None, "an answer is routed once");
        assert_eq!(table.take(9), None, "unknown ids are ignored");
        table.clear();
        assert_eq!(table.take(1), None);
        assert!(table.is_empty());
        assert_eq!(table.written("ping"), 3, "ids are never reused");
    }
}
