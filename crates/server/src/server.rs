//! Starting and stopping the server: storage, demo seeding, binding, graceful shutdown.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::rest::demo;
use crate::state::AppState;
use crate::store::{Store, StoreError};

/// How long shutdown waits for open WebSockets to say goodbye.
const CONNECTION_DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("creating the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("seeding the demo data: {0}")]
    Seed(sqlx::Error),
    #[error("listening on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("serving HTTP: {0}")]
    Serve(std::io::Error),
    #[error("the server task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// A server running in the background.
pub struct RunningServer {
    addr: SocketAddr,
    state: AppState,
    task: JoinHandle<Result<(), ServeError>>,
}

impl RunningServer {
    /// The address actually bound (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// A token that shuts the server down when cancelled.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.state.shutdown.clone()
    }

    /// Waits until the server has stopped.
    pub async fn wait(self) -> Result<(), ServeError> {
        self.task.await?
    }

    /// Shuts down gracefully and waits until everything is closed.
    pub async fn stop(self) -> Result<(), ServeError> {
        self.state.shutdown.cancel();
        self.wait().await
    }
}

/// Opens the database (running migrations), seeds demo data in demo mode, binds and starts
/// serving in the background.
pub async fn start(config: Config) -> Result<RunningServer, ServeError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| ServeError::DataDir {
        path: config.data_dir.display().to_string(),
        source,
    })?;
    let store = Store::open(&config.database()).await?;
    if config.demo {
        demo::seed(&store).await.map_err(ServeError::Seed)?;
    }
    if config.app_secret.expose().len() < 32 {
        tracing::warn!("the app secret is shorter than 32 characters; use a long random one");
    }
    let listener = TcpListener::bind(&config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen.clone(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.listen.clone(),
        source,
    })?;
    let state = AppState::new(config, store);
    let app = crate::app(state.clone());
    let task = tokio::spawn(run(listener, app, state.clone()));
    tracing::info!(%addr, demo = state.config.demo, "server started");
    Ok(RunningServer { addr, state, task })
}

async fn run(listener: TcpListener, app: axum::Router, state: AppState) -> Result<(), ServeError> {
    let shutdown = state.shutdown.clone();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await;
    // Make sure WebSockets hear about the shutdown even if serving failed on its own.
    state.shutdown.cancel();
    state.connections.close();
    if tokio::time::timeout(CONNECTION_DRAIN_TIMEOUT, state.connections.wait())
        .await
        .is_err()
    {
        tracing::warn!("some WebSocket connections did not close in time");
    }
    state.store.close().await;
    tracing::info!("server stopped");
    served.map_err(ServeError::Serve)
}

/// Runs the server until SIGINT or SIGTERM. Prints `listening on http://ADDR` to stdout once
/// bound.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let server = start(config).await?;
    let mut stdout = std::io::stdout();
    // Tests and scripts parse this line; a closed stdout must not stop the server.
    let _ = writeln!(stdout, "listening on http://{}", server.local_addr());
    let _ = stdout.flush();
    let shutdown = server.shutdown_token();
    tokio::spawn(async move {
        shutdown_signal().await;
        // Cancel first: if logging fails (its reader is gone), shutdown must still happen.
        shutdown.cancel();
        tracing::info!("shutting down");
    });
    server.wait().await
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
