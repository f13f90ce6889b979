//! JSON request bodies that fail with the API's `{code, message}` errors.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use chat_elements_protocol::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body. An empty body reads as `{}`; the content type is not checked.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(ErrorCode::TooLarge, "the request body is too large")
            } else {
                AppError::invalid("the request body could not be read")
            }
        })?;
        let json: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(json)
            .map(JsonBody)
            .map_err(|err| AppError::invalid(format!("invalid JSON body: {err}")))
    }
}
