//! The chat-elements SDK's logic with no I/O, no browser and no clock of its own.
//!
//! Everything that decides *what* to do lives here so it can be tested natively and
//! deterministically: the caller passes the current time (milliseconds since the Unix epoch)
//! and random numbers in, and performs the I/O the answers ask for. State machines answer with
//! small command enums (send this request, emit that snapshot) instead of doing anything.
//!
//! - [`backoff`]: jittered exponential delays for reconnects and retries.
//! - [`token`]: when to refresh a token; refused tokens retried a bounded number of times.
//! - [`link`]: the connection's state machine (generations, auth rejections, reconnects).
//! - [`idle`]: connect when something needs the connection, disconnect after a quiet period.
//! - [`requests`]: the request table of a socket (ids and what each request was).
//! - [`calls`]: Data API requests waiting for their replies (token retry, rate limits).
//! - [`watches`]: watched topics shared by their listeners (one upstream `watch` per topic).
//! - [`oneshot`]: the single-value channel the engine answers futures with.
//! - [`timeline`]: a conversation's message cache (merge by seq, edits, deletions,
//!   de-duplication, gaps, paging), generic over the message payload.
//! - [`window`]: message subscriptions' windows over one shared stream and cache, including
//!   resume after a reconnect.
//! - [`list_window`]: windows over watched lists (conversations, participants).
//! - [`typing`]: when to send `typing`, per conversation.
//! - [`outbox`]: pending sends and their states, retried with the same client id.
//! - [`keyed`]: a small sorted map by string id (less code in the SDK than `BTreeMap`).

#![warn(missing_docs)]

pub mod backoff;
pub mod calls;
pub mod idle;
pub mod ids;
pub mod keyed;
pub mod link;
pub mod list_window;
pub mod oneshot;
pub mod outbox;
pub mod requests;
pub mod timeline;
pub mod token;
pub mod typing;
pub mod watches;
pub mod window;

#[cfg(test)]
mod resume_tests;
#[cfg(test)]
mod testing;

pub use backoff::Backoff;
pub use calls::{CallFailure, Calls};
pub use idle::{Activity, Idle, IdleAction};
pub use link::{AuthRejection, CloseAction, Link, LinkStatus, Phase};
pub use list_window::{ListCommand, ListWindow};
pub use outbox::{Outbox, OutboxItem, SendFailure, SendState};
pub use requests::RequestTable;
pub use timeline::{
    Author, Entry, EventOutcome, PendingMessage, PendingStatus, SubscribeOutcome, Timeline,
    TimelineItem,
};
pub use token::{
    classify_error, needs_new_token_to_reconnect, AuthDecision, AuthRetry, ErrorAction, RefreshPlan,
};
pub use typing::{Typing, TypingThrottle};
pub use watches::{WatchFailure, Watches};
pub use window::{MessageStream, StreamCommand};
