//! Inline formatting within one line: emphasis, code spans, links, bare links and mentions.
//!
//! Works on the message as a slice of `char`s (so no index can split a character) and on
//! half-open ranges of it. A marker without a valid partner stays plain text.

use std::ops::Bound;

use chat_elements_protocol::{Node, TextNode};

use super::autolink::{self, is_allowed_url};
use super::{Mentionable, MAX_DEPTH};

/// Collects nodes, merging adjacent plain text.
#[derive(Default)]
pub(super) struct Builder {
    nodes: Vec<TextNode>,
    plain: String,
}

impl Builder {
    pub fn push_char(&mut self, c: char) {
        self.plain.push(c);
    }

    pub fn push_node(&mut self, node: TextNode) {
        match node {
            TextNode::Plain(text) => self.plain.push_str(&text),
            node => {
                self.flush();
                self.nodes.push(node);
            }
        }
    }

    fn flush(&mut self) {
        if !self.plain.is_empty() {
            self.nodes
                .push(TextNode::Plain(std::mem::take(&mut self.plain)));
        }
    }

    pub fn finish(mut self) -> Vec<TextNode> {
        self.flush();
        self.nodes
    }
}

/// The inline parser over one message.
pub(super) struct Inline<'a> {
    chars: &'a [char],
    /// For a backtick that opens a code span: the index of the one that closes it.
    code_close: Vec<Option<usize>>,
    mentionable: &'a Mentionable,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a> Inline<'a> {
    pub fn new(chars: &'a [char], mentionable: &'a Mentionable) -> Inline<'a> {
        let mut code_close = vec![None; chars.len()];
        let mut open: Option<usize> = None;
        for (i, &c) in chars.iter().enumerate() {
            match (c, open) {
                ('\n', _) => open = None,
                ('`', Some(o)) if i > o + 1 => {
                    code_close[o] = Some(i);
                    open = None;
                }
                ('`', _) => open = Some(i),
                _ => {}
            }
        }
        Inline {
            chars,
            code_close,
            mentionable,
        }
    }

    fn prev(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|p| self.chars.get(p)).copied()
    }

    /// The nodes for `start..end`, inside a node at `depth` (0 for the block itself).
    pub fn parse(&self, start: usize, end: usize, depth: usize, links: bool) -> Vec<TextNode> {
        let mut out = Builder::default();
        self.parse_into(&mut out, start, end, depth, links);
        out.finish()
    }

    pub fn parse_into(
        &self,
        out: &mut Builder,
        start: usize,
        end: usize,
        depth: usize,
        links: bool,
    ) {
        let end = end.min(self.chars.len());
        let mut i = start;
        while i < end {
            if let Some((node, next)) = self.node_at(i, end, depth, links) {
                out.push_node(node);
                i = next;
            } else {
                out.push_char(self.chars[i]);
                i += 1;
            }
        }
    }

    fn node_at(
        &self,
        i: usize,
        end: usize,
        depth: usize,
        links: bool,
    ) -> Option<(TextNode, usize)> {
        let c = self.chars[i];
        let nested_ok = depth < MAX_DEPTH;
        match c {
            '`' => self.code_span(i, end),
            '*' | '_' | '~' if nested_ok => self.emphasis(i, end, depth, links),
            '[' if links && nested_ok => self.link(i, end, depth),
            '@' if links => self.mention(i, end),
            _ if links && !self.prev(i).is_some_and(char::is_alphanumeric) => {
                autolink::find(self.chars, i, end)
            }
            _ => None,
        }
    }

    fn code_span(&self, i: usize, end: usize) -> Option<(TextNode, usize)> {
        let close = self.code_close[i].filter(|&close| close < end)?;
        let text = self.chars[i + 1..close].iter().collect();
        Some((TextNode::Node(Node::CodeSpan { text }), close + 1))
    }

    fn emphasis(
        &self,
        i: usize,
        end: usize,
        depth: usize,
        links: bool,
    ) -> Option<(TextNode, usize)> {
        let marker = self.chars[i];
        let lengths: &[usize] = if marker == '_' { &[1] } else { &[2, 1] };
        lengths
            .iter()
            .find_map(|&len| self.emphasis_of(marker, len, i, end, depth, links))
    }

    fn emphasis_of(
        &self,
        marker: char,
        len: usize,
        i: usize,
        end: usize,
        depth: usize,
        links: bool,
    ) -> Option<(TextNode, usize)> {
        let chars = self.chars;
        let body = i + len;
        if body >= end || chars[i..body].iter().any(|&c| c != marker) {
            return None;
        }
        let first = chars[body];
        if first.is_whitespace()
            || first == marker
            || self.prev(i).is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        let mut j = body + 1;
        while j + len <= end {
            let c = chars[j];
            if c == '\n' {
                return None;
            }
            if c == '`' {
                if let Some(close) = self.code_close[j].filter(|&close| close < end) {
                    j = close + 1;
                    continue;
                }
            }
            if self.closes(marker, len, j) {
                let children = self.parse(body, j, depth + 1, links);
                let node = match marker {
                    '*' => Node::Bold { children },
                    '_' => Node::Italic { children },
                    _ => Node::Strikethrough { children },
                };
                return Some((TextNode::Node(node), j + len));
            }
            j += 1;
        }
        None
    }

    /// True when `len` markers at `j` close an emphasis: after a non-space, before the end of
    /// a word, and not part of a longer run of markers.
    fn closes(&self, marker: char, len: usize, j: usize) -> bool {
        let chars = self.chars;
        let after = chars.get(j + len).copied();
        chars[j..j + len].iter().all(|&c| c == marker)
            && self
                .prev(j)
                .is_some_and(|c| !c.is_whitespace() && c != marker)
            && after.is_none_or(|c| !c.is_alphanumeric() && c != marker)
    }

    /// `[label](url)` with an allowed URL; anything else leaves the `[` as text.
    fn link(&self, i: usize, end: usize, depth: usize) -> Option<(TextNode, usize)> {
        let chars = self.chars;
        let close = (i + 1..end).find(|&k| chars[k] == ']' || chars[k] == '\n')?;
        if chars[close] != ']' || close == i + 1 || chars.get(close + 1) != Some(&'(') {
            return None;
        }
        let url_start = close + 2;
        let url_end = (url_start..end).find(|&k| chars[k] == ')' || chars[k].is_whitespace())?;
        if chars[url_end] != ')' || url_end == url_start {
            return None;
        }
        let url: String = chars[url_start..url_end].iter().collect();
        if !is_allowed_url(&url) {
            return None;
        }
        let children = self.parse(i + 1, close, depth + 1, false);
        Some((TextNode::Node(Node::Link { url, children }), url_end + 1))
    }

    /// `@id` for the longest participant id that follows and ends a word.
    fn mention(&self, i: usize, end: usize) -> Option<(TextNode, usize)> {
        if self.mentionable.is_empty() || self.prev(i).is_some_and(is_word) {
            return None;
        }
        let mut candidate = String::new();
        let mut best = None;
        for j in i + 1..end {
            candidate.push(self.chars[j]);
            let mut later = self
                .mentionable
                .range::<str, _>((Bound::Included(candidate.as_str()), Bound::Unbounded));
            match later.next() {
                Some((id, _)) if id.starts_with(&candidate) => {}
                _ => break,
            }
            let ends_word = self.chars.get(j + 1).is_none_or(|&c| !is_word(c));
            if ends_word {
                if let Some(name) = self.mentionable.get(&candidate) {
                    best = Some((candidate.clone(), name.clone(), j + 1));
                }
            }
        }
        let (id, text, next) = best?;
        Some((TextNode::Node(Node::Mention { id, text }), next))
    }
}
