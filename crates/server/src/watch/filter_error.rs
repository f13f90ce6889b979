//! Readable reasons for a malformed conversation filter. serde's answer for an untagged enum
//! ("did not match any variant") says nothing useful, so a refused filter is examined field by
//! field to name the offending one.

use chat_elements_protocol::filter::{CustomCondition, NumberFilter, StringFilter};
use chat_elements_protocol::{Access, ConversationFilter};
use serde::de::DeserializeOwned;
use serde_json::Value;

const FIELDS: &str =
    "access, custom, isUnread, subject, lastActivityAt, createdAt, hasMessages, joinedAt";
const STRING_FILTER: &str = r#"["==" | "!=", value] or ["oneOf" | "!oneOf", [values]]"#;
const NUMBER_FILTER: &str =
    r#"[">" | "<" | ">=" | "<=", number] or ["between" | "!between", [low, high]]"#;

/// For a `watch` frame that did not parse: a readable message when its topic's filter is the
/// problem, else `None`.
pub fn explain_watch_frame(frame: &Value) -> Option<String> {
    let topic = frame.get("topic")?;
    if topic.get("kind").and_then(Value::as_str) != Some("conversations") {
        return None;
    }
    let filter = topic.get("filter").filter(|f| !f.is_null())?;
    if serde_json::from_value::<ConversationFilter>(filter.clone()).is_ok() {
        return None;
    }
    Some(explain(filter))
}

/// Why `value` is not a [`ConversationFilter`]: "invalid conversation filter: …".
pub fn explain(value: &Value) -> String {
    let reason = match value {
        Value::Array(items) => explain_any(items),
        Value::Object(_) => explain_simple(value),
        other => Some(format!(
            r#"expected an object or ["any", [filter, ...]], got {}"#,
            show(other)
        )),
    };
    format!(
        "invalid conversation filter: {}",
        reason.unwrap_or_else(|| "it does not have the shape of a filter".to_owned())
    )
}

fn explain_any(items: &[Value]) -> Option<String> {
    match items {
        [tag, Value::Array(filters)] if tag == "any" => {
            filters.iter().enumerate().find_map(|(i, filter)| {
                if !filter.is_object() {
                    return Some(format!(
                        "\"any\" filter {i}: expected an object, got {}",
                        show(filter)
                    ));
                }
                explain_simple(filter).map(|reason| format!("\"any\" filter {i}: {reason}"))
            })
        }
        [tag, other] if tag == "any" => Some(format!(
            "\"any\" needs a list of filters, got {}",
            show(other)
        )),
        _ => Some(format!(
            r#"a list filter must be ["any", [filter, ...]], got {}"#,
            show(&Value::Array(items.to_vec()))
        )),
    }
}

fn explain_simple(value: &Value) -> Option<String> {
    let object = value.as_object()?;
    object.iter().find_map(|(field, v)| match field.as_str() {
        "access" => check::<StringFilter<Access>>(
            field,
            v,
            &format!("{STRING_FILTER} with \"ReadWrite\" or \"Read\""),
        ),
        "subject" => check::<StringFilter<Option<String>>>(
            field,
            v,
            &format!("{STRING_FILTER} with strings or null"),
        ),
        "isUnread" | "hasMessages" => check::<bool>(field, v, "true or false"),
        "lastActivityAt" | "createdAt" | "joinedAt" => {
            check::<NumberFilter>(field, v, NUMBER_FILTER)
        }
        "custom" => explain_custom(v),
        other => Some(format!(
            "unknown field {:?} (expected one of {FIELDS})",
            truncate(other, 40)
        )),
    })
}

fn explain_custom(value: &Value) -> Option<String> {
    let Some(object) = value.as_object() else {
        return Some(format!(
            "custom: expected an object of conditions by key, got {}",
            show(value)
        ));
    };
    object.iter().find_map(|(key, condition)| {
        check::<CustomCondition>(
            &format!("custom.{}", truncate(key, 40)),
            condition,
            &format!("\"exists\", \"!exists\" or {STRING_FILTER} with strings"),
        )
    })
}

fn check<T: DeserializeOwned>(field: &str, value: &Value, expected: &str) -> Option<String> {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(_) => None,
        Err(_) => Some(format!("{field}: expected {expected}, got {}", show(value))),
    }
}

/// The offending JSON, shortened.
fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}…", truncate(&text, 80))
    } else {
        text
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_message_names_the_offending_field() {
        let cases = [
            (
                json!({ "colour": ["==", "red"] }),
                "unknown field \"colour\"",
            ),
            (
                json!({ "lastActivityAt": ["~", 5] }),
                "lastActivityAt: expected",
            ),
            (
                json!({ "lastActivityAt": [">", "yesterday"] }),
                "\"yesterday\"",
            ),
            (json!({ "access": ["==", "Admin"] }), "access: expected"),
            (
                json!({ "isUnread": "yes" }),
                "isUnread: expected true or false",
            ),
            (json!({ "custom": { "k": "maybe" } }), "custom.k: expected"),
            (
                json!({ "custom": ["==", "x"] }),
                "custom: expected an object",
            ),
            (json!(["all", []]), "a list filter must be [\"any\""),
            (json!(["any", {}]), "\"any\" needs a list"),
            (
                json!(["any", [{ "hasMessages": 1 }]]),
                "\"any\" filter 0: hasMessages",
            ),
            (json!("support"), "expected an object"),
        ];
        for (filter, expected) in cases {
            assert!(
                serde_json::from_value::<ConversationFilter>(filter.clone()).is_err(),
                "{filter} must be invalid"
            );
            let message = explain(&filter);
            assert!(
                message.starts_with("invalid conversation filter: ") && message.contains(expected),
                "{filter}: {message}"
            );
        }
    }

    #[test]
    fn only_watch_frames_with_a_bad_filter_are_explained() {
        let good = json!({ "topic": { "kind": "conversations", "limit": 5, "filter": { "isUnread": true } } });
        assert_eq!(explain_watch_frame(&good), None);
        let no_filter = json!({ "topic": { "kind": "conversations", "limit": -1 } });
        assert_eq!(explain_watch_frame(&no_filter), None);
        let bad = json!({ "topic": { "kind": "conversations", "limit": 5, "filter": { "x": 1 } } });
        assert!(explain_watch_frame(&bad).is_some_and(|m| m.contains("\"x\"")));
    }
}
