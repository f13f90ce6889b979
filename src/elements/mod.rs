//! The UI elements a session creates.

pub mod chat;
pub mod dms_list;
