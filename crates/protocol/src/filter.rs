//! The conversation filter of `subscribeConversations` (TalkJS's `ConversationFilter` grammar):
//! `{ field: [op, value] }`, `custom: { key: [op, value] | "exists" | "!exists" }`, and
//! `["any", [filter, ...]]` for "at least one of".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Access;

/// A simple filter (every given field must match) or `["any", [...]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConversationFilter {
    Any(AnyTag, Vec<SimpleConversationFilter>),
    Simple(SimpleConversationFilter),
}

/// The literal `"any"` that starts a compound filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnyTag {
    #[serde(rename = "any")]
    Any,
}

/// Every field that is present must match.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimpleConversationFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<StringFilter<Access>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<BTreeMap<String, CustomCondition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_unread: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<StringFilter<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity_at: Option<NumberFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<NumberFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_messages: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<NumberFilter>,
}

/// `["==" | "!=", value]` or `["oneOf" | "!oneOf", [values]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StringFilter<T> {
    Compare(EqOp, T),
    Set(SetOp, Vec<T>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EqOp {
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetOp {
    #[serde(rename = "oneOf")]
    OneOf,
    #[serde(rename = "!oneOf")]
    NotOneOf,
}

/// `[">" | "<" | ">=" | "<=", n]` or `["between" | "!between", [low, high]]` (bounds included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberFilter {
    Compare(CmpOp, f64),
    Range(RangeOp, (f64, f64)),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RangeOp {
    #[serde(rename = "between")]
    Between,
    #[serde(rename = "!between")]
    NotBetween,
}

/// A condition on one `custom` key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CustomCondition {
    Presence(Presence),
    Value(StringFilter<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Presence {
    #[serde(rename = "exists")]
    Exists,
    #[serde(rename = "!exists")]
    NotExists,
}
