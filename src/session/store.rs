//! The session's conversations: one message stream (`chat_elements_core::MessageStream`: the
//! cache, the upstream subscription and one window per reader) per conversation that a
//! conversation view shows or a Data API message listener reads.

use chat_elements_core::MessageStream;

use crate::errors::Error;
use crate::session::message::JsMessage;
use crate::session::streams::MsgSub;
use crate::session::view::{ViewListener, ViewReader};

pub struct Conv {
    pub stream: MessageStream<JsMessage>,
    /// The stream was told the socket is up (`connected`); false while down, rate limited or
    /// waiting for a new token.
    pub link_up: bool,
    /// The last `subscribed` reply said the current user may only read.
    pub read_only: bool,
    /// The conversation views showing it (each a window in the stream).
    pub views: Vec<ViewReader>,
    /// The Data API's message listeners reading it.
    pub subs: Vec<MsgSub>,
    /// The server refused the conversation (FORBIDDEN, ...): no more requests for it.
    pub error: Option<Error>,
    /// Rate limited: subscribe again at this local time.
    pub retry_at: Option<i64>,
}

impl Conv {
    fn new(max_page: u32) -> Self {
        Conv {
            stream: MessageStream::new(max_page),
            link_up: false,
            read_only: false,
            views: Vec::new(),
            subs: Vec::new(),
            error: None,
            retry_at: None,
        }
    }

    /// Nobody shows or reads it.
    pub fn unused(&self) -> bool {
        self.views.is_empty() && self.subs.is_empty()
    }

    /// The view whose window in the stream is `window`.
    pub fn view(&self, window: u64) -> Option<&ViewReader> {
        self.views.iter().find(|v| v.window == window)
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

    /// How many views and listeners read conversations.
    pub fn readers(&self) -> usize {
        self.conversations
            .iter()
            .map(|(_, c)| c.views.len() + c.subs.len())
            .sum()
    }

    /// The change listeners of the views of `conversation` (of every view when `None`).
    pub fn view_listeners(&self, conversation: Option<&str>) -> Vec<ViewListener> {
        self.conversations
            .iter()
            .filter(|(id, _)| conversation.is_none_or(|c| c == id))
            .flat_map(|(_, conv)| conv.views.iter().map(|v| v.on_change.clone()))
            .collect()
    }

    /// The socket closed: every stream is down until the next welcome.
    pub fn connection_lost(&mut self) {
        for (_, conv) in &mut self.conversations {
            conv.stream.disconnected();
            conv.link_up = false;
            for view in &mut conv.views {
                view.loading_older = false;
            }
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
