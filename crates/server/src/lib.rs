//! The chat-elements reference server: the WebSocket protocol (`/v1/ws`), the admin REST API
//! (`/v1/admin`), file uploads and downloads (`/v1/files`), demo mode (`/api/token`, seeded
//! data) and static files, over SQLite.
//!
//! [`start`] runs a server in the background (tests bind it on `127.0.0.1:0`); [`serve`] runs
//! one until SIGINT/SIGTERM, as the binary does.

pub mod auth;
pub mod config;
pub mod content;
pub mod data;
pub mod error;
pub mod files;
pub mod hub;
pub mod ids;
pub mod messaging;
pub mod presence;
pub mod rest;
pub mod search;
mod server;
pub mod state;
mod static_files;
pub mod store;
pub mod typing;
pub mod view;
pub mod watch;
pub mod ws;

use axum::routing::get;
use axum::Router;
use chat_elements_protocol::WS_PATH;
use tower_http::trace::TraceLayer;

pub use config::{Cli, Config};
pub use server::{serve, start, RunningServer, ServeError};
pub use state::AppState;

/// Every route of the server.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(rest::healthz))
        .route(WS_PATH, get(ws::upgrade))
        .merge(rest::admin::router(state.clone()))
        .merge(files::router());
    if state.config.demo {
        router = router.merge(rest::demo::router());
    }
    let router = static_files::mount(router, &state.config);
    router.layer(TraceLayer::new_for_http()).with_state(state)
}
