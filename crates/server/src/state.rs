//! The state every handler shares.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::auth::TokenService;
use crate::config::Config;
use crate::files::Files;
use crate::hub::Hub;
use crate::presence::Presence;
use crate::store::Store;
use crate::typing::TypingState;

/// Cheap to clone: every clone points at the same [`Shared`].
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub config: Config,
    pub store: Store,
    /// Uploaded files: their bytes, tokens and signed URLs.
    pub files: Files,
    pub hub: Arc<Hub>,
    /// Who is typing where (in memory).
    pub typing: Arc<TypingState>,
    /// Who has an authenticated socket open.
    pub presence: Presence,
    pub tokens: TokenService,
    /// Cancelled when the server shuts down: open WebSockets close with 1001.
    pub shutdown: CancellationToken,
    /// The WebSocket connections, so shutdown can wait for them to say goodbye.
    pub connections: TaskTracker,
    /// Held from a change's commit until it is published, so subscribers receive each
    /// conversation's events in seq order.
    pub publish_order: tokio::sync::Mutex<()>,
}

impl AppState {
    pub fn new(config: Config, store: Store) -> AppState {
        let hub = Hub::new(config.ws.hub_capacity);
        let tokens = TokenService::new(&config.app_id, &config.app_secret);
        let typing_ttl = Duration::from_millis(u64::from(config.limits.typing_ttl_ms));
        let files = Files::local(&config);
        let store = store.with_file_signer(Arc::clone(&files.signer));
        AppState(Arc::new(Shared {
            typing: TypingState::new(typing_ttl, Arc::clone(&hub)),
            presence: Presence::new(Arc::clone(&hub)),
            config,
            store,
            files,
            hub,
            tokens,
            shutdown: CancellationToken::new(),
            connections: TaskTracker::new(),
            publish_order: tokio::sync::Mutex::new(()),
        }))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
