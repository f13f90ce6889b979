//! `GET /v1/files/{id}/{filename}`: with `?expires=…&signature=…` (the URL in a message's file
//! block) or with `Authorization: Bearer <session token>` of a participant of a conversation the
//! file was sent in. The `{filename}` segment is for people and is not checked.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chat_elements_protocol::ErrorCode;
use serde::Deserialize;

use super::bearer::user_of;
use super::sniff::{is_inline, OCTET_STREAM};
use super::{encode_path_segment, is_file_id, UrlError};
use crate::error::AppError;
use crate::ids::now_ms;
use crate::state::AppState;

#[derive(Deserialize)]
pub(super) struct DownloadQuery {
    expires: Option<String>,
    signature: Option<String>,
}

fn refused(message: &str) -> AppError {
    AppError::new(ErrorCode::Forbidden, message)
}

/// Who may have this file: the holder of a valid signed URL, or a participant (bearer token).
async fn authorize(
    state: &AppState,
    id: &str,
    query: &DownloadQuery,
    headers: &axum::http::HeaderMap,
) -> Result<(), AppError> {
    if query.expires.is_some() || query.signature.is_some() {
        let (Some(expires), Some(signature)) = (&query.expires, &query.signature) else {
            return Err(refused("the download link is not valid"));
        };
        let expires = expires
            .parse::<i64>()
            .map_err(|_| refused("the download link is not valid"))?;
        return match state
            .files
            .signer
            .verify_url(id, expires, signature, now_ms())
        {
            Ok(()) => Ok(()),
            Err(err @ (UrlError::BadSignature | UrlError::Expired)) => {
                Err(refused(&err.to_string()))
            }
        };
    }
    let user = user_of(state, headers)?;
    if state.store.may_download(id, &user).await? {
        Ok(())
    } else {
        Err(refused(
            "only participants of a conversation this file was sent in may download it",
        ))
    }
}

/// `inline` or `attachment`, with the filename for people (ASCII fallback and UTF-8 form).
fn disposition(inline: bool, filename: &str) -> HeaderValue {
    let fallback: String = filename
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let kind = if inline { "inline" } else { "attachment" };
    let value = format!(
        "{kind}; filename=\"{fallback}\"; filename*=UTF-8''{}",
        encode_path_segment(filename)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

pub(super) async fn download(
    State(state): State<AppState>,
    Path((id, _filename)): Path<(String, String)>,
    query: Result<Query<DownloadQuery>, QueryRejection>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|_| AppError::invalid("invalid query string"))?;
    if !is_file_id(&id) {
        return Err(AppError::not_found("no such file"));
    }
    authorize(&state, &id, &query, &headers).await?;
    let record = state
        .store
        .file(&id)
        .await?
        .ok_or_else(|| AppError::not_found("no such file"))?;
    let bytes = state
        .files
        .store
        .open(&id)
        .await
        .map_err(|err| AppError::Internal(format!("opening file {id}: {err}")))?
        .ok_or_else(|| AppError::Internal(format!("the bytes of file {id} are missing")))?;

    let inline = is_inline(&record.content_type);
    let content_type = if inline {
        record.content_type.as_str()
    } else {
        OCTET_STREAM
    };
    let mut response = (StatusCode::OK, bytes.body).into_response();
    let out = response.headers_mut();
    out.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or_else(|_| HeaderValue::from_static(OCTET_STREAM)),
    );
    out.insert(CONTENT_LENGTH, HeaderValue::from(bytes.len));
    out.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
    out.insert(CONTENT_DISPOSITION, disposition(inline, &record.filename));
    let cache = if query.signature.is_some() {
        "private, max-age=300"
    } else {
        "private, no-cache"
    };
    out.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_name_the_file_safely() {
        assert_eq!(
            disposition(false, "a \"b\".html"),
            "attachment; filename=\"a _b_.html\"; filename*=UTF-8''a%20%22b%22.html"
        );
        assert_eq!(
            disposition(true, "café.png"),
            "inline; filename=\"caf_.png\"; filename*=UTF-8''caf%C3%A9.png"
        );
    }
}
