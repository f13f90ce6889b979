//! The values `appearance.variables` may set, by allow-list: a value is a sequence of tokens
//! that cannot fetch anything, end the declaration or reach outside the property.
//!
//! Allowed: numbers with or without a unit or `%` (`12px`, `-.5em`, `1.45`, `50%`), hex colours
//! (`#fff`, `#3e63dd80`), identifiers (colour names, keywords, font names: `transparent`, `bold`,
//! `system-ui`), strings without backslashes (`"Segoe UI"`), the separators `,` `/` and
//! whitespace, the operators `+ - *` of `calc()`, and these functions: the colour functions,
//! `calc`, `min`, `max`, `clamp`, and `var(--ce-…)` (our own variables only). Everything else —
//! any other function (`url`, `image-set`, `-webkit-image-set`, `src`, `element`, `paint`,
//! `expression`, ...), escapes, comments, `;` `{` `}` `<` `>` `!` `@`, unbalanced parentheses —
//! is refused, as is a value over 500 bytes.

/// The functions a value may call (besides `var`).
const FUNCTIONS: [&str; 14] = [
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color-mix",
    "calc",
    "min",
    "max",
    "clamp",
];

/// Longest value accepted.
const MAX_LEN: usize = 500;

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// True when `value` is made only of the allowed tokens.
pub fn is_safe_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() > MAX_LEN {
        return false;
    }
    let mut i = 0;
    let mut depth = 0u32;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        i = match b {
            b' ' | b'\t' | b',' | b'*' | b'+' => i + 1,
            // A comment would hide what follows from this check.
            b'/' if next == Some(b'*') => return false,
            b'/' => i + 1,
            b')' if depth > 0 => {
                depth -= 1;
                i + 1
            }
            b'#' => match hex_colour(bytes, i + 1) {
                Some(end) => end,
                None => return false,
            },
            b'"' | b'\'' => match string(bytes, i + 1, b) {
                Some(end) => end,
                None => return false,
            },
            b'0'..=b'9' | b'.' => match number(bytes, i) {
                Some(end) => end,
                None => return false,
            },
            b'-' if next.is_some_and(|n| n.is_ascii_digit() || n == b'.') => {
                match number(bytes, i + 1) {
                    Some(end) => end,
                    None => return false,
                }
            }
            // `-` alone is calc's operator; `-moz-…` and `--…` are names.
            b'-' if next.is_none_or(|n| n == b' ') => i + 1,
            _ if is_name_start(b) || b == b'-' => {
                let end = name(bytes, i);
                if bytes.get(end) != Some(&b'(') {
                    // A bare name; custom property names only appear inside var().
                    if bytes.get(i..i + 2) == Some(b"--") {
                        return false;
                    }
                    end
                } else {
                    let function = bytes.get(i..end).unwrap_or_default();
                    if function == b"var" {
                        match var_reference(bytes, end + 1) {
                            Some(after) => {
                                depth += 1;
                                after
                            }
                            None => return false,
                        }
                    } else if FUNCTIONS.iter().any(|f| f.as_bytes() == function) {
                        depth += 1;
                        end + 1
                    } else {
                        return false;
                    }
                }
            }
            _ => return false,
        };
    }
    depth == 0
}

/// The end of the name starting at `start` (letters, digits, `-`, `_`).
fn name(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while bytes.get(end).copied().is_some_and(is_name_char) {
        end += 1;
    }
    end
}

/// `#` followed by 3, 4, 6 or 8 hex digits (and then not a name character).
fn hex_colour(bytes: &[u8], start: usize) -> Option<usize> {
    let mut end = start;
    while bytes.get(end).is_some_and(u8::is_ascii_hexdigit) {
        end += 1;
    }
    let ok =
        matches!(end - start, 3 | 4 | 6 | 8) && !bytes.get(end).copied().is_some_and(is_name_char);
    ok.then_some(end)
}

/// A string closed by `quote`, without backslashes or line breaks.
fn string(bytes: &[u8], start: usize, quote: u8) -> Option<usize> {
    let mut end = start;
    loop {
        match *bytes.get(end)? {
            b if b == quote => return Some(end + 1),
            b'\\' | b'\n' | b'\r' | b'<' | b'>' | b';' | b'{' | b'}' => return None,
            _ => end += 1,
        }
    }
}

/// Digits with at most one `.`, then a unit (letters) or `%`, if any.
fn number(bytes: &[u8], start: usize) -> Option<usize> {
    let mut end = start;
    let mut digits = 0;
    let mut dot = false;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_digit() {
            digits += 1;
        } else if b == b'.' && !dot {
            dot = true;
        } else {
            break;
        }
        end += 1;
    }
    if digits == 0 {
        return None;
    }
    if bytes.get(end) == Some(&b'%') {
        return Some(end + 1);
    }
    while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
        end += 1;
    }
    Some(end)
}

/// After `var(`: `--ce-` and a name, then `)` or `,` (a fallback, checked as the rest of the
/// value). Returns where the fallback (or the closing parenthesis) starts.
fn var_reference(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = bytes.get(start..)?;
    let name_start = start + if rest.starts_with(b" ") { 1 } else { 0 };
    if !bytes.get(name_start..)?.starts_with(b"--ce-") {
        return None;
    }
    let end = name(bytes, name_start + 5);
    (end > name_start + 5 && matches!(bytes.get(end), Some(b')' | b',' | b' '))).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::is_safe_value;

    #[test]
    fn ordinary_values_pass() {
        for value in [
            "#fff",
            "#3e63dd80",
            "4px",
            "-0.5em",
            ".5rem",
            "1.45",
            "50%",
            "bold",
            "transparent",
            "0 1px 2px rgba(0,0,0,.2)",
            "system-ui, \"Segoe UI\", sans-serif",
            "'Inter', -apple-system, sans-serif",
            "calc(100% - 8px)",
            "calc(2 * var(--ce-radius))",
            "var(--ce-accent)",
            "var(--ce-accent, #fff)",
            "rgb(0 0 0 / 50%)",
            "oklch(70% 0.1 200)",
            "color-mix(in srgb, red 50%, blue)",
            "clamp(1rem, 2vw, 2rem)",
            "min(10px, 2em) max(1px, 2px)",
        ] {
            assert!(is_safe_value(value), "{value} should pass");
        }
    }

    #[test]
    fn evasions_are_refused() {
        for value in [
            "-webkit-image-set(\"x.png\" 1x)",
            "-WEBKIT-IMAGE-SET(\"x.png\" 1x)",
            "image-set(\"x.png\" 1x)",
            "url(x)",
            "URL(x)",
            "url (x)",
            "u\\72l(x)",
            "\\75rl(x)",
            "src(\"x\")",
            "element(#id)",
            "cross-fade(url(a), url(b))",
            "paint(worklet)",
            "expression(alert(1))",
            "-moz-element(#id)",
            "attr(data-x url)",
            "env(safe-area-inset-top)",
            "var(--other)",
            "var(--ce-x) url(y)",
            "--ce-accent",
            "red; background:url(x)",
            "red}body{color:red",
            "red /* */ url(x)",
            "red !important",
            "@import 'x'",
            "\"a\\\"b\"",
            "\"unterminated",
            "calc(1px",
            "1px)",
            "<script>",
            "#ggg",
            "#12345",
            "#fffz",
            "\u{0}",
        ] {
            assert!(!is_safe_value(value), "{value:?} should be refused");
        }
        assert!(!is_safe_value(&"1px ".repeat(200)), "too long");
    }
}
