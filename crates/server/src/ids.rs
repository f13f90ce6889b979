//! Identifiers: the ones the server makes (message ids, the demo secret) and the checks on the
//! ones apps choose (user and conversation ids).

use std::time::{SystemTime, UNIX_EPOCH};

use uuid::Uuid;

use crate::error::AppError;

/// Longest user or conversation id accepted, in characters.
pub const MAX_ID_CHARS: usize = 255;

/// Longest `clientId` accepted, in characters.
pub const MAX_CLIENT_ID_CHARS: usize = 128;

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A new message id: `msg_` and 32 random hex digits.
pub fn message_id() -> String {
    format!("msg_{}", Uuid::new_v4().simple())
}

/// A random secret of 64 hex digits (from the operating system's random source).
pub fn random_secret() -> String {
    format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

/// True for an id an app may use for a user or conversation: 1 to 255 characters, none of them
/// control characters.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= MAX_ID_CHARS && !id.chars().any(char::is_control)
}

/// Checks an id from a request, naming the field in the error.
pub fn check_id(field: &str, id: &str) -> Result<(), AppError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "{field} must be 1 to {MAX_ID_CHARS} characters without control characters"
        )))
    }
}

/// Checks a send's `clientId`.
pub fn check_client_id(client_id: &str) -> Result<(), AppError> {
    if !client_id.is_empty()
        && client_id.chars().count() <= MAX_CLIENT_ID_CHARS
        && !client_id.chars().any(char::is_control)
    {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "clientId must be 1 to {MAX_CLIENT_ID_CHARS} characters without control characters"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_prefixed_and_unique() {
        let a = message_id();
        assert!(a.starts_with("msg_"));
        assert_eq!(a.len(), 36);
        assert_ne!(a, message_id());
    }

    #[test]
    fn ids_are_checked() {
        assert!(is_valid_id("alice"));
        assert!(is_valid_id("user@example.com"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a\nb"));
        assert!(!is_valid_id(&"x".repeat(256)));
        assert!(check_client_id("k1").is_ok());
        assert!(check_client_id("").is_err());
        assert!(check_client_id(&"k".repeat(129)).is_err());
    }
}
