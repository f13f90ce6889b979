//! Reconnect and resume, end to end against a simulated server: two senders burst messages
//! (with edits and deletions) while their sockets keep dropping; replays are sometimes
//! truncated. Both must end with the server's messages, in the same order, each once.

use std::collections::VecDeque;

use crate::testing::Msg;
use crate::window::{MessageStream, StreamCommand};
use crate::Outbox;

mod server;

use server::{Change, Frame, Server};

struct Client {
    stream: MessageStream<Msg>,
    outbox: Outbox<()>,
    online: bool,
    next_request: u64,
}

/// A small deterministic random source.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn run(server: &mut Server, client: &mut Client, conn: usize, commands: Vec<StreamCommand>) {
    for command in commands {
        match command {
            StreamCommand::Subscribe { after_seq } => server.subscribe(conn, after_seq),
            StreamCommand::FetchNewest { limit } => server.history(conn, None, limit),
            StreamCommand::FetchOlder { before_seq, limit } => {
                server.history(conn, Some(before_seq), limit)
            }
            StreamCommand::Emit { subscriber } => {
                let (messages, _) = client.stream.snapshot(subscriber).expect("emitted");
                let messages = messages.expect("participant");
                assert!(
                    messages.windows(2).all(|w| w[0].seq < w[1].seq),
                    "ordered, once"
                );
            }
            StreamCommand::LoadMoreDone { .. } | StreamCommand::Unsubscribe => {}
        }
    }
    if client.online {
        for client_id in client.outbox.ready(0) {
            let text = client.outbox.get(&client_id).map(|i| i.text.clone());
            client.next_request += 1;
            client
                .outbox
                .mark_in_flight(&client_id, client.next_request);
            server.send(conn, &client_id, &text.unwrap_or_default());
        }
    }
}

fn deliver(server: &mut Server, client: &mut Client, conn: usize) {
    let Some(frame) = server.queues[conn].pop_front() else {
        return;
    };
    let commands = match frame {
        Frame::Event(seq, Change::Created(m)) => {
            if let Some(cid) = m.client_id.clone() {
                client.outbox.complete(&cid, ());
            }
            client.stream.on_created(seq, m)
        }
        Frame::Event(seq, Change::Updated(m)) => client.stream.on_updated(seq, m),
        Frame::Event(seq, Change::Deleted(id)) => client.stream.on_deleted(seq, &id),
        Frame::Subscribed(last, replay) => client.stream.on_subscribed(last, replay),
        Frame::History(page, has_more) => client.stream.on_history(page, has_more),
        Frame::Sent(m) => {
            if let Some(cid) = m.client_id.clone() {
                client.outbox.complete(&cid, ());
            }
            client.stream.on_sent(m)
        }
    };
    run(server, client, conn, commands);
}

fn drop_connection(server: &mut Server, client: &mut Client, conn: usize) {
    server.queues[conn].clear();
    server.subscribed[conn] = false;
    client.online = false;
    client.stream.disconnected();
    client.outbox.requeue_in_flight();
}

fn reconnect(server: &mut Server, client: &mut Client, conn: usize) {
    client.online = true;
    let commands = client.stream.connected();
    run(server, client, conn, commands);
}

#[test]
fn repeated_drops_during_a_burst_from_two_senders_lose_and_duplicate_nothing() {
    let (mut truncated, mut replayed) = (0, 0);
    for seed in 1..=40 {
        let mut rng = Lcg(seed);
        let mut server = Server {
            users: vec!["alice".into(), "bob".into()],
            queues: vec![VecDeque::new(), VecDeque::new()],
            subscribed: vec![false, false],
            ..Server::default()
        };
        let mut clients: Vec<Client> = (0..2)
            .map(|_| Client {
                stream: MessageStream::new(4),
                outbox: Outbox::new(),
                online: false,
                next_request: 0,
            })
            .collect();
        for (conn, client) in clients.iter_mut().enumerate() {
            client.stream.add_subscriber(1);
            reconnect(&mut server, client, conn);
        }
        let mut sent = [0u32; 2];
        for _ in 0..600 {
            let conn = rng.below(2) as usize;
            let client = &mut clients[conn];
            match rng.below(20) {
                0..=3 if sent[conn] < 15 => {
                    sent[conn] += 1;
                    let client_id = format!("{conn}-{}", sent[conn]);
                    let text = format!("{} #{}", server.users[conn], sent[conn]);
                    drop(client.outbox.enqueue(client_id, "c".into(), text, (), None));
                    run(&mut server, client, conn, Vec::new());
                }
                4 => server.edit(rng.below(40) as usize, &format!("edit {seed}")),
                5 => server.delete(rng.below(40) as usize),
                6 if client.online => drop_connection(&mut server, client, conn),
                7..=9 if !client.online => reconnect(&mut server, client, conn),
                _ => deliver(&mut server, client, conn),
            }
        }
        // The burst is over: everyone reconnects, every send goes out, every frame arrives.
        for (conn, client) in clients.iter_mut().enumerate() {
            if !client.online {
                reconnect(&mut server, client, conn);
            }
        }
        for conn in (0..2).cycle().take(20_000) {
            deliver(&mut server, &mut clients[conn], conn);
        }
        for (conn, client) in clients.iter_mut().enumerate() {
            while !client.stream.snapshot(1).expect("resolved").1 {
                let commands = client.stream.load_more(1, 100);
                run(&mut server, client, conn, commands);
                while !server.queues[conn].is_empty() {
                    deliver(&mut server, client, conn);
                }
            }
        }
        let expected: Vec<(String, String)> = server
            .messages
            .iter()
            .map(|m| (m.id.clone(), m.text.clone()))
            .collect();
        for client in &clients {
            assert!(
                client.outbox.is_empty(),
                "seed {seed}: every send acknowledged"
            );
            let (messages, _) = client.stream.snapshot(1).expect("resolved");
            let seen: Vec<(String, String)> = messages
                .expect("participant")
                .iter()
                .map(|m| (m.id.clone(), m.text.clone()))
                .collect();
            assert_eq!(seen, expected, "seed {seed}");
            assert!(client.stream.timeline().pending().is_empty());
        }
        let per_sender = |u: &str| {
            server
                .log
                .iter()
                .filter(|c| matches!(c, Change::Created(m) if m.sender == u))
                .count()
        };
        assert_eq!(
            per_sender("alice"),
            sent[0] as usize,
            "seed {seed}: no duplicate sends"
        );
        assert_eq!(per_sender("bob"), sent[1] as usize, "seed {seed}");
        truncated += server.truncated;
        replayed += server.replayed;
    }
    // Both resume paths were exercised.
    assert!(
        truncated > 10 && replayed > 10,
        "{truncated} truncated, {replayed} replayed"
    );
}
