//! Checking content blocks a client sent: nesting depth, link targets, mentions and length.

use chat_elements_protocol::{ContentBlock, Node, TextNode};

use super::autolink::is_allowed_url;
use super::{plaintext, Mentionable, Parsed, MAX_DEPTH};

/// Why client content was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("content must contain some text")]
    Empty,
    #[error("content is nested more than {MAX_DEPTH} levels deep")]
    TooDeep,
    #[error("links must be http, https or mailto URLs")]
    BadUrl,
    #[error("an autoLink's url must be the address its text shows")]
    AutoLinkMismatch,
    #[error("a mention must name a participant of the conversation")]
    NotParticipant,
    #[error("an experience needs an id of at most {MAX_EXPERIENCE_ID} characters (no control characters) and a text")]
    BadExperience,
    #[error("text is longer than {0} characters")]
    TooLong(usize),
    #[error("a message may carry at most {MAX_FILES} files")]
    TooManyFiles,
}

/// Most file blocks in one message.
pub const MAX_FILES: usize = 10;

/// Longest experience id, in characters.
pub const MAX_EXPERIENCE_ID: usize = 128;

/// Checks `blocks` and computes their plain text, which must be at most `max_chars` characters
/// and not blank unless the content has a file. File blocks must have been resolved from their
/// tokens by the caller (they are taken as they are).
pub fn validate(
    blocks: &[ContentBlock],
    mentionable: &Mentionable,
    max_chars: usize,
) -> Result<Parsed, ContentError> {
    let mut files = 0;
    for block in blocks {
        match block {
            ContentBlock::Text { children } => check_nodes(children, 1, mentionable)?,
            ContentBlock::File(_) => files += 1,
        }
    }
    if files > MAX_FILES {
        return Err(ContentError::TooManyFiles);
    }
    let plaintext = plaintext(blocks);
    if plaintext.trim().is_empty() && files == 0 {
        return Err(ContentError::Empty);
    }
    if plaintext.chars().count() > max_chars {
        return Err(ContentError::TooLong(max_chars));
    }
    Ok(Parsed {
        content: blocks.to_vec(),
        plaintext,
    })
}

fn check_nodes(
    nodes: &[TextNode],
    depth: usize,
    mentionable: &Mentionable,
) -> Result<(), ContentError> {
    for node in nodes {
        if let TextNode::Node(node) = node {
            if depth > MAX_DEPTH {
                return Err(ContentError::TooDeep);
            }
            check_node(node, depth, mentionable)?;
        }
    }
    Ok(())
}

fn check_node(node: &Node, depth: usize, mentionable: &Mentionable) -> Result<(), ContentError> {
    match node {
        Node::Bold { children }
        | Node::Italic { children }
        | Node::Strikethrough { children }
        | Node::BulletList { children }
        | Node::BulletPoint { children } => check_nodes(children, depth + 1, mentionable),
        Node::Link { url, children } => {
            if !is_allowed_url(url) {
                return Err(ContentError::BadUrl);
            }
            check_nodes(children, depth + 1, mentionable)
        }
        Node::AutoLink { url, text } => {
            if !is_allowed_url(url) {
                return Err(ContentError::BadUrl);
            }
            let shown = [
                text.clone(),
                format!("https://{text}"),
                format!("http://{text}"),
                format!("mailto:{text}"),
            ];
            if shown.iter().any(|candidate| candidate == url) {
                Ok(())
            } else {
                Err(ContentError::AutoLinkMismatch)
            }
        }
        Node::Mention { id, .. } => {
            if mentionable.contains_key(id) {
                Ok(())
            } else {
                Err(ContentError::NotParticipant)
            }
        }
        Node::Experience { id, text } => {
            let id_ok = !id.is_empty()
                && id.chars().count() <= MAX_EXPERIENCE_ID
                && !id.chars().any(char::is_control);
            if id_ok && !text.trim().is_empty() {
                Ok(())
            } else {
                Err(ContentError::BadExperience)
            }
        }
        Node::CodeSpan { .. } => Ok(()),
    }
}
