//! Frames to and from the wire, through the browser's `JSON.parse` / `JSON.stringify`.
//!
//! The shapes are those of `chat-elements-protocol` (pinned by its round-trip tests). The SDK
//! does not turn users, conversations, messages or snapshots into Rust structs: they stay the JS
//! objects `JSON.parse` made (and are handed to the application as they are). This module reads
//! only the envelope of a frame and the few fields the engine acts on. `tests/browser/wire.rs`
//! checks it against the protocol crate's serde output.

use chat_elements_protocol::{ErrorCode, Limits, ReplayStatus};
use js_sys::{Array, Object, JSON};
use wasm_bindgen::prelude::*;

use crate::js::{get, object, set};

/// A server frame: the envelope read, the payload left as parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// `ok`: `result` is the reply object (`{ kind, ... }`).
    Ok {
        id: u64,
        result: JsValue,
    },
    Error {
        id: Option<u64>,
        code: ErrorCode,
        message: String,
        retry_after_ms: Option<u64>,
    },
    /// `event`: `event` is the event object (`{ kind, ... }`).
    Event {
        conversation_id: String,
        seq: u64,
        event: JsValue,
    },
    Resync {
        conversation_id: String,
    },
    Snapshot {
        watch_id: String,
        snapshot: JsValue,
    },
}

/// Makes the server's relative file links (`"url":"/v1/files/…"`, as the server writes them
/// unless it was started with `--public-url`) absolute against the session's `serverUrl`, so an
/// `<img>` on a page served from another origin loads them. The match needs the exact JSON the
/// server writes: text inside a message is escaped (`\"url\":…`) and never matches.
pub fn absolute_file_urls<'a>(text: &'a str, server_url: &str) -> std::borrow::Cow<'a, str> {
    const RELATIVE: &[u8] = b"\"url\":\"/";
    const FILES: &[u8] = b"v1/files/";
    let base = server_url.trim_end_matches('/');
    // A plain byte scan without panicking slices: `str::replace` and `&text[a..b]` brought in
    // the substring searcher and the panic formatter, 5 KB of gzip in the SDK.
    let bytes = text.as_bytes();
    let at = |i: usize| {
        bytes[i..].starts_with(RELATIVE) && bytes[i + RELATIVE.len()..].starts_with(FILES)
    };
    if base.bytes().any(|b| b == b'"' || b == b'\\') || !(0..bytes.len()).any(at) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4 * base.len());
    let mut copied = 0;
    for i in 0..bytes.len() {
        if i >= copied && at(i) {
            let slash = i + RELATIVE.len() - 1;
            // Always char boundaries (ASCII bytes); `get` keeps the panic path out of the SDK.
            out.push_str(text.get(copied..slash).unwrap_or_default());
            out.push_str(base);
            copied = slash;
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    std::borrow::Cow::Owned(out)
}

/// A server frame from JSON text. When the text is JSON but not a frame this SDK understands,
/// the parsed value comes back as the error.
pub fn decode(text: &str) -> Result<Frame, JsValue> {
    let value = JSON::parse(text).map_err(|_| JsValue::UNDEFINED)?;
    frame(&value).ok_or(value)
}

fn frame(v: &JsValue) -> Option<Frame> {
    Some(match string(v, "type")?.as_str() {
        "ok" => Frame::Ok {
            id: uint(v, "id")?,
            result: some_object(get(v, "result"))?,
        },
        "error" => Frame::Error {
            id: optional(v, "id", uint)?,
            code: error_code(&string(v, "code")?),
            message: string(v, "message").unwrap_or_default(),
            retry_after_ms: optional(v, "retryAfterMs", uint)?,
        },
        "event" => Frame::Event {
            conversation_id: string(v, "conversationId")?,
            seq: uint(v, "seq")?,
            event: some_object(get(v, "event"))?,
        },
        "resync" => Frame::Resync {
            conversation_id: string(v, "conversationId")?,
        },
        "snapshot" => Frame::Snapshot {
            watch_id: string(v, "watchId")?,
            snapshot: some_object(get(v, "snapshot"))?,
        },
        _ => return None,
    })
}

fn some_object(v: JsValue) -> Option<JsValue> {
    v.is_object().then_some(v)
}

/// A reply's `kind`.
pub fn kind(result: &JsValue) -> String {
    string(result, "kind").unwrap_or_default()
}

/// What the engine reads from a `welcome`.
#[derive(Debug, Clone, PartialEq)]
pub struct Welcome {
    pub app_id: String,
    pub user_id: String,
    pub user_name: String,
    pub server_time: i64,
    pub token_expires_at: i64,
    /// The protocol version the server speaks (`None` when it does not say).
    pub protocol_version: Option<u64>,
    pub limits: Limits,
}

pub fn welcome(v: &JsValue) -> Option<Welcome> {
    let user = get(v, "user");
    Some(Welcome {
        app_id: string(v, "appId")?,
        user_id: string(&user, "id")?,
        user_name: string(&user, "name").unwrap_or_default(),
        server_time: int(v, "serverTime")?,
        token_expires_at: int(v, "tokenExpiresAt")?,
        protocol_version: uint(v, "protocolVersion"),
        limits: limits(&get(v, "limits")),
    })
}

/// The limits a welcome announces; a missing one keeps its default.
fn limits(v: &JsValue) -> Limits {
    let d = Limits::DEFAULT;
    let field = |key, default| {
        uint(v, key)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(default)
    };
    Limits {
        max_frame_bytes: field("maxFrameBytes", d.max_frame_bytes),
        max_text_chars: field("maxTextChars", d.max_text_chars),
        max_history_page: field("maxHistoryPage", d.max_history_page),
        requests_per_second: field("requestsPerSecond", d.requests_per_second),
        max_reactions_per_message: field("maxReactionsPerMessage", d.max_reactions_per_message),
        typing_ttl_ms: field("typingTtlMs", d.typing_ttl_ms),
        max_window: field("maxWindow", d.max_window),
        max_upload_bytes: uint(v, "maxUploadBytes").unwrap_or(d.max_upload_bytes),
    }
}

/// The array under `key` (a `history` reply's `messages`).
pub fn array(v: &JsValue, key: &str) -> Option<Array> {
    get(v, key).dyn_into::<Array>().ok()
}

/// A `subscribed` reply: the conversation's `lastSeq`, whether the user may only read, and the
/// replay status.
pub fn subscribed(v: &JsValue) -> Option<(u64, bool, ReplayStatus)> {
    let conversation = get(v, "conversation");
    let replay = match string(v, "replay")?.as_str() {
        "none" => ReplayStatus::None,
        "complete" => ReplayStatus::Complete,
        "truncated" => ReplayStatus::Truncated,
        _ => return None,
    };
    let read_only = string(&conversation, "access").as_deref() == Some("Read");
    Some((uint(&conversation, "lastSeq")?, read_only, replay))
}

/// The code for its wire string; a code this SDK does not know yet reads as INTERNAL.
pub fn error_code(code: &str) -> ErrorCode {
    ErrorCode::parse(code).unwrap_or(ErrorCode::Internal)
}

// --- requests ---

/// The JSON text of request `request` (an object with `op`) with `id` added.
pub fn encode(id: u64, request: &JsValue) -> Option<String> {
    let frame = Object::new();
    set(&frame, "id", &JsValue::from_f64(id as f64));
    Object::assign(&frame, request.unchecked_ref());
    JSON::stringify(&frame).ok()?.as_string()
}

fn op(op: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let request = object(&[("op", JsValue::from_str(op))]);
    for (key, value) in fields {
        set(&request, key, value);
    }
    request
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn n(value: u64) -> JsValue {
    JsValue::from_f64(value as f64)
}

pub fn auth(token: &str) -> JsValue {
    op("auth", &[("token", s(token))])
}

pub fn ping() -> JsValue {
    op("ping", &[])
}

/// `send`: the payload's fields (`text` or `content`, `referencedMessageId`, `custom`) plus the
/// conversation and the client id.
pub fn send(conversation_id: &str, client_id: &str, payload: &JsValue) -> JsValue {
    let request = Object::new();
    if payload.is_object() {
        Object::assign(&request, payload.unchecked_ref());
    }
    let request: JsValue = request.into();
    set(&request, "op", &s("send"));
    set(&request, "conversationId", &s(conversation_id));
    set(&request, "clientId", &s(client_id));
    request
}

/// The payload of a plain text send.
pub fn text_payload(text: &str) -> JsValue {
    object(&[("text", s(text))])
}

pub fn history(conversation_id: &str, before_seq: Option<u64>, limit: u32) -> JsValue {
    let request = op(
        "history",
        &[
            ("conversationId", s(conversation_id)),
            ("limit", JsValue::from(limit)),
        ],
    );
    if let Some(before) = before_seq {
        set(&request, "beforeSeq", &n(before));
    }
    request
}

pub fn subscribe(conversation_id: &str, after_seq: Option<u64>) -> JsValue {
    let request = op("subscribe", &[("conversationId", s(conversation_id))]);
    if let Some(after) = after_seq {
        set(&request, "afterSeq", &n(after));
    }
    request
}

pub fn unsubscribe(conversation_id: &str) -> JsValue {
    op("unsubscribe", &[("conversationId", s(conversation_id))])
}

pub fn watch(watch_id: &str, topic: &JsValue) -> JsValue {
    op(
        "watch",
        &[("watchId", s(watch_id)), ("topic", topic.clone())],
    )
}

pub fn unwatch(watch_id: &str) -> JsValue {
    op("unwatch", &[("watchId", s(watch_id))])
}

pub fn typing(conversation_id: &str) -> JsValue {
    op("typing", &[("conversationId", s(conversation_id))])
}

// --- reading fields ---

pub fn string(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

pub fn int(v: &JsValue, key: &str) -> Option<i64> {
    let n = get(v, key).as_f64()?;
    (n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0).then_some(n as i64)
}

pub fn uint(v: &JsValue, key: &str) -> Option<u64> {
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
