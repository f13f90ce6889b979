//! Measures the reference server over real WebSockets on 127.0.0.1 and prints a table.
//!
//! `cargo run --release -p chat-elements-server --example bench` (or `bash scripts/bench.sh`).
//! The server runs in this process over a fresh SQLite file in a temporary directory; every
//! client is a real WebSocket connection on loopback. Each scenario is bounded in count.

use std::time::{Duration, Instant};

use chat_elements_protocol::{ClientFrame, Reply, Request, ServerFrame};
use chat_elements_server::{start, Config};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;

const SECRET: &str = "bench-secret-0123456789abcdef0123456789";
const CONVERSATION: &str = "demo";

struct Client {
    socket: Socket,
    next_id: u64,
}

impl Client {
    async fn connect(base: &str, token: &str) -> Result<Client, BoxError> {
        let url = format!("{}/v1/ws", base.replacen("http", "ws", 1));
        let (socket, _) = tokio_tungstenite::connect_async(url).await?;
        let mut client = Client { socket, next_id: 1 };
        client
            .request(Request::Auth {
                token: token.to_owned(),
            })
            .await?;
        Ok(client)
    }

    async fn send_frame(&mut self, request: Request) -> Result<u64, BoxError> {
        let id = self.next_id;
        self.next_id += 1;
        let text = serde_json::to_string(&ClientFrame { id, request })?;
        self.socket.send(WsMessage::text(text)).await?;
        Ok(id)
    }

    async fn next_frame(&mut self) -> Result<ServerFrame, BoxError> {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(10), self.socket.next())
                .await?
                .ok_or("socket closed")??;
            if let WsMessage::Text(text) = message {
                return Ok(serde_json::from_str(text.as_str())?);
            }
        }
    }

    /// Sends a request and waits for its reply, skipping events.
    async fn request(&mut self, request: Request) -> Result<Reply, BoxError> {
        let id = self.send_frame(request).await?;
        loop {
            match self.next_frame().await? {
                ServerFrame::Ok { id: got, result } if got == id => return Ok(result),
                ServerFrame::Error {
                    id: Some(got),
                    code,
                    message,
                    ..
                } if got == id => return Err(format!("{code}: {message}").into()),
                _ => {}
            }
        }
    }

    /// Waits for the `messageCreated` event carrying `text`.
    async fn wait_for_text(&mut self, text: &str) -> Result<(), BoxError> {
        loop {
            if let ServerFrame::Event {
                event: chat_elements_protocol::Event::MessageCreated { message },
                ..
            } = self.next_frame().await?
            {
                if message.plaintext == text {
                    return Ok(());
                }
            }
        }
    }
}

async fn token(http: &reqwest::Client, base: &str, user: &str) -> Result<String, BoxError> {
    let body: serde_json::Value = http
        .post(format!("{base}/v1/admin/tokens"))
        .bearer_auth(SECRET)
        .json(&serde_json::json!({ "userId": user, "ttlSeconds": 3600 }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(body["token"].as_str().ok_or("no token")?.to_owned())
}

/// Creates `count` users who all take part in the bench conversation; returns their tokens.
async fn users(http: &reqwest::Client, base: &str, count: usize) -> Result<Vec<String>, BoxError> {
    let mut tokens = Vec::with_capacity(count);
    for i in 0..count {
        let user = format!("bench{i}");
        http.put(format!("{base}/v1/admin/users/{user}"))
            .bearer_auth(SECRET)
            .json(&serde_json::json!({ "name": user }))
            .send()
            .await?
            .error_for_status()?;
        http.put(format!(
            "{base}/v1/admin/conversations/{CONVERSATION}/participants/{user}"
        ))
        .bearer_auth(SECRET)
        .json(&serde_json::json!({}))
        .send()
        .await?
        .error_for_status()?;
        tokens.push(token(http, base, &user).await?);
    }
    Ok(tokens)
}

fn send(text: String, client_id: String) -> Request {
    Request::Send {
        conversation_id: CONVERSATION.into(),
        client_id,
        text: Some(text),
        content: None,
        referenced_message_id: None,
        custom: None,
    }
}

struct Row {
    scenario: String,
    samples: Vec<Duration>,
    total: Duration,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn print_table(rows: &mut [Row]) {
    println!(
        "| {:<44} | {:>6} | {:>8} | {:>8} | {:>8} | {:>9} |",
        "scenario", "n", "p50 ms", "p95 ms", "p99 ms", "ops/s"
    );
    println!(
        "|{:-<46}|{:->8}|{:->10}|{:->10}|{:->10}|{:->11}|",
        "", "", "", "", "", ""
    );
    for row in rows.iter_mut() {
        row.samples.sort();
        let n = row.samples.len();
        println!(
            "| {:<44} | {:>6} | {:>8.2} | {:>8.2} | {:>8.2} | {:>9.0} |",
            row.scenario,
            n,
            percentile(&row.samples, 0.50),
            percentile(&row.samples, 0.95),
            percentile(&row.samples, 0.99),
            n as f64 / row.total.as_secs_f64()
        );
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let dir = tempfile::tempdir()?;
    let mut config = Config::demo(dir.path(), SECRET);
    config.listen = "127.0.0.1:0".into();
    // The throughput rows send faster than the shipped per-connection rate limit allows.
    config.limits.requests_per_second = 100_000;
    let server = start(config).await?;
    let base = format!("http://{}", server.local_addr());
    let http = reqwest::Client::new();
    const SUBSCRIBERS: usize = 10;
    let tokens = users(&http, &base, SUBSCRIBERS + 1).await?;
    let mut rows = Vec::new();

    // 1. One client: send, wait for the committed ack, repeat.
    let mut sender = Client::connect(&base, &tokens[0]).await?;
    let started = Instant::now();
    let mut samples = Vec::new();
    for i in 0..500 {
        let t = Instant::now();
        sender
            .request(send(format!("ack {i}"), format!("ack-{i}")))
            .await?;
        samples.push(t.elapsed());
    }
    rows.push(Row {
        scenario: "send → committed ack (1 client)".into(),
        samples,
        total: started.elapsed(),
    });

    // 2. Send → event at the last of 10 subscribers.
    let mut subscribers = Vec::new();
    for token in &tokens[1..] {
        let mut client = Client::connect(&base, token).await?;
        client
            .request(Request::Subscribe {
                conversation_id: CONVERSATION.into(),
                after_seq: None,
            })
            .await?;
        subscribers.push(client);
    }
    let started = Instant::now();
    let mut samples = Vec::new();
    for i in 0..200 {
        let text = format!("fan {i}");
        let t = Instant::now();
        sender
            .request(send(text.clone(), format!("fan-{i}")))
            .await?;
        for subscriber in subscribers.iter_mut() {
            subscriber.wait_for_text(&text).await?;
        }
        samples.push(t.elapsed());
    }
    rows.push(Row {
        scenario: format!("send → event at all {SUBSCRIBERS} subscribers"),
        samples,
        total: started.elapsed(),
    });
    drop(subscribers);

    // 3. Ten clients sending at once, each waiting for its own acks.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, token) in tokens[1..].iter().cloned().enumerate() {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(&base, &token).await?;
            let mut samples = Vec::new();
            for i in 0..100 {
                let t = Instant::now();
                client
                    .request(send(format!("load {n}/{i}"), format!("load-{i}")))
                    .await?;
                samples.push(t.elapsed());
            }
            Ok::<_, BoxError>(samples)
        }));
    }
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await??);
    }
    rows.push(Row {
        scenario: format!("concurrent sends ({SUBSCRIBERS} clients × 100)"),
        samples,
        total: started.elapsed(),
    });

    // 4. History pages of 30 from the newest backwards.
    let started = Instant::now();
    let mut samples = Vec::new();
    let mut before = None;
    for _ in 0..200 {
        let t = Instant::now();
        let reply = sender
            .request(Request::History {
                conversation_id: CONVERSATION.into(),
                before_seq: before,
                limit: Some(30),
            })
            .await?;
        samples.push(t.elapsed());
        before = match reply {
            Reply::History { messages, has_more } if has_more => messages.first().map(|m| m.seq),
            _ => None,
        };
    }
    rows.push(Row {
        scenario: "history page of 30 (walking backwards)".into(),
        samples,
        total: started.elapsed(),
    });

    println!("chat-elements-server over loopback WebSockets, SQLite in a temporary directory\n");
    print_table(&mut rows);
    drop(sender);
    server.stop().await?;
    Ok(())
}
