//! Brings the chat-element's DOM in line with the session's state, once per animation frame.
//!
//! Rows are keyed (see `Entry::key`), so a pending message's row becomes the confirmed one in
//! place; rows (with their separators) are created, updated, removed and moved only where they
//! differ.

use chat_elements_core::{Entry, LinkStatus};
use chat_elements_protocol::ErrorCode;
use web_sys::Node;

use super::feeds::{typing_text, Live};
use super::row::Row;
use super::separators;
use super::view::View;
use crate::dom;
use crate::errors::Error;
use crate::i18n::{self, Locale, Text};
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
    /// The newest message is visible on a visible page while the conversation has unread
    /// messages: mark it read.
    pub mark_read: bool,
}

pub fn update(view: &mut View, core: &Core, channel: &str, live: &Live, base: &str) -> Outcome {
    let locale = i18n::of(&view.root);
    let banner = match core.conn.link.status() {
        LinkStatus::Reconnecting => Some(i18n::t(locale, Text::Reconnecting)),
        LinkStatus::Offline => Some(i18n::t(locale, Text::Offline)),
        LinkStatus::Connecting | LinkStatus::Open => None,
    };
    view.banner.set_text_content(banner);
    dom::set_hidden(&view.banner, banner.is_none());

    let typing = typing_text(&live.typing, locale);
    if view.typing.text_content() != typing {
        view.typing.set_text_content(typing.as_deref());
    }

    let conv = core.store.get(channel);
    let error = conv.and_then(|c| c.error.as_ref());
    match error {
        Some(error) => {
            view.error.set_text_content(Some(&describe(error, locale)));
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
            mark_read: false,
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

    let me = core
        .user
        .as_ref()
        .map_or(("", ""), |u| (u.id.as_str(), u.name.as_str()));
    let unread_from = live.unread_from.flatten();
    let keys = reconcile(view, timeline.entries(), me, base, unread_from, locale);
    let seen = i18n::t(locale, Text::Seen);
    if view.receipt.text_content().as_deref() != Some(seen) {
        view.receipt.set_text_content(Some(seen));
    }
    separators::place_receipt(&view.receipt, &view.rows, &keys, live.everyone_read_until());
    let prepended = match (&view.first_key, keys.first()) {
        (Some(old), Some(new)) => old != new && keys.contains(old),
        _ => false,
    };
    view.first_key = keys.first().cloned();

    let list = &view.list;
    let new_height = list.scroll_height();
    let mut bottom = at_bottom;
    if loaded && (!view.settled || view.stick_to_bottom || (at_bottom && new_height != height)) {
        list.set_scroll_top(new_height);
        view.settled = true;
        view.stick_to_bottom = false;
        bottom = true;
    } else if prepended {
        // Keep what the user was looking at in place.
        list.set_scroll_top(top + (new_height - height));
    }
    let visible = !view.doc.hidden();

    Outcome {
        loaded,
        wants_older: loaded
            && timeline.has_more()
            && !conv.loading_older
            && client > 0
            && new_height <= client + TOP_SLACK_PX,
        mark_read: loaded && bottom && visible && live.unread_count() > 0.0 && !live.marking,
    }
}

/// The rows in `entries` order, with their separators. Returns the keys in order.
fn reconcile<'a>(
    view: &mut View,
    entries: impl Iterator<Item = Entry<'a, JsMessage>>,
    me: (&str, &str),
    base: &str,
    unread_from: Option<f64>,
    locale: Locale,
) -> Vec<String> {
    view.pass = view.pass.wrapping_add(1);
    let pass = view.pass;
    let mut keys = Vec::new();
    let mut last_day = None;
    let mut divider_placed = false;
    for entry in entries {
        let key = entry.key();
        let at = match view.rows.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(at) => at,
            Err(at) => {
                view.rows.insert(at, (key.clone(), Row::new(&view.doc)));
                at
            }
        };
        let row = &mut view.rows[at].1;
        row.pass = pass;
        row.update(&view.doc, &entry, me, base, locale);
        let day = separators::day_key(row.created_at);
        separators::set_day(
            &view.doc,
            row,
            (last_day != Some(day)).then_some(day),
            locale,
        );
        last_day = Some(day);
        let unread = !divider_placed
            && !row.own
            && row.message_id.is_some()
            && unread_from.is_some_and(|from| row.created_at > from);
        divider_placed |= unread;
        separators::set_unread(&view.doc, row, unread, locale);
        keys.push(key);
    }

    view.rows.retain(|(_, row)| {
        let kept = row.pass == pass;
        if !kept {
            row.remove();
        }
        kept
    });

    let mut next: Option<Node> = view.list.first_child();
    for key in &keys {
        let Ok(at) = view.rows.binary_search_by(|(k, _)| k.as_str().cmp(key)) else {
            continue;
        };
        for node in separators::nodes(&view.rows[at].1) {
            let node: &Node = node;
            if next.as_ref() == Some(node) {
                next = node.next_sibling();
            } else {
                let _ = view.list.insert_before(node, next.as_ref());
            }
        }
    }
    keys
}

/// A sentence for a conversation that cannot be shown.
fn describe(error: &Error, locale: Locale) -> String {
    match error {
        Error::Server {
            code: ErrorCode::Forbidden,
            ..
        } => i18n::t(locale, Text::NoAccess).into(),
        Error::Server {
            code: ErrorCode::NotFound,
            ..
        } => i18n::t(locale, Text::NotFound).into(),
        other => other.to_string(),
    }
}
