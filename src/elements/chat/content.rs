//! A message's `content` (see docs/PROTOCOL.md, "Message content") as DOM nodes: text blocks
//! become text nodes inside `strong`, `em`, `s`, `code`, `ul`/`li`, links and mention chips;
//! file blocks become an image or a download link. Only `createElement`, `createTextNode` and
//! attributes: never HTML. Links and file URLs pass [`safe_url`] or stay plain text.

use chat_elements_core::ids::decimal;
use js_sys::{Array, Intl, Object};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::dom;
use crate::js;

/// Deeper trees (which the server does not produce) are cut off rather than recursed into.
const MAX_DEPTH: u32 = 16;

/// Renders the text blocks of `message` into `text` and its file blocks into `files` (hidden
/// when there are none). Replaces what both held.
pub fn render(doc: &Document, message: &JsValue, text: &Element, files: &Element, base: &str) {
    text.set_text_content(None);
    files.set_text_content(None);
    // User text: its own direction, isolated from the row around it.
    dom::set_attr(text, "dir", "auto");
    let Ok(blocks) = js::get(message, "content").dyn_into::<Array>() else {
        let plain = js::get(message, "plaintext")
            .as_string()
            .unwrap_or_default();
        dom::set_user_text(text, &plain);
        dom::set_hidden(files, true);
        return;
    };
    let mut index = 0;
    let mut wrote_text = false;
    for block in blocks.iter() {
        match js::get(&block, "type").as_string().as_deref() {
            Some("file") => {
                if let Some(node) = file(doc, &block, index, base) {
                    dom::append(files, &node);
                }
                index += 1;
            }
            _ => {
                if wrote_text {
                    append_text(text, "\n");
                }
                children(doc, text, &block, 0);
                wrote_text = true;
            }
        }
    }
    dom::set_hidden(files, index == 0);
}

fn append_text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(&dom::clean(text));
}

fn children(doc: &Document, parent: &Element, node: &JsValue, depth: u32) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(list) = js::get(node, "children").dyn_into::<Array>() else {
        return;
    };
    for child in list.iter() {
        match child.as_string() {
            Some(text) => append_text(parent, &text),
            None => inline(doc, parent, &child, depth + 1),
        }
    }
}

/// One formatted node.
fn inline(doc: &Document, parent: &Element, node: &JsValue, depth: u32) {
    let kind = js::get(node, "type").as_string().unwrap_or_default();
    let text = js::get(node, "text").as_string();
    let wrap = |tag: &str, class: &str| {
        let el = dom::element(doc, tag, class);
        children(doc, &el, node, depth);
        dom::append(parent, &el);
    };
    match kind.as_str() {
        "bold" => wrap("strong", ""),
        "italic" => wrap("em", ""),
        "strikethrough" => wrap("s", ""),
        "bulletList" => wrap("ul", "ce-list"),
        "bulletPoint" => wrap("li", ""),
        "codeSpan" => dom::append(
            parent,
            &dom::user_text_element(doc, "code", "ce-code", text.as_deref().unwrap_or("")),
        ),
        "link" | "autoLink" => {
            let url = js::get(node, "url")
                .as_string()
                .and_then(|u| safe_url(&u, None));
            let target = match &url {
                Some(url) => {
                    let a = link(doc, "ce-link", url);
                    dom::append(parent, &a);
                    a
                }
                None => parent.clone(),
            };
            match text {
                Some(text) if kind == "autoLink" => append_text(&target, &text),
                _ => children(doc, &target, node, depth),
            }
        }
        "mention" => {
            let chip =
                dom::user_text_element(doc, "span", "ce-mention", text.as_deref().unwrap_or(""));
            let id = js::get(node, "id").as_string().unwrap_or_default();
            dom::set_attr(&chip, "data-user-id", &id);
            dom::set_attr(&chip, "role", "button");
            dom::set_attr(&chip, "tabindex", "0");
            dom::append(parent, &chip);
        }
        // An experience reference: a chip whose click emits `experienceClick` (clicks.rs).
        "experience" => {
            let shown = text.as_deref().unwrap_or("");
            let chip = dom::user_text_element(doc, "span", "ce-experience", &["#", shown].concat());
            let id = js::get(node, "id").as_string().unwrap_or_default();
            dom::set_attr(&chip, "data-experience-id", &id);
            dom::set_attr(&chip, "role", "button");
            dom::set_attr(&chip, "tabindex", "0");
            dom::append(parent, &chip);
        }
        // A node this version does not know: its text, if any.
        _ => match text {
            Some(text) => append_text(parent, &text),
            None => children(doc, parent, node, depth),
        },
    }
}

/// `<a href target=_blank rel="noopener noreferrer">`.
fn link(doc: &Document, class: &str, url: &str) -> Element {
    let a = dom::element(doc, "a", class);
    dom::set_attr(&a, "href", url);
    dom::set_attr(&a, "target", "_blank");
    dom::set_attr(&a, "rel", "noopener noreferrer");
    a
}

/// The URL when it is `http:`, `https:` or (without a `base`) `mailto:`; relative URLs resolve
/// against `base` (file URLs are relative to the server).
pub fn safe_url(url: &str, base: Option<&str>) -> Option<String> {
    let parsed = match base {
        Some(base) => web_sys::Url::new_with_base(url, base).ok()?,
        None => web_sys::Url::new(url).ok()?,
    };
    let ok = match parsed.protocol().as_str() {
        "http:" | "https:" => true,
        "mailto:" => base.is_none(),
        _ => false,
    };
    ok.then(|| parsed.href())
}

/// An image (`<img>` in a link) or a download link with the file's name and size.
fn file(doc: &Document, block: &JsValue, index: u32, base: &str) -> Option<Element> {
    let url = safe_url(&js::get(block, "url").as_string()?, Some(base))?;
    let name = js::get(block, "filename").as_string().unwrap_or_default();
    let image = js::get(block, "subtype").as_string().as_deref() == Some("image");
    let a = link(
        doc,
        if image {
            "ce-attachment ce-attachment-image"
        } else {
            "ce-attachment ce-attachment-file"
        },
        &url,
    );
    dom::set_attr(&a, "data-file-index", &decimal(index as u64));
    if image {
        let img = dom::element(doc, "img", "ce-image");
        dom::set_attr(&img, "src", &url);
        dom::set_attr(&img, "alt", &name);
        dom::set_attr(&img, "loading", "lazy");
        for key in ["width", "height"] {
            if let Some(n) = js::get(block, key).as_f64().filter(|n| *n > 0.0) {
                dom::set_attr(&img, key, &decimal(n as u64));
            }
        }
        dom::append(&a, &img);
    } else {
        dom::set_attr(&a, "download", &name);
        dom::append(
            &a,
            &dom::user_text_element(doc, "span", "ce-file-name", &name),
        );
        if let Some(size) = js::get(block, "size").as_f64() {
            dom::append(
                &a,
                &dom::text_element(doc, "span", "ce-file-size", &file_size(size)),
            );
        }
    }
    Some(a)
}

/// "12 kB", "1.5 MB" in the page's language.
fn file_size(bytes: f64) -> String {
    let (value, unit) = if bytes >= 1_000_000.0 {
        (bytes / 1_000_000.0, "megabyte")
    } else if bytes >= 1000.0 {
        (bytes / 1000.0, "kilobyte")
    } else {
        (bytes, "byte")
    };
    let options = js::object(&[
        ("style", JsValue::from_str("unit")),
        ("unit", JsValue::from_str(unit)),
        ("maximumFractionDigits", JsValue::from_f64(1.0)),
    ]);
    let format = Intl::NumberFormat::new(&Array::new(), options.unchecked_ref::<Object>());
    format
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(value))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Whop's `attachmentClick` attachments: every file of `message`, in order.
pub fn attachments(message: &JsValue, base: &str) -> Array {
    let out = Array::new();
    let Ok(blocks) = js::get(message, "content").dyn_into::<Array>() else {
        return out;
    };
    for block in blocks.iter() {
        if js::get(&block, "type").as_string().as_deref() != Some("file") {
            continue;
        }
        let token = js::get(&block, "fileToken").as_string().unwrap_or_default();
        let id = token.split('.').next().unwrap_or_default();
        let url = js::get(&block, "url").as_string().unwrap_or_default();
        let url = safe_url(&url, Some(base)).unwrap_or_default();
        let item = js::object(&[
            ("id", JsValue::from_str(id)),
            ("url", JsValue::from_str(&url)),
            ("filename", js::get(&block, "filename")),
        ]);
        for key in ["contentType", "width", "height"] {
            let value = js::get(&block, key);
            if !value.is_undefined() && !value.is_null() {
                js::set(&item, key, &value);
            }
        }
        out.push(&item);
    }
    out
}
