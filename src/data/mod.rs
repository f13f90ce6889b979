//! The Data API: `getTalkSession`, the references (`UserRef`, `ConversationRef`, `MessageRef`,
//! `ParticipantRef`, `ReactionRef`) and the subscriptions, over the session engine's
//! [`SessionHandle`](crate::session::handle::SessionHandle) (`call`, `watch`, `messages`, `send`).
//!
//! Snapshots are handed to JavaScript as the server sent them (the wire shapes are the Data API's
//! shapes); this layer only validates arguments, builds requests and keeps the JS objects that
//! must stay the same (a ref for the same id, a subscription's `state`).

mod args;
mod context;
mod conversation_ref;
mod conversation_subs;
mod deferred;
mod message_ref;
mod on_error;
mod participant_ref;
mod promise;
mod reaction_ref;
pub(crate) mod search;
mod search_api;
mod send_params;
mod session_api;
pub(crate) mod subscription;
mod talk_session;
pub(crate) mod upload;
mod user_ref;
mod xhr;

pub use conversation_ref::ConversationRef;
pub use message_ref::MessageRef;
pub use on_error::ErrorSubscription;
pub use participant_ref::ParticipantRef;
pub use reaction_ref::ReactionRef;
pub use search_api::SearchObject;
pub use subscription::{Subscription, WindowedSubscription};
pub use talk_session::get_talk_session;
pub use user_ref::UserRef;
