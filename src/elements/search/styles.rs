//! The search element's and the search modal's styles, injected once per page next to the chat
//! element's (whose `.ce-root` variables they use).

use web_sys::Document;

use crate::dom;

const STYLE_ID: &str = "chat-elements-search-styles";

const CSS: &str = concat!(
    ".ce-search{min-height:200px}",
    ".ce-search-header{display:flex;align-items:center;gap:8px;padding:10px 12px 4px}",
    ".ce-search-label{flex:1 1 auto;font-weight:600}",
    ".ce-search-close{font:inherit;font-size:1.3em;line-height:1;width:32px;height:32px;border:0;",
    "border-radius:8px;background:transparent;color:var(--ce-muted);cursor:pointer}",
    ".ce-search-close:hover{background:var(--ce-bubble)}",
    ".ce-search-input{margin:4px 12px 8px;padding:8px 10px;font:inherit;color:var(--ce-fg);",
    "background:var(--ce-bg);border:1px solid var(--ce-border);border-radius:8px}",
    ".ce-search-status{padding:0 12px 4px;font-size:.85em;color:var(--ce-muted);min-height:1.2em}",
    ".ce-search[data-status=failed] .ce-search-status{color:var(--ce-danger)}",
    ".ce-search-results{flex:1 1 auto;min-height:0;overflow-y:auto;list-style:none;margin:0;",
    "padding:4px 8px;display:flex;flex-direction:column;gap:2px}",
    ".ce-search-results:empty{flex:0 0 auto;padding:0}",
    ".ce-search-result{display:block;width:100%;text-align:left;font:inherit;color:inherit;",
    "padding:8px;border:0;border-radius:8px;background:transparent;cursor:pointer}",
    ".ce-search-result:hover{background:var(--ce-bubble)}",
    ".ce-search-result:focus-visible{outline:2px solid var(--ce-focus);outline-offset:-2px;",
    "background:var(--ce-bubble)}",
    ".ce-search-result-meta{display:flex;gap:8px;align-items:baseline;font-size:.8em;",
    "color:var(--ce-muted)}",
    ".ce-search-result-sender{font-weight:600;color:var(--ce-fg)}",
    ".ce-search-result-subject{flex:1 1 auto;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}",
    ".ce-search-result-text{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;",
    "overflow:hidden;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".ce-search-mark{background:var(--ce-mark);color:inherit;border-radius:2px}",
    ".ce-search-more{margin:4px 12px 12px;font:inherit;padding:6px 12px;border:1px solid var(--ce-border);",
    "border-radius:8px;background:var(--ce-bg);color:var(--ce-fg);cursor:pointer}",
    ".ce-search-more[aria-disabled=true]{opacity:.6;cursor:progress}",
    ".ce-modal-backdrop,.ce-modal{all:revert}",
    ".ce-modal-backdrop{position:fixed;inset:0;z-index:2147483000;display:flex;align-items:flex-start;",
    "justify-content:center;padding:10vh 16px 16px;background:rgba(0,0,0,.45)}",
    ".ce-modal{width:min(640px,100%);height:min(560px,80vh);display:flex;flex-direction:column;",
    "box-shadow:0 12px 40px rgba(0,0,0,.3);border-radius:12px}",
    ".ce-modal>.ce-root{flex:1 1 auto}",
);

/// Adds the `<style>` unless the page already has it.
pub fn inject(doc: &Document) {
    if doc.get_element_by_id(STYLE_ID).is_some() {
        return;
    }
    let style = dom::element(doc, "style", "");
    style.set_id(STYLE_ID);
    style.set_text_content(Some(CSS));
    let head = doc.query_selector("head").ok().flatten();
    let parent = head.or_else(|| doc.document_element());
    if let Some(parent) = parent {
        dom::append(&parent, &style);
    }
}
