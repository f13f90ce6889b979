//! What goes between rows: a day separator above the first message of each day (in the page's
//! time zone, labelled by `Intl.DateTimeFormat`), the unread divider above the first message
//! that was unread when the element opened, and the "Seen" receipt under the current user's
//! last message once everyone else read it.

use js_sys::Date;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::row::Row;
use crate::dom;
use crate::i18n::{self, Locale, Text};
use crate::js;

/// The local calendar day of a time (comparable, not a date).
pub fn day_key(ms: f64) -> u32 {
    let date = Date::new(&JsValue::from_f64(ms));
    date.get_full_year() * 512 + date.get_month() * 32 + date.get_date()
}

/// "Monday, 1 December 2026" in the element's language.
fn day_label(ms: f64, locale: Locale) -> String {
    let options = js::object(&[
        ("weekday", JsValue::from_str("long")),
        ("year", JsValue::from_str("numeric")),
        ("month", JsValue::from_str("long")),
        ("day", JsValue::from_str("numeric")),
    ]);
    i18n::date(locale, ms, &options)
}

/// Gives `row` a day separator for `day` (or none), keeping the one it has when it matches
/// (the same day in the same locale).
pub fn set_day(doc: &Document, row: &mut Row, day: Option<u32>, locale: Locale) {
    // What is shown: the day and the locale it is written in.
    let day = day.map(|day| day.wrapping_mul(16).wrapping_add(locale.index() as u32));
    match (day, &row.day) {
        (Some(day), Some((shown, _))) if *shown == day => {}
        (Some(day), _) => {
            if let Some((_, old)) = row.day.take() {
                old.remove();
            }
            let el = dom::element(doc, "div", "ce-day-separator");
            dom::set_attr(&el, "role", "separator");
            let label = dom::text_element(doc, "span", "", &day_label(row.created_at, locale));
            dom::append(&el, &label);
            row.day = Some((day, el));
        }
        (None, _) => {
            if let Some((_, old)) = row.day.take() {
                old.remove();
            }
        }
    }
}

/// Gives `row` the unread divider, or takes it away.
pub fn set_unread(doc: &Document, row: &mut Row, shown: bool, locale: Locale) {
    match (shown, &row.unread) {
        (true, None) => {
            let el = dom::element(doc, "div", "ce-unread-divider");
            dom::set_attr(&el, "role", "separator");
            dom::append(
                &el,
                &i18n::text_el(doc, "span", "", Text::NewMessages, locale),
            );
            row.unread = Some(el);
        }
        (false, Some(el)) => {
            el.remove();
            row.unread = None;
        }
        _ => {}
    }
}

/// The nodes of a row in list order: its separators, then the row.
pub fn nodes(row: &Row) -> impl Iterator<Item = &Element> {
    row.day
        .as_ref()
        .map(|(_, el)| el)
        .into_iter()
        .chain(row.unread.as_ref())
        .chain(std::iter::once(&row.node))
}

/// Puts the "Seen" receipt under the current user's last confirmed message when everyone else
/// read up to it; removes it otherwise.
pub fn place_receipt(
    receipt: &Element,
    rows: &[(String, Row)],
    keys: &[String],
    read_until: Option<f64>,
) {
    let last_own = keys.iter().rev().find_map(|key| {
        let at = rows.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        let row = &rows[at].1;
        (row.own && row.message_id.is_some()).then_some(row)
    });
    match (last_own, read_until) {
        (Some(row), Some(until)) if until >= row.created_at => {
            if receipt.parent_element().as_ref() != Some(&row.node) {
                dom::append(&row.node, receipt);
            }
        }
        _ => receipt.remove(),
    }
}
