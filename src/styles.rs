//! The elements' stylesheet, injected once per page into `document.head`.

use web_sys::Document;

use crate::dom;

/// The base styles, then the chat's layouts (styles-layouts.css).
const CSS: &str = concat!(
    include_str!("styles.css"),
    include_str!("styles-layouts.css")
);
const STYLE_ID: &str = "chat-elements-styles";

/// Adds the `<style>` unless the page already has it (several sessions, or the SDK loaded twice).
pub fn inject(doc: &Document) {
    if doc.get_element_by_id(STYLE_ID).is_some() {
        return;
    }
    let style = dom::element(doc, "style", "");
    style.set_id(STYLE_ID);
    style.set_text_content(Some(CSS));
    match doc.query_selector("head").ok().flatten() {
        Some(head) => {
            let _ = head.append_child(&style);
        }
        None => {
            if let Some(root) = doc.document_element() {
                let _ = root.append_child(&style);
            }
        }
    }
}
