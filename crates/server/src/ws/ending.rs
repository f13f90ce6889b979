//! How a connection ends, and the frames it says things with.

use chat_elements_protocol::{ErrorCode, ServerFrame};

/// Close code for authentication failures.
pub const CLOSE_UNAUTHORIZED: u16 = 4001;
pub(super) const CLOSE_GOING_AWAY: u16 = 1001;
pub(super) const CLOSE_PROTOCOL_ERROR: u16 = 1002;
pub(super) const CLOSE_TOO_BIG: u16 = 1009;

/// An optional last error frame (without id), then an optional close frame.
pub(super) struct Ending {
    pub notice: Option<(ErrorCode, String)>,
    pub close: Option<(u16, &'static str)>,
    /// The socket still holds unread data that cannot be parsed any more: keep it open a moment
    /// so the client reads the close frame before the operating system resets the connection.
    pub linger: bool,
}

impl Ending {
    /// The client left or stopped reading: nothing more to say.
    pub fn quiet() -> Ending {
        Ending {
            notice: None,
            close: None,
            linger: false,
        }
    }

    pub fn close(code: u16, reason: &'static str) -> Ending {
        Ending {
            notice: None,
            close: Some((code, reason)),
            linger: false,
        }
    }

    pub fn with_notice(code: ErrorCode, message: &str, close: u16, reason: &'static str) -> Ending {
        Ending {
            notice: Some((code, message.to_owned())),
            close: Some((close, reason)),
            linger: false,
        }
    }

    pub fn shutdown() -> Ending {
        Ending::with_notice(
            ErrorCode::Unavailable,
            "the server is shutting down; reconnect later",
            CLOSE_GOING_AWAY,
            "UNAVAILABLE",
        )
    }

    pub fn too_large() -> Ending {
        Ending::with_notice(
            ErrorCode::TooLarge,
            "the frame is larger than the server accepts",
            CLOSE_TOO_BIG,
            "TOO_LARGE",
        )
    }

    /// Too large to even read whole: the rest of it stays unread in the socket.
    pub fn too_large_unread() -> Ending {
        Ending {
            linger: true,
            ..Ending::too_large()
        }
    }
}

pub(super) fn error_frame(
    id: Option<u64>,
    code: ErrorCode,
    message: &str,
    retry_after_ms: Option<u64>,
) -> ServerFrame {
    ServerFrame::Error {
        id,
        code,
        message: message.to_owned(),
        retry_after_ms,
    }
}
