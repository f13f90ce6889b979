//! Wire types shared by the chat-elements SDK and server.
//!
//! Every frame on the WebSocket (`/v1/ws`) is one JSON text message. The client sends
//! [`ClientFrame`]s (a request with an `id` and an `op`); the server answers each request with
//! exactly one [`ServerFrame::Ok`] or [`ServerFrame::Error`] carrying the same `id`, and pushes
//! [`ServerFrame::Event`]s for subscribed conversations. `docs/PROTOCOL.md` is the prose version
//! of this crate and must stay in step with it.
//!
//! This crate is `serde` only: no I/O, no JSON library. The server encodes with `serde_json`; the
//! SDK reads and writes the same shapes by hand over the browser's `JSON.parse`/`JSON.stringify`
//! (`src/wire.rs`, checked against these types by the browser tests), to keep serde out of the wasm.

pub mod content;
mod error;
pub mod filter;
mod filter_eval;
mod frames;
mod limits;
pub mod patch;
pub mod search;
mod snapshots;
mod topics;

pub use content::{
    ContentBlock, FileBlock, FileSubtype, Node, Seconds, SendContentBlock, TextNode,
};
pub use error::ErrorCode;
pub use filter::ConversationFilter;
pub use filter_eval::FilterTarget;
pub use frames::{
    ClientFrame, ConversationFields, Event, ParticipantFields, ReplayStatus, Reply, Request,
    ServerFrame, UserFields,
};
pub use limits::Limits;
pub use search::{ConversationSearchPage, MessageSearchPage, MessageSearchResult};
pub use snapshots::{
    Access, Conversation, Custom, FalseTag, Message, MessageType, Notify, NotifyMode, Online,
    Origin, Participant, Reaction, ReferencedMessage, TrueTag, Typing, User, Welcome,
    MAX_LISTED_TYPERS,
};
pub use topics::{Topic, TopicSnapshot};

/// The WebSocket path, relative to the server's origin.
pub const WS_PATH: &str = "/v1/ws";

/// Version of this wire protocol; bumped on any incompatible change.
pub const PROTOCOL_VERSION: u32 = 2;
