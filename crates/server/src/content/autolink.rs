//! Links: which URLs may become links, and finding bare links and e-mail addresses in text.

use chat_elements_protocol::{Node, TextNode};

/// Longest URL accepted in a link, in characters.
pub const MAX_URL_CHARS: usize = 2048;

/// True for the URLs a link may point to: `http://…`, `https://…` or `mailto:…`, with something
/// after the scheme, no whitespace or control characters, and at most [`MAX_URL_CHARS`].
pub fn is_allowed_url(url: &str) -> bool {
    if url.chars().count() > MAX_URL_CHARS
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// A bare link or e-mail address starting at `start` (which the caller has checked is at the
/// start of a word), ending before `end`: the node and the index after it.
pub(super) fn find(chars: &[char], start: usize, end: usize) -> Option<(TextNode, usize)> {
    let first = *chars.get(start)?;
    if first == 'h' || first == 'H' {
        for scheme in ["https://", "http://"] {
            if starts_with_ignore_case(chars, start, end, scheme) {
                let stop = url_end(chars, start, end, start + scheme.len())?;
                let text: String = chars[start..stop].iter().collect();
                return Some((auto_link(text.clone(), text), stop));
            }
        }
    }
    if (first == 'w' || first == 'W') && starts_with_ignore_case(chars, start, end, "www.") {
        let after = start + 4;
        if chars.get(after).is_some_and(|c| c.is_alphanumeric()) && after < end {
            if let Some(stop) = url_end(chars, start, end, after) {
                let text: String = chars[start..stop].iter().collect();
                return Some((auto_link(format!("https://{text}"), text), stop));
            }
        }
    }
    email(chars, start, end)
}

fn auto_link(url: String, text: String) -> TextNode {
    TextNode::Node(Node::AutoLink { url, text })
}

fn starts_with_ignore_case(chars: &[char], start: usize, end: usize, prefix: &str) -> bool {
    let len = prefix.chars().count();
    start + len <= end
        && chars[start..start + len]
            .iter()
            .zip(prefix.chars())
            .all(|(c, p)| c.to_ascii_lowercase() == p)
}

/// Where a URL starting at `start` ends: at whitespace or a character URLs do not contain,
/// without trailing punctuation or an unbalanced closing parenthesis. `None` when nothing is left
/// after `min_body` (the end of the scheme).
fn url_end(chars: &[char], start: usize, end: usize, min_body: usize) -> Option<usize> {
    let mut stop = start;
    while stop < end
        && !chars[stop].is_whitespace()
        && !chars[stop].is_control()
        && !"<>\"`".contains(chars[stop])
    {
        stop += 1;
    }
    loop {
        let &last = chars[..stop].last()?;
        if stop <= min_body {
            return None;
        }
        let trailing = ".,:;!?'*_~".contains(last);
        let unbalanced = match last {
            ')' => count(chars, start, stop, '(') < count(chars, start, stop, ')'),
            ']' => count(chars, start, stop, '[') < count(chars, start, stop, ']'),
            _ => false,
        };
        if trailing || unbalanced {
            stop -= 1;
        } else {
            return Some(stop);
        }
    }
}

fn count(chars: &[char], start: usize, stop: usize, wanted: char) -> usize {
    chars[start..stop].iter().filter(|&&c| c == wanted).count()
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// `local@domain.tld` (ASCII only) starting at `start`.
fn email(chars: &[char], start: usize, end: usize) -> Option<(TextNode, usize)> {
    if !chars.get(start)?.is_ascii_alphanumeric() {
        return None;
    }
    let mut at = start;
    while at < end && is_local_char(chars[at]) {
        at += 1;
    }
    if at >= end || chars[at] != '@' {
        return None;
    }
    let domain_start = at + 1;
    let mut stop = domain_start;
    while stop < end && is_domain_char(chars[stop]) {
        stop += 1;
    }
    while stop > domain_start && matches!(chars[stop - 1], '.' | '-') {
        stop -= 1;
    }
    let domain: String = chars[domain_start..stop].iter().collect();
    let (name, tld) = domain.rsplit_once('.')?;
    let valid = !name.is_empty()
        && domain.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !domain.contains("..")
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    if !valid {
        return None;
    }
    let text: String = chars[start..stop].iter().collect();
    Some((auto_link(format!("mailto:{text}"), text), stop))
}
