//! The session's token in `Authorization: Bearer`, for the file routes.

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use chat_elements_protocol::ErrorCode;

use crate::error::AppError;
use crate::ids::now_ms;
use crate::state::AppState;

/// The bearer token of the request, if it has one.
pub(super) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

/// The user whose valid token the request carries; AUTH_REQUIRED without one, the token's own
/// error code for a bad one.
pub(super) fn user_of(state: &AppState, headers: &HeaderMap) -> Result<String, AppError> {
    let token = bearer(headers).ok_or_else(|| {
        AppError::new(
            ErrorCode::AuthRequired,
            "send the session's token in Authorization: Bearer <token>",
        )
    })?;
    Ok(state.tokens.verify(token, now_ms())?.user_id)
}
