//! Frames to and from the wire, through the browser's `JSON.parse` / `JSON.stringify`.
//!
//! The shapes are those of `chat-elements-protocol` (pinned by its round-trip tests); this module
//! reads and builds them directly on JS objects instead of going through serde, which keeps
//! serde's deserialization machinery out of the bundle. `tests/wire.rs` checks both directions
//! against the protocol crate's serde implementation.

use chat_elements_protocol::{
    Access, ClientFrame, Conversation, ErrorCode, Event, Limits, Message, ReplayStatus, Reply,
    Request, ServerFrame, User, Welcome,
};
use js_sys::{Array, JSON};
use wasm_bindgen::prelude::*;

use crate::js::{get, object};

/// Every error code, to read them back from their strings.
const CODES: [ErrorCode; 19] = [
    ErrorCode::AuthRequired,
    ErrorCode::TokenMalformed,
    ErrorCode::TokenBadSignature,
    ErrorCode::TokenAlgorithm,
    ErrorCode::TokenExpired,
    ErrorCode::TokenWrongApp,
    ErrorCode::TokenNoSubject,
    ErrorCode::TokenWrongUser,
    ErrorCode::Unauthorized,
    ErrorCode::BadFrame,
    ErrorCode::UnknownOp,
    ErrorCode::InvalidArgument,
    ErrorCode::TooLarge,
    ErrorCode::MessageTooLong,
    ErrorCode::RateLimited,
    ErrorCode::NotFound,
    ErrorCode::Forbidden,
    ErrorCode::Internal,
    ErrorCode::Unavailable,
];

/// A client frame as JSON text.
pub fn encode(frame: &ClientFrame) -> Option<String> {
    let s = JsValue::from_str;
    let mut fields = vec![
        ("id", JsValue::from_f64(frame.id as f64)),
        ("op", s(frame.request.op())),
    ];
    match &frame.request {
        Request::Auth { token } => fields.push(("token", s(token))),
        Request::Ping => {}
        Request::Send {
            conversation_id,
            client_id,
            text,
        } => {
            fields.push(("conversationId", s(conversation_id)));
            fields.push(("clientId", s(client_id)));
            fields.push(("text", s(text)));
        }
        Request::History {
            conversation_id,
            before_seq,
            limit,
        } => {
            fields.push(("conversationId", s(conversation_id)));
            if let Some(before) = before_seq {
                fields.push(("beforeSeq", JsValue::from_f64(*before as f64)));
            }
            if let Some(limit) = limit {
                fields.push(("limit", JsValue::from(*limit)));
            }
        }
        Request::Subscribe {
            conversation_id,
            after_seq,
        } => {
            fields.push(("conversationId", s(conversation_id)));
            if let Some(after) = after_seq {
                fields.push(("afterSeq", JsValue::from_f64(*after as f64)));
            }
        }
        Request::Unsubscribe { conversation_id } => {
            fields.push(("conversationId", s(conversation_id)));
        }
    }
    JSON::stringify(&object(&fields)).ok()?.as_string()
}

/// A server frame from JSON text. When the text is JSON but not a frame this SDK understands,
/// the parsed value comes back as the error (the caller may still read its `type` and `seq`).
pub fn decode(text: &str) -> Result<ServerFrame, JsValue> {
    let value = JSON::parse(text).map_err(|_| JsValue::UNDEFINED)?;
    server_frame(&value).ok_or(value)
}

fn server_frame(v: &JsValue) -> Option<ServerFrame> {
    Some(match string(v, "type")?.as_str() {
        "ok" => ServerFrame::Ok {
            id: uint(v, "id")?,
            result: reply(&get(v, "result"))?,
        },
        "error" => ServerFrame::Error {
            id: optional(v, "id", uint)?,
            code: error_code(&string(v, "code")?),
            message: string(v, "message").unwrap_or_default(),
            retry_after_ms: optional(v, "retryAfterMs", uint)?,
        },
        "event" => ServerFrame::Event {
            conversation_id: string(v, "conversationId")?,
            seq: uint(v, "seq")?,
            event: event(&get(v, "event"))?,
        },
        "resync" => ServerFrame::Resync {
            conversation_id: string(v, "conversationId")?,
        },
        _ => return None,
    })
}

fn reply(v: &JsValue) -> Option<Reply> {
    Some(match string(v, "kind")?.as_str() {
        "welcome" => Reply::Welcome(Welcome {
            app_id: string(v, "appId")?,
            user: user(&get(v, "user"))?,
            server_time: int(v, "serverTime")?,
            token_expires_at: int(v, "tokenExpiresAt")?,
            protocol_version: u32::try_from(uint(v, "protocolVersion")?).ok()?,
            limits: limits(&get(v, "limits"))?,
        }),
        "pong" => Reply::Pong {
            server_time: int(v, "serverTime")?,
        },
        "sent" => Reply::Sent {
            message: message(&get(v, "message"))?,
            duplicate: get(v, "duplicate").as_bool()?,
        },
        "history" => Reply::History {
            messages: get(v, "messages")
                .dyn_into::<Array>()
                .ok()?
                .iter()
                .map(|m| message(&m))
                .collect::<Option<Vec<_>>>()?,
            has_more: get(v, "hasMore").as_bool()?,
        },
        "subscribed" => Reply::Subscribed {
            conversation: conversation(&get(v, "conversation"))?,
            replay: match string(v, "replay")?.as_str() {
                "none" => ReplayStatus::None,
                "complete" => ReplayStatus::Complete,
                "truncated" => ReplayStatus::Truncated,
                _ => return None,
            },
        },
        "unsubscribed" => Reply::Unsubscribed,
        _ => return None,
    })
}

fn event(v: &JsValue) -> Option<Event> {
    match string(v, "kind")?.as_str() {
        "messageCreated" => Some(Event::MessageCreated {
            message: message(&get(v, "message"))?,
        }),
        _ => None,
    }
}

fn message(v: &JsValue) -> Option<Message> {
    Some(Message {
        id: string(v, "id")?,
        conversation_id: string(v, "conversationId")?,
        seq: uint(v, "seq")?,
        sender: user(&get(v, "sender"))?,
        client_id: optional(v, "clientId", string)?,
        text: string(v, "text")?,
        created_at: int(v, "createdAt")?,
    })
}

fn user(v: &JsValue) -> Option<User> {
    Some(User {
        id: string(v, "id")?,
        name: string(v, "name")?,
        photo_url: optional(v, "photoUrl", string)?,
    })
}

fn conversation(v: &JsValue) -> Option<Conversation> {
    Some(Conversation {
        id: string(v, "id")?,
        subject: optional(v, "subject", string)?,
        last_seq: uint(v, "lastSeq")?,
        access: match string(v, "access")?.as_str() {
            "ReadWrite" => Access::ReadWrite,
            "Read" => Access::Read,
            _ => return None,
        },
    })
}

fn limits(v: &JsValue) -> Option<Limits> {
    let field = |key| u32::try_from(uint(v, key)?).ok();
    Some(Limits {
        max_frame_bytes: field("maxFrameBytes")?,
        max_text_chars: field("maxTextChars")?,
        max_history_page: field("maxHistoryPage")?,
        requests_per_second: field("requestsPerSecond")?,
    })
}

/// The code for its wire string; a code this SDK does not know yet reads as INTERNAL.
pub fn error_code(code: &str) -> ErrorCode {
    CODES
        .into_iter()
        .find(|c| c.as_str() == code)
        .unwrap_or(ErrorCode::Internal)
}

fn string(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

fn int(v: &JsValue, key: &str) -> Option<i64> {
    let n = get(v, key).as_f64()?;
    (n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0).then_some(n as i64)
}

fn uint(v: &JsValue, key: &str) -> Option<u64> {
    u64::try_from(int(v, key)?).ok()
}

/// `Some(None)` when the field is absent or null, `None` when it is present but invalid.
fn optional<T>(v: &JsValue, key: &str, read: fn(&JsValue, &str) -> Option<T>) -> Option<Option<T>> {
    let raw = get(v, key);
    if raw.is_undefined() || raw.is_null() {
        Some(None)
    } else {
        read(v, key).map(Some)
    }
}
