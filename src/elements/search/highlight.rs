//! Highlighting the words of a query in a result's text, as the server matches them: each word
//! of the query is a prefix of a word of the text, ignoring case and accents ("cafe" marks the
//! "Café" of "Cafés"). The marks are built from text nodes and `<mark>` elements only.

use web_sys::{Document, Element};

use crate::dom;

/// Longer texts are cut to a window around the first match.
const SNIPPET_CHARS: usize = 240;
/// How much text to keep before the first match when cutting.
const LEAD_CHARS: usize = 60;

/// The lowercase letters of Latin-1 (U+00E0..U+00FF) without their accents; `.` keeps the letter.
const LATIN1: &[u8; 32] = b"aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
/// Latin Extended-A (U+0100..U+017F, capitals and small letters) without accents; `.` keeps it.
const LATIN_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.llllllllllnnnnnn...oooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// `c` lowercased and without accents; `None` for a combining accent (decomposed text).
///
/// Only Latin (with Latin-1 and Latin Extended-A), Greek and Cyrillic have cases here: the
/// standard library's Unicode case tables would add about 20 KB to the SDK.
fn fold(c: char) -> Option<char> {
    let mut code = c as u32;
    if is_combining(c) {
        return None;
    }
    if matches!(code, 0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde | 0x391..=0x3a9 | 0x410..=0x42f) {
        code += 0x20;
    } else if matches!(code, 0x400..=0x40f) {
        code += 0x50;
    }
    let base = match code {
        0xe0..=0xff => LATIN1[(code - 0xe0) as usize],
        0x100..=0x17f => LATIN_A[(code - 0x100) as usize],
        _ => b'.',
    };
    if base != b'.' {
        return Some(base as char);
    }
    if matches!(code, 0x132 | 0x14a | 0x152) {
        code += 1; // Ĳ Ŋ Œ
    }
    char::from_u32(code)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36f)
}

/// Whether `c` is part of a word: ASCII letters and digits, and the letters of other scripts
/// (approximated without Unicode tables: anything from U+00C0 on but punctuation and symbols).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c as u32 >= 0xc0
            && !matches!(
                c as u32,
                0xd7 | 0xf7
                    | 0x2000..=0x2bff
                    | 0x3000..=0x303f
                    | 0xfe30..=0xfe4f
                    | 0xff00..=0xff0f
                    | 0xff1a..=0xff20
                    | 0xff3b..=0xff40
                    | 0xff5b..=0xff65
                    | 0x1f000..=0x1faff
            ))
}

/// The query's words, folded (split at anything that is not a letter or a digit).
pub fn query_words(query: &str) -> Vec<Vec<char>> {
    let folded: Vec<char> = query.chars().filter_map(fold).collect();
    folded
        .split(|c| !is_word(*c))
        .filter(|word| !word.is_empty())
        .map(<[char]>::to_vec)
        .collect()
}

/// The byte ranges of `text` to mark: at each word start, the longest query word it begins with.
pub fn ranges(text: &str, words: &[Vec<char>]) -> Vec<(usize, usize)> {
    // The folded text, and for each folded char the byte range of the char it came from.
    let mut folded = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if let Some(f) = fold(c) {
            folded.push(f);
            origin.push((at, at + c.len_utf8()));
        }
    }
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let starts_word = is_word(folded[i]) && (i == 0 || !is_word(folded[i - 1]));
        let longest = if starts_word {
            words
                .iter()
                .filter(|w| folded.get(i..).unwrap_or_default().starts_with(w))
                .map(Vec::len)
                .max()
        } else {
            None
        };
        match longest {
            Some(len) => {
                let start = origin[i].0;
                let mut end = origin[i + len - 1].1;
                // Accents of the last letter (decomposed text) belong to the mark.
                while let Some(c) = slice(text, end, text.len())
                    .chars()
                    .next()
                    .filter(|c| is_combining(*c))
                {
                    end += c.len_utf8();
                }
                match marks.last_mut() {
                    Some(last) if last.1 >= start => last.1 = last.1.max(end),
                    _ => marks.push((start, end)),
                }
                i += len;
            }
            None => i += 1,
        }
    }
    marks
}

/// Where to start showing a long text (a char boundary), so the first mark is visible.
fn snippet_start(text: &str, marks: &[(usize, usize)]) -> usize {
    let Some(&(first, _)) = marks.first() else {
        return 0;
    };
    let before = slice(text, 0, first);
    if text.len() <= SNIPPET_CHARS || before.chars().count() <= LEAD_CHARS {
        return 0;
    }
    let lead_start = before
        .char_indices()
        .rev()
        .nth(LEAD_CHARS - 1)
        .map_or(0, |(at, _)| at);
    // Start at a word boundary when there is one close by.
    slice(text, lead_start, first)
        .find(char::is_whitespace)
        .map_or(lead_start, |space| lead_start + space + 1)
}

/// Fills `into` with `text`, its query matches in `<mark>` elements (text nodes only).
pub fn render(doc: &Document, into: &Element, text: &str, words: &[Vec<char>]) {
    into.set_text_content(None);
    let marks = ranges(text, words);
    let start = snippet_start(text, &marks);
    let mut at = start;
    if start > 0 {
        append_text(into, "…");
    }
    for (from, to) in marks {
        append_text(into, slice(text, at, from));
        dom::append(
            into,
            &dom::user_text_element(doc, "mark", "ce-search-mark", slice(text, from, to)),
        );
        at = to;
    }
    append_text(into, slice(text, at, text.len()));
}

/// `text[from..to]`, or nothing when that is not a slice of it: indexing would bring the panic
/// formatting into the wasm (the offsets here are always char boundaries).
fn slice(text: &str, from: usize, to: usize) -> &str {
    text.get(from..to).unwrap_or_default()
}

fn append_text(into: &Element, text: &str) {
    if !text.is_empty() {
        let _ = into.append_with_str_1(&dom::clean(text)); // a Text node, never parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, query: &str) -> Vec<String> {
        ranges(text, &query_words(query))
            .into_iter()
            .map(|(a, b)| text[a..b].to_owned())
            .collect()
    }

    #[test]
    fn words_match_as_prefixes_ignoring_case_and_accents() {
        assert_eq!(marked("Cafés in Zürich", "cafe zur"), ["Café", "Zür"]);
        assert_eq!(
            marked("CAFÉ café cafe\u{301}", "Café"),
            ["CAFÉ", "café", "cafe\u{301}"]
        );
        assert_eq!(
            marked("recap: a cap", "cap"),
            ["cap"],
            "only at a word start"
        );
        assert_eq!(marked("hello helicopter", "he hello"), ["hello", "he"]);
        assert!(marked("nothing here", "zzz").is_empty());
        assert_eq!(marked("ÆRØ Œuvre Ĳs", "ærø œu ĳ"), ["ÆRØ", "Œu", "Ĳ"]);
        assert_eq!(
            marked("Привет, ΓΕΙΑ 世界", "прив γει 世"),
            ["Прив", "ΓΕΙ", "世"]
        );
        assert_eq!(
            marked("a\u{2014}b…c", "b c"),
            ["b", "c"],
            "punctuation separates words"
        );
        assert!(marked("text", "  ,; ").is_empty());
    }

    #[test]
    fn long_texts_start_near_the_first_match() {
        let text = format!("{} needle", "word ".repeat(100));
        let marks = ranges(&text, &query_words("needle"));
        let start = snippet_start(&text, &marks);
        assert!(start > 0 && start < marks[0].0);
        assert!(text[start..].chars().count() < 80);
        assert_eq!(snippet_start("short needle", &marks[..0]), 0);
    }
}
