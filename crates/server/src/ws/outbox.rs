//! The sending side of a connection: a bounded queue drained by one writer task, so that
//! neither request handling nor fan-out ever waits on a client's socket directly.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use chat_elements_protocol::ServerFrame;
use futures_util::stream::SplitSink;
use futures_util::SinkExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Something for the writer to put on the wire.
#[derive(Debug)]
pub enum Outgoing {
    Text(String),
    Ping,
    Close { code: u16, reason: &'static str },
}

/// The client no longer takes frames (it is gone, or too slow for too long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// A handle to the queue. Clones share it.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::Sender<Outgoing>,
    send_timeout: Duration,
    dead: CancellationToken,
}

impl Outbox {
    /// A queue of `capacity` frames; a frame that finds it full for `send_timeout` marks the
    /// client dead.
    pub fn new(capacity: usize, send_timeout: Duration) -> (Outbox, mpsc::Receiver<Outgoing>) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        let outbox = Outbox {
            tx,
            send_timeout,
            dead: CancellationToken::new(),
        };
        (outbox, rx)
    }

    /// Cancelled once the client stopped taking frames or the writer ended.
    pub fn dead(&self) -> CancellationToken {
        self.dead.clone()
    }

    pub async fn send(&self, frame: &ServerFrame) -> Result<(), Gone> {
        let text = serde_json::to_string(frame).map_err(|err| {
            tracing::error!(error = %err, "encoding a server frame");
            Gone
        })?;
        self.push(Outgoing::Text(text)).await
    }

    pub async fn ping(&self) -> Result<(), Gone> {
        self.push(Outgoing::Ping).await
    }

    pub async fn close(&self, code: u16, reason: &'static str) -> Result<(), Gone> {
        self.push(Outgoing::Close { code, reason }).await
    }

    async fn push(&self, item: Outgoing) -> Result<(), Gone> {
        if self.dead.is_cancelled() {
            return Err(Gone);
        }
        match self.tx.send_timeout(item, self.send_timeout).await {
            Ok(()) => Ok(()),
            Err(_) => {
                self.dead.cancel();
                Err(Gone)
            }
        }
    }
}

/// Writes queued frames until the queue closes, a close frame is written or the socket fails.
pub async fn run_writer(
    mut sink: SplitSink<WebSocket, Message>,
    mut rx: mpsc::Receiver<Outgoing>,
    dead: CancellationToken,
) {
    while let Some(item) = rx.recv().await {
        let result = match item {
            Outgoing::Text(text) => sink.send(Message::Text(text.into())).await,
            Outgoing::Ping => sink.send(Message::Ping(Default::default())).await,
            Outgoing::Close { code, reason } => {
                let frame = CloseFrame {
                    code,
                    reason: reason.into(),
                };
                if let Err(err) = sink.send(Message::Close(Some(frame))).await {
                    tracing::debug!(error = %err, "writing a close frame");
                }
                break;
            }
        };
        if let Err(err) = result {
            tracing::debug!(error = %err, "writing to a WebSocket");
            break;
        }
    }
    dead.cancel();
    // Flushes what is still buffered, including the reply to a client's close frame.
    let _ = tokio::time::timeout(Duration::from_secs(2), sink.close()).await;
}
