//! chat-elements: embeddable chat for the browser, in Rust compiled to WebAssembly.
//!
//! The JS surface is [`create_chat_session`] (`createChatSession`), [`get_talk_session`]
//! (`getTalkSession`), the [`ChatSession`] class with its Data API (refs and subscriptions, in
//! `data`) and the [`ChatElement`] class; the JS shims in `js/` initialise this module and
//! re-export them. Loading the module touches neither `window` nor `document`: that happens only when a
//! session or an element is created.
//!
//! Layers: `session` (state, connection, token, request pass) over `chat-elements-core` (the
//! logic without I/O); `ws`, `timers`, `dom`, `emitter` wrap the browser; `elements` render;
//! `data` is the Data API over the session's engine handle.

mod connection;
mod data;
mod dom;
mod elements;
mod emitter;
mod errors;
mod i18n;
mod js;
mod root;
pub mod session;
mod store;
mod styles;
mod theme;
mod timers;
mod token;
#[doc(hidden)]
pub mod wire;
mod ws;

pub use data::{
    get_talk_session, ConversationRef, ErrorSubscription, MessageRef, ParticipantRef, ReactionRef,
    SearchObject, Subscription, UserRef, WindowedSubscription,
};
pub use elements::chat::ChatElement;
pub use elements::dms_list::DmsListElement;
pub use errors::Error;
pub use root::{chat_elements, ChatElementsRoot};
pub use session::{create_chat_session, ChatSession};

/// How many WebSockets this page has opened so far (diagnostics; the browser tests use it to
/// check that a token refresh does not reconnect).
#[doc(hidden)]
pub fn sockets_opened() -> u64 {
    ws::sockets_opened()
}
