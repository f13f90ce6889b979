//! Locales: every UI string of the elements in 11 languages (`table.rs`), and dates and numbers
//! through `Intl` in the element's language.
//!
//! An element renders in its session's `locale` option (default `"en"`). Its root gets `lang`,
//! and the labels that do not change with the data are marked (`data-ce-i18n="text=3
//! aria-label=9"`, with `data-ce-i18n-arg` holding the value of a `{}`), so a new locale
//! re-labels a mounted element in place: [`apply`] (called for each mounted element by the
//! session's element registry on `updateOptions`) sets `lang` and re-sets every marked label, and
//! the element renders again (rows' dates, typing sentences, counts). Code that renders later
//! reads the root's locale with [`of`]. Sentences with values are filled by splitting at `{}`
//! (no `format!`).

mod locales;
mod table;

use chat_elements_core::ids::decimal;
use js_sys::{Array, Intl, Object};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

pub use self::table::Text;
use self::table::TABLE;
use crate::dom;
use crate::errors::Error;

/// The locales the UI is written for (`locale` must be one of them).
pub const LOCALES: [&str; 11] = [
    "en", "es", "zh", "nl", "pt", "de", "it", "fr", "ja", "pl", "tr",
];

/// The attribute listing an element's translated labels (`target=index`, space-separated;
/// `text` is the text content, anything else an attribute).
const MARK: &str = "data-ce-i18n";
/// The value that goes into the `{}` of an element's marked labels.
const ARG: &str = "data-ce-i18n-arg";

/// One of [`LOCALES`], by index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Locale(usize);

impl Locale {
    pub const EN: Locale = Locale(0);

    pub fn parse(tag: &str) -> Option<Locale> {
        LOCALES.iter().position(|l| *l == tag).map(Locale)
    }

    /// The BCP 47 tag (`"de"`).
    pub fn tag(self) -> &'static str {
        LOCALES.get(self.0).copied().unwrap_or("en")
    }

    /// The position in [`LOCALES`].
    pub fn index(self) -> usize {
        self.0
    }

    /// `[tag]`, for the `Intl` constructors.
    fn tags(self) -> Array {
        Array::of1(&JsValue::from_str(self.tag()))
    }
}

/// `text` in `locale`.
pub fn t(locale: Locale, text: Text) -> &'static str {
    let row = TABLE.get(locale.0).copied().unwrap_or(TABLE[0]);
    row[text as usize]
}

/// `text` in `locale` with its `{}` replaced by `args`, in order.
pub fn tr(locale: Locale, text: Text, args: &[&str]) -> String {
    fill(t(locale, text), args)
}

/// Replaces each `{}` of `template` by the next of `args` (a missing one by nothing).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    for (i, part) in dom::template_parts(template).into_iter().enumerate() {
        if i > 0 {
            out.push_str(args.next().copied().unwrap_or(""));
        }
        out.push_str(part);
    }
    out
}

/// Checks an options object's `locale`: absent, or one of [`LOCALES`] (INVALID_OPTIONS).
pub fn validate(value: &JsValue) -> Result<(), Error> {
    if value.is_undefined() || value.as_string().and_then(|l| Locale::parse(&l)).is_some() {
        return Ok(());
    }
    Err(Error::InvalidOptions(
        ["locale must be one of ", &LOCALES.join(", ")].concat(),
    ))
}

/// The locale of an options value (English when absent or unknown).
pub fn of_value(value: &JsValue) -> Locale {
    value
        .as_string()
        .and_then(|l| Locale::parse(&l))
        .unwrap_or_default()
}

/// The locale an element root is shown in (its `lang`, set by [`apply`]).
pub fn of(root: &Element) -> Locale {
    root.get_attribute("lang")
        .and_then(|l| Locale::parse(&l))
        .unwrap_or_default()
}

/// `<tag class="class">` holding `text`, marked to follow locale changes.
pub fn text_el(doc: &Document, tag: &str, class: &str, text: Text, locale: Locale) -> Element {
    let el = dom::element(doc, tag, class);
    set_text(&el, text, locale);
    el
}

/// Sets the text content of `el` to `text` and marks it.
pub fn set_text(el: &Element, text: Text, locale: Locale) {
    el.set_text_content(Some(t(locale, text)));
    mark(el, "text", text);
}

/// Sets the text content of `el` to `text` with `arg` in its `{}`, and marks it.
pub fn set_text_with(el: &Element, text: Text, arg: &str, locale: Locale) {
    el.set_text_content(Some(&tr(locale, text, &[arg])));
    dom::set_attr(el, ARG, arg);
    mark(el, "text", text);
}

/// Sets attribute `name` of `el` to `text` and marks it.
pub fn set_label(el: &Element, name: &str, text: Text, locale: Locale) {
    dom::set_attr(el, name, t(locale, text));
    mark(el, name, text);
}

/// Sets attribute `name` of `el` to `text` with `arg` in its `{}`, and marks it.
pub fn set_label_with(el: &Element, name: &str, text: Text, arg: &str, locale: Locale) {
    dom::set_attr(el, name, &tr(locale, text, &[arg]));
    dom::set_attr(el, ARG, arg);
    mark(el, name, text);
}

fn mark(el: &Element, target: &str, text: Text) {
    let index = decimal(text as u64);
    let mut marks = String::new();
    if let Some(old) = el.get_attribute(MARK) {
        for pair in old.split(' ') {
            if pair.split_once('=').is_some_and(|(t, _)| t != target) {
                marks.extend([pair, " "]);
            }
        }
    }
    marks.extend([target, "=", &index]);
    dom::set_attr(el, MARK, &marks);
}

/// Re-sets the marked labels of one element in `locale`.
fn relabel(el: &Element, locale: Locale) {
    let Some(marks) = el.get_attribute(MARK) else {
        return;
    };
    let arg = el.get_attribute(ARG);
    let row = TABLE.get(locale.0).copied().unwrap_or(TABLE[0]);
    for pair in marks.split(' ') {
        let Some((target, index)) = pair.split_once('=') else {
            continue;
        };
        let Some(template) = index.parse::<usize>().ok().and_then(|i| row.get(i)) else {
            continue;
        };
        let value = match &arg {
            Some(arg) => fill(template, &[arg]),
            None => (*template).to_owned(),
        };
        if target == "text" {
            el.set_text_content(Some(&value));
        } else {
            dom::set_attr(el, target, &value);
        }
    }
}

/// Shows an element root (and the search modal's dialog around it) in `locale`: `lang` and
/// every marked label. Safe to call again.
pub fn apply(root: &Element, locale: Locale) {
    let target = match root.parent_element() {
        Some(dialog) if dialog.class_list().contains("ce-modal") => dialog,
        _ => root.clone(),
    };
    for el in [&target, root] {
        dom::set_attr(el, "lang", locale.tag());
    }
    relabel(&target, locale);
    let Ok(marked) = target.query_selector_all("[data-ce-i18n]") else {
        return;
    };
    for i in 0..marked.length() {
        if let Some(el) = marked.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            relabel(&el, locale);
        }
    }
}

/// `n` written the locale's way (`Intl.NumberFormat`: "1,234", "1.234", "1 234").
pub fn number(locale: Locale, n: f64) -> String {
    let format = Intl::NumberFormat::new(&locale.tags(), &Object::new());
    format
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(n))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The time `ms` written the locale's way with `Intl.DateTimeFormat` `options` (`{ dateStyle:
/// "medium" }`, ...), in the page's time zone.
pub fn date(locale: Locale, ms: f64, options: &JsValue) -> String {
    let options = options.dyn_ref::<Object>().cloned().unwrap_or_default();
    let format = Intl::DateTimeFormat::new(&locale.tags(), &options);
    format
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(ms))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::table::{COUNT, TABLE};
    use super::*;

    fn placeholders(s: &str) -> usize {
        s.matches("{}").count()
    }

    #[test]
    fn every_locale_has_every_string_with_the_same_placeholders() {
        assert_eq!(TABLE.len(), LOCALES.len());
        let en = TABLE[0];
        for (locale, row) in LOCALES.iter().zip(TABLE) {
            for i in 0..COUNT {
                assert!(!row[i].trim().is_empty(), "{locale}: string {i} is empty");
                assert_eq!(
                    placeholders(row[i]),
                    placeholders(en[i]),
                    "{locale}: string {i} ({}) has other placeholders than English ({})",
                    row[i],
                    en[i]
                );
                assert!(
                    !row[i].contains('{') || row[i].contains("{}"),
                    "{locale}: {i}"
                );
            }
        }
    }

    #[test]
    fn translations_differ_from_english_where_expected() {
        // A row copied from English by mistake would pass the test above.
        for (locale, row) in LOCALES.iter().zip(TABLE).skip(1) {
            assert_ne!(
                row[Text::WriteMessage as usize],
                TABLE[0][Text::WriteMessage as usize],
                "{locale}"
            );
            assert_ne!(
                row[Text::Send as usize],
                TABLE[0][Text::Send as usize],
                "{locale}"
            );
        }
    }

    #[test]
    fn template_parts_split_at_every_placeholder() {
        assert_eq!(dom::template_parts("{} of {}"), ["", " of ", ""]);
        assert_eq!(dom::template_parts("none"), ["none"]);
        assert_eq!(dom::template_parts("{"), ["{"]);
        assert_eq!(dom::template_parts("a{}{}b"), ["a", "", "b"]);
        assert_eq!(dom::template_parts("é{}ü"), ["é", "ü"]);
    }

    #[test]
    fn fills_placeholders_in_order() {
        assert_eq!(
            tr(Locale::EN, Text::TypingTwo, &["Ann, Ben", "Cat"]),
            "Ann, Ben and Cat are typing…"
        );
        assert_eq!(
            tr(Locale::parse("ja").unwrap(), Text::TypingOne, &["Ann"]),
            "Annが入力中…"
        );
        assert_eq!(fill("{} of {}", &["1"]), "1 of ");
        assert_eq!(fill("none", &["x"]), "none");
        assert_eq!(Locale::parse("xx"), None);
        assert_eq!(Locale::parse("tr").map(Locale::tag), Some("tr"));
    }
}
