//! The error every request handler returns: a stable code and a safe message for the client,
//! the details for the log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chat_elements_protocol::ErrorCode;
use serde::Serialize;

/// A failed request. `Request` errors are the client's to fix and are shown as they are;
/// the others are the server's, logged in full and shown only as `INTERNAL`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{code}: {message}")]
    Request { code: ErrorCode, message: String },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The JSON body of an error response: `{ "code": "...", "message": "..." }`.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError::Request {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::InvalidArgument, message)
    }

    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::NotFound, message)
    }

    /// The answer for a conversation the user may not see, whether or not it exists.
    pub fn forbidden() -> AppError {
        AppError::new(
            ErrorCode::Forbidden,
            "you are not a participant of this conversation",
        )
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Request { code, .. } => *code,
            AppError::Database(_) | AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// What the client is told: never a database message, a token or a secret.
    pub fn client_message(&self) -> String {
        match self {
            AppError::Request { message, .. } => message.clone(),
            AppError::Database(_) | AppError::Internal(_) => {
                "internal error; the details are in the server log".to_owned()
            }
        }
    }

    /// Logs the server's own failures; client errors are logged by the caller at debug level.
    pub fn log_if_internal(&self, context: &str) {
        if !matches!(self, AppError::Request { .. }) {
            tracing::error!(error = %self, "{context} failed");
        }
    }

    pub fn status(&self) -> StatusCode {
        match self.code() {
            ErrorCode::AuthRequired
            | ErrorCode::TokenMalformed
            | ErrorCode::TokenBadSignature
            | ErrorCode::TokenAlgorithm
            | ErrorCode::TokenExpired
            | ErrorCode::TokenWrongApp
            | ErrorCode::TokenNoSubject
            | ErrorCode::TokenWrongUser
            | ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::BadFrame
            | ErrorCode::UnknownOp
            | ErrorCode::InvalidArgument
            | ErrorCode::MessageTooLong => StatusCode::BAD_REQUEST,
            ErrorCode::TooManyReactions => StatusCode::CONFLICT,
            ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Forbidden | ErrorCode::Muted => StatusCode::FORBIDDEN,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.client_message(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_if_internal("HTTP request");
        (self.status(), Json(self.body())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_details_stay_out_of_the_client_message() {
        let err = AppError::Internal("disk /secret/path is full".to_owned());
        assert_eq!(err.code(), ErrorCode::Internal);
        assert!(!err.client_message().contains("/secret/path"));
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn request_errors_keep_code_and_message() {
        let err = AppError::not_found("user not found");
        assert_eq!(err.status(), StatusCode::NOT_FOUND);
        assert_eq!(err.body().message, "user not found");
        assert_eq!(AppError::forbidden().status(), StatusCode::FORBIDDEN);
    }
}
