//! Theming: `appearance = { theme, variables, classes }` (as Whop's) applied to element roots at
//! runtime.
//!
//! An element root gets `data-ce-theme="light|dark"` (styles.css holds both sets of `--ce-*`
//! values), inline `--ce-*` properties for the named accent, gray and danger colours, the page's
//! own `variables` (set with `style.setProperty`, after ours so they win) and the extra class
//! names of `classes.root`. A root's inline style is only ever written here, so each application
//! starts afresh. A session's element registry (`elements/registry.rs`) applies it again to its
//! mounted roots on `updateOptions`. The names and colours are in `palette.rs`, the checks in
//! `parse.rs`.

mod palette;
mod parse;
mod value;

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use self::palette::{ACCENTS, DANGERS, DARK_TEXT, GRAYS, GRAY_VARS};
pub use self::parse::validate;
use self::parse::{class_names, parse};
use crate::dom;

/// Themes an element root with `appearance` (an invalid one, which the options checks refuse
/// earlier, counts as none). Safe to call again: previous values and classes are replaced.
pub fn apply(root: &Element, appearance: &JsValue) {
    let theme = parse(appearance).unwrap_or_default();
    let dark = theme.dark;
    dom::set_attr(root, "data-ce-theme", if dark { "dark" } else { "light" });
    set_classes(root, &theme.classes[0]);
    // Only this function writes the root's inline style: start afresh.
    let _ = root.remove_attribute("style");
    let Some(style) = root.dyn_ref::<HtmlElement>().map(HtmlElement::style) else {
        return;
    };
    let set = |name: &str, value: &str| {
        let _ = style.set_property(name, value);
    };
    if let Some(&(solid, dark_text, _)) = theme.accent.and_then(|a| ACCENTS.get(a)) {
        let text = if dark_text { DARK_TEXT } else { "#fff" };
        set("--ce-accent", solid);
        set("--ce-own", solid);
        set("--ce-accent-fg", text);
        set("--ce-own-fg", text);
        // A bright accent is too faint for a focus ring on white.
        set("--ce-focus", if dark_text && !dark { text } else { solid });
    }
    if let Some((light, dark_values)) = theme.gray.and_then(|g| GRAYS.get(g)) {
        let values: &[&str] = if dark { dark_values } else { light };
        let names = GRAY_VARS.iter().skip(GRAY_VARS.len() - values.len());
        for (name, value) in names.zip(values) {
            set(name, value);
        }
        if let Some(fg) = values.last() {
            set("--ce-bubble-fg", fg);
        }
    }
    if let Some(&(light, dark_value)) = theme.danger.and_then(|d| DANGERS.get(d)) {
        set("--ce-danger", if dark { dark_value } else { light });
    }
    for (name, value) in &theme.variables {
        set(name, value);
    }
}

/// Replaces the class names added by a previous application (kept in `data-ce-classes`).
fn set_classes(el: &Element, names: &[String]) {
    let list = el.class_list();
    if let Some(previous) = el.get_attribute("data-ce-classes") {
        for name in class_names(&previous).unwrap_or_default() {
            let _ = list.remove_1(&name);
        }
    }
    for name in names {
        let _ = list.add_1(name);
    }
    if names.is_empty() {
        let _ = el.remove_attribute("data-ce-classes");
    } else {
        dom::set_attr(el, "data-ce-classes", &names.join(" "));
    }
}

/// Themes the search modal's dialog: `data-ce-theme` and `classes.modal`.
pub fn apply_modal(dialog: &Element, appearance: &JsValue) {
    let theme = parse(appearance).unwrap_or_default();
    let mode = if theme.dark { "dark" } else { "light" };
    dom::set_attr(dialog, "data-ce-theme", mode);
    set_classes(dialog, &theme.classes[1]);
}
