//! Reading messages: the columns, decoding a row, and completing rows into [`MessageRecord`]s
//! with their quoted message and reactions.

use std::collections::{BTreeMap, BTreeSet};

use chat_elements_protocol::{
    ContentBlock, Custom, Message, MessageType, Origin, Reaction, ReferencedMessage,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::events::Reactors;
use super::{seq_from_db, user_columns, user_from_prefixed_row};

/// A message before it is shown to anyone: `currentUserReacted` is false everywhere and the
/// client id is present; `view::record_for` makes the viewer's version.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRecord {
    pub message: Message,
    /// Who reacted to the message and to the message it quotes.
    pub reactors: Reactors,
}

/// One row, before its quote and reactions are added.
pub(super) struct MessageRow {
    pub message: Message,
    pub referenced_message_id: Option<String>,
}

/// The columns [`message_from_row`] reads, for `messages m LEFT JOIN users u ON u.id = m.sender_id`.
pub(super) fn message_columns() -> String {
    format!(
        "m.id, m.conversation_id, m.seq, m.type, m.client_id, m.origin, m.plaintext, m.content, \
         m.custom, m.referenced_message_id, m.created_at, m.edited_at, {}",
        user_columns("u", "sender_")
    )
}

/// `SELECT` of every message column, to be followed by `WHERE …`.
pub(super) fn select_messages() -> String {
    format!(
        "SELECT {} FROM messages m LEFT JOIN users u ON u.id = m.sender_id",
        message_columns()
    )
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

pub(super) fn encode<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|err| sqlx::Error::Encode(Box::new(err)))
}

pub(super) fn type_to_db(kind: MessageType) -> &'static str {
    match kind {
        MessageType::UserMessage => "UserMessage",
        MessageType::SystemMessage => "SystemMessage",
    }
}

pub(super) fn origin_to_db(origin: Origin) -> &'static str {
    match origin {
        Origin::Web => "web",
        Origin::Rest => "rest",
        Origin::Import => "import",
        Origin::Email => "email",
    }
}

fn type_from_db(value: &str) -> Result<MessageType, sqlx::Error> {
    match value {
        "UserMessage" => Ok(MessageType::UserMessage),
        "SystemMessage" => Ok(MessageType::SystemMessage),
        other => Err(sqlx::Error::Decode(
            format!("unknown message type {other:?}").into(),
        )),
    }
}

fn origin_from_db(value: &str) -> Result<Origin, sqlx::Error> {
    match value {
        "web" => Ok(Origin::Web),
        "rest" => Ok(Origin::Rest),
        "import" => Ok(Origin::Import),
        "email" => Ok(Origin::Email),
        other => Err(sqlx::Error::Decode(
            format!("unknown message origin {other:?}").into(),
        )),
    }
}

pub(super) fn message_from_row(row: &SqliteRow) -> Result<MessageRow, sqlx::Error> {
    let sender_id: Option<String> = row.try_get("sender_id")?;
    let sender = match sender_id {
        Some(_) => Some(user_from_prefixed_row(row, "sender_")?),
        None => None,
    };
    let content: String = row.try_get("content")?;
    let custom: String = row.try_get("custom")?;
    let kind: String = row.try_get("type")?;
    let origin: String = row.try_get("origin")?;
    Ok(MessageRow {
        message: Message {
            id: row.try_get("id")?,
            conversation_id: row.try_get("conversation_id")?,
            seq: seq_from_db(row.try_get("seq")?),
            kind: type_from_db(&kind)?,
            sender,
            client_id: row.try_get("client_id")?,
            custom: decode::<Custom>(&custom)?,
            created_at: row.try_get("created_at")?,
            edited_at: row.try_get("edited_at")?,
            referenced_message: None,
            origin: origin_from_db(&origin)?,
            plaintext: row.try_get("plaintext")?,
            content: decode::<Vec<ContentBlock>>(&content)?,
            reactions: Vec::new(),
        },
        referenced_message_id: row.try_get("referenced_message_id")?,
    })
}

fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}

/// Rows of `messages` with these ids (in no particular order).
async fn rows_by_ids(
    conn: &mut SqliteConnection,
    ids: &BTreeSet<String>,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{} WHERE m.id IN ({})",
        select_messages(),
        placeholders(ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(message_from_row).collect()
}

/// The reactions to these messages: per message, emoji in the order first used, with who.
async fn reactions_of(
    conn: &mut SqliteConnection,
    ids: &BTreeSet<String>,
) -> Result<BTreeMap<String, Vec<(String, BTreeSet<String>)>>, sqlx::Error> {
    let mut result: BTreeMap<String, Vec<(String, BTreeSet<String>)>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(result);
    }
    let sql = format!(
        "SELECT message_id, emoji, user_id FROM reactions WHERE message_id IN ({}) ORDER BY id",
        placeholders(ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id);
    }
    for row in query.fetch_all(&mut *conn).await? {
        let message_id: String = row.try_get("message_id")?;
        let emoji: String = row.try_get("emoji")?;
        let user_id: String = row.try_get("user_id")?;
        let list = result.entry(message_id).or_default();
        match list.iter_mut().find(|(known, _)| *known == emoji) {
            Some((_, users)) => {
                users.insert(user_id);
            }
            None => list.push((emoji, BTreeSet::from([user_id]))),
        }
    }
    Ok(result)
}

fn summaries(list: Option<&Vec<(String, BTreeSet<String>)>>) -> Vec<Reaction> {
    list.into_iter()
        .flatten()
        .map(|(emoji, users)| Reaction {
            emoji: emoji.clone(),
            count: users.len() as u64,
            current_user_reacted: false,
        })
        .collect()
}

fn reactors_of(
    list: Option<&Vec<(String, BTreeSet<String>)>>,
) -> BTreeMap<String, BTreeSet<String>> {
    list.into_iter().flatten().cloned().collect()
}

/// Adds each row's quoted message (one level deep) and the reactions to both.
pub(super) async fn complete(
    conn: &mut SqliteConnection,
    rows: Vec<MessageRow>,
) -> Result<Vec<MessageRecord>, sqlx::Error> {
    let referenced_ids: BTreeSet<String> = rows
        .iter()
        .filter_map(|row| row.referenced_message_id.clone())
        .collect();
    let referenced: BTreeMap<String, MessageRow> = rows_by_ids(conn, &referenced_ids)
        .await?
        .into_iter()
        .map(|row| (row.message.id.clone(), row))
        .collect();
    let mut all_ids: BTreeSet<String> = rows.iter().map(|row| row.message.id.clone()).collect();
    all_ids.extend(referenced.keys().cloned());
    let reactions = reactions_of(conn, &all_ids).await?;

    let records = rows
        .into_iter()
        .map(|row| {
            let mut message = row.message;
            let mut reactors = Reactors::new();
            let own = reactions.get(&message.id);
            message.reactions = summaries(own);
            if own.is_some() {
                reactors.insert(message.id.clone(), reactors_of(own));
            }
            let quoted = row
                .referenced_message_id
                .as_ref()
                .and_then(|id| referenced.get(id))
                .filter(|quoted| quoted.message.conversation_id == message.conversation_id);
            if let Some(quoted) = quoted {
                let theirs = reactions.get(&quoted.message.id);
                if theirs.is_some() {
                    reactors.insert(quoted.message.id.clone(), reactors_of(theirs));
                }
                message.referenced_message = Some(Box::new(referenced_message(quoted, theirs)));
            }
            MessageRecord { message, reactors }
        })
        .collect();
    Ok(records)
}

fn referenced_message(
    row: &MessageRow,
    reactions: Option<&Vec<(String, BTreeSet<String>)>>,
) -> ReferencedMessage {
    let message = &row.message;
    ReferencedMessage {
        id: message.id.clone(),
        kind: message.kind,
        sender: message.sender.clone(),
        custom: message.custom.clone(),
        created_at: message.created_at,
        edited_at: message.edited_at,
        referenced_message_id: row.referenced_message_id.clone(),
        origin: message.origin,
        plaintext: message.plaintext.clone(),
        content: message.content.clone(),
        reactions: summaries(reactions),
    }
}

/// The completed record of one message, if it exists.
pub(super) async fn record_by_id(
    conn: &mut SqliteConnection,
    message_id: &str,
) -> Result<Option<MessageRecord>, sqlx::Error> {
    let ids = BTreeSet::from([message_id.to_owned()]);
    let rows = rows_by_ids(conn, &ids).await?;
    Ok(complete(conn, rows).await?.pop())
}

/// The completed records of these messages, by id (missing ones are left out).
pub(super) async fn records_by_ids(
    conn: &mut SqliteConnection,
    ids: &BTreeSet<String>,
) -> Result<BTreeMap<String, MessageRecord>, sqlx::Error> {
    let rows = rows_by_ids(conn, ids).await?;
    Ok(complete(conn, rows)
        .await?
        .into_iter()
        .map(|record| (record.message.id.clone(), record))
        .collect())
}
