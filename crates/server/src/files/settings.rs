//! The file settings of the server's configuration.

/// Uploads and downloads of files.
#[derive(Debug, Clone)]
pub struct FileSettings {
    /// Largest upload accepted, in bytes.
    pub max_upload_bytes: u64,
    /// How long a signed download URL stays valid, in seconds (at least; see `files::signing`).
    pub url_ttl_secs: u64,
    /// Prefixed to download URLs when set (no trailing slash needed).
    pub public_url: Option<String>,
}

impl FileSettings {
    pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 25 * 1024 * 1024;
    pub const DEFAULT_URL_TTL_SECS: u64 = 3600;
}

impl Default for FileSettings {
    fn default() -> Self {
        FileSettings {
            max_upload_bytes: FileSettings::DEFAULT_MAX_UPLOAD_BYTES,
            url_ttl_secs: FileSettings::DEFAULT_URL_TTL_SECS,
            public_url: None,
        }
    }
}
