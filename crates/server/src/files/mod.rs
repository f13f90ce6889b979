//! Files: uploads (`POST /v1/files`), downloads (`GET /v1/files/{id}/{filename}`), FileTokens
//! and the file blocks of messages.
//!
//! Uploads are authorized by the session's JWT in `Authorization: Bearer`, never by anything in
//! the URL. Downloads are authorized either the same way (for participants of a conversation the
//! file was sent in) or by the short-lived signed URL a message's file block carries. Downloads
//! are always sent so that an uploaded page or script can never run in the server's origin:
//! `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`, a type from a short
//! allow-list of media (checked against the bytes at upload) or `application/octet-stream`, and
//! `Content-Disposition: attachment` for everything that is not allow-listed media.

mod attach;
mod bearer;
mod download;
mod kind;
mod settings;
mod signing;
pub mod sniff;
mod storage;
mod upload;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::Method;
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{Any, CorsLayer};

use crate::config::Config;
use crate::state::AppState;

pub use attach::resolve_blocks;
pub use kind::FileKind;
pub use settings::FileSettings;
pub use signing::{encode_path_segment, file_id_of, is_file_id, new_file_id, FileSigner, UrlError};
pub use storage::{FileStore, LocalDiskStore, StoredBytes};

/// The upload path.
pub const FILES_PATH: &str = "/v1/files";

/// What the file routes share: where bytes go, how tokens and URLs are signed, the limits.
pub struct Files {
    pub store: Box<dyn FileStore>,
    pub signer: Arc<FileSigner>,
    /// Uploads are streamed here before they are checked and saved.
    pub staging_dir: PathBuf,
    pub settings: FileSettings,
}

impl Files {
    /// Files on local disk under `<data-dir>/files`.
    pub fn local(config: &Config) -> Files {
        let root = config.data_dir.join("files");
        let store = LocalDiskStore::new(&root);
        let signer = FileSigner::new(
            &config.app_secret,
            config.files.url_ttl_secs,
            config.files.public_url.as_deref(),
        );
        Files {
            staging_dir: store.staging_dir(),
            store: Box::new(store),
            signer: Arc::new(signer),
            settings: config.files.clone(),
        }
    }
}

/// `POST /v1/files` and `GET /v1/files/{id}/{filename}`, callable from any origin: they are
/// authorized by a bearer token or a signed URL, never by cookies.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(FILES_PATH, post(upload::upload))
        .route("/v1/files/{id}/{filename}", get(download::download))
        // Uploads stream to disk under their own limit (`FileSettings::max_upload_bytes`).
        .layer(DefaultBodyLimit::disable())
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([AUTHORIZATION, CONTENT_TYPE]),
        )
}
