//! Full-text search that works for Chinese.
//!
//! FTS5's `unicode61` tokenizer treats a run of Han characters as one token,
//! and `trigram` cannot match fewer than three characters. folio therefore
//! tokenises text itself before it reaches FTS5: every CJK character (Han,
//! kana, Hangul) stands alone between spaces, while Latin words stay words.
//! A query of any length then becomes an FTS5 phrase of single characters
//! (`金融` → `"金 融"`), matched by position, so a one-character query, a
//! two-character word and a long phrase are all exact and all use the index.

/// Is this character written without spaces between words?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F  // Extensions B–H
    )
}

/// Text as it goes into the FTS5 index: CJK characters spaced apart.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut last_cjk = false;
    for c in text.chars() {
        let cjk = is_cjk(c);
        if (cjk || last_cjk) && !c.is_whitespace() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push(c);
        last_cjk = cjk;
    }
    out
}

/// The terms of a user's query: each whitespace-separated part, split into
/// the tokens FTS5 will see (CJK characters, and words of letters/digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Each part's tokens; a part matches as a phrase.
    phrases: Vec<Vec<String>>,
}

impl SearchQuery {
    /// `None` when the query holds nothing searchable.
    pub fn parse(q: &str) -> Option<SearchQuery> {
        let phrases: Vec<Vec<String>> = q
            .split_whitespace()
            .map(tokens)
            .filter(|t| !t.is_empty())
            .collect();
        (!phrases.is_empty()).then_some(SearchQuery { phrases })
    }

    /// The FTS5 MATCH expression: phrases joined by AND, every token quoted
    /// so no query text is read as FTS5 syntax.
    pub fn to_fts(&self) -> String {
        self.phrases
            .iter()
            .map(|tokens| {
                let quoted: Vec<String> = tokens.iter().map(|t| t.replace('"', "\"\"")).collect();
                format!("\"{}\"", quoted.join(" "))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The strings to highlight in a snippet: each phrase's text as it
    /// appears in running text (CJK characters joined without spaces).
    pub fn needles(&self) -> Vec<String> {
        self.phrases
            .iter()
            .map(|tokens| {
                let mut s = String::new();
                for (i, t) in tokens.iter().enumerate() {
                    let cjk = t.chars().all(is_cjk);
                    let prev_cjk = i > 0 && tokens[i - 1].chars().all(is_cjk);
                    if i > 0 && !(cjk && prev_cjk) {
                        s.push(' ');
                    }
                    s.push_str(t);
                }
                s
            })
            .collect()
    }
}

/// Tokens as unicode61 makes them: runs of letters and digits, lower-cased,
/// with each CJK character on its own.
fn tokens(part: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in part.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A short passage of `text` around the first match, HTML-escaped, with
/// every match wrapped in `<mark>`.
pub fn snippet(text: &str, query: &SearchQuery, radius_chars: usize) -> String {
    let needles: Vec<String> = query
        .needles()
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect();
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths; fall back to exact matching then.
    let hay = if lower.len() == text.len() {
        lower.as_str()
    } else {
        text
    };
    let first = needles.iter().filter_map(|n| hay.find(n.as_str())).min();
    let (start, end) = match first {
        Some(at) => (
            back_chars(text, at, radius_chars),
            forward_chars(text, at, radius_chars * 2),
        ),
        None => (0, forward_chars(text, 0, radius_chars * 2)),
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut i = start;
    while i < end {
        let next = needles
            .iter()
            .filter_map(|n| hay[i..end].find(n.as_str()).map(|p| (i + p, n.len())))
            .min_by_key(|(p, len)| (*p, usize::MAX - len));
        match next {
            Some((p, len)) if p + len <= end => {
                html_escape::encode_text_to_string(&text[i..p], &mut out);
                out.push_str("<mark>");
                html_escape::encode_text_to_string(&text[p..p + len], &mut out);
                out.push_str("</mark>");
                i = p + len;
            }
            _ => {
                html_escape::encode_text_to_string(&text[i..end], &mut out);
                i = end;
            }
        }
    }
    if end < text.len() {
        out.push('…');
    }
    out
}

fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(at, |(i, _)| i)
}

fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_characters_are_spaced_latin_words_kept() {
        assert_eq!(
            index_text("金融科技 fintech 2021年"),
            " 金 融 科 技 fintech 2021 年"
        );
    }

    #[test]
    fn queries_become_quoted_phrases() {
        let q = SearchQuery::parse("金融  Rust\"x").unwrap();
        assert_eq!(q.to_fts(), "\"金 融\" AND \"rust x\"");
        assert_eq!(q.needles(), ["金融", "rust x"]);
        assert!(SearchQuery::parse(" ，。 ").is_none());
    }

    #[test]
    fn snippets_mark_every_match_and_escape() {
        let q = SearchQuery::parse("金融").unwrap();
        let s = snippet("<b>数字金融与金融科技</b>", &q, 3);
        assert_eq!(s, "…&gt;数字<mark>金融</mark>与<mark>金融</mark>科…");
        let s = snippet("a<b 金融", &q, 10);
        assert_eq!(s, "a&lt;b <mark>金融</mark>");
    }
}
