//! Moderation through the admin API: the app's backend bans and mutes users in any
//! conversation (admins included).
//!
//! `POST` / `DELETE /v1/admin/conversations/{id}/bans/{userId}` and
//! `POST` / `DELETE /v1/admin/conversations/{id}/mutes/{userId}` (`{ durationMs? }`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::body::JsonBody;
use crate::data::moderation::{self, Action};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{Moderator, Mute};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PostMute {
    duration_ms: Option<u64>,
}

/// The mute now in force.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MuteResponse {
    user_id: String,
    is_muted: bool,
    /// `null`: until unmuted.
    muted_until: Option<i64>,
}

async fn run(
    state: &AppState,
    (id, user_id): &(String, String),
    action: Action,
) -> Result<Mute, AppError> {
    moderation::moderate(state, Moderator::App, id, user_id, action).await
}

pub(super) async fn post_ban(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    run(&state, &ids, Action::Ban).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn delete_ban(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    run(&state, &ids, Action::Unban).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn post_mute(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    JsonBody(body): JsonBody<PostMute>,
) -> Result<Json<MuteResponse>, AppError> {
    let action = Action::Mute {
        duration_ms: body.duration_ms,
    };
    let mute = run(&state, &ids, action).await?;
    Ok(Json(MuteResponse {
        user_id: ids.1,
        is_muted: mute.is_muted(),
        muted_until: mute.until(),
    }))
}

pub(super) async fn delete_mute(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    run(&state, &ids, Action::Unmute).await?;
    Ok(StatusCode::NO_CONTENT)
}
