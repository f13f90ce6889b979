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

mod error;
mod frames;
mod limits;
mod model;

pub use error::ErrorCode;
pub use frames::{ClientFrame, Event, ReplayStatus, Reply, Request, ServerFrame};
pub use limits::Limits;
pub use model::{Access, Conversation, Message, User, Welcome};

/// The WebSocket path, relative to the server's origin.
pub const WS_PATH: &str = "/v1/ws";

/// Version of this wire protocol; bumped on any incompatible change.
pub const PROTOCOL_VERSION: u32 = 1;
