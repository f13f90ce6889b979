//! Demo mode: the seeded users and conversation, and `GET /api/token`, which hands out tokens
//! to anyone (it stands in for the app's backend).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::routing::get;
use axum::{Json, Router};
use chat_elements_protocol::Access;
use serde::{Deserialize, Serialize};
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::Store;

/// The demo's conversation id.
pub const DEMO_CONVERSATION: &str = "demo";
/// The cookie that picks the demo user when the query does not.
pub const USER_COOKIE: &str = "chat_demo_user";
/// The user when neither query nor cookie says.
pub const DEFAULT_USER: &str = "alice";
/// Bounds of the `ttl` query parameter, in seconds.
pub const MIN_TTL_SECS: u64 = 2;
pub const MAX_TTL_SECS: u64 = 3600;

/// Creates the demo users and conversation unless they exist; existing data (and history) is
/// left as it is.
pub async fn seed(store: &Store) -> Result<(), sqlx::Error> {
    for (id, name) in [("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")] {
        store.ensure_user(id, name).await?;
    }
    store
        .ensure_conversation(DEMO_CONVERSATION, "Demo chat")
        .await?;
    for user in ["alice", "bob"] {
        store
            .ensure_participant(DEMO_CONVERSATION, user, Access::ReadWrite)
            .await?;
    }
    Ok(())
}

/// `GET /api/token`, callable from any origin, never cached.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/token", get(token))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET]),
        )
}

#[derive(Deserialize)]
struct TokenQuery {
    user: Option<String>,
    ttl: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DemoToken {
    token: String,
    user_id: String,
    expires_at: i64,
}

async fn token(
    State(state): State<AppState>,
    query: Result<Query<TokenQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Json<DemoToken>, AppError> {
    let Query(query) = query.map_err(|_| AppError::invalid("invalid query string"))?;
    let user_id = query
        .user
        .filter(|user| !user.is_empty())
        .or_else(|| cookie(&headers, USER_COOKIE))
        .unwrap_or_else(|| DEFAULT_USER.to_owned());
    let ttl = match query.ttl.as_deref() {
        None | Some("") => state.config.demo_token_ttl.as_secs(),
        Some(ttl) => ttl
            .parse::<u64>()
            .map_err(|_| AppError::invalid("ttl must be a whole number of seconds"))?
            .clamp(MIN_TTL_SECS, MAX_TTL_SECS),
    };
    if state.store.get_user(&user_id).await?.is_none() {
        return Err(AppError::not_found("no such demo user"));
    }
    let minted = state.tokens.mint(&user_id, ttl, now_ms())?;
    Ok(Json(DemoToken {
        token: minted.token,
        user_id,
        expires_at: minted.expires_at_ms,
    }))
}

/// The value of cookie `name`, if the request has a non-empty one.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; chat_demo_user=bob; b=2"),
        );
        assert_eq!(cookie(&headers, USER_COOKIE).as_deref(), Some("bob"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
