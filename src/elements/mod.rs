//! The UI elements a session creates (the `elements` feature): the chat element, the DMs list,
//! the search element and its modal, and what they share — the session's element registry,
//! mounting, and the element methods every class has.

pub mod chat;
pub mod dms_list;
pub(crate) mod methods;
pub mod modal;
pub(crate) mod mounting;
pub mod registry;
pub mod root;
pub mod search;
mod session_api;

pub use session_api::{create_chat_session, validate_session_options};
