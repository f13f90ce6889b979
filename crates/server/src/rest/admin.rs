//! The admin REST API (`/v1/admin/...`), for the app's backend: users, conversations,
//! participants, messages, moderation and development tokens. Every call needs
//! `Authorization: Bearer <app secret>`.

use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Json, Router};
use chat_elements_protocol::{Access, ConversationFields, ErrorCode, User, UserFields};
use serde::{Deserialize, Serialize};

use super::body::JsonBody;
use crate::data;
use crate::error::AppError;
use crate::ids::{self, now_ms};
use crate::state::AppState;
use crate::store::{AdminConversation, AdminParticipant};

/// Largest admin request body.
const MAX_BODY_BYTES: usize = 64 * 1024;
/// Lifetime of admin-minted tokens unless the request says otherwise, and the most allowed.
const DEFAULT_TOKEN_TTL_SECS: u64 = 3600;
const MAX_TOKEN_TTL_SECS: u64 = 86_400;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/admin/users/{id}", put(put_user).get(get_user))
        .route(
            "/v1/admin/conversations/{id}",
            put(put_conversation).get(get_conversation),
        )
        .route(
            "/v1/admin/conversations/{id}/participants/{user_id}",
            put(put_participant).delete(delete_participant),
        )
        .route(
            "/v1/admin/conversations/{id}/messages",
            post(super::admin_messages::post_message),
        )
        .route(
            "/v1/admin/conversations/{id}/bans/{user_id}",
            post(super::admin_moderation::post_ban).delete(super::admin_moderation::delete_ban),
        )
        .route(
            "/v1/admin/conversations/{id}/mutes/{user_id}",
            post(super::admin_moderation::post_mute).delete(super::admin_moderation::delete_mute),
        )
        .route("/v1/admin/tokens", post(post_token))
        .route_layer(middleware::from_fn_with_state(state, require_app_secret))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

async fn require_app_secret(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim());
    let expected = state.config.app_secret.expose();
    match presented {
        Some(secret) if constant_time_eq(secret.as_bytes(), expected.as_bytes()) => {
            next.run(request).await
        }
        _ => {
            let err = AppError::new(
                ErrorCode::Unauthorized,
                "the admin API needs Authorization: Bearer <app secret>",
            );
            let mut response = err.into_response();
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        }
    }
}

/// Compares without stopping at the first difference (the length is not secret).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn put_user(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(mut fields): JsonBody<UserFields>,
) -> Result<Json<User>, AppError> {
    fields.name = fields.name.map(|name| name.trim().to_owned());
    Ok(Json(data::users::admin_put(&state, &id, &fields).await?))
}

async fn get_user(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<User>, AppError> {
    let user = state.store.get_user(&id).await?;
    user.map(Json)
        .ok_or_else(|| AppError::not_found("user not found"))
}

/// The conversation's own fields; `access` and `notify` belong to participants.
async fn put_conversation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(fields): JsonBody<ConversationFields>,
) -> Result<Json<AdminConversation>, AppError> {
    if fields.access.is_some() || fields.notify.is_some() {
        return Err(AppError::invalid(
            "access and notify are set per participant (…/participants/{userId})",
        ));
    }
    Ok(Json(
        data::conversations::admin_put(&state, &id, &fields).await?,
    ))
}

async fn get_conversation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AdminConversation>, AppError> {
    state
        .store
        .admin_conversation(&id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found("conversation not found"))
}

/// NOT_FOUND unless the conversation exists (admins may know which ids exist).
pub(super) async fn require_conversation(state: &AppState, id: &str) -> Result<(), AppError> {
    match state.store.get_conversation(id).await? {
        Some(_) => Ok(()),
        None => Err(AppError::not_found("conversation not found")),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutParticipant {
    access: Option<Access>,
}

async fn put_participant(
    State(state): State<AppState>,
    Path((id, user_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<PutParticipant>,
) -> Result<Json<AdminParticipant>, AppError> {
    require_conversation(&state, &id).await?;
    let participant = data::participants::admin_put(&state, &id, &user_id, body.access).await?;
    Ok(Json(participant))
}

async fn delete_participant(
    State(state): State<AppState>,
    Path((id, user_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    require_conversation(&state, &id).await?;
    data::participants::remove(&state, &id, &user_id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostToken {
    user_id: String,
    ttl_seconds: Option<u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenResponse {
    token: String,
    expires_at: i64,
}

async fn post_token(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<PostToken>,
) -> Result<Json<TokenResponse>, AppError> {
    ids::check_id("userId", &body.user_id)?;
    let ttl = body.ttl_seconds.unwrap_or(DEFAULT_TOKEN_TTL_SECS);
    if !(1..=MAX_TOKEN_TTL_SECS).contains(&ttl) {
        return Err(AppError::invalid(format!(
            "ttlSeconds must be between 1 and {MAX_TOKEN_TTL_SECS}"
        )));
    }
    let minted = state.tokens.mint(&body.user_id, ttl, now_ms())?;
    Ok(Json(TokenResponse {
        token: minted.token,
        expires_at: minted.expires_at_ms,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_exactly() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(!constant_time_eq(b"", b"x"));
    }
}
