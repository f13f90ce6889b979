//! Message content: parsing what a user typed into content blocks, checking blocks a client sent,
//! and the plain text of either.
//!
//! The syntax is small and forgiving: `*bold*`/`**bold**`, `_italic_`, `~strike~`/`~~strike~~`,
//! `` `code` `` (nothing parsed inside), `[text](url)`, bare links and e-mail addresses, lines
//! starting with `- ` or `* ` as bullet lists, and `@userId` for participants. A marker without
//! its partner is plain text. Only `http:`, `https:` and `mailto:` URLs become links. Parsing never
//! fails and never panics; checking client blocks fails with a [`ContentError`].

mod autolink;
mod blocks;
mod inline;
mod plaintext;
mod validate;

#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chat_elements_protocol::ContentBlock;

pub use autolink::is_allowed_url;
pub use plaintext::plaintext;
pub use validate::{validate, ContentError};

/// Most levels of nested nodes in a text block (the block's children are level 1).
pub const MAX_DEPTH: usize = 8;

/// The users who may be mentioned: participant id → display name.
pub type Mentionable = BTreeMap<String, String>;

/// A message's content and its plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub content: Vec<ContentBlock>,
    pub plaintext: String,
}

/// Parses typed text into one text block.
pub fn parse(text: &str, mentionable: &Mentionable) -> Parsed {
    let normalized = text.replace("\r\n", "\n");
    let chars: Vec<char> = normalized.chars().collect();
    let content = vec![ContentBlock::Text {
        children: blocks::parse_lines(&chars, mentionable),
    }];
    let plaintext = plaintext(&content);
    Parsed { content, plaintext }
}
