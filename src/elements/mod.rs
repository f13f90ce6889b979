//! The UI elements a session creates.

pub mod chat;
pub mod dms_list;
pub(crate) mod methods;
pub(crate) mod mounting;

// The search element and its modal.
pub mod modal;
pub mod search;
