//! The moderation requests: banParticipant, unbanParticipant, muteParticipant and
//! unmuteParticipant, by the connection's user (who must be an admin taking part).

use chat_elements_protocol::{Reply, Request};

use super::connection::Connection;
use crate::data::moderation::{self, Action};
use crate::error::AppError;
use crate::store::Moderator;

/// Answers a moderation request (any other request is a bug in the dispatcher).
pub(super) async fn handle(conn: &Connection, request: Request) -> Result<Reply, AppError> {
    let (conversation_id, user_id, action) = match request {
        Request::BanParticipant {
            conversation_id,
            user_id,
        } => (conversation_id, user_id, Action::Ban),
        Request::UnbanParticipant {
            conversation_id,
            user_id,
        } => (conversation_id, user_id, Action::Unban),
        Request::MuteParticipant {
            conversation_id,
            user_id,
            duration_ms,
        } => (conversation_id, user_id, Action::Mute { duration_ms }),
        Request::UnmuteParticipant {
            conversation_id,
            user_id,
        } => (conversation_id, user_id, Action::Unmute),
        other => {
            return Err(AppError::Internal(format!(
                "{} reached the moderation requests",
                other.op()
            )))
        }
    };
    let moderator = Moderator::User(conn.user_id());
    moderation::moderate(&conn.state, moderator, &conversation_id, &user_id, action).await?;
    Ok(Reply::Done)
}
