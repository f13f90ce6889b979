//! Reading and checking `appearance` (INVALID_OPTIONS with a message saying what is wrong).

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::palette::{ACCENTS, ACCENT_NAMES, GRAY_NAMES};
use super::value::is_safe_value;
use crate::errors::Error;
use crate::js;

/// The keys of `appearance.theme` and their values (Whop's). The last three are checked but not
/// used by these elements.
const THEME_KEYS: [(&str, &[&str]); 7] = [
    ("appearance", &["light", "dark"]),
    ("accentColor", &ACCENT_NAMES),
    ("grayColor", &GRAY_NAMES),
    ("dangerColor", &["ruby", "red", "tomato"]),
    ("warningColor", &["yellow", "amber"]),
    ("successColor", &["green", "teal", "jade", "grass"]),
    ("infoColor", &["sky", "blue"]),
];
/// The parts `classes` may name.
const PARTS: [&str; 2] = ["root", "modal"];

/// An `appearance` read and checked.
#[derive(Default)]
pub struct Theme {
    pub dark: bool,
    pub accent: Option<usize>,
    pub gray: Option<usize>,
    pub danger: Option<usize>,
    pub variables: Vec<(String, String)>,
    pub classes: [Vec<String>; 2],
}

fn invalid(parts: &[&str]) -> Error {
    Error::InvalidOptions(parts.concat())
}

/// `value` as an object, `None` for `undefined`/`null`, or INVALID_OPTIONS naming `what`.
fn object_or_none(value: JsValue, what: &str) -> Result<Option<JsValue>, Error> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else if value.is_object() && !js_sys::Array::is_array(&value) {
        Ok(Some(value))
    } else {
        Err(invalid(&[what, " must be an object"]))
    }
}

/// The keys of an object.
fn keys(object: &JsValue) -> Vec<String> {
    let keys = Object::keys(object.unchecked_ref::<Object>());
    keys.iter().filter_map(|k| k.as_string()).collect()
}

/// Checks `appearance` (`undefined` and `null` are fine); INVALID_OPTIONS says what is wrong.
pub fn validate(appearance: &JsValue) -> Result<(), Error> {
    parse(appearance).map(|_| ())
}

pub fn parse(appearance: &JsValue) -> Result<Theme, Error> {
    let mut out = Theme::default();
    let Some(appearance) = object_or_none(appearance.clone(), "appearance")? else {
        return Ok(out);
    };
    if let Some(theme) = object_or_none(js::get(&appearance, "theme"), "appearance.theme")? {
        let mut picked = [None; 7];
        for (slot, (key, names)) in picked.iter_mut().zip(THEME_KEYS) {
            let value = js::get(&theme, key);
            if value.is_undefined() || value.is_null() {
                continue;
            }
            let found = value
                .as_string()
                .and_then(|v| names.iter().position(|n| *n == v));
            if found.is_none() {
                let names = names.join(", ");
                return Err(invalid(&[
                    "appearance.theme.",
                    key,
                    " must be one of: ",
                    &names,
                ]));
            }
            *slot = found;
        }
        out.dark = picked[0] == Some(1);
        out.accent = picked[1];
        out.gray = match picked[2] {
            Some(6) => out
                .accent
                .and_then(|a| ACCENTS.get(a))
                .map(|a| usize::from(a.2)),
            gray => gray,
        };
        out.danger = picked[3];
    }
    let vars = js::get(&appearance, "variables");
    if let Some(vars) = object_or_none(vars, "appearance.variables")? {
        for key in keys(&vars) {
            let value = js::get(&vars, &key).as_string();
            let Some(value) = value.filter(|v| is_name(&key) && is_safe_value(v)) else {
                return Err(invalid(&[
                    "appearance.variables: \"",
                    &key,
                    "\" must be a custom property name (--name) with a string value made of numbers, lengths, colours, names, quoted strings and the functions calc(), min(), max(), clamp(), var(--ce-…) and the colour functions (nothing that could fetch anything)",
                ]));
            };
            out.variables.push((key, value));
        }
    }
    if let Some(classes) = object_or_none(js::get(&appearance, "classes"), "appearance.classes")? {
        for key in keys(&classes) {
            let part = PARTS.iter().position(|p| *p == key);
            let value = js::get(&classes, &key);
            let names = match (part, value.as_string()) {
                (Some(_), _) if value.is_undefined() || value.is_null() => Some(Vec::new()),
                (Some(_), Some(text)) => class_names(&text),
                _ => None,
            };
            match (part, names) {
                (Some(part), Some(names)) => out.classes[part] = names,
                _ => {
                    return Err(invalid(&[
                        "appearance.classes.",
                        &key,
                        ": the parts are root and modal, each a string of class names (letters, digits, - and _, not starting with ce-)",
                    ]))
                }
            }
        }
    }
    Ok(out)
}

/// `--name` with letters, digits, `-` and `_`.
fn is_name(key: &str) -> bool {
    key.len() > 2 && key.starts_with("--") && name_chars(key)
}

fn name_chars(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Class names separated by spaces (letters, digits, `-`, `_`; not starting with a digit or with
/// our `ce-` prefix), or `None`.
pub fn class_names(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut token = String::new();
    for c in text.chars().chain([' ']) {
        if c != ' ' {
            token.push(c);
            continue;
        }
        if token.is_empty() {
            continue;
        }
        let first = token.bytes().find(|&b| b != b'-').unwrap_or(b'0');
        let ok = name_chars(&token)
            && (first.is_ascii_alphabetic() || first == b'_')
            && !token.starts_with("ce-");
        if !ok {
            return None;
        }
        names.push(std::mem::take(&mut token));
    }
    Some(names)
}
