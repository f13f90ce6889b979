//! The requests: dispatch by op, and the handlers for history and subscribe. Message writes
//! are in `message_requests`, moderation in `moderation_requests`, searches in
//! `search_requests`, everything else in `data_requests`.

use chat_elements_protocol::{ReplayStatus, Reply, Request, ServerFrame};

use super::connection::Connection;
use super::ending::Ending;
use super::outbox::Gone;
use super::subscriptions::event_frame;
use crate::data::conversations;
use crate::error::AppError;
use crate::ids::now_ms;
use crate::messaging::member;
use crate::store::Replay;
use crate::view;

/// Most events replayed on subscribe; beyond this the reply says `truncated`.
pub const MAX_REPLAY: u64 = 1000;

/// Default page size of `history`.
pub const DEFAULT_HISTORY_LIMIT: u32 = 30;

/// Answers `request`. Every op but `auth` arrives here only on an authenticated connection
/// with a fresh token.
pub(super) async fn dispatch(conn: &mut Connection, id: u64, request: Request) -> Option<Ending> {
    let result = match request {
        Request::Auth { token } => return conn.authenticate(id, &token).await,
        Request::Ping => Ok(Reply::Pong {
            server_time: now_ms(),
        }),
        Request::History {
            conversation_id,
            before_seq,
            limit,
        } => history(conn, &conversation_id, before_seq, limit).await,
        Request::Subscribe {
            conversation_id,
            after_seq,
        } => {
            // Sends its own reply, between the replay and the live events.
            return match subscribe(conn, id, conversation_id, after_seq).await {
                Ok(()) => None,
                Err(Gone) => Some(Ending::quiet()),
            };
        }
        Request::Unsubscribe { conversation_id } => {
            conn.subscriptions.remove(&conversation_id);
            Ok(Reply::Unsubscribed)
        }
        request @ (Request::Send { .. }
        | Request::GetMessage { .. }
        | Request::EditMessage { .. }
        | Request::DeleteMessage { .. }
        | Request::AddReaction { .. }
        | Request::RemoveReaction { .. }) => super::message_requests::handle(conn, request).await,
        request @ (Request::BanParticipant { .. }
        | Request::UnbanParticipant { .. }
        | Request::MuteParticipant { .. }
        | Request::UnmuteParticipant { .. }) => {
            super::moderation_requests::handle(conn, request).await
        }
        request @ (Request::SearchMessages { .. } | Request::SearchConversations { .. }) => {
            super::search_requests::handle(conn, request).await
        }
        other => super::data_requests::handle(conn, other).await,
    };
    conn.answer(id, result).await
}

async fn history(
    conn: &Connection,
    conversation_id: &str,
    before_seq: Option<u64>,
    limit: Option<u32>,
) -> Result<Reply, AppError> {
    let limit = match limit {
        Some(0) => return Err(AppError::invalid("limit must be at least 1")),
        Some(limit) => limit.min(conn.state.config.limits.max_history_page),
        None => DEFAULT_HISTORY_LIMIT.min(conn.state.config.limits.max_history_page),
    };
    member(&conn.state, conversation_id, conn.user_id()).await?;
    let page = conn
        .state
        .store
        .history(conversation_id, before_seq, limit)
        .await?;
    let viewer = conn.user_id();
    Ok(Reply::History {
        messages: page
            .messages
            .into_iter()
            .map(|record| view::record_for(viewer, record))
            .collect(),
        has_more: page.has_more,
    })
}

/// Registers the live subscription first, then replays what the client missed, then replies,
/// then starts forwarding live events (skipping any the replay already covered). Nothing that
/// commits after the registration can be missed.
async fn subscribe(
    conn: &mut Connection,
    id: u64,
    conversation_id: String,
    after_seq: Option<u64>,
) -> Result<(), Gone> {
    let viewer = conn.user_id().to_owned();
    // Strangers are turned away before anything is registered for them.
    if let Err(err) = member(&conn.state, &conversation_id, &viewer).await {
        return reply_error(conn, id, err).await;
    }
    let live = conn.state.hub.subscribe(&conversation_id);
    // Read after registering: everything up to this `last_seq` is committed and replayable,
    // everything after it arrives on `live`.
    let conversation = match conversations::snapshot(&conn.state, &viewer, &conversation_id).await {
        Ok(Some(conversation)) => conversation,
        Ok(None) => return reply_error(conn, id, AppError::forbidden()).await,
        Err(err) => return reply_error(conn, id, err).await,
    };
    conn.subscriptions.remove(&conversation_id);

    let replay = match after_seq {
        None => ReplayStatus::None,
        Some(after_seq) => {
            let read = conn
                .state
                .store
                .events_between(
                    &conversation_id,
                    after_seq,
                    conversation.last_seq,
                    MAX_REPLAY,
                )
                .await;
            match read {
                Err(err) => return reply_error(conn, id, err.into()).await,
                Ok(Replay::Truncated) => ReplayStatus::Truncated,
                Ok(Replay::Events(events)) => {
                    for event in &events {
                        conn.outbox.send(&event_frame(&viewer, event)).await?;
                    }
                    ReplayStatus::Complete
                }
            }
        }
    };

    let delivered_through = conversation.last_seq;
    conn.outbox
        .send(&ServerFrame::Ok {
            id,
            result: Reply::Subscribed {
                conversation,
                replay,
            },
        })
        .await?;
    let outbox = conn.outbox.clone();
    conn.subscriptions
        .start(conversation_id, viewer, delivered_through, live, outbox);
    Ok(())
}

async fn reply_error(conn: &Connection, id: u64, err: AppError) -> Result<(), Gone> {
    conn.reply(id, Err(err)).await
}
