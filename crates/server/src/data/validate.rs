//! Checks on the values users and apps write: lengths, URLs, custom fields. Shared by the
//! WebSocket and the admin API.

use chat_elements_protocol::patch::CustomPatch;
use chat_elements_protocol::{ConversationFields, UserFields};

use crate::error::AppError;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_SUBJECT_CHARS: usize = 500;
pub const MAX_URL_CHARS: usize = 2048;
pub const MAX_ROLE_CHARS: usize = 100;
pub const MAX_LOCALE_CHARS: usize = 35;
/// Welcome messages are message-like text.
pub const MAX_WELCOME_CHARS: usize = 4000;
pub const MAX_WELCOME_MESSAGES: usize = 20;
pub const MAX_CUSTOM_KEYS: usize = 100;
pub const MAX_CUSTOM_KEY_CHARS: usize = 100;
pub const MAX_CUSTOM_VALUE_CHARS: usize = 10_000;

/// A one-line text: at most `max_chars`, no control characters.
pub fn line(field: &str, value: &str, max_chars: usize) -> Result<(), AppError> {
    if value.chars().count() > max_chars || value.chars().any(char::is_control) {
        return Err(AppError::invalid(format!(
            "{field} must be at most {max_chars} characters without control characters"
        )));
    }
    Ok(())
}

/// A text that may span lines: at most `max_chars`, no control characters but newlines and tabs.
pub fn text(field: &str, value: &str, max_chars: usize) -> Result<(), AppError> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if value.chars().count() > max_chars || value.chars().any(bad) {
        return Err(AppError::invalid(format!(
            "{field} must be at most {max_chars} characters without control characters"
        )));
    }
    Ok(())
}

/// A user's name: not blank, one line.
pub fn name(value: &str) -> Result<(), AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid("name must not be empty"));
    }
    line("name", value, MAX_NAME_CHARS)
}

/// An `http:` or `https:` URL.
pub fn photo_url(url: &str) -> Result<(), AppError> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(AppError::invalid("photoUrl must be an http(s) URL"));
    }
    line("photoUrl", url, MAX_URL_CHARS)
}

pub fn custom(patch: &CustomPatch) -> Result<(), AppError> {
    let Some(Some(changes)) = patch else {
        return Ok(());
    };
    if changes.len() > MAX_CUSTOM_KEYS {
        return Err(AppError::invalid(format!(
            "custom may have at most {MAX_CUSTOM_KEYS} keys"
        )));
    }
    for (key, value) in changes {
        if key.is_empty() {
            return Err(AppError::invalid("custom keys must not be empty"));
        }
        line("a custom key", key, MAX_CUSTOM_KEY_CHARS)?;
        if let Some(value) = value {
            text("a custom value", value, MAX_CUSTOM_VALUE_CHARS)?;
        }
    }
    Ok(())
}

pub fn user_fields(fields: &UserFields) -> Result<(), AppError> {
    if let Some(value) = &fields.name {
        name(value)?;
    }
    custom(&fields.custom)?;
    if let Some(Some(locale)) = &fields.locale {
        let ok = !locale.is_empty()
            && locale.chars().count() <= MAX_LOCALE_CHARS
            && locale
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(AppError::invalid(
                "locale must be a language tag such as \"en-US\"",
            ));
        }
    }
    if let Some(Some(url)) = &fields.photo_url {
        photo_url(url)?;
    }
    if let Some(Some(role)) = &fields.role {
        if role.trim().is_empty() {
            return Err(AppError::invalid(
                "role must not be empty (null restores the default)",
            ));
        }
        line("role", role, MAX_ROLE_CHARS)?;
    }
    if let Some(Some(message)) = &fields.welcome_message {
        text("welcomeMessage", message, MAX_WELCOME_CHARS)?;
    }
    Ok(())
}

/// The shared fields of a conversation (`access` and `notify` are checked by their types).
pub fn conversation_fields(fields: &ConversationFields) -> Result<(), AppError> {
    if let Some(Some(subject)) = &fields.subject {
        line("subject", subject, MAX_SUBJECT_CHARS)?;
    }
    if let Some(Some(url)) = &fields.photo_url {
        photo_url(url)?;
    }
    if let Some(Some(messages)) = &fields.welcome_messages {
        if messages.len() > MAX_WELCOME_MESSAGES {
            return Err(AppError::invalid(format!(
                "welcomeMessages may have at most {MAX_WELCOME_MESSAGES} entries"
            )));
        }
        for message in messages {
            text("a welcome message", message, MAX_WELCOME_CHARS)?;
        }
    }
    custom(&fields.custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_fields_are_checked() {
        let ok = UserFields {
            name: Some("Alice".into()),
            locale: Some(Some("en-US".into())),
            photo_url: Some(Some("https://example.com/a.png".into())),
            welcome_message: Some(Some("Hi!\nWelcome.".into())),
            ..UserFields::default()
        };
        assert!(user_fields(&ok).is_ok());
        for bad in [
            UserFields {
                name: Some(" ".into()),
                ..UserFields::default()
            },
            UserFields {
                locale: Some(Some("en US".into())),
                ..UserFields::default()
            },
            UserFields {
                photo_url: Some(Some("javascript:alert(1)".into())),
                ..UserFields::default()
            },
            UserFields {
                role: Some(Some("".into())),
                ..UserFields::default()
            },
        ] {
            assert!(user_fields(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn conversation_fields_are_checked() {
        let many = vec!["hi".to_owned(); MAX_WELCOME_MESSAGES + 1];
        let bad = ConversationFields {
            welcome_messages: Some(Some(many)),
            ..ConversationFields::default()
        };
        assert!(conversation_fields(&bad).is_err());
        let bad = ConversationFields {
            subject: Some(Some("a\u{7}b".into())),
            ..ConversationFields::default()
        };
        assert!(conversation_fields(&bad).is_err());
        let custom_key: CustomPatch = Some(Some([(String::new(), None)].into_iter().collect()));
        let bad = ConversationFields {
            custom: custom_key,
            ..ConversationFields::default()
        };
        assert!(conversation_fields(&bad).is_err());
    }
}
