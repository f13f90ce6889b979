//! The connection's state machine.
//!
//! How the SDK uses this: every socket the client opens gets a new generation number
//! ([`Link::connect`]); events from a socket whose generation is no longer current are stale and
//! ignored. The machine decides when to reconnect ([`Link::closed`]) and how to react to a
//! refused token ([`Link::token_refused`], with the policy of [`AuthRetry`]): up to
//! [`crate::token::MAX_AUTH_ATTEMPTS`] refreshes in a row, then give up. A plain reconnect never
//! asks for a token (see [`crate::token::needs_new_token_to_reconnect`]).

use chat_elements_protocol::ErrorCode;

use crate::token::{AuthDecision, AuthRetry};

/// Where the connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing to connect with yet (no token).
    Idle,
    /// A token is being fetched; connect when it arrives.
    AwaitingToken,
    /// The socket is opening.
    Connecting,
    /// The socket is open and the `auth` frame is out.
    Authenticating,
    /// Welcomed: requests flow.
    Open,
    /// The socket closed; a reconnect is scheduled.
    Backoff,
    /// Gave up (tokens refused too often, or destroyed): waits for a new token.
    Stopped,
}

/// What a user interface shows about the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStatus {
    /// The first connection is being made.
    Connecting,
    /// Authenticated and live.
    Open,
    /// The connection was lost and is being re-established.
    Reconnecting,
    /// Not connected and not trying (see the session's `error` event).
    Offline,
}

/// What to do after the server refused the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthRejection {
    /// Fetch a new token, then connect (or re-auth) with it.
    Refresh,
    /// Report the error and stop.
    GiveUp,
}

/// What to do after the current socket closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseAction {
    /// A stale socket, or one already dealt with: nothing.
    Ignore,
    /// Schedule a reconnect with backoff.
    Reconnect,
    /// Wait: a token fetch is under way and will connect.
    AwaitToken,
    /// Stay down.
    Stay,
}

/// The connection's phase, socket generation and authentication retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    phase: Phase,
    generation: u64,
    ever_open: bool,
    auth: AuthRetry,
}

impl Default for Link {
    fn default() -> Self {
        Link::new()
    }
}

impl Link {
    /// Idle, with the default authentication retry policy.
    pub const fn new() -> Self {
        Link::with_auth_retry(AuthRetry::DEFAULT)
    }

    /// Idle, with another authentication retry policy.
    pub const fn with_auth_retry(auth: AuthRetry) -> Self {
        Link {
            phase: Phase::Idle,
            generation: 0,
            ever_open: false,
            auth,
        }
    }

    /// Where the connection is.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The current socket's generation.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True when events tagged `generation` come from the current socket.
    pub fn is_current(&self, generation: u64) -> bool {
        generation == self.generation
    }

    /// True once a welcome has been received on any socket.
    pub fn ever_open(&self) -> bool {
        self.ever_open
    }

    /// True when welcomed and live.
    pub fn is_open(&self) -> bool {
        self.phase == Phase::Open
    }

    /// What a user interface shows about the connection.
    pub fn status(&self) -> LinkStatus {
        match self.phase {
            Phase::Open => LinkStatus::Open,
            Phase::Stopped => LinkStatus::Offline,
            Phase::Backoff => LinkStatus::Reconnecting,
            Phase::Idle | Phase::AwaitingToken | Phase::Connecting | Phase::Authenticating => {
                if self.ever_open {
                    LinkStatus::Reconnecting
                } else {
                    LinkStatus::Connecting
                }
            }
        }
    }

    /// A token fetch started; the connection waits for it (a socket still open stays usable).
    pub fn await_token(&mut self) {
        if matches!(
            self.phase,
            Phase::Idle | Phase::Backoff | Phase::Stopped | Phase::AwaitingToken
        ) {
            self.phase = Phase::AwaitingToken;
        }
    }

    /// A new socket is being opened: returns its generation. Any older socket becomes stale.
    pub fn connect(&mut self) -> u64 {
        self.generation += 1;
        self.phase = Phase::Connecting;
        self.generation
    }

    /// The socket opened: send `auth`. False for a stale socket.
    pub fn socket_opened(&mut self, generation: u64) -> bool {
        if self.is_current(generation) && self.phase == Phase::Connecting {
            self.phase = Phase::Authenticating;
            true
        } else {
            false
        }
    }

    /// The server welcomed the token (first auth or in-band re-auth). Returns true the very first
    /// time the session is welcomed (the moment it becomes ready).
    pub fn welcomed(&mut self, generation: u64) -> bool {
        if !self.is_current(generation) {
            return false;
        }
        self.phase = Phase::Open;
        self.auth.on_accepted();
        let first = !self.ever_open;
        self.ever_open = true;
        first
    }

    /// The server refused the token with `code`. `can_refresh` says whether the token source
    /// can produce a new one (`onNeedToken` is set). `random` is uniform in `[0, 1)`.
    pub fn token_refused(
        &mut self,
        generation: u64,
        code: ErrorCode,
        can_refresh: bool,
        random: f64,
    ) -> AuthDecision {
        if !self.is_current(generation) {
            return AuthDecision::Ignore;
        }
        let decision = self.auth.on_rejected(code, can_refresh, random);
        if self.phase != Phase::Open {
            self.phase = match decision {
                AuthDecision::Refresh { .. } => Phase::AwaitingToken,
                AuthDecision::Terminate { .. } | AuthDecision::Ignore => Phase::Stopped,
            };
        }
        decision
    }

    /// [`Link::token_refused`] without a code or a delay (the first SDK versions' call).
    pub fn auth_rejected(&mut self, generation: u64, can_refresh: bool) -> AuthRejection {
        match self.token_refused(generation, ErrorCode::AuthRequired, can_refresh, 0.0) {
            AuthDecision::Refresh { .. } => AuthRejection::Refresh,
            AuthDecision::Terminate { .. } | AuthDecision::Ignore => AuthRejection::GiveUp,
        }
    }

    /// The current socket closed (or failed to open, or missed its health check).
    pub fn closed(&mut self, generation: u64) -> CloseAction {
        if !self.is_current(generation) {
            return CloseAction::Ignore;
        }
        match self.phase {
            Phase::Stopped | Phase::Idle => CloseAction::Stay,
            Phase::AwaitingToken => CloseAction::AwaitToken,
            Phase::Backoff => CloseAction::Ignore,
            Phase::Connecting | Phase::Authenticating | Phase::Open => {
                self.phase = Phase::Backoff;
                CloseAction::Reconnect
            }
        }
    }

    /// Stop for good (the session is destroyed, or an unrecoverable error). The current socket
    /// becomes stale.
    pub fn stop(&mut self) {
        self.generation += 1;
        self.phase = Phase::Stopped;
    }

    /// The application supplied a new token. After giving up this starts over (with a fresh
    /// retry count); otherwise it is the answer to a refresh and the count goes on, so a token
    /// source that keeps producing refused tokens cannot loop forever.
    pub fn new_token_supplied(&mut self) {
        if self.phase == Phase::Stopped {
            self.phase = Phase::Idle;
            self.auth.on_accepted();
        }
    }

    /// True when a new socket should be opened now that a token is available.
    pub fn should_connect(&self) -> bool {
        matches!(
            self.phase,
            Phase::Idle | Phase::AwaitingToken | Phase::Stopped
        )
    }
}

#[cfg(test)]
mod tests;
