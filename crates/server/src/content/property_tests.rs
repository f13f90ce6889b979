//! Property-style checks over many generated inputs: parsing never panics, never links
//! anywhere but http/https/mailto, and always yields content the server would accept back.

use chat_elements_protocol::{ContentBlock, Node, TextNode};

use super::*;

fn people() -> Mentionable {
    [("bob", "Bob"), ("bob.smith", "Bob Smith"), ("ann", "Ann")]
        .into_iter()
        .map(|(id, name)| (id.to_owned(), name.to_owned()))
        .collect()
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "*",
    "**",
    "_",
    "~",
    "~~",
    "`",
    "[",
    "]",
    "(",
    ")",
    "@",
    "@bob",
    "@bob.smith",
    "- ",
    "* ",
    "\n",
    "\r\n",
    " ",
    "https://",
    "http://x.y/",
    "www.",
    "mailto:",
    "a@b.co",
    "javascript:",
    "x",
    "word",
    "é",
    "漢字",
    "🦀",
    "👍🏽",
    "\u{200d}",
    "\u{0}",
    "\t",
    ".",
    ",",
    ")",
    "!",
];

fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(40);
    (0..len)
        .map(|_| {
            if rng.below(8) == 0 {
                char::from_u32(rng.below(0x11_0000) as u32)
                    .unwrap_or('?')
                    .to_string()
            } else {
                PIECES[rng.below(PIECES.len())].to_owned()
            }
        })
        .collect()
}

fn links_in(nodes: &[TextNode], urls: &mut Vec<String>) {
    for node in nodes {
        if let TextNode::Node(node) = node {
            match node {
                Node::Link { url, children } => {
                    urls.push(url.clone());
                    links_in(children, urls);
                }
                Node::AutoLink { url, .. } => urls.push(url.clone()),
                Node::Bold { children }
                | Node::Italic { children }
                | Node::Strikethrough { children }
                | Node::BulletList { children }
                | Node::BulletPoint { children } => links_in(children, urls),
                Node::CodeSpan { .. } | Node::Mention { .. } | Node::Experience { .. } => {}
            }
        }
    }
}

#[test]
fn any_input_parses_into_content_the_server_would_accept() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let text = random_text(&mut rng);
        let parsed = parse(&text, &people());
        let ContentBlock::Text { children } = &parsed.content[0] else {
            panic!("typed text parses into a text block")
        };
        let mut urls = Vec::new();
        links_in(children, &mut urls);
        for url in urls {
            assert!(is_allowed_url(&url), "{text:?} linked to {url:?}");
        }
        if !parsed.plaintext.trim().is_empty() {
            let checked = validate(&parsed.content, &people(), usize::MAX)
                .unwrap_or_else(|err| panic!("{text:?} parsed into refused content: {err}"));
            assert_eq!(checked.plaintext, parsed.plaintext);
        }
        if !text.contains(['*', '_', '~', '`', '[', '@', '\r']) && !text.contains("- ") {
            assert_eq!(parsed.plaintext, text, "text without markup stays as typed");
        }
    }
}

#[test]
fn long_pathological_inputs_parse_quickly() {
    let started = std::time::Instant::now();
    for piece in [
        "*a",
        "`",
        "@",
        "[a](",
        "_",
        "**",
        "@bo",
        "https://x",
        "a@b.",
    ] {
        let text = piece.repeat(4000 / piece.len());
        let _ = parse(&text, &people());
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
