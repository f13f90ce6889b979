//! JSON request bodies that fail with the API's `{code, message}` errors.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use chat_elements_protocol::ErrorCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

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

/// For `#[serde(default, deserialize_with = "patch")]` on an `Option<Option<T>>`: an absent field
/// is `None` (keep), `null` is `Some(None)` (clear), a value is `Some(Some(v))` (set).
pub fn patch<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "patch")]
        subject: Option<Option<String>>,
    }

    #[test]
    fn patch_tells_absent_null_and_value_apart() {
        let absent: Body = serde_json::from_str("{}").unwrap();
        let null: Body = serde_json::from_str(r#"{"subject":null}"#).unwrap();
        let value: Body = serde_json::from_str(r#"{"subject":"x"}"#).unwrap();
        assert_eq!(absent.subject, None);
        assert_eq!(null.subject, Some(None));
        assert_eq!(value.subject, Some(Some("x".to_owned())));
    }
}
