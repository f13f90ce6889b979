//! The chat's two layouts (Whop's `style`): what the rows need beyond their content — the
//! sender's avatar, the time of a group's first message, and whether a row continues the group
//! of the row above it. The layouts themselves are CSS (`styles-layouts.css`), keyed on the
//! root's `data-ce-style`.
//!
//! - `imessage`: bubbles, own messages on the right in the accent colour, the others' on the
//!   left with a small avatar; a group shows the name (and avatar) only on its first message.
//! - `discord`: every row on the left with avatar, name and time on a group's first message and
//!   compact follow-ups, highlighted on hover and focus.

use js_sys::{Array, Date, Intl, Object};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use super::options::ChatStyle;
use super::view::safe_image_url;
use crate::dom;
use crate::js;

/// Messages of one sender at most this far apart form a group.
const GROUP_GAP_MS: f64 = 5.0 * 60_000.0;

/// Initials are white on one of these (each at least 4.5:1 against white), picked by the id.
const AVATAR_COLOURS: [&str; 8] = [
    "#b42318", "#1d4ed8", "#047857", "#7e22ce", "#b45309", "#be185d", "#0e7490", "#4d7c0f",
];

/// Marks the element root with its layout.
pub fn apply_style(root: &Element, style: ChatStyle) {
    dom::set_attr(root, "data-ce-style", style.as_str());
}

/// An empty avatar (filled by [`set_avatar`]); decorative, the name is next to it.
pub fn avatar(doc: &Document) -> Element {
    let el = dom::element(doc, "span", "ce-avatar");
    dom::set_attr(&el, "aria-hidden", "true");
    el
}

/// The sender's photo (http(s) only, `alt=""`), else their initials on a colour from their id.
pub fn set_avatar(doc: &Document, el: &Element, id: &str, name: &str, photo: Option<String>) {
    let photo = photo.as_deref().and_then(safe_image_url);
    let shown = el
        .first_element_child()
        .and_then(|img| img.get_attribute("src"));
    if photo.is_some() && shown == photo {
        return; // the same photo: keep the image (no reload)
    }
    el.set_text_content(None);
    let colour = match photo {
        Some(url) => {
            let img = dom::element(doc, "img", "ce-avatar-img");
            dom::set_attr(&img, "src", &url);
            dom::set_attr(&img, "alt", "");
            dom::set_attr(&img, "loading", "lazy");
            dom::append(el, &img);
            "transparent"
        }
        None => {
            el.set_text_content(Some(&initials(name)));
            AVATAR_COLOURS[colour_index(id)]
        }
    };
    if let Some(html) = el.dyn_ref::<HtmlElement>() {
        let _ = html.style().set_property("background-color", colour);
    }
}

/// Up to two letters: the first of the first and the last word ("Ann Lee" → "AL").
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.last().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A stable small hash of the id (FNV-1a), as an index into the colours.
fn colour_index(id: &str) -> usize {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash as usize % AVATAR_COLOURS.len()
}

/// `<time>`'s text and `datetime` for a message sent at `ms` ("14:05" in the page's language).
pub fn set_time(el: &Element, ms: f64) {
    if !(ms.is_finite() && ms > 0.0 && ms <= 8.64e15) {
        el.set_text_content(None);
        return;
    }
    let options = js::object(&[
        ("hour", JsValue::from_str("numeric")),
        ("minute", JsValue::from_str("2-digit")),
    ]);
    let format = Intl::DateTimeFormat::new(&Array::new(), options.unchecked_ref::<Object>());
    let label = format
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(ms))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    el.set_text_content(Some(&label));
    let iso = String::from(Date::new(&JsValue::from_f64(ms)).to_iso_string());
    dom::set_attr(el, "datetime", &iso);
}

/// Whether a row continues the group of the row above: same sender, close in time, and nothing
/// (a day separator, the unread divider) between them.
pub fn continues(previous: Option<(&str, f64)>, sender: &str, at: f64, separated: bool) -> bool {
    match previous {
        Some((prev_sender, prev_at)) => {
            !separated
                && !sender.is_empty()
                && prev_sender == sender
                && at >= prev_at
                && at - prev_at <= GROUP_GAP_MS
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Ann Lee"), "AL");
        assert_eq!(initials("ann"), "A");
        assert_eq!(initials("  Ann  Marie  Lee "), "AL");
        assert_eq!(initials(""), "");
        assert_eq!(initials("émile zola"), "ÉZ");
    }

    #[test]
    fn colours_are_stable_per_id() {
        assert_eq!(colour_index("ann"), colour_index("ann"));
        assert!(colour_index("ben") < AVATAR_COLOURS.len());
    }

    #[test]
    fn groups_need_the_same_sender_close_in_time() {
        assert!(continues(Some(("a", 0.0)), "a", 60_000.0, false));
        assert!(!continues(Some(("a", 0.0)), "b", 60_000.0, false));
        assert!(!continues(Some(("a", 0.0)), "a", GROUP_GAP_MS + 1.0, false));
        assert!(!continues(Some(("a", 0.0)), "a", 1.0, true));
        assert!(!continues(None, "a", 1.0, false));
    }
}
