//! The UI elements a session creates.

pub mod chat;
