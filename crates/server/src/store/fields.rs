//! Stored forms of the Data API's structured fields (`custom` as a JSON object, welcome
//! messages as a JSON array, `notify` as text) and applying a write's patch to a value.

use chat_elements_protocol::patch::{CustomPatch, Patch};
use chat_elements_protocol::{Custom, Notify, NotifyMode};

pub(crate) fn custom_to_db(custom: &Custom) -> String {
    serde_json::to_string(custom).unwrap_or_else(|_| "{}".to_owned())
}

pub(crate) fn custom_from_db(text: &str) -> Result<Custom, sqlx::Error> {
    serde_json::from_str(text).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

pub(crate) fn strings_to_db(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".to_owned())
}

pub(crate) fn strings_from_db(text: &str) -> Result<Vec<String>, sqlx::Error> {
    serde_json::from_str(text).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

pub(crate) fn notify_to_db(notify: Notify) -> &'static str {
    match notify {
        Notify::Flag(true) => "true",
        Notify::Flag(false) => "false",
        Notify::Mode(NotifyMode::MentionsOnly) => "MentionsOnly",
    }
}

pub(crate) fn notify_from_db(text: &str) -> Result<Notify, sqlx::Error> {
    match text {
        "true" => Ok(Notify::Flag(true)),
        "false" => Ok(Notify::Flag(false)),
        "MentionsOnly" => Ok(Notify::Mode(NotifyMode::MentionsOnly)),
        other => Err(sqlx::Error::Decode(
            format!("unknown notify value {other:?}").into(),
        )),
    }
}

/// Applies a nullable field's patch: absent keeps, `null` clears, a value sets.
pub(crate) fn apply<T: Clone>(current: &mut Option<T>, patch: &Patch<T>) {
    if let Some(value) = patch {
        current.clone_from(value);
    }
}

/// Applies a `custom` patch: `null` clears every key; a key set to `null` is removed.
pub(crate) fn apply_custom(current: &mut Custom, patch: &CustomPatch) {
    match patch {
        None => {}
        Some(None) => current.clear(),
        Some(Some(changes)) => {
            for (key, value) in changes {
                match value {
                    Some(value) => {
                        current.insert(key.clone(), value.clone());
                    }
                    None => {
                        current.remove(key);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn custom_patches_set_remove_and_clear() {
        let mut custom: Custom = [
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
        ]
        .into_iter()
        .collect();
        apply_custom(&mut custom, &None);
        assert_eq!(custom.len(), 2);
        let changes: BTreeMap<String, Option<String>> = [
            ("a".to_owned(), None),
            ("c".to_owned(), Some("3".to_owned())),
        ]
        .into_iter()
        .collect();
        apply_custom(&mut custom, &Some(Some(changes)));
        assert_eq!(
            custom_to_db(&custom),
            r#"{"b":"2","c":"3"}"#,
            "a removed, c added, b kept"
        );
        apply_custom(&mut custom, &Some(None));
        assert!(custom.is_empty());
    }

    #[test]
    fn stored_forms_round_trip() {
        for notify in [
            Notify::Flag(true),
            Notify::Flag(false),
            Notify::Mode(NotifyMode::MentionsOnly),
        ] {
            assert_eq!(notify_from_db(notify_to_db(notify)).unwrap(), notify);
        }
        let list = vec!["Hi".to_owned(), "Welcome".to_owned()];
        assert_eq!(strings_from_db(&strings_to_db(&list)).unwrap(), list);
        let mut subject = Some("x".to_owned());
        apply(&mut subject, &None);
        assert_eq!(subject.as_deref(), Some("x"));
        apply(&mut subject, &Some(None));
        assert_eq!(subject, None);
    }
}
