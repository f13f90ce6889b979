//! The session's conversations: one message stream (`chat_elements_core::MessageStream`: the
//! cache, the upstream subscription and one window per reader) per conversation that an element
//! shows or a Data API message listener reads.

use chat_elements_core::MessageStream;

use crate::errors::Error;
use crate::session::message::JsMessage;
use crate::session::streams::MsgSub;

pub struct Conv {
    pub stream: MessageStream<JsMessage>,
    /// The stream was told the socket is up (`connected`); false while down, rate limited or
    /// waiting for a new token.
    pub link_up: bool,
    /// The last `subscribed` reply said the current user may only read.
    pub read_only: bool,
    /// The elements showing it, with their window in the stream.
    pub watchers: Vec<(u32, u64)>,
    /// The Data API's message listeners reading it.
    pub subs: Vec<MsgSub>,
    /// The server refused the conversation (FORBIDDEN, ...): no more requests for it.
    pub error: Option<Error>,
    /// Rate limited: subscribe again at this local time.
    pub retry_at: Option<i64>,
    /// An element asked for older messages and waits for them.
    pub loading_older: bool,
}

impl Conv {
    fn new(max_page: u32) -> Self {
        Conv {
            stream: MessageStream::new(max_page),
            link_up: false,
            read_only: false,
            watchers: Vec::new(),
            subs: Vec::new(),
            error: None,
            retry_at: None,
            loading_older: false,
        }
    }

    /// Nobody shows or reads it.
    pub fn unused(&self) -> bool {
        self.watchers.is_empty() && self.subs.is_empty()
    }

    /// The element whose window in the stream is `window`.
    pub fn element_of(&self, window: u64) -> Option<u32> {
        self.watchers
            .iter()
            .find(|(_, w)| *w == window)
            .map(|(e, _)| *e)
    }
}

/// The conversations by id (a handful per page: a list beats a map in code size).
#[derive(Default)]
pub struct Store {
    conversations: Vec<(String, Conv)>,
}

impl Store {
    pub fn get(&self, id: &str) -> Option<&Conv> {
        self.conversations
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, c)| c)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Conv> {
        self.conversations
            .iter_mut()
            .find(|(i, _)| i == id)
            .map(|(_, c)| c)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Conv)> {
        self.conversations.iter().map(|(i, c)| (i, c))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Conv)> {
        self.conversations.iter_mut().map(|(i, c)| (&*i, c))
    }

    /// The ids of every conversation.
    pub fn ids(&self) -> Vec<String> {
        self.conversations.iter().map(|(i, _)| i.clone()).collect()
    }

    /// Conversation `id`, added when it is not there yet.
    pub fn entry(&mut self, id: &str, max_page: u32) -> &mut Conv {
        let at = match self.conversations.iter().position(|(i, _)| i == id) {
            Some(at) => at,
            None => {
                self.conversations
                    .push((id.to_owned(), Conv::new(max_page)));
                self.conversations.len() - 1
            }
        };
        &mut self.conversations[at].1
    }

    /// Forgets a conversation nobody shows or reads any more.
    pub fn drop_if_unused(&mut self, id: &str) {
        self.conversations
            .retain(|(i, conv)| i != id || !conv.unused());
    }

    /// How many elements and listeners read conversations.
    pub fn readers(&self) -> usize {
        self.conversations
            .iter()
            .map(|(_, c)| c.watchers.len() + c.subs.len())
            .sum()
    }

    /// The socket closed: every stream is down until the next welcome.
    pub fn connection_lost(&mut self) {
        for (_, conv) in &mut self.conversations {
            conv.stream.disconnected();
            conv.link_up = false;
            conv.loading_older = false;
        }
    }

    pub fn clear(&mut self) {
        self.conversations.clear();
    }

    /// The earliest rate-limit retry in the future, if any.
    pub fn next_wakeup(&self, now: i64) -> Option<i64> {
        self.conversations
            .iter()
            .filter_map(|(_, c)| c.retry_at)
            .filter(|&t| t > now)
            .min()
    }
}
