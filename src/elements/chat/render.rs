//! Brings the chat-element's DOM in line with the session's state, once per animation frame.
//!
//! Rows are keyed (see `Entry::key`), so a pending message's row becomes the confirmed one in
//! place; rows are created, updated, removed and moved only where they differ.

use chat_elements_core::{Entry, LinkStatus, PendingStatus};
use chat_elements_protocol::ErrorCode;
use wasm_bindgen::JsValue;
use web_sys::{Document, Node};

use super::view::{Row, View};
use crate::dom;
use crate::errors::Error;
use crate::session::message::JsMessage;
use crate::session::state::Core;

/// Within this many pixels of the bottom counts as "at the bottom".
const BOTTOM_SLACK_PX: i32 = 32;
/// Fetch older messages when scrolled within this many pixels of the top.
pub const TOP_SLACK_PX: i32 = 80;

pub struct Outcome {
    /// The newest page is in.
    pub loaded: bool,
    /// The list does not fill its box yet and older messages exist: fetch them.
    pub wants_older: bool,
}

pub fn update(view: &mut View, core: &Core, channel: &str) -> Outcome {
    let banner = match core.conn.link.status() {
        LinkStatus::Reconnecting => Some("Connection lost. Reconnecting…"),
        LinkStatus::Offline => Some("Not connected."),
        LinkStatus::Connecting | LinkStatus::Open => None,
    };
    view.banner.set_text_content(banner);
    dom::set_hidden(&view.banner, banner.is_none());

    let conv = core.store.get(channel);
    let error = conv.and_then(|c| c.error.as_ref());
    match error {
        Some(error) => {
            view.error.set_text_content(Some(&describe(error)));
            dom::set_hidden(&view.error, false);
        }
        None => dom::set_hidden(&view.error, true),
    }
    let read_only = error.is_some() || conv.is_some_and(|c| c.read_only);
    view.input.set_disabled(read_only);
    view.button.set_disabled(read_only);

    let Some(conv) = conv else {
        return Outcome {
            loaded: false,
            wants_older: false,
        };
    };
    let timeline = conv.stream.timeline();
    let loaded = timeline.is_loaded();
    dom::set_hidden(&view.loading, loaded || error.is_some());
    dom::set_hidden(
        &view.empty,
        !(loaded && timeline.is_empty() && error.is_none()),
    );
    dom::set_attr(
        &view.list,
        "aria-busy",
        if conv.loading_older { "true" } else { "false" },
    );

    let list = &view.list;
    let top = list.scroll_top();
    let height = list.scroll_height();
    let client = list.client_height();
    let at_bottom = height - top - client <= BOTTOM_SLACK_PX;

    let (own_id, own_name) = core
        .user
        .as_ref()
        .map_or(("", ""), |u| (u.id.as_str(), u.name.as_str()));
    let prepended = reconcile(view, timeline.entries(), own_id, own_name);

    let list = &view.list;
    let new_height = list.scroll_height();
    if loaded && (!view.settled || view.stick_to_bottom || (at_bottom && new_height != height)) {
        list.set_scroll_top(new_height);
        view.settled = true;
        view.stick_to_bottom = false;
    } else if prepended {
        // Keep what the user was looking at in place.
        list.set_scroll_top(top + (new_height - height));
    }

    Outcome {
        loaded,
        wants_older: loaded
            && timeline.has_more()
            && !conv.loading_older
            && client > 0
            && new_height <= client + TOP_SLACK_PX,
    }
}

/// The rows in `entries` order. Returns true when rows were added above the previous first row.
fn reconcile<'a>(
    view: &mut View,
    entries: impl Iterator<Item = Entry<'a, JsMessage>>,
    own_id: &str,
    own_name: &str,
) -> bool {
    view.pass = view.pass.wrapping_add(1);
    let pass = view.pass;
    let mut keys = Vec::new();
    for entry in entries {
        let key = entry.key();
        let at = match view.rows.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(at) => at,
            Err(at) => {
                view.rows.insert(at, (key.clone(), new_row(&view.doc)));
                at
            }
        };
        let row = &mut view.rows[at].1;
        row.pass = pass;
        update_row(&view.doc, row, &entry, own_id, own_name);
        keys.push(key);
    }

    view.rows.retain(|(_, row)| {
        let kept = row.pass == pass;
        if !kept {
            row.node.remove();
        }
        kept
    });

    let find = |rows: &[(String, Row)], key: &str| {
        rows.binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|at| rows[at].1.node.clone())
    };
    let mut next: Option<Node> = view.list.first_child();
    for key in &keys {
        let Some(node) = find(&view.rows, key) else {
            continue;
        };
        let node: Node = node.into();
        if next.as_ref() == Some(&node) {
            next = node.next_sibling();
        } else {
            let _ = view.list.insert_before(&node, next.as_ref());
        }
    }

    let prepended = match (&view.first_key, keys.first()) {
        (Some(old), Some(new)) => old != new && find(&view.rows, old).is_some(),
        _ => false,
    };
    view.first_key = keys.first().cloned();
    prepended
}

fn new_row(doc: &Document) -> Row {
    let node = dom::element(doc, "div", "ce-message");
    let sender = dom::element(doc, "div", "ce-message-sender");
    let text = dom::element(doc, "div", "ce-message-text");
    dom::append(&node, &sender);
    dom::append(&node, &text);
    Row {
        node,
        sender,
        text,
        status: "",
        source: JsValue::UNDEFINED,
        failure: None,
        pass: 0,
    }
}

fn update_row(
    doc: &Document,
    row: &mut Row,
    entry: &Entry<'_, JsMessage>,
    own_id: &str,
    own_name: &str,
) {
    let (status, failure) = match entry {
        Entry::Message(_) => ("sent", None),
        Entry::Pending(p) => match &p.status {
            PendingStatus::Sending => ("sending", None),
            PendingStatus::Failed { message, .. } => ("failed", Some(message.as_str())),
        },
    };
    let source = match entry {
        Entry::Message(m) => m.value.clone(),
        Entry::Pending(_) => JsValue::UNDEFINED,
    };
    // An edited message arrives as a new object.
    if row.status == status && row.source == source {
        return;
    }
    row.status = status;
    row.source = source;
    let node = &row.node;
    let (message_id, client_id, sender_id, sender_name, text) = match entry {
        Entry::Message(m) => (
            Some(m.id.as_str()),
            m.client_id.as_deref(),
            m.sender_id.as_deref().unwrap_or(""),
            m.sender_name(),
            m.plaintext(),
        ),
        Entry::Pending(p) if p.sender.id.is_empty() => (
            None,
            Some(p.client_id.as_str()),
            own_id,
            own_name.to_owned(),
            p.text.clone(),
        ),
        Entry::Pending(p) => (
            None,
            Some(p.client_id.as_str()),
            p.sender.id.as_str(),
            p.sender.name.clone(),
            p.text.clone(),
        ),
    };
    let own = matches!(entry, Entry::Pending(_)) || (!own_id.is_empty() && sender_id == own_id);
    node.set_class_name(if own {
        "ce-message ce-own"
    } else {
        "ce-message"
    });
    dom::set_attr(node, "data-status", status);
    dom::set_attr(node, "data-sender-id", sender_id);
    match message_id {
        Some(id) => dom::set_attr(node, "data-message-id", id),
        None => {
            let _ = node.remove_attribute("data-message-id");
        }
    }
    match client_id {
        Some(id) => dom::set_attr(node, "data-client-id", id),
        None => {
            let _ = node.remove_attribute("data-client-id");
        }
    }
    row.sender.set_text_content(Some(&sender_name));
    row.text.set_text_content(Some(&text));

    if let Some(old) = row.failure.take() {
        old.remove();
    }
    if let Some(reason) = failure {
        let box_ = dom::element(doc, "div", "ce-message-failure");
        dom::append(
            &box_,
            &dom::text_element(
                doc,
                "span",
                "ce-message-error",
                &["Not sent: ", reason].concat(),
            ),
        );
        let retry = dom::text_element(doc, "button", "ce-retry", "Retry");
        dom::set_attr(&retry, "type", "button");
        dom::append(&box_, &retry);
        dom::append(node, &box_);
        row.failure = Some(box_);
    }
}

/// A sentence for a conversation that cannot be shown.
fn describe(error: &Error) -> String {
    match error {
        Error::Server {
            code: ErrorCode::Forbidden,
            ..
        } => "You don't have access to this conversation.".into(),
        Error::Server {
            code: ErrorCode::NotFound,
            ..
        } => "This conversation does not exist.".into(),
        other => other.to_string(),
    }
}
