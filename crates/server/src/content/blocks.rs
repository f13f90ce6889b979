//! Lines: runs of lines starting with `- ` or `* ` become bullet lists; other lines are inline
//! text separated by newlines.

use chat_elements_protocol::{Node, TextNode};

use super::inline::{Builder, Inline};
use super::Mentionable;

/// The children of the text block for `chars`.
pub(super) fn parse_lines(chars: &[char], mentionable: &Mentionable) -> Vec<TextNode> {
    let inline = Inline::new(chars, mentionable);
    let mut out = Builder::default();
    let mut points: Vec<TextNode> = Vec::new();
    let mut after_text_line = false;
    for (start, end) in lines(chars) {
        if is_bullet(&chars[start..end]) {
            points.push(TextNode::Node(Node::BulletPoint {
                children: inline.parse(start + 2, end, 2, true),
            }));
            after_text_line = false;
            continue;
        }
        if !points.is_empty() {
            out.push_node(bullet_list(&mut points));
        }
        if after_text_line {
            out.push_char('\n');
        }
        inline.parse_into(&mut out, start, end, 0, true);
        after_text_line = true;
    }
    if !points.is_empty() {
        out.push_node(bullet_list(&mut points));
    }
    out.finish()
}

fn bullet_list(points: &mut Vec<TextNode>) -> TextNode {
    TextNode::Node(Node::BulletList {
        children: std::mem::take(points),
    })
}

/// `- ` or `* ` followed by something other than spaces.
fn is_bullet(line: &[char]) -> bool {
    matches!(line, ['-' | '*', ' ', rest @ ..] if rest.iter().any(|c| !c.is_whitespace()))
}

/// The `(start, end)` of each line, without the newlines.
fn lines(chars: &[char]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, chars.len()));
    lines
}
