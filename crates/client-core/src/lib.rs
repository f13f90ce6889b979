//! The chat-elements SDK's logic with no I/O, no browser and no clock of its own.
//!
//! Everything that decides *what* to do lives here so it can be tested natively and
//! deterministically: the caller passes the current time (milliseconds since the Unix epoch)
//! and random numbers in, and performs the I/O the answers ask for.
//!
//! - [`backoff`]: jittered exponential delays for reconnects and retries.
//! - [`token`]: when to refresh a token, and which server errors mean "get a new token".
//! - [`link`]: the connection's state machine (generations, auth rejections, reconnects).
//! - [`timeline`]: a conversation's message window (merge by seq, de-duplication, gaps, paging).
//! - [`outbox`]: pending sends and their states, retried with the same client id.

pub mod backoff;
pub mod ids;
pub mod link;
pub mod outbox;
pub mod timeline;
pub mod token;

pub use backoff::Backoff;
pub use link::{AuthRejection, CloseAction, Link, LinkStatus, Phase};
pub use outbox::{Outbox, OutboxItem, SendState};
pub use timeline::{
    Entry, EventOutcome, PendingMessage, PendingStatus, SubscribeOutcome, Timeline,
};
pub use token::{classify_error, ErrorAction, RefreshPlan};
