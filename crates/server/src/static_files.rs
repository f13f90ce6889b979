//! The demo site at `/` and the built SDK at `/pkg/`, straight from disk.

use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

use crate::config::Config;
use crate::state::AppState;

/// Serves `pkg_dir` under `/pkg/` and `www_dir` for every path no other route takes. A
/// directory that does not exist answers 404; one created later is served without a restart.
/// Responses say `no-cache`, so a rebuilt SDK is picked up on reload.
pub fn mount(router: Router<AppState>, config: &Config) -> Router<AppState> {
    for (dir, path) in [(&config.www_dir, "/"), (&config.pkg_dir, "/pkg/")] {
        if !dir.is_dir() {
            tracing::info!(dir = %dir.display(), path, "static directory not found");
        }
    }
    let no_cache = HeaderValue::from_static("no-cache");
    let pkg = SetResponseHeader::if_not_present(
        ServeDir::new(&config.pkg_dir),
        CACHE_CONTROL,
        no_cache.clone(),
    );
    let www =
        SetResponseHeader::if_not_present(ServeDir::new(&config.www_dir), CACHE_CONTROL, no_cache);
    router.nest_service("/pkg", pkg).fallback_service(www)
}
