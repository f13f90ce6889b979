//! chat-elements: embeddable chat for the browser, in Rust compiled to WebAssembly.
//!
//! The JS surface is [`get_talk_session`] (`getTalkSession`) and the [`ChatSession`] class with
//! its Data API (refs and subscriptions, in `data`); with the `elements` feature (the default)
//! also [`create_chat_session`] (`createChatSession`), the root object `ChatElements` and the
//! element classes. The JS shims in `js/` initialise this module and re-export them. Loading the
//! module touches neither `window` nor `document`: that happens only when a session or an element
//! is created.
//!
//! Layers, each using only the ones below it: `session` (the engine: connection, tokens,
//! requests, watches, message streams and conversation views) over `chat-elements-core` (the
//! logic without I/O); `ws`, `timers`, `dom`, `emitter`, `js` wrap the browser; `chat_session`
//! is the `ChatSession` class; `data` is the Data API; `elements` (with `theme`, `i18n` and the
//! styles) render.

mod chat_session;
mod data;
mod emitter;
mod errors;
mod js;
pub mod session;
mod timers;
mod token;
#[doc(hidden)]
pub mod wire;
mod ws;

#[cfg(feature = "elements")]
mod dom;
#[cfg(feature = "elements")]
mod elements;
#[cfg(feature = "elements")]
mod i18n;
#[cfg(feature = "elements")]
mod styles;
#[cfg(feature = "elements")]
mod theme;

pub use chat_session::{new_talk_session, ChatSession};
pub use data::{
    get_talk_session, ConversationRef, ErrorSubscription, MessageRef, ParticipantRef, ReactionRef,
    SearchObject, Subscription, UserRef, WindowedSubscription,
};
#[cfg(feature = "elements")]
pub use elements::{
    chat::ChatElement,
    create_chat_session,
    dms_list::DmsListElement,
    root::{chat_elements, ChatElementsRoot},
};
pub use errors::Error;

/// How many WebSockets this page has opened so far (the browser tests check that a token
/// refresh does not reconnect; built with the `test-hooks` feature).
#[cfg(feature = "test-hooks")]
pub fn sockets_opened() -> u64 {
    ws::sockets_opened()
}
