//! Search latency over 100,000 messages, measured over a real WebSocket on 127.0.0.1.
//!
//! `cargo run --release -p chat-elements-server --example search_bench [-- MESSAGES]` (or
//! `bash scripts/search-bench.sh`). Seeds a fresh SQLite database in a temporary directory
//! through the store (users, 2,000 conversations with subjects, MESSAGES messages of generated
//! text with a Zipf-like word distribution plus a few rare, accented and CJK words), starts the
//! server on that database, then times each query as `searchMessages`/`searchConversations`
//! requests from a connected client and prints p50/p95/p99 per query.

use std::time::{Duration, Instant};

use chat_elements_protocol::{ClientFrame, Custom, Origin, Reply, Request, ServerFrame};
use chat_elements_server::store::{Database, NewMessage, Store};
use chat_elements_server::{content, start, Config};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message as WsMessage;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const SECRET: &str = "search-bench-secret-0123456789abcdef01";
const CONVERSATIONS: usize = 2_000;
const USERS: usize = 200;
const VOCABULARY: usize = 5_000;
const RUNS: usize = 200;
const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ra", "ten", "su", "vo", "ne", "pa", "dri", "qu", "zel", "or", "fi", "ban",
    "tu",
];

/// A small deterministic generator (xorshift), so every run seeds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The word of rank `i`: made of syllables, so words share prefixes the way real ones do.
fn word(mut i: usize) -> String {
    let mut out = String::new();
    loop {
        out.push_str(SYLLABLES[i % SYLLABLES.len()]);
        i /= SYLLABLES.len();
        if i == 0 {
            return out;
        }
    }
}

/// Picks word ranks with probability ∝ 1/rank.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        Zipf(
            (1..=n)
                .map(|r| {
                    total += 1.0 / r as f64;
                    total
                })
                .collect(),
        )
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let last = self.0.last().copied().unwrap_or(1.0);
        let x = (rng.next() % 1_000_000_007) as f64 / 1_000_000_007.0 * last;
        self.0.partition_point(|c| *c < x)
    }
}

fn message_text(rng: &mut Rng, zipf: &Zipf) -> String {
    let count = 6 + rng.below(9);
    let mut words: Vec<String> = (0..count).map(|_| word(zipf.sample(rng))).collect();
    match rng.below(1000) {
        0 => words.push("zanzibar".into()),
        1..=20 => words.push("Café crème".into()),
        21..=30 => words.push("東京 会議".into()),
        _ => {}
    }
    words.join(" ")
}

/// Users u0…, conversations c0000… (each with 3 users; `ops` in all, `alice` in every 20th).
async fn seed(store: &Store, messages: usize) -> Result<(), BoxError> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let zipf = Zipf::new(VOCABULARY);
    for user in (0..USERS)
        .map(|i| format!("u{i}"))
        .chain(["ops".into(), "alice".into()])
    {
        store.ensure_user(&user, &user).await?;
    }
    let mut members = Vec::with_capacity(CONVERSATIONS);
    for c in 0..CONVERSATIONS {
        let id = format!("c{c:04}");
        let subject = format!("{} {} {c}", word(zipf.sample(&mut rng)), word(c % 97));
        store.ensure_conversation(&id, &subject).await?;
        let mut people: Vec<String> = (0..3)
            .map(|k| format!("u{}", (c * 7 + k * 13) % USERS))
            .collect();
        people.push("ops".into());
        if c % 20 == 0 {
            people.push("alice".into());
        }
        for person in &people {
            store
                .ensure_participant(&id, person, chat_elements_protocol::Access::ReadWrite)
                .await?;
        }
        members.push((id, people));
    }
    let custom = Custom::new();
    let started = Instant::now();
    for i in 0..messages {
        let (conversation, people) = &members[rng.below(CONVERSATIONS)];
        let sender = &people[rng.below(people.len())];
        let parsed = content::parse(&message_text(&mut rng, &zipf), &Default::default());
        let new = NewMessage {
            conversation_id: conversation,
            sender_id: Some(sender),
            client_id: None,
            origin: Origin::Import,
            plaintext: &parsed.plaintext,
            content: &parsed.content,
            custom: &custom,
            referenced_message_id: None,
        };
        store
            .create_message(new, 1_700_000_000_000 + i as i64)
            .await?;
        if (i + 1) % 20_000 == 0 {
            eprintln!("  seeded {} messages ({:.0?})", i + 1, started.elapsed());
        }
    }
    Ok(())
}

struct Client {
    socket: Socket,
    next_id: u64,
}

impl Client {
    async fn connect(base: &str, token: String) -> Result<Client, BoxError> {
        let url = format!("{}/v1/ws", base.replacen("http", "ws", 1));
        let (socket, _) = tokio_tungstenite::connect_async(url).await?;
        let mut client = Client { socket, next_id: 1 };
        client.request(Request::Auth { token }).await?;
        Ok(client)
    }

    async fn request(&mut self, request: Request) -> Result<Reply, BoxError> {
        let id = self.next_id;
        self.next_id += 1;
        let text = serde_json::to_string(&ClientFrame { id, request })?;
        self.socket.send(WsMessage::text(text)).await?;
        loop {
            let message = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await?
                .ok_or("socket closed")??;
            let WsMessage::Text(text) = message else {
                continue;
            };
            match serde_json::from_str(text.as_str())? {
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
}

fn search(query: &str, cursor: Option<String>, conversation: Option<&str>) -> Request {
    Request::SearchMessages {
        query: query.into(),
        limit: Some(10),
        cursor,
        conversation_id: conversation.map(str::to_owned),
    }
}

/// The rows of the table: a label and the request it times.
fn queries() -> Vec<(String, Request)> {
    let (w1, w50) = (word(0), word(49));
    let two = format!("{} {w50}", word(4));
    let prefix: String = word(9).chars().take(2).collect();
    let words = [
        (format!("most common word {w1:?}"), w1.clone()),
        (format!("rank-50 word {w50:?}"), w50.clone()),
        (format!("two words {two:?}"), two.clone()),
        (format!("2-char prefix {prefix:?}"), prefix.clone()),
        ("rare word \"zanzibar\"".to_owned(), "zanzibar".to_owned()),
        ("accent-folded \"cafe\"".to_owned(), "cafe".to_owned()),
        ("CJK \"東京\"".to_owned(), "東京".to_owned()),
        ("no match \"xylophone\"".to_owned(), "xylophone".to_owned()),
    ];
    let mut rows: Vec<(String, Request)> = words
        .into_iter()
        .map(|(label, query)| (label, search(&query, None, None)))
        .collect();
    rows.push((
        format!("one conversation {w1:?}"),
        search(&w1, None, Some("c0000")),
    ));
    let conversations = Request::SearchConversations {
        query: "ka".into(),
        limit: Some(10),
        cursor: None,
    };
    rows.push(("conversations \"ka\"".to_owned(), conversations));
    rows
}

/// How many results the reply holds, and its cursor.
fn summary(reply: &Reply) -> (usize, Option<String>) {
    match reply {
        Reply::MessageSearch(page) => (page.results.len(), page.cursor.clone()),
        Reply::ConversationSearch(page) => (page.results.len(), page.cursor.clone()),
        _ => (0, None),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Sends `request` [`RUNS`] times and prints its row: `(user, label, hits, p50, p95, p99)`.
async fn measure(
    client: &mut Client,
    user: &str,
    label: &str,
    request: &Request,
    hits: usize,
) -> Result<(), BoxError> {
    let mut samples = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        client.request(request.clone()).await?;
        samples.push(t.elapsed());
    }
    samples.sort();
    let (p50, p95, p99) = (
        percentile(&samples, 0.5),
        percentile(&samples, 0.95),
        percentile(&samples, 0.99),
    );
    println!("| {user:<5} | {label:<36} | {hits:>4} | {p50:>7.2} | {p95:>7.2} | {p99:>7.2} |");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let messages: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let mut config = Config::demo(dir.path(), SECRET);
    // The bench sends back to back; the shipped per-connection rate limit would refuse that.
    config.limits.requests_per_second = 100_000;

    eprintln!("seeding {messages} messages in {CONVERSATIONS} conversations through the store…");
    let started = Instant::now();
    let store = Store::open(&Database::File(dir.path().join("chat.db"))).await?;
    seed(&store, messages).await?;
    store.close().await;
    let seeding = started.elapsed();

    let server = start(config).await?;
    let base = format!("http://{}", server.local_addr());
    let now = chat_elements_server::ids::now_ms();
    println!("\nsearch over {messages} messages, {CONVERSATIONS} conversations (seeded in {seeding:.1?});");
    println!("`ops` takes part in every conversation, `alice` in 1 of 20. {RUNS} runs per row, limit 10.\n");
    println!(
        "| {:<5} | {:<36} | {:>4} | {:>7} | {:>7} | {:>7} |",
        "user", "query", "hits", "p50 ms", "p95 ms", "p99 ms"
    );
    println!(
        "|{:-<7}|{:-<38}|{:->6}|{:->9}|{:->9}|{:->9}|",
        "", "", "", "", "", ""
    );
    for user in ["ops", "alice"] {
        let token = server.state().tokens.mint(user, 3600, now)?.token;
        let mut client = Client::connect(&base, token).await?;
        for (i, (label, request)) in queries().into_iter().enumerate() {
            let (hits, cursor) = summary(&client.request(request.clone()).await?);
            measure(&mut client, user, &label, &request, hits).await?;
            // The most common word (first row) again, from its first page's cursor.
            if let (0, Request::SearchMessages { query, .. }, Some(_)) = (i, &request, &cursor) {
                let next = search(query, cursor, None);
                measure(&mut client, user, "  its next page", &next, hits).await?;
            }
        }
    }
    server.stop().await?;
    Ok(())
}
