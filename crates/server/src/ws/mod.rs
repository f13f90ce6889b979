//! The WebSocket endpoint (`GET /v1/ws`).

mod authentication;
mod connection;
mod data_requests;
mod ending;
mod frame;
mod message_requests;
mod moderation_requests;
mod outbox;
mod rate_limit;
mod requests;
mod search_requests;
mod subscriptions;

use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;

use crate::state::AppState;

pub use ending::CLOSE_UNAUTHORIZED;
pub use requests::{DEFAULT_HISTORY_LIMIT, MAX_REPLAY};

/// How far past `Limits::max_frame_bytes` the WebSocket library still reads a message whole.
///
/// Messages over the limit but within this bound are read, refused and the connection closed
/// cleanly with 1009. Beyond it the library stops reading mid-frame; the connection still closes
/// with 1009, but without the closing handshake (the rest of the frame is never read).
const HARD_LIMIT_FACTOR: usize = 4;

/// Upgrades to a WebSocket connection (messages over `Limits::max_frame_bytes` close it with
/// 1009).
pub async fn upgrade(State(state): State<AppState>, ws: WebSocketUpgrade) -> Response {
    let hard_limit =
        (state.config.limits.max_frame_bytes as usize).saturating_mul(HARD_LIMIT_FACTOR);
    let tracker = state.connections.clone();
    ws.max_frame_size(hard_limit)
        .max_message_size(hard_limit)
        .on_upgrade(move |socket| tracker.track_future(connection::run(state, socket)))
}
