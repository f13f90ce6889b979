//! Message content: blocks, and the tree of text nodes inside a text block.
//!
//! The server parses what a user typed (a small markdown-like syntax) into this tree; clients
//! render the tree with DOM nodes and text, never as HTML.

use serde::{Deserialize, Serialize};

/// One block of a message's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ContentBlock {
    /// Formatted text.
    Text { children: Vec<TextNode> },
}

/// A piece of formatted text: a plain string or a node with children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TextNode {
    Plain(String),
    Node(Node),
}

/// The kinds of formatted text node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Node {
    /// `*bold*` or `**bold**`.
    Bold { children: Vec<TextNode> },
    /// `_italic_`.
    Italic { children: Vec<TextNode> },
    /// `~strikethrough~` or `~~strikethrough~~`.
    Strikethrough { children: Vec<TextNode> },
    /// Lines starting with `- ` or `* `.
    BulletList { children: Vec<TextNode> },
    /// One line of a bullet list.
    BulletPoint { children: Vec<TextNode> },
    /// `` `code` ``: shown as typed, no formatting inside.
    CodeSpan { text: String },
    /// `[text](https://…)`.
    Link { url: String, children: Vec<TextNode> },
    /// A bare `https://…`, `www.…` or e-mail address found in the text.
    AutoLink { url: String, text: String },
    /// `@userId` naming a participant of the conversation.
    Mention { id: String, text: String },
}

/// A block a client may send: only text blocks for now (files come with uploads).
pub type SendContentBlock = ContentBlock;
