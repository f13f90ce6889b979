//! Search cursors: where the next page starts, opaque to clients (base64url text).
//!
//! A message cursor is the search key of the last message returned (`m:<key>`); a conversation
//! cursor the last conversation's activity and id (`c:<activity>:<id>`). A cursor only says
//! where to continue: it grants nothing, so a forged one is harmless.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::AppError;
use crate::store::ConversationPosition;

fn invalid() -> AppError {
    AppError::invalid("cursor is not one this search returned")
}

fn decode(cursor: &str) -> Result<String, AppError> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    String::from_utf8(bytes).map_err(|_| invalid())
}

pub fn message_cursor(key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("m:{key}"))
}

pub fn parse_message_cursor(cursor: &str) -> Result<i64, AppError> {
    decode(cursor)?
        .strip_prefix("m:")
        .and_then(|key| key.parse().ok())
        .ok_or_else(invalid)
}

pub fn conversation_cursor(activity: i64, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("c:{activity}:{id}"))
}

pub fn parse_conversation_cursor(cursor: &str) -> Result<ConversationPosition, AppError> {
    let text = decode(cursor)?;
    let (activity, id) = text
        .strip_prefix("c:")
        .and_then(|rest| rest.split_once(':'))
        .ok_or_else(invalid)?;
    let activity = activity.parse().map_err(|_| invalid())?;
    Ok((activity, id.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_roundtrip_and_do_not_mix() {
        assert_eq!(parse_message_cursor(&message_cursor(42)).unwrap(), 42);
        let cursor = conversation_cursor(1_700, "a:b");
        assert_eq!(
            parse_conversation_cursor(&cursor).unwrap(),
            (1_700, "a:b".to_owned())
        );
        assert!(parse_message_cursor(&cursor).is_err());
        assert!(parse_conversation_cursor(&message_cursor(1)).is_err());
        for bad in ["", "!!", "bTo", "not base64 at all"] {
            assert!(parse_message_cursor(bad).is_err(), "{bad:?}");
        }
    }
}
