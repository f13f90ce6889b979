//! Watched topics: per connection, one task per `watchId` that pushes a topic's snapshot
//! whenever it changes. See `docs/PROTOCOL.md`, "Watched topics".

mod deps;
mod filter_error;
mod snapshot;
mod task;

use std::collections::HashMap;

use chat_elements_protocol::{Limits, Topic, TopicSnapshot};
use tokio::sync::broadcast::Receiver;
use tokio::task::AbortHandle;

pub use deps::Deps;
pub use filter_error::{explain, explain_watch_frame};
pub use snapshot::compute;
pub use task::{SnapshotSink, COALESCE_WINDOW};

use crate::error::AppError;
use crate::hub::Touch;
use crate::ids::check_id;
use crate::state::AppState;
use task::WatchTask;

/// Longest `watchId` accepted, in characters.
pub const MAX_WATCH_ID_CHARS: usize = 128;

/// Most watches one connection may hold at once.
pub const MAX_WATCHES_PER_CONNECTION: usize = 256;

/// A watch whose first snapshot is computed, waiting until its reply has been sent.
pub struct Prepared {
    watch_id: String,
    topic: Topic,
    snapshot: TopicSnapshot,
    deps: Deps,
    touches: Receiver<Touch>,
}

impl Prepared {
    pub fn snapshot(&self) -> &TopicSnapshot {
        &self.snapshot
    }
}

/// Checks the topic and computes its first snapshot. Listening starts before computing, so no
/// change after the snapshot can be missed.
pub async fn prepare(
    state: &AppState,
    viewer: &str,
    watch_id: String,
    topic: Topic,
) -> Result<Prepared, AppError> {
    check_watch_id(&watch_id)?;
    check_topic(&topic, &state.config.limits)?;
    let touches = state.hub.touches();
    let (snapshot, deps) = compute(state, viewer, &topic).await?;
    Ok(Prepared {
        watch_id,
        topic,
        snapshot,
        deps,
        touches,
    })
}

fn check_watch_id(watch_id: &str) -> Result<(), AppError> {
    let chars = watch_id.chars().count();
    if chars == 0 || chars > MAX_WATCH_ID_CHARS || watch_id.chars().any(char::is_control) {
        return Err(AppError::invalid(format!(
            "watchId must be 1 to {MAX_WATCH_ID_CHARS} characters without control characters"
        )));
    }
    Ok(())
}

/// INVALID_ARGUMENT for a `limit` outside 1..=max_window or a malformed id.
pub fn check_topic(topic: &Topic, limits: &Limits) -> Result<(), AppError> {
    let check_limit = |limit: u32| {
        if (1..=limits.max_window).contains(&limit) {
            Ok(())
        } else {
            Err(AppError::invalid(format!(
                "limit must be between 1 and {}",
                limits.max_window
            )))
        }
    };
    match topic {
        Topic::User { user_id } | Topic::Online { user_id } => check_id("userId", user_id),
        Topic::Conversation { conversation_id } | Topic::Typing { conversation_id } => {
            check_id("conversationId", conversation_id)
        }
        Topic::Participant {
            conversation_id,
            user_id,
        } => check_id("conversationId", conversation_id).and(check_id("userId", user_id)),
        Topic::Participants {
            conversation_id,
            limit,
        } => check_id("conversationId", conversation_id).and(check_limit(*limit)),
        Topic::Conversations { limit, .. } => check_limit(*limit),
    }
}

/// A connection's watches by `watchId`. Dropping this ends them all.
#[derive(Default)]
pub struct Watches {
    tasks: HashMap<String, AbortHandle>,
    pending: Vec<Prepared>,
}

impl Watches {
    /// Ends the watch `watch_id`, if any.
    pub fn remove(&mut self, watch_id: &str) {
        if let Some(task) = self.tasks.remove(watch_id) {
            task.abort();
        }
        self.pending.retain(|p| p.watch_id != watch_id);
    }

    /// INVALID_ARGUMENT when a new `watch_id` would exceed [`MAX_WATCHES_PER_CONNECTION`]
    /// (replacing an existing watch is always fine).
    pub fn check_room(&self, watch_id: &str) -> Result<(), AppError> {
        let replaces = self.tasks.contains_key(watch_id)
            || self.pending.iter().any(|p| p.watch_id == watch_id);
        if !replaces && self.tasks.len() + self.pending.len() >= MAX_WATCHES_PER_CONNECTION {
            return Err(AppError::invalid(format!(
                "a connection may watch at most {MAX_WATCHES_PER_CONNECTION} topics; unwatch some first"
            )));
        }
        Ok(())
    }

    /// Keeps `prepared` until [`Watches::launch_pending`], which the connection calls once the
    /// reply with the first snapshot is on its way (so no later snapshot can overtake it).
    pub fn queue(&mut self, prepared: Prepared) {
        self.remove(&prepared.watch_id);
        self.pending.push(prepared);
    }

    /// Starts the queued watches, sending their snapshots to `sink`.
    pub fn launch_pending<S: SnapshotSink + Clone>(
        &mut self,
        state: &AppState,
        viewer: &str,
        sink: &S,
    ) {
        for prepared in std::mem::take(&mut self.pending) {
            let task = WatchTask {
                state: state.clone(),
                viewer: viewer.to_owned(),
                watch_id: prepared.watch_id.clone(),
                topic: prepared.topic,
                last: prepared.snapshot,
                deps: prepared.deps,
                touches: prepared.touches,
                sink: sink.clone(),
            };
            let handle = tokio::spawn(task.run());
            if let Some(old) = self.tasks.insert(prepared.watch_id, handle.abort_handle()) {
                old.abort();
            }
        }
    }

    /// True when a prepared watch waits for [`Watches::launch_pending`].
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Number of running watches.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }
}

impl Drop for Watches {
    fn drop(&mut self) {
        for task in self.tasks.values() {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_holds_a_bounded_number_of_watches() {
        let mut watches = Watches::default();
        for i in 0..MAX_WATCHES_PER_CONNECTION {
            let task = tokio::spawn(std::future::pending::<()>());
            watches.tasks.insert(format!("w{i}"), task.abort_handle());
        }
        assert!(watches.check_room("w0").is_ok(), "replacing is fine");
        let refused = watches.check_room("one-more").unwrap_err();
        assert_eq!(
            refused.code(),
            chat_elements_protocol::ErrorCode::InvalidArgument
        );
        watches.remove("w0");
        assert!(watches.check_room("one-more").is_ok());
        assert_eq!(watches.len(), MAX_WATCHES_PER_CONNECTION - 1);
    }

    #[test]
    fn windows_are_bounded() {
        let limits = Limits::DEFAULT;
        let list = |limit| Topic::Conversations {
            filter: None,
            limit,
        };
        assert!(check_topic(&list(0), &limits).is_err());
        assert!(check_topic(&list(1), &limits).is_ok());
        assert!(check_topic(&list(limits.max_window), &limits).is_ok());
        assert!(check_topic(&list(limits.max_window + 1), &limits).is_err());
    }
}
