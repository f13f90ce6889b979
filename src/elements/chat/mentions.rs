//! `@` mentions in the composer: typing `@` and the start of a name opens a listbox of the
//! conversation's participants (from the participants topic, feeds.rs) whose name matches,
//! case- and accent-insensitively. The textarea keeps the listbox's active option in
//! `aria-activedescendant`; ArrowUp/ArrowDown move, Enter or Tab pick, Escape closes, a click
//! picks. A picked participant shows as `@Name` in the textarea and goes out in the server's
//! mention syntax (`@userId`, see docs/PROTOCOL.md), or as a mention node when the message also
//! carries files.

use chat_elements_core::ids::decimal;
use std::rc::Rc;

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlTextAreaElement, KeyboardEvent};

use super::ElementShared;
use crate::dom::{self, Listener};
use crate::i18n::{self, Locale, Text};
use crate::js;

/// Most suggestions shown at once.
const MAX_MATCHES: usize = 8;
/// Longest text after `@` that is still looked up.
const MAX_QUERY_CHARS: usize = 40;

pub struct Mentions {
    pub list: Element,
    list_id: String,
    /// The suggestions shown: (user id, name).
    matches: Vec<(String, String)>,
    active: usize,
    /// The UTF-16 range of `@query` in the textarea while the list is open.
    range: Option<(u32, u32)>,
    /// The participants picked since the last send: (name, user id).
    pub picked: Vec<(String, String)>,
    _listeners: Vec<Listener>,
}

impl Mentions {
    pub fn new(doc: &Document, input: &HtmlTextAreaElement, element_id: u32) -> Mentions {
        let list_id = ["ce-mentions-", &decimal(element_id.into())].concat();
        let list = dom::element(doc, "ul", "ce-mention-list");
        list.set_id(&list_id);
        dom::set_attr(&list, "role", "listbox");
        i18n::set_label(&list, "aria-label", Text::MentionParticipant, Locale::EN);
        dom::set_hidden(&list, true);
        dom::set_attr(input, "aria-autocomplete", "list");
        dom::set_attr(input, "aria-controls", &list_id);
        // Pressing an option must not take the focus from the textarea.
        let keep_focus = Listener::new(&list, "mousedown", |event: Event| event.prevent_default());
        Mentions {
            list,
            list_id,
            matches: Vec::new(),
            active: 0,
            range: None,
            picked: Vec::new(),
            _listeners: vec![keep_focus],
        }
    }

    pub fn is_open(&self) -> bool {
        self.range.is_some()
    }

    pub fn close(&mut self, input: &HtmlTextAreaElement) {
        self.range = None;
        self.matches.clear();
        self.list.set_text_content(None);
        dom::set_hidden(&self.list, true);
        let _ = input.remove_attribute("aria-activedescendant");
    }

    /// Looks at the text before the caret and shows the participants matching `@query`.
    pub fn refresh(
        &mut self,
        doc: &Document,
        input: &HtmlTextAreaElement,
        people: &[(String, String)],
    ) {
        let Some((start, end, query)) = query_at_caret(input) else {
            self.close(input);
            return;
        };
        let wanted = fold(&query);
        self.matches = people
            .iter()
            .filter(|(_, name)| {
                let name = fold(name);
                name.starts_with(&wanted)
                    || name
                        .split(' ')
                        .any(|word| !word.is_empty() && word.starts_with(&wanted))
            })
            .take(MAX_MATCHES)
            .cloned()
            .collect();
        if self.matches.is_empty() {
            self.close(input);
            return;
        }
        self.range = Some((start, end));
        self.active = 0;
        self.list.set_text_content(None);
        for (index, (id, name)) in self.matches.iter().enumerate() {
            let option = dom::user_text_element(doc, "li", "ce-mention-option", name);
            option.set_id(&self.option_id(index));
            dom::set_attr(&option, "role", "option");
            dom::set_attr(&option, "data-index", &decimal(index as u64));
            dom::set_attr(&option, "data-user-id", id);
            dom::append(&self.list, &option);
        }
        dom::set_hidden(&self.list, false);
        self.show_active(input);
    }

    fn option_id(&self, index: usize) -> String {
        [self.list_id.as_str(), "-", &decimal(index as u64)].concat()
    }

    fn show_active(&self, input: &HtmlTextAreaElement) {
        let children = self.list.children();
        for index in 0..children.length() {
            if let Some(option) = children.item(index) {
                let on = index as usize == self.active;
                dom::set_attr(&option, "aria-selected", if on { "true" } else { "false" });
            }
        }
        dom::set_attr(input, "aria-activedescendant", &self.option_id(self.active));
    }

    /// A key in the textarea while the list is open; true when it was handled here.
    pub fn key(&mut self, input: &HtmlTextAreaElement, key: &KeyboardEvent) -> bool {
        if !self.is_open() || key.is_composing() {
            return false;
        }
        let count = self.matches.len();
        match key.key().as_str() {
            "ArrowDown" => self.active = (self.active + 1) % count,
            "ArrowUp" => self.active = (self.active + count - 1) % count,
            "Enter" | "Tab" if !key.shift_key() => {
                self.pick(input, self.active);
                return true;
            }
            "Escape" => {
                self.close(input);
                return true;
            }
            _ => return false,
        }
        self.show_active(input);
        true
    }

    /// Puts suggestion `index` into the textarea as `@Name ` in place of `@query`.
    pub fn pick(&mut self, input: &HtmlTextAreaElement, index: usize) {
        let (Some((start, end)), Some((id, name))) = (self.range, self.matches.get(index).cloned())
        else {
            return;
        };
        let value = JsString::from(input.value());
        let inserted = ["@", &name, " "].concat();
        let before = value.slice(0, start);
        let after = value.slice(end, value.length());
        let next = before.concat(&JsValue::from_str(&inserted)).concat(&after);
        input.set_value(&String::from(next));
        let caret = start + JsString::from(inserted.as_str()).length();
        let _ = input.set_selection_range(caret, caret);
        if !self.picked.iter().any(|(n, i)| *n == name && *i == id) {
            self.picked.push((name, id));
        }
        self.close(input);
    }
}

/// `(start, caret, query)` when the caret ends an `@query` that starts a word.
fn query_at_caret(input: &HtmlTextAreaElement) -> Option<(u32, u32, String)> {
    let caret = input.selection_start().ok().flatten()?;
    if input.selection_end().ok().flatten() != Some(caret) {
        return None;
    }
    let before: String = JsString::from(input.value()).slice(0, caret).into();
    let mut query = Vec::new();
    let mut chars = before.chars().rev();
    loop {
        let c = chars.next()?;
        if c == '@' {
            break;
        }
        if c.is_whitespace() || query.len() >= MAX_QUERY_CHARS {
            return None;
        }
        query.push(c);
    }
    if chars.next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let query: String = query.into_iter().rev().collect();
    let units: u32 = query.chars().map(|c| c.len_utf16() as u32).sum();
    Some((caret.saturating_sub(units + 1), caret, query))
}

/// Lower case without accents ("Émile" → "emile"), through the browser's Unicode tables.
fn fold(text: &str) -> String {
    let decomposed: String = JsString::from(text).normalize("NFD").to_lower_case().into();
    decomposed
        .chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// A part of the composer's text: plain text or a picked participant.
pub enum Segment {
    Text(String),
    Mention { id: String, name: String },
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `text` at each `@Name` of a picked participant (the longest name that fits and ends a
/// word).
pub fn segments(text: &str, picked: &[(String, String)]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !is_word(chars[i - 1]);
        let found = if chars[i] == '@' && starts_word {
            picked
                .iter()
                .filter(|(name, _)| {
                    let name: Vec<char> = name.chars().collect();
                    let end = i + 1 + name.len();
                    chars.get(i + 1..end) == Some(&name[..])
                        && chars.get(end).is_none_or(|c| !is_word(*c))
                })
                .max_by_key(|(name, _)| name.chars().count())
        } else {
            None
        };
        match found {
            Some((name, id)) => {
                if !plain.is_empty() {
                    out.push(Segment::Text(std::mem::take(&mut plain)));
                }
                out.push(Segment::Mention {
                    id: id.clone(),
                    name: name.clone(),
                });
                i += 1 + name.chars().count();
            }
            None => {
                plain.push(chars[i]);
                i += 1;
            }
        }
    }
    if !plain.is_empty() {
        out.push(Segment::Text(plain));
    }
    out
}

/// The text as the server parses it: each mention as `@userId`.
pub fn wire_text(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Text(text) => out.push_str(text),
            Segment::Mention { id, .. } => {
                out.push('@');
                out.push_str(id);
            }
        }
    }
    out
}

/// A text block (`{ type: "text", children }`) with mention nodes, for a message with files.
pub fn text_block(segments: &[Segment]) -> JsValue {
    let children = Array::new();
    for segment in segments {
        match segment {
            Segment::Text(text) => {
                children.push(&JsValue::from_str(text));
            }
            Segment::Mention { id, name } => {
                children.push(&js::object(&[
                    ("type", JsValue::from_str("mention")),
                    ("id", JsValue::from_str(id)),
                    ("text", JsValue::from_str(name)),
                ]));
            }
        }
    }
    js::object(&[
        ("type", JsValue::from_str("text")),
        ("children", children.into()),
    ])
}

/// The participants of `snapshot` (the participants topic's list) other than `me`: (id, name).
pub fn people(participants: &JsValue, me: Option<&str>) -> Vec<(String, String)> {
    let Ok(list) = participants.clone().dyn_into::<Array>() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| {
            let user = js::get(&p, "user");
            let id = js::get(&user, "id").as_string()?;
            let name = js::get(&user, "name")
                .as_string()
                .unwrap_or_else(|| id.clone());
            (Some(id.as_str()) != me).then_some((id, name))
        })
        .collect()
}

impl ElementShared {
    /// The composer's text changed: update the suggestions.
    pub(super) fn refresh_mentions(self: &Rc<Self>) {
        let me = self.handle().and_then(|handle| handle.user_id());
        let people = match self.live.try_borrow() {
            Ok(live) => people(&live.participants, me.as_deref()),
            Err(_) => return,
        };
        self.with_view(|view| view.mentions.refresh(&view.doc, &view.input, &people));
    }

    /// A click on a suggestion picks it.
    pub(super) fn pick_mention(self: &Rc<Self>, option: &Element) {
        let index = option
            .get_attribute("data-index")
            .and_then(|i| i.parse::<usize>().ok())
            .unwrap_or(0);
        let input = self.with_view(|view| {
            view.mentions.pick(&view.input, index);
            view.input.clone()
        });
        if let Some(input) = input {
            let _ = input.focus();
        }
    }
}
