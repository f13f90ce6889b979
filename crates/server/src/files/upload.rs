//! `POST /v1/files?kind=…&filename=…[&width=…&height=…&duration=…]`: the body is the file's
//! bytes, `Content-Type` its declared type, `Authorization: Bearer <session token>` the uploader.
//! Answers `201` with the file block (`{ type: "file", fileToken, url, … }`) to send.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chat_elements_protocol::{ContentBlock, ErrorCode};
use futures_util::StreamExt;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use super::bearer::user_of;
use super::sniff::{self, SNIFF_BYTES};
use super::{new_file_id, FileKind};
use crate::error::AppError;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::FileRecord;

/// Longest filename accepted, in characters.
pub const MAX_FILENAME_CHARS: usize = 255;
/// Largest width or height accepted, in pixels.
const MAX_DIMENSION: u32 = 100_000;
/// Longest duration accepted, in seconds.
const MAX_DURATION_SECS: f64 = 10_000_000.0;

#[derive(Deserialize)]
pub(super) struct UploadQuery {
    kind: Option<String>,
    filename: Option<String>,
    width: Option<String>,
    height: Option<String>,
    duration: Option<String>,
}

/// What the query says about the upload, checked.
struct Metadata {
    kind: FileKind,
    filename: String,
    width: Option<u32>,
    height: Option<u32>,
    duration: Option<f64>,
}

fn metadata(query: UploadQuery) -> Result<Metadata, AppError> {
    let kind = match query.kind.as_deref() {
        None | Some("") => FileKind::File,
        Some(kind) => FileKind::parse(kind).ok_or_else(|| {
            AppError::invalid("kind must be one of file, image, video, audio, voice")
        })?,
    };
    let filename = query.filename.unwrap_or_default();
    let chars = filename.chars().count();
    if chars == 0 || chars > MAX_FILENAME_CHARS || filename.chars().any(char::is_control) {
        return Err(AppError::invalid(format!(
            "filename must be 1 to {MAX_FILENAME_CHARS} characters without control characters"
        )));
    }
    let dimension = |name: &str, value: Option<String>| -> Result<Option<u32>, AppError> {
        let Some(value) = value else { return Ok(None) };
        if !kind.has_dimensions() {
            return Err(AppError::invalid(format!(
                "{name} is only for images and videos"
            )));
        }
        match value.parse::<u32>() {
            Ok(n) if (1..=MAX_DIMENSION).contains(&n) => Ok(Some(n)),
            _ => Err(AppError::invalid(format!(
                "{name} must be a whole number of pixels from 1 to {MAX_DIMENSION}"
            ))),
        }
    };
    let width = dimension("width", query.width)?;
    let height = dimension("height", query.height)?;
    let duration = match query.duration {
        None => None,
        Some(_) if !kind.has_duration() => {
            return Err(AppError::invalid(
                "duration is only for video, audio and voice",
            ))
        }
        Some(value) => match value.parse::<f64>() {
            Ok(secs) if secs.is_finite() && (0.0..=MAX_DURATION_SECS).contains(&secs) => Some(secs),
            _ => return Err(AppError::invalid("duration must be a number of seconds")),
        },
    };
    Ok(Metadata {
        kind,
        filename,
        width,
        height,
        duration,
    })
}

fn too_large(max: u64) -> AppError {
    AppError::new(
        ErrorCode::TooLarge,
        format!("files may be at most {max} bytes"),
    )
}

/// A staging file that is removed unless it was handed to the file store.
struct Staged {
    path: PathBuf,
    kept: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Streams `body` into a new staging file in `dir`, at most `max` bytes. Returns the file, its
/// size and its first bytes.
async fn stage(dir: &Path, body: Body, max: u64) -> Result<(Staged, u64, Vec<u8>), AppError> {
    let io = |err: std::io::Error| AppError::Internal(format!("staging an upload: {err}"));
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let staged = Staged {
        path: dir.join(format!("{}.part", uuid::Uuid::new_v4().simple())),
        kept: false,
    };
    let mut file = tokio::fs::File::create(&staged.path).await.map_err(io)?;
    let mut size: u64 = 0;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|_| AppError::invalid("the upload ended before the whole file arrived"))?;
        size = size.saturating_add(chunk.len() as u64);
        if size > max {
            return Err(too_large(max));
        }
        let wanted = SNIFF_BYTES.saturating_sub(head.len()).min(chunk.len());
        head.extend_from_slice(&chunk[..wanted]);
        file.write_all(&chunk).await.map_err(io)?;
    }
    file.flush().await.map_err(io)?;
    file.sync_all().await.map_err(io)?;
    Ok((staged, size, head))
}

/// Checks, stores and records an upload; answers with the block to send it in a message.
pub(super) async fn upload(
    State(state): State<AppState>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<ContentBlock>), AppError> {
    let uploader = user_of(&state, &headers)?;
    let Query(query) = query.map_err(|_| AppError::invalid("invalid query string"))?;
    let meta = metadata(query)?;
    let declared = sniff::normalize(
        headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or(""),
    );
    sniff::check_declared(meta.kind, &declared)
        .map_err(|err| AppError::invalid(err.to_string()))?;

    let files = &state.files;
    let max = files.settings.max_upload_bytes;
    let declared_len = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared_len.is_some_and(|len| len > max) {
        return Err(too_large(max));
    }
    let (mut staged, size, head) = stage(&files.staging_dir, body, max).await?;
    if size == 0 {
        return Err(AppError::invalid("the file is empty"));
    }
    let content_type =
        sniff::served_type(&declared, &head).map_err(|err| AppError::invalid(err.to_string()))?;

    let id = new_file_id();
    files
        .store
        .save(&id, &staged.path)
        .await
        .map_err(|err| AppError::Internal(format!("saving upload {id}: {err}")))?;
    staged.kept = true;
    let record = FileRecord {
        id: id.clone(),
        uploader_id: uploader,
        kind: meta.kind,
        content_type,
        filename: meta.filename,
        size,
        width: meta.width,
        height: meta.height,
        duration: meta.duration,
        created_at: now_ms(),
    };
    state.store.insert_file(&record).await?;
    tracing::debug!(file = %id, size, kind = meta.kind.as_str(), "file uploaded");
    let mut block = record.block(files.signer.token(&id));
    block.url = Some(files.signer.url(&id, &record.filename, now_ms()));
    Ok((StatusCode::CREATED, Json(ContentBlock::File(block))))
}
