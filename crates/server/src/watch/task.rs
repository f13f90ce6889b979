//! One watch's life after its first snapshot: wait for a relevant touch, let the coalescing
//! window pass, recompute, and send the snapshot when it differs from the last one sent.

use std::future::Future;
use std::time::Duration;

use chat_elements_protocol::{Topic, TopicSnapshot};
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::broadcast::Receiver;
use tokio::time::Instant;

use super::deps::Deps;
use super::snapshot::compute;
use crate::hub::Touch;
use crate::state::AppState;

/// At most one snapshot per watch per this long.
pub const COALESCE_WINDOW: Duration = Duration::from_millis(20);

/// Where a watch's snapshots go (a connection's outbox).
pub trait SnapshotSink: Send + Sync + 'static {
    /// Queues a `snapshot` frame; `Err` when the client is gone.
    fn send(
        &self,
        watch_id: &str,
        snapshot: &TopicSnapshot,
    ) -> impl Future<Output = Result<(), ()>> + Send;
}

/// Everything a running watch needs.
pub struct WatchTask<S> {
    pub state: AppState,
    pub viewer: String,
    pub watch_id: String,
    pub topic: Topic,
    pub last: TopicSnapshot,
    pub deps: Deps,
    pub touches: Receiver<Touch>,
    pub sink: S,
}

impl<S: SnapshotSink> WatchTask<S> {
    /// Runs until the client is gone or the hub closes (the caller aborts it on unwatch).
    pub async fn run(mut self) {
        // The reply carried the first snapshot: it counts as the last one sent.
        let mut last_sent = Instant::now();
        loop {
            if !self.wait_for_relevant_touch().await {
                return;
            }
            tokio::time::sleep_until(last_sent + COALESCE_WINDOW).await;
            // What arrived meanwhile is covered by the recompute below.
            if !self.drain() {
                return;
            }
            let (snapshot, deps) = match compute(&self.state, &self.viewer, &self.topic).await {
                Ok(computed) => computed,
                Err(err) => {
                    err.log_if_internal("recomputing a watched topic");
                    continue;
                }
            };
            self.deps = deps;
            if snapshot == self.last {
                continue;
            }
            if self.sink.send(&self.watch_id, &snapshot).await.is_err() {
                return;
            }
            self.last = snapshot;
            last_sent = Instant::now();
        }
    }

    /// False when the hub is gone.
    async fn wait_for_relevant_touch(&mut self) -> bool {
        loop {
            match self.touches.recv().await {
                Ok(touch) if self.deps.is_touched_by(&touch) => return true,
                Ok(_) => {}
                // Something relevant may have been missed: recompute to be sure.
                Err(RecvError::Lagged(_)) => return true,
                Err(RecvError::Closed) => return false,
            }
        }
    }

    /// Empties the touch queue; false when the hub is gone.
    fn drain(&mut self) -> bool {
        loop {
            match self.touches.try_recv() {
                Ok(_) | Err(TryRecvError::Lagged(_)) => {}
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Closed) => return false,
            }
        }
    }
}
