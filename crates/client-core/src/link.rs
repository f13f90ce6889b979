//! The connection's state machine.
//!
//! Every socket the client opens gets a new generation number; events from a socket whose
//! generation is no longer current are stale and ignored. The machine decides when to reconnect
//! and how to react to a refused token: at most one refresh per rejection streak, then give up
//! until the application supplies a new token.

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
    /// Gave up (token refused twice, or destroyed): waits for a new token.
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    phase: Phase,
    generation: u64,
    ever_open: bool,
    refresh_used: bool,
}

impl Default for Link {
    fn default() -> Self {
        Link::new()
    }
}

impl Link {
    pub const fn new() -> Self {
        Link {
            phase: Phase::Idle,
            generation: 0,
            ever_open: false,
            refresh_used: false,
        }
    }

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

    pub fn is_open(&self) -> bool {
        self.phase == Phase::Open
    }

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
        self.refresh_used = false;
        let first = !self.ever_open;
        self.ever_open = true;
        first
    }

    /// The server refused the token. `can_refresh` says whether the token source can produce a
    /// new one (a function, not a fixed string).
    pub fn auth_rejected(&mut self, generation: u64, can_refresh: bool) -> AuthRejection {
        if !self.is_current(generation) {
            return AuthRejection::GiveUp;
        }
        if can_refresh && !self.refresh_used {
            self.refresh_used = true;
            if self.phase != Phase::Open {
                self.phase = Phase::AwaitingToken;
            }
            AuthRejection::Refresh
        } else {
            if self.phase != Phase::Open {
                self.phase = Phase::Stopped;
            }
            AuthRejection::GiveUp
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

    /// The application supplied a new token: allow one more refresh on rejection.
    pub fn new_token_supplied(&mut self) {
        self.refresh_used = false;
        if self.phase == Phase::Stopped {
            self.phase = Phase::Idle;
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
mod tests {
    use super::*;

    fn open_link() -> (Link, u64) {
        let mut link = Link::new();
        let g = link.connect();
        assert!(link.socket_opened(g));
        assert!(link.welcomed(g));
        (link, g)
    }

    #[test]
    fn happy_path_reports_ready_once() {
        let (mut link, g) = open_link();
        assert_eq!(link.status(), LinkStatus::Open);
        // An in-band re-auth is welcomed again but is not a new "ready".
        assert!(!link.welcomed(g));
        assert_eq!(link.closed(g), CloseAction::Reconnect);
        assert_eq!(link.status(), LinkStatus::Reconnecting);
        let g2 = link.connect();
        assert!(link.socket_opened(g2));
        assert!(!link.welcomed(g2));
    }

    #[test]
    fn stale_sockets_are_ignored() {
        let mut link = Link::new();
        let old = link.connect();
        let new = link.connect();
        assert!(!link.is_current(old));
        assert!(!link.socket_opened(old));
        assert_eq!(link.closed(old), CloseAction::Ignore);
        assert!(!link.welcomed(old));
        assert!(link.socket_opened(new));
        assert_eq!(link.phase(), Phase::Authenticating);
    }

    #[test]
    fn first_rejection_refreshes_second_gives_up() {
        let mut link = Link::new();
        let g = link.connect();
        link.socket_opened(g);
        assert_eq!(link.auth_rejected(g, true), AuthRejection::Refresh);
        assert_eq!(link.phase(), Phase::AwaitingToken);
        // The server closes the refused socket: no reconnect, the token fetch will connect.
        assert_eq!(link.closed(g), CloseAction::AwaitToken);
        assert!(link.should_connect());
        let g2 = link.connect();
        link.socket_opened(g2);
        assert_eq!(link.auth_rejected(g2, true), AuthRejection::GiveUp);
        assert_eq!(link.status(), LinkStatus::Offline);
        assert_eq!(link.closed(g2), CloseAction::Stay);
    }

    #[test]
    fn a_fixed_token_gives_up_at_once() {
        let mut link = Link::new();
        let g = link.connect();
        link.socket_opened(g);
        assert_eq!(link.auth_rejected(g, false), AuthRejection::GiveUp);
        assert_eq!(link.phase(), Phase::Stopped);
        link.new_token_supplied();
        assert!(link.should_connect());
    }

    #[test]
    fn a_welcome_resets_the_refresh_allowance() {
        let mut link = Link::new();
        let g = link.connect();
        link.socket_opened(g);
        assert_eq!(link.auth_rejected(g, true), AuthRejection::Refresh);
        let g2 = link.connect();
        link.socket_opened(g2);
        link.welcomed(g2);
        // Later, an in-band re-auth is refused: refresh once more, the socket stays open.
        assert_eq!(link.auth_rejected(g2, true), AuthRejection::Refresh);
        assert_eq!(link.phase(), Phase::Open);
        assert_eq!(link.auth_rejected(g2, true), AuthRejection::GiveUp);
        assert_eq!(link.phase(), Phase::Open);
    }

    #[test]
    fn stop_makes_the_socket_stale() {
        let (mut link, g) = open_link();
        link.stop();
        assert_eq!(link.closed(g), CloseAction::Ignore);
        assert_eq!(link.status(), LinkStatus::Offline);
    }

    #[test]
    fn status_before_the_first_welcome_is_connecting() {
        let mut link = Link::new();
        assert_eq!(link.status(), LinkStatus::Connecting);
        link.await_token();
        assert_eq!(link.status(), LinkStatus::Connecting);
        let g = link.connect();
        assert_eq!(link.closed(g), CloseAction::Reconnect);
        assert_eq!(link.status(), LinkStatus::Reconnecting);
    }
}
