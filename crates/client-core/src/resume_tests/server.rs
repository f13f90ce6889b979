//! A simulated server for one conversation: an event log, replays, history pages, sends
//! de-duplicated by client id, and per-connection frame queues.

use std::collections::VecDeque;

use chat_elements_protocol::ReplayStatus;

use crate::testing::Msg;

/// Events a server replays at most; more missed events answer `truncated`.
pub const REPLAY_LIMIT: u64 = 6;

#[derive(Debug, Clone)]
pub enum Change {
    Created(Msg),
    Updated(Msg),
    Deleted(String),
}

#[derive(Debug)]
pub enum Frame {
    Event(u64, Change),
    Subscribed(u64, ReplayStatus),
    History(Vec<Msg>, bool),
    Sent(Msg),
}

#[derive(Default)]
pub struct Server {
    pub log: Vec<Change>,
    pub messages: Vec<Msg>,
    /// Every message ever sent (deleted ones too), for the client id de-duplication.
    pub sends: Vec<Msg>,
    pub queues: Vec<VecDeque<Frame>>,
    pub subscribed: Vec<bool>,
    pub users: Vec<String>,
    pub truncated: usize,
    pub replayed: usize,
}

impl Server {
    pub fn last_seq(&self) -> u64 {
        self.log.len() as u64
    }

    /// A change as connection `conn` sees it (client ids only go to the sender).
    pub fn for_conn(&self, conn: usize, change: &Change) -> Change {
        let strip = |m: &Msg| Msg {
            client_id: m.client_id.clone().filter(|_| m.sender == self.users[conn]),
            ..m.clone()
        };
        match change {
            Change::Created(m) => Change::Created(strip(m)),
            Change::Updated(m) => Change::Updated(strip(m)),
            Change::Deleted(id) => Change::Deleted(id.clone()),
        }
    }

    pub fn commit(&mut self, change: Change) {
        self.log.push(change.clone());
        let seq = self.last_seq();
        for conn in 0..self.queues.len() {
            if self.subscribed[conn] {
                let seen = self.for_conn(conn, &change);
                self.queues[conn].push_back(Frame::Event(seq, seen));
            }
        }
    }

    pub fn subscribe(&mut self, conn: usize, after: Option<u64>) {
        self.subscribed[conn] = true;
        let last = self.last_seq();
        let replay = match after {
            None => ReplayStatus::None,
            Some(a) if a > last || last - a > REPLAY_LIMIT => {
                self.truncated += 1;
                ReplayStatus::Truncated
            }
            Some(a) => {
                self.replayed += 1;
                for seq in a + 1..=last {
                    let seen = self.for_conn(conn, &self.log[seq as usize - 1]);
                    self.queues[conn].push_back(Frame::Event(seq, seen));
                }
                ReplayStatus::Complete
            }
        };
        self.queues[conn].push_back(Frame::Subscribed(last, replay));
    }

    pub fn history(&mut self, conn: usize, before: Option<u64>, limit: u32) {
        let older: Vec<Msg> = self
            .messages
            .iter()
            .filter(|m| before.is_none_or(|b| m.seq < b))
            .map(|m| match self.for_conn(conn, &Change::Created(m.clone())) {
                Change::Created(m) => m,
                _ => unreachable!(),
            })
            .collect();
        let start = older.len().saturating_sub(limit as usize);
        let page = older[start..].to_vec();
        self.queues[conn].push_back(Frame::History(page, start > 0));
    }

    pub fn send(&mut self, conn: usize, client_id: &str, text: &str) {
        let sender = self.users[conn].clone();
        let existing = self
            .sends
            .iter()
            .find(|m| m.sender == sender && m.client_id.as_deref() == Some(client_id));
        let message = match existing {
            Some(m) => m.clone(),
            None => {
                let m = Msg {
                    id: format!("msg_{}", self.last_seq() + 1),
                    seq: self.last_seq() + 1,
                    client_id: Some(client_id.into()),
                    sender,
                    text: text.into(),
                };
                self.messages.push(m.clone());
                self.sends.push(m.clone());
                self.commit(Change::Created(m.clone()));
                m
            }
        };
        self.queues[conn].push_back(Frame::Sent(message));
    }

    pub fn edit(&mut self, index: usize, text: &str) {
        if let Some(m) = self.messages.get_mut(index) {
            m.text = text.into();
            let m = m.clone();
            self.commit(Change::Updated(m));
        }
    }

    pub fn delete(&mut self, index: usize) {
        if index < self.messages.len() {
            let m = self.messages.remove(index);
            self.commit(Change::Deleted(m.id));
        }
    }
}
