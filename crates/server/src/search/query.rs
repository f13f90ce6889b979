//! Turning what a user typed into an FTS5 query that means "every word, as a prefix".
//!
//! The user's text is never passed to FTS5 as syntax: it is split on whitespace, each piece
//! becomes a quoted string (quotes doubled) with `*` after it, and the pieces are joined with
//! spaces (FTS5's implicit AND). Inside quotes FTS5 operators (`AND`, `NEAR`, `:`, `^`, `(`,
//! `-`…) are plain text, which the tokenizer splits like indexed text: `look-at` becomes the
//! phrase "look at", and punctuation around a word is ignored. Pieces without a letter or digit
//! are dropped, since they could match nothing.

use chat_elements_protocol::search::MAX_QUERY_CHARS;

use crate::error::AppError;

/// Most words used from one query.
pub const MAX_QUERY_WORDS: usize = 16;

/// The query in FTS5 syntax; `Ok(None)` when it has no word to look for (only punctuation).
/// A blank or over-long query is INVALID_ARGUMENT.
pub fn to_fts5(query: &str) -> Result<Option<String>, AppError> {
    if query.trim().is_empty() {
        return Err(AppError::invalid("query must not be empty"));
    }
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::invalid(format!(
            "query must be at most {MAX_QUERY_CHARS} characters"
        )));
    }
    let words: Vec<String> = query
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .take(MAX_QUERY_WORDS)
        .map(|word| {
            let word: String = word.chars().filter(|c| !c.is_control()).collect();
            format!("\"{}\"*", word.replace('"', "\"\""))
        })
        .collect();
    Ok((!words.is_empty()).then(|| words.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chat_elements_protocol::ErrorCode;

    fn fts(query: &str) -> Option<String> {
        to_fts5(query).unwrap()
    }

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(fts("rain").as_deref(), Some("\"rain\"*"));
        assert_eq!(fts("  look   at ").as_deref(), Some("\"look\"* \"at\"*"));
        assert_eq!(fts("Café 世界").as_deref(), Some("\"Café\"* \"世界\"*"));
    }

    #[test]
    fn operators_and_quotes_stay_text() {
        assert_eq!(
            fts("a\" OR b NEAR(c) col:d").as_deref(),
            Some("\"a\"\"\"* \"OR\"* \"b\"* \"NEAR(c)\"* \"col:d\"*")
        );
        assert_eq!(fts("-x ^y *z").as_deref(), Some("\"-x\"* \"^y\"* \"*z\"*"));
    }

    #[test]
    fn punctuation_only_finds_nothing_and_blank_is_refused() {
        assert_eq!(fts("!!! ... ?"), None);
        for blank in ["", "   ", "\n\t"] {
            assert_eq!(
                to_fts5(blank).unwrap_err().code(),
                ErrorCode::InvalidArgument
            );
        }
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            to_fts5(&long).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn long_queries_use_their_first_words() {
        let query = vec!["w"; MAX_QUERY_WORDS + 5].join(" ");
        let words = fts(&query).unwrap();
        assert_eq!(words.matches('*').count(), MAX_QUERY_WORDS);
    }
}
