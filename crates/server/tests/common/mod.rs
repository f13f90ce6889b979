//! Shared test support: a real server on 127.0.0.1:0 over a real SQLite file in a temporary
//! directory, a typed WebSocket client, and admin API calls.
#![allow(dead_code)]

mod messages;

#[allow(unused_imports)]
pub use messages::{send_content, send_reply};

pub mod files;
pub mod moderation;
pub mod search;
pub mod watch;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chat_elements_protocol::{
    ClientFrame, Conversation, ErrorCode, Message, ReplayStatus, Reply, Request, ServerFrame,
    Welcome,
};
use chat_elements_server::{start, Config, RunningServer};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const SECRET: &str = "test-app-secret-0123456789abcdef0123";
pub const APP_ID: &str = "demo";

/// How long a test waits for any one frame before failing.
const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

pub struct TestServer {
    server: Option<RunningServer>,
    pub base: String,
    pub data_dir: PathBuf,
    _dir: Option<tempfile::TempDir>,
    http: reqwest::Client,
}

impl TestServer {
    /// A demo-mode server (alice, bob, carol; conversation "demo") with a known secret.
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// Like [`TestServer::start`], with the config adjusted first.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let mut server = TestServer::start_in(dir.path(), adjust).await;
        server._dir = Some(dir);
        server
    }

    /// A server over the data directory `data_dir` (which the caller keeps).
    pub async fn start_in(data_dir: &Path, adjust: impl FnOnce(&mut Config)) -> TestServer {
        let mut config = Config::demo(data_dir, SECRET);
        config.www_dir = data_dir.join("www");
        config.pkg_dir = data_dir.join("pkg");
        adjust(&mut config);
        let server = start(config).await.expect("server starts");
        let base = format!("http://{}", server.local_addr());
        TestServer {
            server: Some(server),
            base,
            data_dir: data_dir.to_owned(),
            _dir: None,
            http: reqwest::Client::new(),
        }
    }

    /// Shuts the server down and waits until the database is closed.
    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.expect("server stops cleanly");
        }
    }

    /// Asks the server to shut down without waiting.
    pub fn begin_shutdown(&self) {
        if let Some(server) = &self.server {
            server.shutdown_token().cancel();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn ws_url(&self) -> String {
        format!("{}/v1/ws", self.base.replacen("http://", "ws://", 1))
    }

    /// The running server's shared state.
    pub fn state(&self) -> &chat_elements_server::AppState {
        self.server.as_ref().unwrap().state()
    }

    /// A valid token for `user` that lives `ttl_secs`.
    pub fn token_for(&self, user: &str, ttl_secs: u64) -> String {
        let server = self.server.as_ref().unwrap();
        server
            .state()
            .tokens
            .mint(user, ttl_secs, chat_elements_server::ids::now_ms())
            .unwrap()
            .token
    }

    pub fn token(&self, user: &str) -> String {
        self.token_for(user, 600)
    }

    /// A raw, unauthenticated WebSocket.
    pub async fn connect(&self) -> Client {
        let (ws, _) = tokio_tungstenite::connect_async(self.ws_url())
            .await
            .expect("WebSocket connects");
        Client {
            ws,
            next_id: 1,
            backlog: VecDeque::new(),
        }
    }

    /// A WebSocket authenticated as `user`.
    pub async fn client(&self, user: &str) -> Client {
        let mut client = self.connect().await;
        client.auth(&self.token(user)).await.expect("auth succeeds");
        client
    }

    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(SECRET);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn admin_put(&self, path: &str, body: Value) -> (u16, Value) {
        self.admin(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn admin_get(&self, path: &str) -> (u16, Value) {
        self.admin(reqwest::Method::GET, path, None).await
    }

    /// Posts a message through the admin API and returns its seq.
    pub async fn post_message(&self, conversation: &str, sender: &str, text: &str) -> u64 {
        let (status, body) = self
            .admin(
                reqwest::Method::POST,
                &format!("/v1/admin/conversations/{conversation}/messages"),
                Some(json!({ "senderId": sender, "text": text })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["seq"].as_u64().unwrap()
    }

    /// A plain HTTP client for tests that need other requests.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

/// An `error` frame's contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub id: Option<u64>,
    pub code: ErrorCode,
    pub message: String,
    pub retry_after_ms: Option<u64>,
}

/// A typed protocol client over a real WebSocket.
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Frames that arrived while waiting for a response, in order.
    backlog: VecDeque<ServerFrame>,
}

impl Client {
    pub async fn send_text(&mut self, text: String) {
        self.ws.send(WsMessage::text(text)).await.unwrap();
    }

    pub async fn send_binary(&mut self, data: Vec<u8>) {
        self.ws.send(WsMessage::binary(data)).await.unwrap();
    }

    /// Sends `request` with a fresh id, without waiting.
    pub async fn send_request(&mut self, request: Request) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let frame = ClientFrame { id, request };
        self.send_text(serde_json::to_string(&frame).unwrap()).await;
        id
    }

    /// The next frame from the server (backlog first).
    pub async fn next_frame(&mut self) -> ServerFrame {
        if let Some(frame) = self.backlog.pop_front() {
            return frame;
        }
        self.read_frame().await
    }

    async fn read_frame(&mut self) -> ServerFrame {
        loop {
            let message = tokio::time::timeout(FRAME_TIMEOUT, self.ws.next())
                .await
                .expect("a frame arrives in time")
                .expect("the socket is open")
                .expect("the socket reads");
            match message {
                WsMessage::Text(text) => {
                    return serde_json::from_str(text.as_str())
                        .unwrap_or_else(|err| panic!("bad server frame {text}: {err}"))
                }
                WsMessage::Close(frame) => panic!("unexpected close: {frame:?}"),
                _ => continue,
            }
        }
    }

    /// Waits for the response to request `id`, keeping other frames for later.
    pub async fn response(&mut self, id: u64) -> Result<Reply, Failure> {
        if let Some(pos) = self.backlog.iter().position(|f| response_id(f) == Some(id)) {
            let frame = self.backlog.remove(pos).unwrap();
            return into_result(frame);
        }
        loop {
            let frame = self.read_frame().await;
            if response_id(&frame) == Some(id) {
                return into_result(frame);
            }
            self.backlog.push_back(frame);
        }
    }

    pub async fn call(&mut self, request: Request) -> Result<Reply, Failure> {
        let id = self.send_request(request).await;
        self.response(id).await
    }

    pub async fn auth(&mut self, token: &str) -> Result<Welcome, Failure> {
        match self
            .call(Request::Auth {
                token: token.to_owned(),
            })
            .await?
        {
            Reply::Welcome(welcome) => Ok(welcome),
            other => panic!("expected welcome, got {other:?}"),
        }
    }

    pub async fn ping(&mut self) -> Result<i64, Failure> {
        match self.call(Request::Ping).await? {
            Reply::Pong { server_time } => Ok(server_time),
            other => panic!("expected pong, got {other:?}"),
        }
    }

    /// Sends a message; `Ok((message, duplicate))`.
    pub async fn send(
        &mut self,
        conversation: &str,
        client_id: &str,
        text: &str,
    ) -> Result<(Message, bool), Failure> {
        match self
            .call(send_request(conversation, client_id, text))
            .await?
        {
            Reply::Sent { message, duplicate } => Ok((message, duplicate)),
            other => panic!("expected sent, got {other:?}"),
        }
    }

    /// `Ok((messages, has_more))`.
    pub async fn history(
        &mut self,
        conversation: &str,
        before_seq: Option<u64>,
        limit: Option<u32>,
    ) -> Result<(Vec<Message>, bool), Failure> {
        let request = Request::History {
            conversation_id: conversation.to_owned(),
            before_seq,
            limit,
        };
        match self.call(request).await? {
            Reply::History { messages, has_more } => Ok((messages, has_more)),
            other => panic!("expected history, got {other:?}"),
        }
    }

    pub async fn subscribe(
        &mut self,
        conversation: &str,
        after_seq: Option<u64>,
    ) -> Result<(Conversation, ReplayStatus), Failure> {
        let request = Request::Subscribe {
            conversation_id: conversation.to_owned(),
            after_seq,
        };
        match self.call(request).await? {
            Reply::Subscribed {
                conversation,
                replay,
            } => Ok((conversation, replay)),
            other => panic!("expected subscribed, got {other:?}"),
        }
    }

    /// The next frame, which must be an event: `(conversation_id, seq, message)`.
    pub async fn next_event(&mut self) -> (String, u64, Message) {
        match self.next_frame().await {
            ServerFrame::Event {
                conversation_id,
                seq,
                event: chat_elements_protocol::Event::MessageCreated { message },
            } => (conversation_id, seq, message),
            other => panic!("expected an event, got {other:?}"),
        }
    }

    /// The events the server sent before the response to `id` (which is consumed).
    pub fn take_backlog(&mut self) -> Vec<ServerFrame> {
        self.backlog.drain(..).collect()
    }

    /// Fails if any frame but a ping or pong arrives within `wait`. Reading answers the
    /// server's pings, as a browser does.
    pub async fn expect_silence(&mut self, wait: Duration) {
        assert!(self.backlog.is_empty(), "unexpected {:?}", self.backlog);
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(message) = tokio::time::timeout_at(deadline, self.ws.next()).await {
            match message {
                Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => {}
                other => panic!("expected silence, got {other:?}"),
            }
        }
    }

    /// Waits without reading (so without answering pings).
    pub async fn stall(&mut self, wait: Duration) {
        tokio::time::sleep(wait).await;
    }

    /// Reads until the server's close frame (its code) or a read error (its text).
    pub async fn try_close(&mut self) -> Result<u16, String> {
        loop {
            let message = tokio::time::timeout(FRAME_TIMEOUT, self.ws.next())
                .await
                .expect("the connection ends in time");
            match message {
                Some(Ok(WsMessage::Close(frame))) => {
                    return Ok(frame.map_or(u16::from(CloseCode::Status), |f| u16::from(f.code)))
                }
                Some(Ok(_)) => {}
                Some(Err(err)) => return Err(err.to_string().to_lowercase()),
                None => return Err("closed without a close frame".to_owned()),
            }
        }
    }

    /// Reads until the server's close frame and returns its code. Text frames on the way are
    /// returned too, in order.
    pub async fn expect_close(&mut self) -> (u16, Vec<ServerFrame>) {
        let mut frames: Vec<ServerFrame> = self.backlog.drain(..).collect();
        loop {
            let message = tokio::time::timeout(FRAME_TIMEOUT, self.ws.next())
                .await
                .expect("the close arrives in time");
            match message {
                Some(Ok(WsMessage::Text(text))) => {
                    frames.push(serde_json::from_str(text.as_str()).unwrap());
                }
                Some(Ok(WsMessage::Close(Some(frame)))) => {
                    return (u16::from(frame.code), frames);
                }
                Some(Ok(WsMessage::Close(None))) => return (u16::from(CloseCode::Status), frames),
                Some(Ok(_)) => {}
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    }
}

pub fn send_request(conversation: &str, client_id: &str, text: &str) -> Request {
    Request::Send {
        conversation_id: conversation.to_owned(),
        client_id: client_id.to_owned(),
        text: Some(text.to_owned()),
        content: None,
        referenced_message_id: None,
        custom: None,
    }
}

fn response_id(frame: &ServerFrame) -> Option<u64> {
    match frame {
        ServerFrame::Ok { id, .. } => Some(*id),
        ServerFrame::Error { id, .. } => *id,
        _ => None,
    }
}

fn into_result(frame: ServerFrame) -> Result<Reply, Failure> {
    match frame {
        ServerFrame::Ok { result, .. } => Ok(result),
        ServerFrame::Error {
            id,
            code,
            message,
            retry_after_ms,
        } => Err(Failure {
            id,
            code,
            message,
            retry_after_ms,
        }),
        other => panic!("not a response: {other:?}"),
    }
}

/// The code of an expected failure.
pub fn code<T: std::fmt::Debug>(result: Result<T, Failure>) -> ErrorCode {
    result.expect_err("the request should fail").code
}
