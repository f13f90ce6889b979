//! The admin REST API (`/v1/admin/...`), for the app's backend: users, conversations,
//! participants, messages and development tokens. Every call needs
//! `Authorization: Bearer <app secret>`.

use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Json, Router};
use chat_elements_protocol::{Access, ErrorCode, Message, User};
use serde::{Deserialize, Serialize};

use super::body::{patch, JsonBody};
use crate::error::AppError;
use crate::hub::HubItem;
use crate::ids::{self, check_id, now_ms};
use crate::messaging::{self, require_write};
use crate::state::AppState;
use crate::store::{AdminConversation, NewMessage, Participant};

/// Largest admin request body.
const MAX_BODY_BYTES: usize = 64 * 1024;
const MAX_NAME_CHARS: usize = 200;
const MAX_SUBJECT_CHARS: usize = 500;
const MAX_URL_CHARS: usize = 2048;
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
        .route("/v1/admin/conversations/{id}/messages", post(post_message))
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

fn check_text_field(field: &str, value: &str, max_chars: usize) -> Result<(), AppError> {
    if value.chars().count() > max_chars || value.chars().any(char::is_control) {
        return Err(AppError::invalid(format!(
            "{field} must be at most {max_chars} characters without control characters"
        )));
    }
    Ok(())
}

fn check_photo_url(url: &str) -> Result<(), AppError> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(AppError::invalid("photoUrl must be an http(s) URL"));
    }
    check_text_field("photoUrl", url, MAX_URL_CHARS)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutUser {
    name: String,
    #[serde(default, deserialize_with = "patch")]
    photo_url: Option<Option<String>>,
}

async fn put_user(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PutUser>,
) -> Result<Json<User>, AppError> {
    check_id("user id", &id)?;
    let name = body.name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name must not be empty"));
    }
    check_text_field("name", name, MAX_NAME_CHARS)?;
    if let Some(Some(url)) = &body.photo_url {
        check_photo_url(url)?;
    }
    let photo_url = body.photo_url.as_ref().map(|url| url.as_deref());
    Ok(Json(state.store.upsert_user(&id, name, photo_url).await?))
}

async fn get_user(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<User>, AppError> {
    let user = state.store.get_user(&id).await?;
    user.map(Json)
        .ok_or_else(|| AppError::not_found("user not found"))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutConversation {
    #[serde(default, deserialize_with = "patch")]
    subject: Option<Option<String>>,
}

async fn put_conversation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PutConversation>,
) -> Result<Json<AdminConversation>, AppError> {
    check_id("conversation id", &id)?;
    if let Some(Some(subject)) = &body.subject {
        check_text_field("subject", subject, MAX_SUBJECT_CHARS)?;
    }
    let subject = body.subject.as_ref().map(|s| s.as_deref());
    state.store.upsert_conversation(&id, subject).await?;
    conversation_view(&state, &id).await.map(Json)
}

async fn get_conversation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AdminConversation>, AppError> {
    conversation_view(&state, &id).await.map(Json)
}

async fn conversation_view(state: &AppState, id: &str) -> Result<AdminConversation, AppError> {
    state
        .store
        .admin_conversation(id)
        .await?
        .ok_or_else(|| AppError::not_found("conversation not found"))
}

/// NOT_FOUND unless the conversation exists (admins may know which ids exist).
async fn require_conversation(state: &AppState, id: &str) -> Result<(), AppError> {
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
) -> Result<Json<Participant>, AppError> {
    require_conversation(&state, &id).await?;
    if state.store.get_user(&user_id).await?.is_none() {
        return Err(AppError::not_found("user not found"));
    }
    let access = state
        .store
        .set_participant(&id, &user_id, body.access)
        .await?;
    Ok(Json(Participant { user_id, access }))
}

async fn delete_participant(
    State(state): State<AppState>,
    Path((id, user_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    require_conversation(&state, &id).await?;
    if state.store.remove_participant(&id, &user_id).await? {
        // Their live subscriptions end (with `resync`; resubscribing is then refused).
        state.hub.publish(&id, HubItem::AccessRevoked { user_id });
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostMessage {
    sender_id: String,
    text: String,
    client_id: Option<String>,
}

/// Sends as `senderId`, by the same rules as a WebSocket send: the sender must be a participant
/// with ReadWrite access.
async fn post_message(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PostMessage>,
) -> Result<Json<Message>, AppError> {
    require_conversation(&state, &id).await?;
    if state.store.get_user(&body.sender_id).await?.is_none() {
        return Err(AppError::not_found("sender not found"));
    }
    let conversation = state
        .store
        .membership(&id, &body.sender_id)
        .await?
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::Forbidden,
                "the sender is not a participant of this conversation",
            )
        })?;
    require_write(&conversation)?;
    let sent = messaging::send_message(
        &state,
        NewMessage {
            conversation_id: &id,
            sender_id: &body.sender_id,
            client_id: body.client_id.as_deref(),
            text: &body.text,
        },
    )
    .await?;
    Ok(Json(sent.message))
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

    #[test]
    fn photo_urls_must_be_http() {
        assert!(check_photo_url("https://example.com/a.png").is_ok());
        assert!(check_photo_url("javascript:alert(1)").is_err());
    }
}
