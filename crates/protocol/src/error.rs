use serde::{Deserialize, Serialize};

/// Stable error codes sent in `error` frames and REST error bodies.
///
/// The string form (`"TOKEN_EXPIRED"`, ...) is the contract; the message next to it is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    // --- authentication: the token was refused ---
    /// A request other than `auth` arrived before the connection was authenticated.
    AuthRequired,
    /// The token is not a well-formed JWT.
    TokenMalformed,
    /// The token's signature does not verify with the app's secret.
    TokenBadSignature,
    /// The token is signed with an algorithm other than HS256 (including `none`).
    TokenAlgorithm,
    /// The token's `exp` is in the past (or missing).
    TokenExpired,
    /// The token's `iss` is not this app's id.
    TokenWrongApp,
    /// The token has no `sub` (user id).
    TokenNoSubject,
    /// An in-band re-auth presented a token for a different user than the connection's.
    TokenWrongUser,
    /// The admin API was called without the app's secret.
    Unauthorized,

    // --- the request ---
    /// The frame is not valid JSON or does not have the shape of a request.
    BadFrame,
    /// The frame's `op` is not one this server knows.
    UnknownOp,
    /// A field has an invalid value (the message says which).
    InvalidArgument,
    /// A frame or body is larger than the server accepts.
    TooLarge,
    /// A message's text is longer than `Limits::max_text_chars` or empty.
    MessageTooLong,
    /// A message already has the most distinct reactions allowed.
    TooManyReactions,
    /// The connection sends requests faster than allowed; retry after `retryAfterMs`.
    RateLimited,

    // --- the data ---
    /// The conversation, user or message does not exist.
    NotFound,
    /// The user may not do this (not a participant, read-only access, ...).
    Forbidden,
    /// The participant is muted in this conversation: they may read but not write until the
    /// mute ends (the message says until when).
    Muted,

    // --- the server ---
    /// Something failed on the server; the details are in its log.
    Internal,
    /// The server is shutting down; reconnect later.
    Unavailable,
}

impl ErrorCode {
    /// Every code: the one list clients read codes back with ([`ErrorCode::parse`]).
    pub const ALL: [ErrorCode; 21] = [
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
        ErrorCode::TooManyReactions,
        ErrorCode::RateLimited,
        ErrorCode::NotFound,
        ErrorCode::Forbidden,
        ErrorCode::Muted,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
    ];

    /// The code for its wire string, if it is one of [`ErrorCode::ALL`].
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The code's wire string, e.g. `"TOKEN_EXPIRED"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AuthRequired => "AUTH_REQUIRED",
            ErrorCode::TokenMalformed => "TOKEN_MALFORMED",
            ErrorCode::TokenBadSignature => "TOKEN_BAD_SIGNATURE",
            ErrorCode::TokenAlgorithm => "TOKEN_ALGORITHM",
            ErrorCode::TokenExpired => "TOKEN_EXPIRED",
            ErrorCode::TokenWrongApp => "TOKEN_WRONG_APP",
            ErrorCode::TokenNoSubject => "TOKEN_NO_SUBJECT",
            ErrorCode::TokenWrongUser => "TOKEN_WRONG_USER",
            ErrorCode::Unauthorized => "UNAUTHORIZED",
            ErrorCode::BadFrame => "BAD_FRAME",
            ErrorCode::UnknownOp => "UNKNOWN_OP",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::MessageTooLong => "MESSAGE_TOO_LONG",
            ErrorCode::TooManyReactions => "TOO_MANY_REACTIONS",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::Muted => "MUTED",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::Unavailable => "UNAVAILABLE",
        }
    }

    /// True for the codes that mean "get a new token": the client refreshes (once) and retries.
    pub fn is_token_problem(self) -> bool {
        matches!(
            self,
            ErrorCode::TokenMalformed
                | ErrorCode::TokenBadSignature
                | ErrorCode::TokenAlgorithm
                | ErrorCode::TokenExpired
                | ErrorCode::TokenWrongApp
                | ErrorCode::TokenNoSubject
                | ErrorCode::TokenWrongUser
                | ErrorCode::AuthRequired
        )
    }

    /// True when the same request may succeed if sent again later unchanged.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorCode::RateLimited | ErrorCode::Internal | ErrorCode::Unavailable
        )
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new code fails to compile here until it is handled, and then this test until it is in
    /// `ALL` (the list the SDK reads codes back with).
    fn position(code: ErrorCode) -> usize {
        match code {
            ErrorCode::AuthRequired
            | ErrorCode::TokenMalformed
            | ErrorCode::TokenBadSignature
            | ErrorCode::TokenAlgorithm
            | ErrorCode::TokenExpired
            | ErrorCode::TokenWrongApp
            | ErrorCode::TokenNoSubject
            | ErrorCode::TokenWrongUser
            | ErrorCode::Unauthorized
            | ErrorCode::BadFrame
            | ErrorCode::UnknownOp
            | ErrorCode::InvalidArgument
            | ErrorCode::TooLarge
            | ErrorCode::MessageTooLong
            | ErrorCode::TooManyReactions
            | ErrorCode::RateLimited
            | ErrorCode::NotFound
            | ErrorCode::Forbidden
            | ErrorCode::Muted
            | ErrorCode::Internal
            | ErrorCode::Unavailable => ErrorCode::ALL
                .iter()
                .position(|c| *c == code)
                .unwrap_or(usize::MAX),
        }
    }

    #[test]
    fn all_lists_every_code_once_and_parse_reads_them_back() {
        for (i, code) in ErrorCode::ALL.into_iter().enumerate() {
            assert_eq!(position(code), i, "{code} is listed once");
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("NOT_A_CODE"), None);
    }
}
