//! The requests about users, conversations, participants, read state, typing and watched
//! topics. Each handler calls the Data API operation for the connection's user.

use chat_elements_protocol::{Reply, Request, ServerFrame, TopicSnapshot};

use super::connection::Connection;
use super::outbox::Outbox;
use crate::data::{conversations, participants, read_state, users};
use crate::error::AppError;
use crate::store::ParticipantWriteMode;
use crate::watch::{self, SnapshotSink};

/// Answers the ops not handled by the message requests.
pub(super) async fn handle(conn: &mut Connection, request: Request) -> Result<Reply, AppError> {
    let state = conn.state.clone();
    let state = &state;
    let viewer = conn.user_id().to_owned();
    let viewer = viewer.as_str();
    match request {
        Request::GetUser { user_id } => Ok(Reply::User {
            user: users::get(state, &user_id).await?,
        }),
        Request::SetUser { user_id, fields } => {
            users::set(state, viewer, &user_id, &fields).await?;
            Ok(Reply::Done)
        }
        Request::CreateUser { user_id, fields } => {
            users::create(state, &user_id, &fields).await?;
            Ok(Reply::Done)
        }
        Request::GetConversation { conversation_id } => Ok(Reply::Conversation {
            conversation: conversations::snapshot(state, viewer, &conversation_id).await?,
        }),
        Request::SetConversation {
            conversation_id,
            fields,
        } => {
            conversations::set(state, viewer, &conversation_id, &fields).await?;
            Ok(Reply::Done)
        }
        Request::CreateConversation {
            conversation_id,
            fields,
        } => {
            conversations::create(state, viewer, &conversation_id, &fields).await?;
            Ok(Reply::Done)
        }
        Request::MarkRead { conversation_id } => {
            read_state::mark_read(state, viewer, &conversation_id).await?;
            Ok(Reply::Done)
        }
        Request::MarkUnread { conversation_id } => {
            read_state::mark_unread(state, viewer, &conversation_id).await?;
            Ok(Reply::Done)
        }
        Request::Typing { conversation_id } => {
            read_state::typing(state, viewer, &conversation_id).await?;
            Ok(Reply::Done)
        }
        Request::GetParticipant {
            conversation_id,
            user_id,
        } => Ok(Reply::Participant {
            participant: participants::get(state, viewer, &conversation_id, &user_id).await?,
        }),
        Request::SetParticipant {
            conversation_id,
            user_id,
            fields,
        } => {
            write_participant(
                conn,
                &conversation_id,
                &user_id,
                &fields,
                ParticipantWriteMode::Set,
            )
            .await
        }
        Request::EditParticipant {
            conversation_id,
            user_id,
            fields,
        } => {
            write_participant(
                conn,
                &conversation_id,
                &user_id,
                &fields,
                ParticipantWriteMode::Edit,
            )
            .await
        }
        Request::CreateParticipant {
            conversation_id,
            user_id,
            fields,
        } => {
            write_participant(
                conn,
                &conversation_id,
                &user_id,
                &fields,
                ParticipantWriteMode::Create,
            )
            .await
        }
        Request::DeleteParticipant {
            conversation_id,
            user_id,
        } => {
            participants::delete(state, viewer, &conversation_id, &user_id).await?;
            Ok(Reply::Done)
        }
        Request::Watch { watch_id, topic } => {
            conn.watches.check_room(&watch_id)?;
            let prepared = watch::prepare(state, viewer, watch_id.clone(), topic).await?;
            let snapshot: TopicSnapshot = prepared.snapshot().clone();
            // Started once this reply is on its way (see `Connection::on_frame`).
            conn.watches.queue(prepared);
            Ok(Reply::Watching { watch_id, snapshot })
        }
        Request::Unwatch { watch_id } => {
            conn.watches.remove(&watch_id);
            Ok(Reply::Unwatched)
        }
        other => Err(AppError::new(
            chat_elements_protocol::ErrorCode::UnknownOp,
            format!("{} is not supported by this server", other.op()),
        )),
    }
}

async fn write_participant(
    conn: &Connection,
    conversation_id: &str,
    user_id: &str,
    fields: &chat_elements_protocol::ParticipantFields,
    mode: ParticipantWriteMode,
) -> Result<Reply, AppError> {
    participants::write(
        &conn.state,
        conn.user_id(),
        conversation_id,
        user_id,
        fields,
        mode,
    )
    .await?;
    Ok(Reply::Done)
}

/// Watches send their snapshots through the connection's outbox.
#[derive(Clone)]
pub(super) struct OutboxSink(pub Outbox);

impl SnapshotSink for OutboxSink {
    async fn send(&self, watch_id: &str, snapshot: &TopicSnapshot) -> Result<(), ()> {
        let frame = ServerFrame::Snapshot {
            watch_id: watch_id.to_owned(),
            snapshot: snapshot.clone(),
        };
        self.0.send(&frame).await.map_err(|_| ())
    }
}
