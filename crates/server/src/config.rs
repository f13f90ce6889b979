//! Command-line flags (each also read from an environment variable) and the resolved [`Config`].

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use chat_elements_protocol::Limits;
use clap::Parser;

pub use crate::files::FileSettings;
use crate::ids;
use crate::store::Database;

/// The chat-elements reference server: WebSocket protocol at /v1/ws, admin REST API at
/// /v1/admin, SQLite storage.
#[derive(Parser)]
#[command(name = "chat-elements-server", version, about, long_about = None)]
pub struct Cli {
    /// Address to listen on (host:port). Port 0 picks a free port.
    #[arg(
        long,
        env = "CHAT_LISTEN",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR"
    )]
    pub listen: String,

    /// Directory for the database and other data; created if missing.
    #[arg(
        long,
        env = "CHAT_DATA_DIR",
        default_value = "./data",
        value_name = "DIR"
    )]
    pub data_dir: PathBuf,

    /// Database URL [default: sqlite://<data-dir>/chat.db]. The file is created if missing.
    #[arg(long, env = "CHAT_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,

    /// The app id: tokens must carry it as `iss`. Required unless --demo (then "demo").
    #[arg(long, env = "CHAT_APP_ID", value_name = "ID")]
    pub app_id: Option<String>,

    /// The app secret: signs tokens (HS256) and authorizes the admin API. Required unless
    /// --demo (then a random secret per start). Never logged.
    #[arg(
        long,
        env = "CHAT_APP_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub app_secret: Option<String>,

    /// Demo mode: seeds users alice, bob, carol and conversation "demo", and enables
    /// GET /api/token. Not for production.
    #[arg(long, env = "CHAT_DEMO", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::FalseyValueParser::new())]
    pub demo: bool,

    /// Lifetime of tokens from GET /api/token in demo mode, in seconds.
    #[arg(
        long,
        env = "CHAT_DEMO_TOKEN_TTL",
        default_value_t = 300,
        value_name = "SECS"
    )]
    pub demo_token_ttl: u64,

    /// Directory served at / (when it exists).
    #[arg(long, env = "CHAT_WWW_DIR", default_value = "www", value_name = "DIR")]
    pub www_dir: PathBuf,

    /// Directory served at /pkg/ (when it exists): the built SDK.
    #[arg(long, env = "CHAT_PKG_DIR", default_value = "pkg", value_name = "DIR")]
    pub pkg_dir: PathBuf,

    /// Largest file accepted by POST /v1/files, in bytes.
    #[arg(
        long,
        env = "CHAT_MAX_UPLOAD_BYTES",
        default_value_t = FileSettings::DEFAULT_MAX_UPLOAD_BYTES,
        value_name = "BYTES"
    )]
    pub max_upload_bytes: u64,

    /// Lifetime of the signed download URLs in messages' file blocks, in seconds.
    #[arg(
        long,
        env = "CHAT_FILE_URL_TTL",
        default_value_t = FileSettings::DEFAULT_URL_TTL_SECS,
        value_name = "SECS"
    )]
    pub file_url_ttl: u64,

    /// The server's public origin (like https://chat.example.com): makes file URLs absolute.
    /// Without it they are relative to the server.
    #[arg(long, env = "CHAT_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
}

/// Why the flags could not be turned into a [`Config`].
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("--app-id (CHAT_APP_ID) is required unless --demo is set")]
    MissingAppId,
    #[error("--app-secret (CHAT_APP_SECRET) is required unless --demo is set")]
    MissingAppSecret,
    #[error("--app-id must not be empty")]
    EmptyAppId,
    #[error("--app-secret must not be empty")]
    EmptyAppSecret,
    #[error("--demo-token-ttl must be between 1 and 86400 seconds")]
    DemoTokenTtl,
    #[error("--max-upload-bytes must be at least 1")]
    MaxUploadBytes,
    #[error("--file-url-ttl must be between 10 and 604800 seconds")]
    FileUrlTtl,
    #[error("--public-url must be an http or https URL")]
    PublicUrl,
}

/// The app secret. Its `Debug` output is redacted so it cannot reach a log by accident.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Timings of the WebSocket connection. The defaults are the protocol's; tests shorten them.
#[derive(Debug, Clone)]
pub struct WsSettings {
    /// How long a new connection may take to send its first `auth`.
    pub auth_timeout: Duration,
    /// How long after its token expires a connection stays open waiting for a new token.
    pub expiry_grace: Duration,
    /// How often the server pings an idle client.
    pub heartbeat_interval: Duration,
    /// A connection from which nothing arrives for this long is closed.
    pub idle_timeout: Duration,
    /// Frames queued for one client before its senders wait (and its subscriptions fall behind).
    pub outbox_capacity: usize,
    /// How long a frame may wait for room in a full outbox before the client is dropped.
    pub outbox_send_timeout: Duration,
    /// Events buffered per conversation for subscribers; one that falls further behind gets `resync`.
    pub hub_capacity: usize,
}

impl Default for WsSettings {
    fn default() -> Self {
        WsSettings {
            auth_timeout: Duration::from_secs(10),
            expiry_grace: Duration::from_secs(30),
            heartbeat_interval: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(90),
            outbox_capacity: 256,
            outbox_send_timeout: Duration::from_secs(10),
            hub_capacity: 1024,
        }
    }
}

/// Everything the server needs to run, resolved from the flags.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: String,
    pub data_dir: PathBuf,
    /// `None` means `sqlite://<data_dir>/chat.db`.
    pub database_url: Option<String>,
    pub app_id: String,
    pub app_secret: Secret,
    pub demo: bool,
    pub demo_token_ttl: Duration,
    pub www_dir: PathBuf,
    pub pkg_dir: PathBuf,
    pub limits: Limits,
    pub ws: WsSettings,
    pub files: FileSettings,
}

impl Config {
    /// A demo-mode configuration with every other setting at its default: what tests start from.
    pub fn demo(data_dir: impl Into<PathBuf>, app_secret: impl Into<String>) -> Config {
        Config {
            listen: "127.0.0.1:0".to_owned(),
            data_dir: data_dir.into(),
            database_url: None,
            app_id: "demo".to_owned(),
            app_secret: Secret::new(app_secret),
            demo: true,
            demo_token_ttl: Duration::from_secs(300),
            www_dir: PathBuf::from("www"),
            pkg_dir: PathBuf::from("pkg"),
            limits: Limits::DEFAULT,
            ws: WsSettings::default(),
            files: FileSettings::default(),
        }
    }

    /// The database actually used: `--database-url`, else `<data-dir>/chat.db`.
    pub fn database(&self) -> Database {
        match &self.database_url {
            Some(url) => Database::Url(url.clone()),
            None => Database::File(self.data_dir.join("chat.db")),
        }
    }
}

impl TryFrom<Cli> for Config {
    type Error = ConfigError;

    fn try_from(cli: Cli) -> Result<Config, ConfigError> {
        let app_id = match (cli.app_id, cli.demo) {
            (Some(id), _) => id,
            (None, true) => "demo".to_owned(),
            (None, false) => return Err(ConfigError::MissingAppId),
        };
        if app_id.trim().is_empty() {
            return Err(ConfigError::EmptyAppId);
        }
        let app_secret = match (cli.app_secret, cli.demo) {
            (Some(secret), _) => secret,
            (None, true) => ids::random_secret(),
            (None, false) => return Err(ConfigError::MissingAppSecret),
        };
        if app_secret.is_empty() {
            return Err(ConfigError::EmptyAppSecret);
        }
        if !(1..=86_400).contains(&cli.demo_token_ttl) {
            return Err(ConfigError::DemoTokenTtl);
        }
        if cli.max_upload_bytes == 0 {
            return Err(ConfigError::MaxUploadBytes);
        }
        if !(10..=604_800).contains(&cli.file_url_ttl) {
            return Err(ConfigError::FileUrlTtl);
        }
        if let Some(url) = &cli.public_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(ConfigError::PublicUrl);
            }
        }
        Ok(Config {
            listen: cli.listen,
            data_dir: cli.data_dir,
            database_url: cli.database_url,
            app_id,
            app_secret: Secret::new(app_secret),
            demo: cli.demo,
            demo_token_ttl: Duration::from_secs(cli.demo_token_ttl),
            www_dir: cli.www_dir,
            pkg_dir: cli.pkg_dir,
            limits: Limits::DEFAULT,
            ws: WsSettings::default(),
            files: FileSettings {
                max_upload_bytes: cli.max_upload_bytes,
                url_ttl_secs: cli.file_url_ttl,
                public_url: cli.public_url,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, ConfigError> {
        let mut argv = vec!["chat-elements-server"];
        argv.extend_from_slice(args);
        Config::try_from(Cli::parse_from(argv))
    }

    #[test]
    fn demo_mode_fills_in_app_id_and_a_random_secret() {
        let a = parse(&["--demo"]).unwrap();
        let b = parse(&["--demo"]).unwrap();
        assert_eq!(a.app_id, "demo");
        assert!(a.app_secret.expose().len() >= 32);
        assert_ne!(a.app_secret.expose(), b.app_secret.expose());
        assert_eq!(a.demo_token_ttl, Duration::from_secs(300));
    }

    #[test]
    fn production_mode_requires_id_and_secret() {
        assert!(matches!(parse(&[]), Err(ConfigError::MissingAppId)));
        assert!(matches!(
            parse(&["--app-id", "x"]),
            Err(ConfigError::MissingAppSecret)
        ));
        assert!(matches!(
            parse(&["--app-id", "x", "--app-secret", ""]),
            Err(ConfigError::EmptyAppSecret)
        ));
        let config = parse(&["--app-id", "x", "--app-secret", "0123456789abcdef"]).unwrap();
        assert!(!config.demo);
        assert_eq!(
            config.database(),
            Database::File(PathBuf::from("./data/chat.db"))
        );
        let config = parse(&["--demo", "--database-url", "sqlite://other.db"]).unwrap();
        assert_eq!(config.database(), Database::Url("sqlite://other.db".into()));
    }

    #[test]
    fn secret_is_redacted_in_debug_output() {
        let config = parse(&["--demo", "--app-secret", "very-secret-value-123"]).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("very-secret-value-123"));
        assert!(shown.contains("redacted"));
    }
}
