//! What a timeline holds: confirmed messages (any type that exposes a few fields), pending
//! sends, and the rows a view draws from both.
//!
//! How the SDK uses this: the wasm SDK keeps messages as the JavaScript objects the server sent
//! and wraps each in a small type that implements [`TimelineItem`] by reading `id`, `seq`,
//! `clientId` and `sender.id` once. Native users (tests, tools) use the protocol's
//! [`Message`] directly, which implements the trait too.

use chat_elements_protocol::Message;

/// The fields of a message a timeline needs to order it, de-duplicate it and match it to a
/// pending send.
pub trait TimelineItem {
    /// The server's id of the message (unique across the app).
    fn id(&self) -> &str;
    /// The sequence number of the change that created the message.
    fn seq(&self) -> u64;
    /// The id the sending client generated (only present for the current user's own sends).
    fn client_id(&self) -> Option<&str>;
    /// The sender's user id (`None` for system messages).
    fn sender_id(&self) -> Option<&str>;
}

impl TimelineItem for Message {
    fn id(&self) -> &str {
        &self.id
    }
    fn seq(&self) -> u64 {
        self.seq
    }
    fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }
    fn sender_id(&self) -> Option<&str> {
        self.sender.as_ref().map(|u| u.id.as_str())
    }
}

/// The state of a message the server has not confirmed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingStatus {
    /// Queued or in flight.
    Sending,
    /// The server refused it (or it could not be sent); `code` is the error code.
    Failed {
        /// The error code.
        code: String,
        /// The error message.
        message: String,
    },
}

/// Who sends a pending message: the current user, as the welcome named them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// The user id (empty before the server said who the user is).
    pub id: String,
    /// The display name.
    pub name: String,
}

/// An optimistic message shown while it is being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMessage {
    /// The client id the send carries; the server's copy has the same one.
    pub client_id: String,
    /// What the user typed.
    pub text: String,
    /// The current user (an empty id when not known yet: then any sender matches).
    pub sender: Author,
    /// Sending or failed.
    pub status: PendingStatus,
}

impl PendingMessage {
    /// True when `message` is the server's copy of this send.
    pub fn is_confirmed_by<M: TimelineItem>(&self, message: &M) -> bool {
        message.client_id() == Some(self.client_id.as_str())
            && (self.sender.id.is_empty()
                || message.sender_id().is_none_or(|s| s == self.sender.id))
    }
}

/// One row of the timeline, oldest first.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry<'a, M = Message> {
    /// A message the server confirmed.
    Message(&'a M),
    /// A send waiting for the server.
    Pending(&'a PendingMessage),
}

impl<M> Clone for Entry<'_, M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for Entry<'_, M> {}

impl<M: TimelineItem> Entry<'_, M> {
    /// A key that stays the same when a pending message becomes confirmed, so a view can update
    /// the row in place: `c:<clientId>` when the client id is known, else `m:<id>`.
    pub fn key(&self) -> String {
        match self {
            Entry::Message(m) => match m.client_id() {
                Some(client_id) => ["c:", client_id].concat(),
                None => ["m:", m.id()].concat(),
            },
            Entry::Pending(p) => ["c:", &p.client_id].concat(),
        }
    }
}
