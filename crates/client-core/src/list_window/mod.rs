//! Windows over a watched list (`conversations`, `participants`): one upstream `watch`, several
//! subscribers with their own window sizes.
//!
//! How the SDK uses this: one `ListWindow` per shared list upstream (see [`crate::registry`]).
//! Subscribers start with [`CONVERSATIONS_INITIAL`] or [`PARTICIPANTS_INITIAL`] items;
//! [`ListWindow::load_more`] grows one subscriber's window. The window asks for
//! [`ListCommand::Watch`] with the largest size any subscriber needs (a `watch` with the same
//! `watchId` replaces the limit), feeds `watching`/`snapshot` replies in with
//! [`ListWindow::on_watching`] and [`ListWindow::on_snapshot`], and answers with
//! [`ListCommand::Emit`] (call the subscriber's `onSnapshot` with [`ListWindow::snapshot`]) and
//! [`ListCommand::LoadMoreDone`] (resolve its pending `loadMore` promises). Parallel `loadMore`
//! calls collapse: `loadMore(5)` then `loadMore(10)` before the first finished loads 10 more, not
//! 15, and both promises resolve together. `T` is an item (a JS value in the SDK); items are
//! compared to the previous snapshot so a subscriber is only told when its part changed.

/// The conversation list's initial window.
pub const CONVERSATIONS_INITIAL: u32 = 20;
/// The participant list's initial window.
pub const PARTICIPANTS_INITIAL: u32 = 10;

/// What the SDK must do for a list window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListCommand {
    /// Send `watch` (or watch again with the same `watchId`) with this `limit`.
    Watch {
        /// How many items to watch.
        limit: u32,
    },
    /// Send `unwatch`: nobody looks at the list any more.
    Unwatch,
    /// Give the subscriber its current [`ListWindow::snapshot`].
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

#[derive(Debug, Clone, PartialEq, Eq)]
struct ListSub {
    id: u64,
    size: u32,
    want: Option<u32>,
    emitted: bool,
}

/// One upstream list and the windows of its subscribers.
#[derive(Debug, Clone, PartialEq)]
pub struct ListWindow<T> {
    initial: u32,
    max: u32,
    subs: Vec<ListSub>,
    /// The items of the latest snapshot (`None`: the topic answered `null`).
    items: Option<Vec<T>>,
    has_snapshot: bool,
    loaded_all: bool,
    /// The limit the server acknowledged.
    acked: u32,
    /// A `watch` sent and not answered yet, with its limit.
    in_flight: Option<u32>,
    link_up: bool,
}

impl<T: PartialEq> ListWindow<T> {
    /// A list whose subscribers start with `initial` items and never exceed `max`
    /// (`Limits::max_window`).
    pub fn new(initial: u32, max: u32) -> Self {
        let max = max.max(1);
        ListWindow {
            initial: initial.clamp(1, max),
            max,
            subs: Vec::new(),
            items: None,
            has_snapshot: false,
            loaded_all: false,
            acked: 0,
            in_flight: None,
            link_up: false,
        }
    }

    /// Adds a subscriber. A late one gets the latest snapshot at once when it covers its window.
    pub fn add_subscriber(&mut self, id: u64) -> Vec<ListCommand> {
        if !self.subs.iter().any(|s| s.id == id) {
            self.subs.push(ListSub {
                id,
                size: self.initial,
                want: None,
                emitted: false,
            });
        }
        self.progress()
    }

    /// Removes a subscriber; the last one out gives [`ListCommand::Unwatch`].
    pub fn remove_subscriber(&mut self, id: u64) -> Vec<ListCommand> {
        self.subs.retain(|s| s.id != id);
        if self.subs.is_empty() {
            self.in_flight = None;
            return if self.link_up && self.acked > 0 {
                self.acked = 0;
                vec![ListCommand::Unwatch]
            } else {
                Vec::new()
            };
        }
        self.progress()
    }

    /// True when nobody subscribes (the SDK may drop the window).
    pub fn is_unused(&self) -> bool {
        self.subs.is_empty()
    }

    /// Grows `subscriber`'s window by `count` (at least 1) items, relative to what it has now.
    pub fn load_more(&mut self, subscriber: u64, count: u32) -> Vec<ListCommand> {
        let max = self.max;
        let Some(sub) = self.subs.iter_mut().find(|s| s.id == subscriber) else {
            return Vec::new();
        };
        let target = sub.size.saturating_add(count.max(1)).min(max);
        sub.want = Some(sub.want.map_or(target, |w| w.max(target)));
        self.progress()
    }

    /// The socket is up (welcomed): watch again with the current limit.
    pub fn connected(&mut self) -> Vec<ListCommand> {
        self.link_up = true;
        self.in_flight = None;
        self.acked = 0;
        self.progress()
    }

    /// The socket is gone: the watch ended with it. The latest snapshot stays.
    pub fn disconnected(&mut self) {
        self.link_up = false;
        self.in_flight = None;
        self.acked = 0;
    }

    /// The `watching` reply to a `watch` with `limit`.
    pub fn on_watching(
        &mut self,
        limit: u32,
        items: Option<Vec<T>>,
        loaded_all: bool,
    ) -> Vec<ListCommand> {
        if self.in_flight == Some(limit) {
            self.in_flight = None;
        }
        self.acked = limit;
        self.store(items, loaded_all)
    }

    /// A `snapshot` frame for the watch.
    pub fn on_snapshot(&mut self, items: Option<Vec<T>>, loaded_all: bool) -> Vec<ListCommand> {
        self.store(items, loaded_all)
    }

    /// What `subscriber` sees: the first items of the list (`None` for a `null` snapshot) and its
    /// own `loadedAll`. `None` before the first snapshot.
    pub fn snapshot(&self, subscriber: u64) -> Option<(Option<&[T]>, bool)> {
        let sub = self.subs.iter().find(|s| s.id == subscriber)?;
        if !self.has_snapshot {
            return None;
        }
        Some(match &self.items {
            None => (None, true),
            Some(items) => {
                let n = items.len().min(sub.size as usize);
                (Some(&items[..n]), self.loaded_all && n == items.len())
            }
        })
    }

    fn store(&mut self, items: Option<Vec<T>>, loaded_all: bool) -> Vec<ListCommand> {
        let old_items = std::mem::replace(&mut self.items, items);
        let old_all = self.loaded_all;
        let first = !self.has_snapshot;
        self.loaded_all = loaded_all;
        self.has_snapshot = true;
        // Everyone whose visible part (or loadedAll) differs from before is told.
        let new_items = self.items.as_deref();
        for sub in &mut self.subs {
            let n = sub.size as usize;
            let old_view = prefix(old_items.as_deref(), n);
            let all_changed = old_all != loaded_all;
            if first || old_view != prefix(new_items, n) || all_changed {
                sub.emitted = false;
            }
        }
        self.progress()
    }

    /// Resolves what can be resolved, asks for a bigger (or smaller) watch, emits.
    fn progress(&mut self) -> Vec<ListCommand> {
        let mut out = Vec::new();
        // A LoadMoreDone must follow the Emit of the grown window: they are appended last.
        let mut done = Vec::new();
        let len = self.items.as_ref().map_or(0, Vec::len);
        let complete = self.has_snapshot && (self.loaded_all || self.items.is_none());
        for sub in &mut self.subs {
            if let Some(want) = sub.want {
                // Served by what the server already sends, or nothing more exists.
                if self.has_snapshot && (want <= self.acked || complete && len as u32 <= want) {
                    sub.size = want;
                    sub.want = None;
                    sub.emitted = false;
                    done.push(ListCommand::LoadMoreDone { subscriber: sub.id });
                }
            }
        }
        let needed = self
            .subs
            .iter()
            .map(|s| s.want.unwrap_or(s.size))
            .max()
            .unwrap_or(0);
        let asked = self.acked;
        // One watch at a time: a bigger need waits for the reply to the one in flight.
        if self.link_up && needed > 0 && needed != asked && self.in_flight.is_none() {
            self.in_flight = Some(needed);
            out.push(ListCommand::Watch { limit: needed });
        }
        if self.has_snapshot {
            for sub in &mut self.subs {
                if !sub.emitted {
                    sub.emitted = true;
                    out.push(ListCommand::Emit { subscriber: sub.id });
                }
            }
        }
        out.append(&mut done);
        out
    }
}

/// The first `n` items of a list.
fn prefix<T>(items: Option<&[T]>, n: usize) -> Option<&[T]> {
    items.map(|i| &i[..i.len().min(n)])
}

#[cfg(test)]
mod tests;
