//! The HTTP API: the admin API for the app's backend and, in demo mode, the token endpoint.

pub mod admin;
mod admin_messages;
mod admin_moderation;
mod body;
pub mod demo;

/// `GET /healthz`.
pub async fn healthz() -> &'static str {
    "ok"
}
