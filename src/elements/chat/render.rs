//! Brings the chat-element's DOM in line with its conversation view's snapshot, once per
//! animation frame.
//!
//! Rows are keyed (see `Entry::key`), so a pending message's row becomes the confirmed one in
//! place; rows (with their separators) are created, updated, removed and moved only where they
//! differ. Only the rows in a window around the viewport are in the DOM (virtual_list.rs); the
//! day separators and the unread divider are worked out over the whole timeline.

use chat_elements_core::{Entry, LinkStatus};
use chat_elements_protocol::ErrorCode;
use web_sys::Node;

use super::feeds::{show_typing, Live};
use super::layout;
use super::row::Row;
use super::separators;
use super::view::{row_node, View};
use super::virtual_list::{self, Meta, Placement, Virtual};
use crate::dom;
use crate::errors::Error;
use crate::i18n::{self, Locale, Text};
use crate::js;
use crate::session::message::JsMessage;
use crate::session::view::ViewSnapshot;

/// Fetch older messages when scrolled within this many pixels of the top.
pub const TOP_SLACK_PX: i32 = 80;

pub struct Outcome {
    /// The newest page is in.
    pub loaded: bool,
    /// Why the conversation cannot be shown, if it cannot.
    pub error: Option<Error>,
    /// The list does not fill its box yet and older messages exist, or a deep-linked message is
    /// not loaded yet: fetch this many older ones (the largest page the server allows when
    /// looking for a deep-linked message).
    pub wants_older: Option<usize>,
    /// The deep-linked message is not in the conversation.
    pub deeplink_missing: Option<String>,
    /// The deep-linked message was just scrolled to and highlighted.
    pub highlighted: bool,
    /// The newest message is visible on a visible page while the conversation has unread
    /// messages: mark it read.
    pub mark_read: bool,
}

pub fn update(view: &mut View, snapshot: &ViewSnapshot<'_>, live: &Live, base: &str) -> Outcome {
    let locale = i18n::of(&view.root);
    let banner = match snapshot.link_status() {
        LinkStatus::Reconnecting => Some(i18n::t(locale, Text::Reconnecting)),
        LinkStatus::Offline => Some(i18n::t(locale, Text::Offline)),
        LinkStatus::Connecting | LinkStatus::Open => None,
    };
    view.banner.set_text_content(banner);
    dom::set_hidden(&view.banner, banner.is_none());

    show_typing(&view.typing, &live.typing, locale);

    let error = snapshot.error();
    match error {
        Some(error) => {
            view.error.set_text_content(Some(&describe(error, locale)));
            dom::set_hidden(&view.error, false);
        }
        None => dom::set_hidden(&view.error, true),
    }
    let read_only = snapshot.read_only();
    view.input.set_disabled(read_only);
    view.button.set_disabled(read_only);

    let loaded = snapshot.is_loaded();
    let has_more = snapshot.has_more();
    let loading_older = snapshot.loading_older();
    dom::set_hidden(&view.loading, loaded || error.is_some());
    dom::set_hidden(
        &view.empty,
        !(loaded && snapshot.is_empty() && error.is_none()),
    );
    dom::set_attr(
        &view.list,
        "aria-busy",
        if loading_older { "true" } else { "false" },
    );

    let entries: Vec<Entry<'_, JsMessage>> = snapshot.entries();
    let me = snapshot
        .me()
        .map_or(("", ""), |u| (u.id.as_str(), u.name.as_str()));
    let metas = arrange(&mut view.virt, &entries, me.0, live.unread_from.flatten());
    let seen = i18n::t(locale, Text::Seen);
    if view.receipt.text_content().as_deref() != Some(seen) {
        view.receipt.set_text_content(Some(seen));
    }

    // Where the viewport goes: a deep-linked message once it is in, else the bottom when the
    // user is there (or after the first page, or after sending), else where it was.
    let mut deeplink = DeeplinkStep::None;
    if let (true, Some(id)) = (loaded, view.deeplink.clone()) {
        match metas
            .iter()
            .position(|m| m.message_id.as_deref() == Some(&id))
        {
            Some(index) => {
                view.deeplink = None;
                view.highlight = Some(metas[index].key.clone());
                deeplink = DeeplinkStep::Found(index);
            }
            None if has_more => deeplink = DeeplinkStep::LoadOlder,
            None => {
                view.deeplink = None;
                deeplink = DeeplinkStep::Missing(id);
            }
        }
    }
    let placement = match deeplink {
        DeeplinkStep::Found(index) => Placement::Center(index),
        _ if view.deeplink.is_some() && view.settled => Placement::Keep,
        _ if loaded && (!view.settled || view.stick_to_bottom || view.virt.at_bottom) => {
            Placement::Bottom
        }
        _ => Placement::Keep,
    };
    if loaded && placement != Placement::Keep {
        view.settled = true;
        view.stick_to_bottom = false;
    }

    let list = view.list.clone();
    let (start, end) = view
        .virt
        .window(&metas, placement, list.scroll_top(), list.client_height());
    let anchor = match placement {
        Placement::Keep => {
            let est = view.virt.estimate();
            let (first, delta) = view.virt.first_visible(&metas, list.scroll_top(), est);
            metas.get(first).map(|m| (m.key.clone(), delta))
        }
        _ => None,
    };
    reconcile(view, &entries, &metas, (start, end), me, base, locale);
    view.virt.window = (start, end);
    let rendered = view.rendered(metas.get(start..end).unwrap_or_default());
    let (above, below) = (
        view.virt.span(&metas, 0, start),
        view.virt.span(&metas, end, metas.len()),
    );
    view.virt.set_spans(&rendered, above, below);
    let last_own = metas
        .iter()
        .rev()
        .find(|m| m.own_sent)
        .map(|m| m.key.clone());
    separators::place_receipt(
        &view.receipt,
        &view.rows,
        last_own.as_slice(),
        live.everyone_read_until(),
    );

    view.virt.measure(&rendered);
    match placement {
        Placement::Bottom => list.set_scroll_top(list.scroll_height()),
        Placement::Center(index) => {
            if let Some(row) = metas.get(index).and_then(|m| view.row(&m.key)) {
                let middle = (list.client_height() - virtual_list::height_of(&row.node)) / 2;
                list.set_scroll_top(virtual_list::top_of(&row.node) - middle.max(0));
            }
        }
        Placement::Keep => {
            if let Some((key, delta)) = &anchor {
                if let Some(el) = row_node(&view.rows, key) {
                    list.set_scroll_top(virtual_list::top_of(&el) - delta);
                }
            }
        }
    }
    view.virt.capture(&list, &rendered);
    if matches!(deeplink, DeeplinkStep::Found(_)) {
        view.focus_highlight();
    }

    let client = list.client_height();
    let visible = !view.doc.hidden();
    let bottom = view.virt.at_bottom;
    let looking = matches!(deeplink, DeeplinkStep::LoadOlder);
    let wants_older = loaded
        && has_more
        && !loading_older
        && client > 0
        && (list.scroll_height() <= client + TOP_SLACK_PX || looking);
    Outcome {
        loaded,
        error: error.cloned(),
        wants_older: wants_older.then(|| {
            if looking {
                snapshot.max_page()
            } else {
                super::PAGE
            }
        }),
        highlighted: matches!(deeplink, DeeplinkStep::Found(_)),
        deeplink_missing: match deeplink {
            DeeplinkStep::Missing(id) => Some(id),
            _ => None,
        },
        mark_read: loaded && bottom && visible && live.unread_count() > 0.0 && !live.marking,
    }
}

/// What the pending deep link needs at this render.
enum DeeplinkStep {
    None,
    /// The message is row `index`.
    Found(usize),
    /// Not loaded yet, older pages exist.
    LoadOlder,
    /// History is exhausted without it.
    Missing(String),
}

/// Separators, the unread divider and the receipt candidates over the whole timeline.
fn arrange(
    virt: &mut Virtual,
    entries: &[Entry<'_, JsMessage>],
    me: &str,
    unread_from: Option<f64>,
) -> Vec<Meta> {
    let mut metas = Vec::with_capacity(entries.len());
    let mut last_day = None;
    let mut divider_placed = false;
    let mut previous: Option<(String, f64)> = None;
    for entry in entries {
        let (created_at, own, message_id) = match entry {
            Entry::Message(m) => (
                js::get(&m.value, "createdAt").as_f64().unwrap_or(0.0),
                !me.is_empty() && m.sender_id.as_deref() == Some(me),
                Some(m.id.clone()),
            ),
            Entry::Pending(_) => (js_sys::Date::now(), true, None),
        };
        let day = virt.days.day(created_at);
        let unread = !divider_placed
            && !own
            && message_id.is_some()
            && unread_from.is_some_and(|from| created_at > from);
        divider_placed |= unread;
        let new_day = last_day != Some(day);
        let sender = match entry {
            Entry::Message(m) => m.sender_id.as_deref().unwrap_or(""),
            Entry::Pending(_) => me,
        };
        let grouped = layout::continues(
            previous.as_ref().map(|(s, at)| (s.as_str(), *at)),
            sender,
            created_at,
            unread || new_day,
        );
        previous = Some((sender.to_owned(), created_at));
        metas.push(Meta {
            key: entry.key(),
            day: new_day.then_some(day),
            unread,
            grouped,
            own_sent: own && message_id.is_some(),
            message_id,
        });
        last_day = Some(day);
    }
    metas
}

/// The rows `window` of `entries` in order, with their separators; every other row is removed
/// (with the listeners and observers on it).
fn reconcile(
    view: &mut View,
    entries: &[Entry<'_, JsMessage>],
    metas: &[Meta],
    window: (usize, usize),
    me: (&str, &str),
    base: &str,
    locale: Locale,
) {
    view.pass = view.pass.wrapping_add(1);
    let pass = view.pass;
    let (start, end) = window;
    for (entry, meta) in entries
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .zip(metas.get(start..end).unwrap_or_default())
    {
        let key = &meta.key;
        let at = match view.rows.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(at) => at,
            Err(at) => {
                let row = Row::new(&view.doc);
                view.virt.observe(&row);
                view.rows.insert(at, (key.clone(), row));
                at
            }
        };
        let highlighted = view.highlight.as_deref() == Some(key.as_str());
        let row = &mut view.rows[at].1;
        row.pass = pass;
        row.update(&view.doc, entry, me, base, locale);
        separators::set_day(&view.doc, row, meta.day, locale);
        separators::set_unread(&view.doc, row, meta.unread, locale);
        highlight(row, highlighted);
        let _ = row
            .node
            .class_list()
            .toggle_with_force("ce-grouped", meta.grouped);
    }

    let mut gone = Vec::new();
    view.rows.retain(|(_, row)| {
        let kept = row.pass == pass;
        if !kept {
            row.remove();
            gone.push(row.node.clone());
        }
        kept
    });
    for node in &gone {
        view.forget_row(node);
    }

    let mut next: Option<Node> = view.list.first_child();
    for meta in metas.get(start..end).unwrap_or_default() {
        let Ok(at) = view
            .rows
            .binary_search_by(|(k, _)| k.as_str().cmp(&meta.key))
        else {
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
}

/// Marks the deep-linked row (class `ce-highlight`, `aria-current`), or unmarks it.
fn highlight(row: &Row, on: bool) {
    let marked = row.node.has_attribute("aria-current");
    if on == marked {
        return;
    }
    let _ = row.node.class_list().toggle_with_force("ce-highlight", on);
    if on {
        dom::set_attr(&row.node, "aria-current", "true");
        dom::set_attr(&row.node, "tabindex", "-1");
    } else {
        let _ = row.node.remove_attribute("aria-current");
        let _ = row.node.remove_attribute("tabindex");
    }
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
        other => other.message(),
    }
}
