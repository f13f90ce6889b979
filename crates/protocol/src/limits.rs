use serde::{Deserialize, Serialize};

/// The limits a server enforces, announced in the welcome so clients can check before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Largest WebSocket frame the server reads, in bytes. Larger frames close the socket (1009).
    pub max_frame_bytes: u32,
    /// Longest message text, in Unicode scalar values.
    pub max_text_chars: u32,
    /// Most messages returned by one `history` request.
    pub max_history_page: u32,
    /// Sustained requests per second per connection (bursts of twice this are allowed).
    pub requests_per_second: u32,
    /// Most distinct emoji reactions on one message.
    pub max_reactions_per_message: u32,
    /// How long a `typing` lasts unless renewed, in milliseconds.
    pub typing_ttl_ms: u32,
    /// Most items one watched window (`limit`) returns.
    pub max_window: u32,
    /// Largest file one upload (`POST /v1/files`) may carry, in bytes.
    #[serde(default = "default_max_upload_bytes")]
    pub max_upload_bytes: u64,
}

fn default_max_upload_bytes() -> u64 {
    Limits::DEFAULT.max_upload_bytes
}

impl Limits {
    /// The limits the reference server ships with.
    pub const DEFAULT: Limits = Limits {
        max_frame_bytes: 64 * 1024,
        max_text_chars: 4000,
        max_history_page: 100,
        requests_per_second: 20,
        max_reactions_per_message: 50,
        typing_ttl_ms: 10_000,
        max_window: 500,
        max_upload_bytes: 25 * 1024 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
