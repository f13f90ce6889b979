//! Typed helpers for the message requests and events.

use chat_elements_protocol::{ContentBlock, Event, Message, Reply, Request, ServerFrame};

use super::{Client, Failure};

impl Client {
    /// Sends a message built by the caller (content, reply, custom); `Ok((message, duplicate))`.
    pub async fn send_full(&mut self, request: Request) -> Result<(Message, bool), Failure> {
        match self.call(request).await? {
            Reply::Sent { message, duplicate } => Ok((message, duplicate)),
            other => panic!("expected sent, got {other:?}"),
        }
    }

    /// Sends `text` and returns the message (panics on failure).
    pub async fn say(&mut self, conversation: &str, text: &str) -> Message {
        let client_id = format!("k-{}", self.next_id);
        self.send(conversation, &client_id, text).await.unwrap().0
    }

    /// A request that replies `done`.
    pub async fn done(&mut self, request: Request) -> Result<(), Failure> {
        match self.call(request).await? {
            Reply::Done => Ok(()),
            other => panic!("expected done, got {other:?}"),
        }
    }

    pub async fn get_message(
        &mut self,
        conversation: &str,
        message_id: &str,
    ) -> Result<Option<Message>, Failure> {
        let request = Request::GetMessage {
            conversation_id: conversation.to_owned(),
            message_id: message_id.to_owned(),
        };
        match self.call(request).await? {
            Reply::Message { message } => Ok(message),
            other => panic!("expected message, got {other:?}"),
        }
    }

    pub async fn edit_text(
        &mut self,
        conversation: &str,
        message_id: &str,
        text: &str,
    ) -> Result<(), Failure> {
        self.done(Request::EditMessage {
            conversation_id: conversation.to_owned(),
            message_id: message_id.to_owned(),
            text: Some(text.to_owned()),
            content: None,
            custom: None,
        })
        .await
    }

    pub async fn delete_message(
        &mut self,
        conversation: &str,
        message_id: &str,
    ) -> Result<(), Failure> {
        self.done(Request::DeleteMessage {
            conversation_id: conversation.to_owned(),
            message_id: message_id.to_owned(),
        })
        .await
    }

    pub async fn react(
        &mut self,
        conversation: &str,
        message_id: &str,
        emoji: &str,
    ) -> Result<(), Failure> {
        self.done(Request::AddReaction {
            conversation_id: conversation.to_owned(),
            message_id: message_id.to_owned(),
            emoji: emoji.to_owned(),
        })
        .await
    }

    pub async fn unreact(
        &mut self,
        conversation: &str,
        message_id: &str,
        emoji: &str,
    ) -> Result<(), Failure> {
        self.done(Request::RemoveReaction {
            conversation_id: conversation.to_owned(),
            message_id: message_id.to_owned(),
            emoji: emoji.to_owned(),
        })
        .await
    }

    /// The next frame, which must be an event of any kind: `(conversation_id, seq, event)`.
    pub async fn next_any_event(&mut self) -> (String, u64, Event) {
        match self.next_frame().await {
            ServerFrame::Event {
                conversation_id,
                seq,
                event,
            } => (conversation_id, seq, event),
            other => panic!("expected an event, got {other:?}"),
        }
    }

    /// The next frame, which must be a `messageUpdated` event: `(seq, message)`.
    pub async fn next_update(&mut self) -> (u64, Message) {
        match self.next_any_event().await {
            (_, seq, Event::MessageUpdated { message }) => (seq, message),
            other => panic!("expected messageUpdated, got {other:?}"),
        }
    }
}

/// A `send` with `content` blocks instead of text.
pub fn send_content(conversation: &str, client_id: &str, content: Vec<ContentBlock>) -> Request {
    Request::Send {
        conversation_id: conversation.to_owned(),
        client_id: client_id.to_owned(),
        text: None,
        content: Some(content),
        referenced_message_id: None,
        custom: None,
    }
}

/// A `send` replying to `referenced` (a message id).
pub fn send_reply(conversation: &str, client_id: &str, text: &str, referenced: &str) -> Request {
    Request::Send {
        conversation_id: conversation.to_owned(),
        client_id: client_id.to_owned(),
        text: Some(text.to_owned()),
        content: None,
        referenced_message_id: Some(referenced.to_owned()),
        custom: None,
    }
}
