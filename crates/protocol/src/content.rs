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
    /// An uploaded file (`{ type: "file", fileToken, ... }`).
    File(FileBlock),
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
    Link {
        url: String,
        children: Vec<TextNode>,
    },
    /// A bare `https://…`, `www.…` or e-mail address found in the text.
    AutoLink { url: String, text: String },
    /// `@userId` naming a participant of the conversation.
    Mention { id: String, text: String },
    /// A reference to an "experience" (a place or product of the application, by the
    /// application's own id) shown as `text`. Never parsed from typed text: only sent as content.
    /// The chat element shows it as a chip that emits `experienceClick { id }`.
    Experience { id: String, text: String },
}

/// A block a client may send. Text blocks are checked like typed text; for a file block only
/// `fileToken` is read (`{ type: "file", fileToken }`, or a whole [`FileBlock`] taken from a
/// received message): the server fills in everything else from the upload.
pub type SendContentBlock = ContentBlock;

/// A file attached to a message: TalkJS's `FileBlock` variants in one shape.
///
/// In messages from the server every field but `subtype`, `width`, `height` and `duration` is
/// set. `subtype` is absent for a generic file (TalkJS's `GenericFileBlock`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileBlock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<FileSubtype>,
    /// The opaque, signed id of the upload; send it again to attach the same file again.
    pub file_token: String,
    /// Where to fetch the file: a short-lived signed URL (an `<img>` can load it as it is).
    /// Relative to the server's origin unless the server knows its public URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The name given at upload, with its extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// The media type the server recorded at upload (e.g. `image/png`); an extension of ours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Images and videos: width in pixels, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Images and videos: height in pixels, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Video, audio and voice: length in seconds, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Seconds>,
}

impl FileBlock {
    /// The send form: only the token.
    pub fn token(file_token: impl Into<String>) -> FileBlock {
        FileBlock {
            subtype: None,
            file_token: file_token.into(),
            url: None,
            size: None,
            filename: None,
            content_type: None,
            width: None,
            height: None,
            duration: None,
        }
    }
}

/// What kind of file a [`FileBlock`] holds, beyond a generic file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FileSubtype {
    Image,
    Video,
    Audio,
    /// A voice recording (an audio file the UI shows as a recording).
    Voice,
}

/// A length of time in seconds (a JSON number, fractions allowed).
///
/// Compared by bit pattern so it can be `Eq`: JSON has no NaN, so equal numbers compare equal.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seconds(pub f64);

impl PartialEq for Seconds {
    fn eq(&self, other: &Seconds) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Seconds {}
