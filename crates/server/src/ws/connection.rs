//! One WebSocket connection: the read loop (frames, deadlines, heartbeat, shutdown), the rate
//! limit, and the orderly close.

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket};
use chat_elements_protocol::{ErrorCode, Reply, Request, ServerFrame};
use futures_util::stream::SplitStream;
use futures_util::StreamExt;
use tokio::time::{sleep_until, Instant};

use super::authentication::{Authed, OnlineGuard};
use super::data_requests::OutboxSink;
use super::ending::{error_frame, Ending, CLOSE_GOING_AWAY, CLOSE_PROTOCOL_ERROR};
use super::frame::{self, Incoming};
use super::outbox::{run_writer, Gone, Outbox};
use super::rate_limit::TokenBucket;
use super::requests;
use super::subscriptions::Subscriptions;
use crate::error::AppError;
use crate::state::AppState;
use crate::watch::Watches;

/// How long to wait for the client's reply to our close frame before dropping the socket.
const CLOSE_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(1);

/// Runs a connection to its end.
pub async fn run(state: AppState, socket: WebSocket) {
    let settings = state.config.ws.clone();
    let (sink, mut stream) = socket.split();
    let (outbox, rx) = Outbox::new(settings.outbox_capacity, settings.outbox_send_timeout);
    let mut writer = tokio::spawn(run_writer(sink, rx, outbox.dead()));

    let mut connection = Connection::new(state, outbox.clone());
    let ending = connection.serve(&mut stream).await;
    if let Some(auth) = &connection.auth {
        tracing::debug!(user = %auth.user.id, "WebSocket closing");
    }
    // Ends the subscriptions before the last frames, so nothing follows the close.
    drop(connection);

    let goodbye = async {
        if let Some((code, message)) = ending.notice {
            outbox
                .send(&error_frame(None, code, &message, None))
                .await?;
        }
        if let Some((code, reason)) = ending.close {
            outbox.close(code, reason).await?;
        }
        Ok::<(), Gone>(())
    };
    let said_goodbye = tokio::time::timeout(Duration::from_secs(1), goodbye).await;
    drop(outbox);
    if matches!(said_goodbye, Ok(Ok(()))) && ending.close.is_some() {
        if ending.linger {
            tokio::time::sleep(CLOSE_HANDSHAKE_TIMEOUT).await;
        } else {
            drain(&mut stream).await;
        }
    }
    if tokio::time::timeout(Duration::from_secs(5), &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
}

pub(super) struct Connection {
    pub state: AppState,
    pub outbox: Outbox,
    pub auth: Option<Authed>,
    pub subscriptions: Subscriptions,
    pub watches: Watches,
    /// Counts this socket as the user's while it is authenticated (presence).
    pub online: Option<OnlineGuard>,
    /// Before authentication: the end of the auth timeout. After: token expiry plus grace.
    pub deadline: Instant,
    bucket: TokenBucket,
    last_seen: Instant,
}

impl Connection {
    fn new(state: AppState, outbox: Outbox) -> Connection {
        let now = Instant::now();
        let limits = &state.config.limits;
        let bucket = TokenBucket::new(
            limits.requests_per_second,
            limits.requests_per_second.saturating_mul(2),
            now.into_std(),
        );
        let deadline = now + state.config.ws.auth_timeout;
        Connection {
            state,
            outbox,
            auth: None,
            subscriptions: Subscriptions::default(),
            watches: Watches::default(),
            online: None,
            deadline,
            bucket,
            last_seen: now,
        }
    }

    /// The authenticated user's id (empty before authentication, which no handler sees).
    pub fn user_id(&self) -> &str {
        self.auth.as_ref().map(|a| a.user.id.as_str()).unwrap_or("")
    }

    async fn serve(&mut self, stream: &mut SplitStream<WebSocket>) -> Ending {
        let shutdown = self.state.shutdown.clone();
        let dead = self.outbox.dead();
        let heartbeat_every = self.state.config.ws.heartbeat_interval;
        let idle_timeout = self.state.config.ws.idle_timeout;
        let mut heartbeat =
            tokio::time::interval_at(Instant::now() + heartbeat_every, heartbeat_every);
        loop {
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => return Ending::shutdown(),
                _ = dead.cancelled() => return Ending::quiet(),
                _ = sleep_until(self.deadline) => return self.deadline_passed(),
                _ = heartbeat.tick() => {
                    if self.last_seen.elapsed() >= idle_timeout {
                        return Ending::close(CLOSE_GOING_AWAY, "idle");
                    }
                    if self.outbox.ping().await.is_err() {
                        return Ending::quiet();
                    }
                }
                incoming = stream.next() => {
                    self.last_seen = Instant::now();
                    let incoming = match incoming {
                        None | Some(Ok(Message::Close(_))) => return Ending::quiet(),
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                        Some(Ok(message)) if self.is_too_large(&message) => {
                            return Ending::too_large();
                        }
                        Some(Ok(Message::Text(text))) => frame::parse(text.as_str()),
                        Some(Ok(Message::Binary(_))) => frame::binary(),
                        Some(Err(err)) => return read_error(err),
                    };
                    if let Some(ending) = self.on_frame(incoming).await {
                        return ending;
                    }
                }
            }
        }
    }

    fn is_too_large(&self, message: &Message) -> bool {
        let len = match message {
            Message::Text(text) => text.len(),
            Message::Binary(data) => data.len(),
            _ => 0,
        };
        len > self.state.config.limits.max_frame_bytes as usize
    }

    /// Handles one frame from the client; every frame counts against the rate limit.
    async fn on_frame(&mut self, incoming: Incoming) -> Option<Ending> {
        if let Err(wait) = self.bucket.try_take(Instant::now().into_std()) {
            let retry_after_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).max(1);
            let frame = error_frame(
                incoming.id(),
                ErrorCode::RateLimited,
                "too many requests; slow down",
                Some(retry_after_ms),
            );
            return self.send_or_end(&frame).await;
        }
        let (id, request) = match incoming {
            Incoming::Request { id, request } => (id, request),
            Incoming::Invalid { id, code, message } => {
                if self.auth.is_none() && code == ErrorCode::UnknownOp {
                    return self.refuse_unauthenticated(id).await;
                }
                return self
                    .send_or_end(&error_frame(id, code, &message, None))
                    .await;
            }
        };
        if !matches!(request, Request::Auth { .. }) {
            if self.auth.is_none() {
                return self.refuse_unauthenticated(Some(id)).await;
            }
            if let Err(err) = self.check_token_fresh() {
                return self.answer(id, Err(err)).await;
            }
        }
        let ending = requests::dispatch(self, id, request).await;
        if self.watches.has_pending() {
            // The `watch` reply is queued by now: its watch may start sending snapshots.
            let sink = OutboxSink(self.outbox.clone());
            let viewer = self.user_id().to_owned();
            self.watches.launch_pending(&self.state, &viewer, &sink);
        }
        ending
    }

    /// Sends the one response to request `id`.
    pub async fn reply(&self, id: u64, result: Result<Reply, AppError>) -> Result<(), Gone> {
        let frame = match result {
            Ok(result) => ServerFrame::Ok { id, result },
            Err(err) => {
                err.log_if_internal("WebSocket request");
                tracing::debug!(code = %err.code(), "request refused");
                error_frame(Some(id), err.code(), &err.client_message(), None)
            }
        };
        self.outbox.send(&frame).await
    }

    /// [`Connection::reply`], with a vanished client turned into the connection's end.
    pub(super) async fn answer(&self, id: u64, result: Result<Reply, AppError>) -> Option<Ending> {
        match self.reply(id, result).await {
            Ok(()) => None,
            Err(Gone) => Some(Ending::quiet()),
        }
    }

    async fn send_or_end(&self, frame: &ServerFrame) -> Option<Ending> {
        match self.outbox.send(frame).await {
            Ok(()) => None,
            Err(Gone) => Some(Ending::quiet()),
        }
    }
}

/// After our close frame: reads (and discards) until the client's close reply, so the socket
/// closes cleanly instead of being reset with unread data in it.
async fn drain(stream: &mut SplitStream<WebSocket>) {
    let deadline = Instant::now() + CLOSE_HANDSHAKE_TIMEOUT;
    while let Ok(Some(Ok(_))) = tokio::time::timeout_at(deadline, stream.next()).await {}
}

/// A message beyond the library's hard limit closes with 1009 like one over the protocol limit;
/// other read failures end the connection.
fn read_error(err: axum::Error) -> Ending {
    let source = std::error::Error::source(&err);
    match source.and_then(|inner| inner.downcast_ref::<tungstenite::Error>()) {
        Some(tungstenite::Error::Capacity(_)) => Ending::too_large_unread(),
        Some(tungstenite::Error::Protocol(protocol)) => {
            tracing::debug!(error = %protocol, "WebSocket protocol error");
            Ending::close(CLOSE_PROTOCOL_ERROR, "protocol error")
        }
        _ => {
            tracing::debug!(error = %err, "reading from a WebSocket");
            Ending::quiet()
        }
    }
}
