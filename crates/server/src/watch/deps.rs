//! What a snapshot depends on, so a watch recomputes only after changes that can affect it.

use std::collections::HashSet;

use crate::hub::Touch;

/// The touches that make a watch's snapshot worth recomputing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deps {
    /// The watching user.
    pub viewer: String,
    /// Conversations whose changes (and whose participants' read state) show in the snapshot.
    pub conversations: HashSet<String>,
    /// Users whose profiles show in the snapshot.
    pub users: HashSet<String>,
    /// The viewer joining or leaving any conversation, or their read state anywhere, matters
    /// (a conversation list).
    pub all_of_viewers_memberships: bool,
    /// Typing in this conversation shows in the snapshot.
    pub typing: Option<String>,
    /// This user's presence shows in the snapshot.
    pub presence: Option<String>,
}

impl Deps {
    pub fn new(viewer: &str) -> Deps {
        Deps {
            viewer: viewer.to_owned(),
            ..Deps::default()
        }
    }

    pub fn conversation(mut self, id: &str) -> Deps {
        self.conversations.insert(id.to_owned());
        self
    }

    pub fn user(mut self, id: &str) -> Deps {
        self.users.insert(id.to_owned());
        self
    }

    pub fn users<'a>(mut self, ids: impl IntoIterator<Item = &'a str>) -> Deps {
        self.users.extend(ids.into_iter().map(str::to_owned));
        self
    }

    /// True when `touch` may change the snapshot.
    pub fn is_touched_by(&self, touch: &Touch) -> bool {
        match touch {
            Touch::Conversation(id) => self.conversations.contains(id),
            Touch::Membership {
                conversation_id,
                user_id,
            } => {
                self.conversations.contains(conversation_id)
                    || (self.all_of_viewers_memberships && *user_id == self.viewer)
            }
            Touch::User(id) => self.users.contains(id),
            Touch::Typing(id) => self.typing.as_deref() == Some(id.as_str()),
            Touch::Presence(id) => self.presence.as_deref() == Some(id.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn membership(conversation: &str, user: &str) -> Touch {
        Touch::Membership {
            conversation_id: conversation.into(),
            user_id: user.into(),
        }
    }

    #[test]
    fn only_relevant_touches_count() {
        let deps = Deps::new("bob").conversation("c").user("alice");
        assert!(deps.is_touched_by(&Touch::Conversation("c".into())));
        assert!(!deps.is_touched_by(&Touch::Conversation("d".into())));
        assert!(deps.is_touched_by(&membership("c", "carol")));
        assert!(!deps.is_touched_by(&membership("d", "bob")));
        assert!(deps.is_touched_by(&Touch::User("alice".into())));
        assert!(!deps.is_touched_by(&Touch::User("carol".into())));
        assert!(!deps.is_touched_by(&Touch::Typing("c".into())));
        assert!(!deps.is_touched_by(&Touch::Presence("alice".into())));

        let mut list = Deps::new("bob");
        list.all_of_viewers_memberships = true;
        assert!(list.is_touched_by(&membership("new", "bob")));
        assert!(!list.is_touched_by(&membership("new", "carol")));

        let mut typing = Deps::new("bob");
        typing.typing = Some("c".into());
        typing.presence = Some("alice".into());
        assert!(typing.is_touched_by(&Touch::Typing("c".into())));
        assert!(typing.is_touched_by(&Touch::Presence("alice".into())));
        assert!(!typing.is_touched_by(&Touch::Presence("bob".into())));
    }
}
