//! Evaluating a [`ConversationFilter`] against a conversation.
//!
//! Semantics: every field of a simple filter must match (an empty filter matches everything);
//! `["any", [...]]` matches when at least one of its filters does (none when the list is empty).
//! A `custom` key that is not set never equals anything: `==` and `oneOf` fail on it, `!=` and
//! `!oneOf` match it. `subject: ["==", null]` matches conversations without a subject. Number
//! ranges include both bounds.

use crate::filter::{
    CmpOp, CustomCondition, EqOp, NumberFilter, Presence, RangeOp, SetOp, SimpleConversationFilter,
    StringFilter,
};
use crate::{Access, Conversation, ConversationFilter, Custom};

/// What a filter looks at. [`Conversation`] implements it; a server may implement it for a
/// lighter summary so it can filter before it loads each conversation's last message.
pub trait FilterTarget {
    fn access(&self) -> Access;
    fn custom(&self) -> &Custom;
    fn is_unread(&self) -> bool;
    fn subject(&self) -> Option<&str>;
    /// `max(lastMessage.createdAt, joinedAt)`.
    fn last_activity_at(&self) -> i64;
    fn created_at(&self) -> i64;
    fn has_messages(&self) -> bool;
    fn joined_at(&self) -> i64;
}

impl FilterTarget for Conversation {
    fn access(&self) -> Access {
        self.access
    }
    fn custom(&self) -> &Custom {
        &self.custom
    }
    fn is_unread(&self) -> bool {
        self.is_unread
    }
    fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }
    fn last_activity_at(&self) -> i64 {
        Conversation::last_activity_at(self)
    }
    fn created_at(&self) -> i64 {
        self.created_at
    }
    fn has_messages(&self) -> bool {
        self.last_message.is_some()
    }
    fn joined_at(&self) -> i64 {
        self.joined_at
    }
}

impl ConversationFilter {
    /// True when `conversation` (as the current user sees it) matches this filter.
    pub fn matches(&self, conversation: &Conversation) -> bool {
        self.matches_target(conversation)
    }

    /// [`ConversationFilter::matches`] for anything that exposes the filtered fields.
    pub fn matches_target<T: FilterTarget + ?Sized>(&self, target: &T) -> bool {
        match self {
            ConversationFilter::Simple(simple) => simple.matches_target(target),
            ConversationFilter::Any(_, filters) => {
                filters.iter().any(|simple| simple.matches_target(target))
            }
        }
    }
}

impl SimpleConversationFilter {
    /// True when every field given in this filter matches.
    pub fn matches_target<T: FilterTarget + ?Sized>(&self, t: &T) -> bool {
        let access = self
            .access
            .as_ref()
            .is_none_or(|f| string_matches(f, &t.access()));
        let custom = self.custom.as_ref().is_none_or(|conditions| {
            conditions
                .iter()
                .all(|(key, condition)| custom_matches(condition, t.custom().get(key)))
        });
        let is_unread = self.is_unread.is_none_or(|want| t.is_unread() == want);
        let subject = self.subject.as_ref().is_none_or(|f| {
            let subject = t.subject().map(str::to_owned);
            string_matches(f, &subject)
        });
        let last_activity = self
            .last_activity_at
            .as_ref()
            .is_none_or(|f| number_matches(f, t.last_activity_at()));
        let created = self
            .created_at
            .as_ref()
            .is_none_or(|f| number_matches(f, t.created_at()));
        let has_messages = self
            .has_messages
            .is_none_or(|want| t.has_messages() == want);
        let joined = self
            .joined_at
            .as_ref()
            .is_none_or(|f| number_matches(f, t.joined_at()));
        access
            && custom
            && is_unread
            && subject
            && last_activity
            && created
            && has_messages
            && joined
    }
}

fn string_matches<T: PartialEq>(filter: &StringFilter<T>, value: &T) -> bool {
    match filter {
        StringFilter::Compare(EqOp::Eq, expected) => value == expected,
        StringFilter::Compare(EqOp::Ne, expected) => value != expected,
        StringFilter::Set(SetOp::OneOf, set) => set.contains(value),
        StringFilter::Set(SetOp::NotOneOf, set) => !set.contains(value),
    }
}

fn custom_matches(condition: &CustomCondition, value: Option<&String>) -> bool {
    match condition {
        CustomCondition::Presence(Presence::Exists) => value.is_some(),
        CustomCondition::Presence(Presence::NotExists) => value.is_none(),
        CustomCondition::Value(filter) => match (filter, value) {
            (StringFilter::Compare(EqOp::Eq, expected), Some(value)) => value == expected,
            (StringFilter::Compare(EqOp::Ne, expected), Some(value)) => value != expected,
            (StringFilter::Set(SetOp::OneOf, set), Some(value)) => set.contains(value),
            (StringFilter::Set(SetOp::NotOneOf, set), Some(value)) => !set.contains(value),
            // An unset key equals nothing.
            (StringFilter::Compare(EqOp::Eq, _) | StringFilter::Set(SetOp::OneOf, _), None) => {
                false
            }
            (StringFilter::Compare(EqOp::Ne, _) | StringFilter::Set(SetOp::NotOneOf, _), None) => {
                true
            }
        },
    }
}

fn number_matches(filter: &NumberFilter, value: i64) -> bool {
    // Times in ms since the epoch are far below 2^53: the conversion is exact.
    let value = value as f64;
    match filter {
        NumberFilter::Compare(CmpOp::Gt, n) => value > *n,
        NumberFilter::Compare(CmpOp::Lt, n) => value < *n,
        NumberFilter::Compare(CmpOp::Ge, n) => value >= *n,
        NumberFilter::Compare(CmpOp::Le, n) => value <= *n,
        NumberFilter::Range(RangeOp::Between, (low, high)) => *low <= value && value <= *high,
        NumberFilter::Range(RangeOp::NotBetween, (low, high)) => !(*low <= value && value <= *high),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::{Message, MessageType, Notify, Origin};

    /// Created at 1000, joined at 2000, last message at 5000, unread, Read access,
    /// custom `{category: "support", tier: "gold"}`, subject "Help".
    fn conversation() -> Conversation {
        let message = Message {
            id: "msg_1".into(),
            conversation_id: "c".into(),
            seq: 1,
            kind: MessageType::UserMessage,
            sender: None,
            client_id: None,
            custom: Custom::new(),
            created_at: 5000,
            edited_at: None,
            referenced_message: None,
            origin: Origin::Web,
            plaintext: "hi".into(),
            content: Vec::new(),
            reactions: Vec::new(),
        };
        Conversation {
            id: "c".into(),
            subject: Some("Help".into()),
            photo_url: None,
            welcome_messages: Vec::new(),
            custom: [("category", "support"), ("tier", "gold")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            created_at: 1000,
            joined_at: 2000,
            last_message: Some(Box::new(message)),
            unread_message_count: 1,
            read_until: 0,
            everyone_read_until: 0,
            is_unread: true,
            access: Access::Read,
            notify: Notify::default(),
            last_seq: 1,
        }
    }

    fn matches(filter: Value, c: &Conversation) -> bool {
        let filter: ConversationFilter = serde_json::from_value(filter.clone())
            .unwrap_or_else(|err| panic!("{filter} does not parse: {err}"));
        filter.matches(c)
    }

    fn check(cases: &[(Value, bool)], c: &Conversation) {
        for (filter, expected) in cases {
            assert_eq!(matches(filter.clone(), c), *expected, "{filter}");
        }
    }

    #[test]
    fn access_and_booleans() {
        check(
            &[
                (json!({}), true),
                (json!({ "access": ["==", "Read"] }), true),
                (json!({ "access": ["!=", "Read"] }), false),
                (json!({ "access": ["oneOf", ["ReadWrite"]] }), false),
                (json!({ "access": ["!oneOf", ["ReadWrite"]] }), true),
                (json!({ "isUnread": true }), true),
                (json!({ "isUnread": false }), false),
                (json!({ "hasMessages": true }), true),
                (json!({ "hasMessages": false }), false),
            ],
            &conversation(),
        );
        let mut empty = conversation();
        empty.last_message = None;
        assert!(matches(json!({ "hasMessages": false }), &empty));
    }

    #[test]
    fn custom_fields_and_presence() {
        check(
            &[
                (json!({ "custom": { "category": ["==", "support"] } }), true),
                (json!({ "custom": { "category": ["==", "sales"] } }), false),
                (json!({ "custom": { "category": ["!=", "sales"] } }), true),
                (
                    json!({ "custom": { "tier": ["oneOf", ["gold", "silver"]] } }),
                    true,
                ),
                (json!({ "custom": { "tier": ["!oneOf", ["gold"]] } }), false),
                (json!({ "custom": { "tier": "exists" } }), true),
                (json!({ "custom": { "tier": "!exists" } }), false),
                (json!({ "custom": { "missing": "!exists" } }), true),
                (json!({ "custom": { "missing": "exists" } }), false),
                (json!({ "custom": { "missing": ["==", "x"] } }), false),
                (json!({ "custom": { "missing": ["oneOf", ["x"]] } }), false),
                (json!({ "custom": { "missing": ["!=", "x"] } }), true),
                (json!({ "custom": { "missing": ["!oneOf", ["x"]] } }), true),
                // Every key must match.
                (
                    json!({ "custom": { "category": ["==", "support"], "tier": ["==", "x"] } }),
                    false,
                ),
            ],
            &conversation(),
        );
    }

    #[test]
    fn subject_including_null() {
        check(
            &[
                (json!({ "subject": ["==", "Help"] }), true),
                (json!({ "subject": ["!=", "Help"] }), false),
                (json!({ "subject": ["==", null] }), false),
                (json!({ "subject": ["oneOf", ["Help", "Other"]] }), true),
                (json!({ "subject": ["!oneOf", ["Help"]] }), false),
            ],
            &conversation(),
        );
        let mut untitled = conversation();
        untitled.subject = None;
        check(
            &[
                (json!({ "subject": ["==", null] }), true),
                (json!({ "subject": ["!=", null] }), false),
                (json!({ "subject": ["oneOf", [null, "x"]] }), true),
                (json!({ "subject": ["==", "Help"] }), false),
            ],
            &untitled,
        );
    }

    #[test]
    fn times_compare_and_ranges_include_their_bounds() {
        check(
            &[
                (json!({ "lastActivityAt": [">", 4999] }), true),
                (json!({ "lastActivityAt": [">", 5000] }), false),
                (json!({ "lastActivityAt": [">=", 5000] }), true),
                (json!({ "lastActivityAt": ["<", 5001] }), true),
                (json!({ "lastActivityAt": ["<=", 4999] }), false),
                (json!({ "createdAt": ["between", [1000, 1000]] }), true),
                (json!({ "createdAt": ["between", [1001, 3000]] }), false),
                (json!({ "createdAt": ["!between", [1001, 3000]] }), true),
                (json!({ "createdAt": ["!between", [0, 1000]] }), false),
            ],
            &conversation(),
        );
        check(
            &[
                (json!({ "joinedAt": ["between", [2000, 2000]] }), true),
                (json!({ "joinedAt": ["<", 2000] }), false),
            ],
            &conversation(),
        );
        // Without messages, activity is the join time.
        let mut empty = conversation();
        empty.last_message = None;
        assert!(matches(json!({ "lastActivityAt": ["<=", 2000] }), &empty));
        assert!(!matches(json!({ "lastActivityAt": [">", 2000] }), &empty));
    }

    #[test]
    fn any_matches_when_one_alternative_does() {
        let c = conversation();
        assert!(matches(
            json!(["any", [{ "isUnread": false }, { "subject": ["==", "Help"] }]]),
            &c
        ));
        assert!(!matches(
            json!(["any", [{ "isUnread": false }, { "subject": ["==", "Nope"] }]]),
            &c
        ));
        assert!(
            !matches(json!(["any", []]), &c),
            "an empty any matches nothing"
        );
        // Within one alternative every field must match.
        assert!(!matches(
            json!(["any", [{ "isUnread": true, "access": ["==", "ReadWrite"] }]]),
            &c
        ));
    }
}
