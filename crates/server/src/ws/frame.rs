//! Reading a client's text frame into a request, or the error it deserves.

use chat_elements_protocol::{ClientFrame, ErrorCode, Request};
use serde_json::Value;

/// The operations this server knows (the `op` strings of [`Request`]).
const KNOWN_OPS: [&str; 33] = [
    "auth",
    "ping",
    "send",
    "history",
    "subscribe",
    "unsubscribe",
    "getUser",
    "setUser",
    "createUser",
    "getConversation",
    "setConversation",
    "createConversation",
    "markRead",
    "markUnread",
    "typing",
    "getParticipant",
    "setParticipant",
    "editParticipant",
    "createParticipant",
    "deleteParticipant",
    "banParticipant",
    "unbanParticipant",
    "muteParticipant",
    "unmuteParticipant",
    "getMessage",
    "editMessage",
    "deleteMessage",
    "addReaction",
    "removeReaction",
    "watch",
    "unwatch",
    "searchMessages",
    "searchConversations",
];

/// A parsed frame.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    Request {
        id: u64,
        request: Request,
    },
    /// Not a usable request. `id` is set when the frame got far enough to have one.
    Invalid {
        id: Option<u64>,
        code: ErrorCode,
        message: String,
    },
}

impl Incoming {
    pub fn id(&self) -> Option<u64> {
        match self {
            Incoming::Request { id, .. } => Some(*id),
            Incoming::Invalid { id, .. } => *id,
        }
    }
}

fn invalid(id: Option<u64>, code: ErrorCode, message: impl Into<String>) -> Incoming {
    Incoming::Invalid {
        id,
        code,
        message: message.into(),
    }
}

/// Bad JSON or no numeric `id` → BAD_FRAME without id; no `op` → BAD_FRAME with the id; an
/// unknown `op` → UNKNOWN_OP; a known op with wrong fields → INVALID_ARGUMENT.
pub fn parse(text: &str) -> Incoming {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return invalid(None, ErrorCode::BadFrame, "the frame is not valid JSON");
    };
    let Some(object) = value.as_object() else {
        return invalid(None, ErrorCode::BadFrame, "the frame is not a JSON object");
    };
    let Some(id) = object.get("id").and_then(Value::as_u64) else {
        return invalid(
            None,
            ErrorCode::BadFrame,
            "the frame has no numeric id (an unsigned integer)",
        );
    };
    let Some(op) = object.get("op").and_then(Value::as_str) else {
        return invalid(Some(id), ErrorCode::BadFrame, "the frame has no op");
    };
    let Some(op) = KNOWN_OPS.iter().copied().find(|known| *known == op) else {
        return invalid(
            Some(id),
            ErrorCode::UnknownOp,
            format!("unknown op {:?}", truncate(op, 40)),
        );
    };
    // serde's message for a bad filter (an untagged enum) names no field: say which one.
    let filter_problem = (op == "watch")
        .then(|| crate::watch::explain_watch_frame(&value))
        .flatten();
    match serde_json::from_value::<ClientFrame>(value) {
        Ok(frame) => Incoming::Request {
            id: frame.id,
            request: frame.request,
        },
        Err(err) => invalid(
            Some(id),
            ErrorCode::InvalidArgument,
            filter_problem.unwrap_or_else(|| format!("invalid {op} request: {err}")),
        ),
    }
}

/// The answer to a binary frame: the protocol is JSON text only.
pub fn binary() -> Incoming {
    invalid(None, ErrorCode::BadFrame, "binary frames are not supported")
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_and_id(incoming: Incoming) -> (ErrorCode, Option<u64>) {
        match incoming {
            Incoming::Invalid { id, code, .. } => (code, id),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn valid_requests_parse() {
        assert_eq!(
            parse(r#"{"id":3,"op":"ping"}"#),
            Incoming::Request {
                id: 3,
                request: Request::Ping
            }
        );
    }

    #[test]
    fn each_problem_gets_its_code() {
        assert_eq!(code_and_id(parse("{nope")), (ErrorCode::BadFrame, None));
        assert_eq!(code_and_id(parse("[1]")), (ErrorCode::BadFrame, None));
        assert_eq!(
            code_and_id(parse(r#"{"op":"ping"}"#)),
            (ErrorCode::BadFrame, None)
        );
        assert_eq!(
            code_and_id(parse(r#"{"id":-1,"op":"ping"}"#)),
            (ErrorCode::BadFrame, None)
        );
        assert_eq!(
            code_and_id(parse(r#"{"id":4}"#)),
            (ErrorCode::BadFrame, Some(4))
        );
        assert_eq!(
            code_and_id(parse(r#"{"id":5,"op":"explode"}"#)),
            (ErrorCode::UnknownOp, Some(5))
        );
        assert_eq!(
            code_and_id(parse(r#"{"id":6,"op":"send","text":"x"}"#)),
            (ErrorCode::InvalidArgument, Some(6))
        );
    }

    #[test]
    fn every_op_of_the_protocol_is_known() {
        let requests = [
            Request::Ping,
            Request::GetMessage {
                conversation_id: "c".into(),
                message_id: "m".into(),
            },
            Request::EditMessage {
                conversation_id: "c".into(),
                message_id: "m".into(),
                text: Some("t".into()),
                content: None,
                custom: None,
            },
            Request::DeleteMessage {
                conversation_id: "c".into(),
                message_id: "m".into(),
            },
            Request::AddReaction {
                conversation_id: "c".into(),
                message_id: "m".into(),
                emoji: "👍".into(),
            },
            Request::RemoveReaction {
                conversation_id: "c".into(),
                message_id: "m".into(),
                emoji: "👍".into(),
            },
            Request::Unwatch {
                watch_id: "w".into(),
            },
            Request::BanParticipant {
                conversation_id: "c".into(),
                user_id: "u".into(),
            },
            Request::UnbanParticipant {
                conversation_id: "c".into(),
                user_id: "u".into(),
            },
            Request::MuteParticipant {
                conversation_id: "c".into(),
                user_id: "u".into(),
                duration_ms: Some(5),
            },
            Request::UnmuteParticipant {
                conversation_id: "c".into(),
                user_id: "u".into(),
            },
            Request::SearchMessages {
                query: "q".into(),
                limit: Some(3),
                cursor: None,
                conversation_id: None,
            },
            Request::SearchConversations {
                query: "q".into(),
                limit: None,
                cursor: Some("c".into()),
            },
        ];
        for request in requests {
            assert!(KNOWN_OPS.contains(&request.op()), "{}", request.op());
            let frame = ClientFrame { id: 9, request };
            let text = serde_json::to_string(&frame).unwrap();
            assert_eq!(
                parse(&text),
                Incoming::Request {
                    id: 9,
                    request: frame.request
                }
            );
        }
        for op in KNOWN_OPS {
            let incoming = parse(&format!(r#"{{"id":1,"op":"{op}"}}"#));
            assert_ne!(incoming.id(), None);
            assert!(
                !matches!(
                    incoming,
                    Incoming::Invalid {
                        code: ErrorCode::UnknownOp,
                        ..
                    }
                ),
                "{op}"
            );
        }
    }
}
