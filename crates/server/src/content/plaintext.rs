//! The plain text of content: what previews and notifications show.

use chat_elements_protocol::{ContentBlock, Node, TextNode};

/// The text of `blocks` without markup: blocks and bullet points on their own lines, mentions
/// as `@name`, links as their text. File blocks have no text.
pub fn plaintext(blocks: &[ContentBlock]) -> String {
    let texts: Vec<String> = blocks
        .iter()
        .filter_map(|block| match block {
            ContentBlock::Text { children } => {
                let mut out = String::new();
                walk(children, &mut out);
                if matches!(
                    children.last(),
                    Some(TextNode::Node(Node::BulletList { .. }))
                ) {
                    out.pop();
                }
                Some(out)
            }
            ContentBlock::File(_) => None,
        })
        .collect();
    texts.join("\n")
}

fn walk(nodes: &[TextNode], out: &mut String) {
    for node in nodes {
        match node {
            TextNode::Plain(text) => out.push_str(text),
            TextNode::Node(node) => walk_node(node, out),
        }
    }
}

fn walk_node(node: &Node, out: &mut String) {
    match node {
        Node::Bold { children }
        | Node::Italic { children }
        | Node::Strikethrough { children }
        | Node::BulletPoint { children }
        | Node::Link { children, .. } => walk(children, out),
        Node::BulletList { children } => {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            for (i, point) in children.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                walk(std::slice::from_ref(point), out);
            }
            out.push('\n');
        }
        Node::CodeSpan { text } | Node::AutoLink { text, .. } => out.push_str(text),
        Node::Mention { text, .. } => {
            out.push('@');
            out.push_str(text);
        }
        Node::Experience { text, .. } => {
            out.push('#');
            out.push_str(text);
        }
    }
}
