//! Full-text search that works for Chinese.
//!
//! FTS5's `unicode61` tokenizer treats a run of Han characters as one token,
//! and `trigram` cannot match fewer than three characters. folio therefore
//! tokenises CJK text itself before FTS5 sees it, into two kinds of column:
//!
//! - `title`, `body`: each run of CJK characters (Han, kana, Hangul) as its
//!   overlapping bigrams (`数字科技` → `数字 字科 科技`; a one-character run
//!   is itself), Latin words as words. A query of two or more characters is
//!   a phrase of bigrams, each far rarer than its characters.
//! - `title_chars`, `body_chars`: every distinct CJK character once. A
//!   one-character query is one token there, and the column costs a fifth of
//!   the prefix index it replaces (measured: import 20% faster).
//!
//! FTS5's `ascii` tokenizer then only splits on spaces and folds ASCII case
//! (a quarter faster than `unicode61`, whose work is already done).
//!
//! Before either, every character is folded ([`fold`]): Simplified and
//! variant Han characters to one form (Unihan's kVariants, the MIT table
//! Meilisearch's charabia uses: `数` and `數` index alike), full-width Latin
//! letters and digits to ASCII. Texts and queries fold the same way, so
//! `数字` finds `數字` and `ＡＩ` finds `AI`.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The version of the index's tokens: a database whose index was built by
/// an older one is re-indexed when folio opens it (`db::search_index`).
pub const INDEX_VERSION: i64 = 2;

/// Each character of the Basic Multilingual Plane as the index reads it
/// (0: itself). A table, not the kVariants map: folding runs on every
/// character an import indexes.
static FOLD_BMP: LazyLock<Vec<u32>> = LazyLock::new(|| {
    let mut table = vec![0u32; 0x10000];
    for (from, variant) in irg_kvariants::KVARIANTS.iter() {
        let code = u32::from(*from) as usize;
        if code < 0x10000 {
            table[code] = u32::from(variant.destination_ideograph);
        }
    }
    // Full-width ASCII (！ to ～) and the ideographic space.
    for code in 0xFF01..=0xFF5E_u32 {
        table[code as usize] = code - 0xFEE0;
    }
    table[0x3000] = u32::from(' ');
    table
});

/// A character as the index reads it: see the module's documentation.
pub fn fold(c: char) -> char {
    let code = u32::from(c) as usize;
    if code < 0x10000 {
        match FOLD_BMP[code] {
            0 => c,
            to => char::from_u32(to).unwrap_or(c),
        }
    } else {
        irg_kvariants::KVARIANTS
            .get(&c)
            .map_or(c, |v| v.destination_ideograph)
    }
}

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

/// Is this character part of a word (`char::is_alphanumeric`)? Looked up
/// in a table for the Basic Multilingual Plane: CJK punctuation (a tenth
/// of a Chinese text) misses the standard library's fast path, and asking
/// it cost a fifth of the tokenising.
fn is_word_char(c: char) -> bool {
    static BMP: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in (0..0x10000).filter_map(char::from_u32) {
            if c.is_alphanumeric() {
                let code = u32::from(c) as usize;
                bits[code / 64] |= 1 << (code % 64);
            }
        }
        bits
    });
    let code = u32::from(c) as usize;
    match BMP.get(code / 64) {
        Some(word) => word >> (code % 64) & 1 == 1,
        None => c.is_alphanumeric(),
    }
}

/// The bigram tokens of one CJK run (a one-character run is itself).
fn run_tokens(run: &[char], out: &mut Vec<String>) {
    if run.len() == 1 {
        out.push(run[0].to_string());
    }
    for pair in run.windows(2) {
        out.push(pair.iter().collect());
    }
}

/// Text for a `title` or `body` column: CJK runs as bigram tokens, other
/// letters and digits as they are (lower-cased here, as `ascii` folds only
/// ASCII), every other character a space.
pub fn index_text(text: &str) -> String {
    // A CJK character (3 bytes) becomes a bigram and a space (7): sized
    // for that, the output is never grown and copied, and holds no more
    // than a sixth spare (an import keeps 1,000 of these in memory).
    let mut out = String::with_capacity(text.len() / 3 * 7 + 8);
    let mut prev: Option<char> = None;
    let mut run_len = 0usize;
    for c in text.chars().map(fold) {
        if is_cjk(c) {
            if let Some(p) = prev {
                out.push(' ');
                out.push(p);
                out.push(c);
            }
            prev = Some(c);
            run_len += 1;
            continue;
        }
        if let Some(p) = prev.take() {
            if run_len == 1 {
                out.push(' ');
                out.push(p);
            }
            out.push(' ');
        }
        run_len = 0;
        if c.is_ascii() {
            out.push(c);
        } else if is_word_char(c) {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    if let (Some(p), 1) = (prev, run_len) {
        out.push(' ');
        out.push(p);
    }
    out
}

/// Text for a `*_chars` column: each distinct CJK character once, in the
/// order of first appearance. Seen characters are kept as bits, one per
/// code point of the Basic Multilingual Plane (8 KiB), with a set for the
/// rare others: a `HashSet<char>` took longer than all the other
/// tokenising of an article.
pub fn index_chars(text: &str) -> String {
    let mut seen_bmp = vec![0u64; 0x10000 / 64];
    let mut seen_other = HashSet::new();
    let mut out = String::new();
    for c in text.chars().map(fold).filter(|c| is_cjk(*c)) {
        let code = u32::from(c) as usize;
        let first = if code < 0x10000 {
            let (word, bit) = (code / 64, 1u64 << (code % 64));
            let first = seen_bmp[word] & bit == 0;
            seen_bmp[word] |= bit;
            first
        } else {
            seen_other.insert(c)
        };
        if first {
            out.push(c);
            out.push(' ');
        }
    }
    out
}

/// A user's query: whitespace-separated parts, all of which must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    parts: Vec<Part>,
    /// The query as typed, lower-cased: titles are compared with it as
    /// well as with the folded parts (SQL cannot fold a title).
    typed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// One CJK character: a token of the `*_chars` columns.
    Char { c: char },
    /// Anything longer: a phrase of `title`/`body` tokens; `prefix` when it
    /// ends in a one-character run that may continue in the text.
    Phrase {
        tokens: Vec<String>,
        prefix: bool,
        needle: String,
    },
}

/// A part's pieces, in order: CJK runs and Latin words.
enum Unit {
    Run(Vec<char>),
    Word(String),
}

fn units(part: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in part.chars().map(fold) {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Unit::Word(std::mem::take(&mut word)));
            }
            run.push(c);
        } else {
            if !run.is_empty() {
                out.push(Unit::Run(std::mem::take(&mut run)));
            }
            if is_word_char(c) {
                word.extend(c.to_lowercase());
            } else if !word.is_empty() {
                out.push(Unit::Word(std::mem::take(&mut word)));
            }
        }
    }
    if !run.is_empty() {
        out.push(Unit::Run(run));
    }
    if !word.is_empty() {
        out.push(Unit::Word(word));
    }
    out
}

fn quote(token: &str) -> String {
    token.replace('"', "\"\"")
}

impl Part {
    fn parse(text: &str) -> Option<Part> {
        let units = units(text);
        if let [Unit::Run(run)] = units.as_slice()
            && let [c] = run.as_slice()
        {
            return Some(Part::Char { c: *c });
        }
        let mut tokens = Vec::new();
        let mut prefix = false;
        for (i, unit) in units.iter().enumerate() {
            match unit {
                Unit::Run(run) => {
                    run_tokens(run, &mut tokens);
                    // A lone character at the end may begin a longer run
                    // in the text, where it is the start of a bigram.
                    prefix = i + 1 == units.len() && run.len() == 1;
                }
                Unit::Word(word) => tokens.push(word.clone()),
            }
        }
        (!tokens.is_empty()).then(|| Part::Phrase {
            tokens,
            prefix,
            needle: folded_lower(text),
        })
    }

    fn to_fts(&self) -> String {
        match self {
            // No column filter: bigrams are never in the `*_chars` columns,
            // and a lone character matches in either kind of column. (With a
            // filter, FTS5 walks position lists: phrases ran twice as slow.)
            Part::Char { c } => format!("\"{}\"", quote(&c.to_string())),
            Part::Phrase { tokens, prefix, .. } => {
                let quoted: Vec<String> = tokens.iter().map(|t| quote(t)).collect();
                let star = if *prefix { " *" } else { "" };
                format!("\"{}\"{star}", quoted.join(" "))
            }
        }
    }

    fn needle(&self) -> String {
        match self {
            Part::Char { c } => c.to_string(),
            Part::Phrase { needle, .. } => needle.clone(),
        }
    }
}

impl SearchQuery {
    /// `None` when the query holds nothing searchable.
    pub fn parse(q: &str) -> Option<SearchQuery> {
        let parts: Vec<Part> = q.split_whitespace().filter_map(Part::parse).collect();
        let typed = q.split_whitespace().map(str::to_lowercase).collect();
        (!parts.is_empty()).then_some(SearchQuery { parts, typed })
    }

    /// The FTS5 MATCH expression: parts joined by AND, every token quoted
    /// so no query text is read as FTS5 syntax.
    pub fn to_fts(&self) -> String {
        self.parts
            .iter()
            .map(Part::to_fts)
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The strings to highlight in a snippet, lower-cased as typed.
    pub fn needles(&self) -> Vec<String> {
        self.parts.iter().map(Part::needle).collect()
    }

    /// The tokens of the parts that are phrases of more than one token: the
    /// ones whose matches FTS5 must check position by position.
    pub fn phrase_tokens(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Phrase { tokens, .. } if tokens.len() > 1 => {
                    Some(tokens.iter().map(String::as_str))
                }
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The longest part as typed (not folded), for a title match.
    pub fn main_needle_as_typed(&self) -> String {
        self.typed
            .iter()
            .max_by_key(|n| n.chars().count())
            .cloned()
            .unwrap_or_default()
    }

    /// The longest part, folded, for a title match.
    pub fn main_needle(&self) -> String {
        self.needles()
            .into_iter()
            .max_by_key(|n| n.chars().count())
            .unwrap_or_default()
    }
}

/// `text` folded and lower-cased, as needles and haystacks are compared.
pub fn folded_lower(text: &str) -> String {
    text.chars()
        .map(fold)
        .flat_map(char::to_lowercase)
        .collect()
}

/// A snippet of sanitised HTML: its text, cut as [`snippet`] does.
pub fn html_snippet(html: &str, query: &SearchQuery, radius_chars: usize) -> String {
    snippet(&crate::render::plain_text(html), query, radius_chars)
}

/// A short passage of `text` around the first match, HTML-escaped, with
/// every match wrapped in `<mark>`. Matches are found as the index finds
/// them (folded, case aside): `數字` is marked for the query `数字`.
pub fn snippet(text: &str, query: &SearchQuery, radius_chars: usize) -> String {
    let needles: Vec<Vec<char>> = query
        .needles()
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().collect())
        .collect();
    // Each character of `text` folded and lower-cased (one char each: a
    // lower-casing into several keeps its first), with its byte offset.
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, fold(c).to_lowercase().next().unwrap_or(c)))
        .collect();
    let matches_at = |at: usize| -> Option<usize> {
        needles
            .iter()
            .filter(|n| {
                chars.len() >= at + n.len()
                    && chars[at..at + n.len()].iter().map(|(_, c)| c).eq(n.iter())
            })
            .map(Vec::len)
            .max()
    };
    let first = (0..chars.len()).find(|&at| matches_at(at).is_some());
    let (start, end) = match first {
        Some(at) => (
            at.saturating_sub(radius_chars),
            (at + radius_chars * 2).min(chars.len()),
        ),
        None => (0, (radius_chars * 2).min(chars.len())),
    };
    let byte = |at: usize| chars.get(at).map_or(text.len(), |(i, _)| *i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut plain_from = start;
    let mut at = start;
    while at < end {
        match matches_at(at).filter(|len| at + len <= end) {
            Some(len) => {
                html_escape::encode_text_to_string(&text[byte(plain_from)..byte(at)], &mut out);
                out.push_str("<mark>");
                html_escape::encode_text_to_string(&text[byte(at)..byte(at + len)], &mut out);
                out.push_str("</mark>");
                at += len;
                plain_from = at;
            }
            None => at += 1,
        }
    }
    html_escape::encode_text_to_string(&text[byte(plain_from)..byte(end)], &mut out);
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(index_text("金融科技 fintech"), " 金融 融科 科技  fintech");
        assert_eq!(index_text("2021年"), "2021 年");
        // A full-width comma folds to ASCII, which FTS5's tokenizer splits on.
        assert_eq!(index_text("「科技」Müller，的"), "  科技  Müller, 的");
    }

    #[test]
    fn word_characters_are_the_standard_librarys() {
        for c in (0..0x11000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn chars_columns_hold_each_character_once() {
        assert_eq!(index_chars("金融与金融科技 ok"), "金 融 与 科 技 ");
        // Extension B lies past the Basic Multilingual Plane.
        // (𠀁 is a variant of 七: it folds.)
        assert_eq!(index_chars("𠀀金𠀀𠀁金"), "𠀀 金 七 ");
    }

    #[test]
    fn queries_of_each_length() {
        let fts = |q: &str| SearchQuery::parse(q).unwrap().to_fts();
        assert_eq!(fts("融"), "\"融\"");
        assert_eq!(fts("金融"), "\"金融\"");
        // Folded: 数 is kVariants' simplified form of 數.
        assert_eq!(fts("数字科技"), "\"數字 字科 科技\"");
        assert_eq!(fts("金融 Rust\"x"), "\"金融\" AND \"rust x\"");
        assert_eq!(fts("金融，科技"), "\"金融 科技\"");
        assert_eq!(fts("Rust的"), "\"rust 的\" *");
        assert!(SearchQuery::parse(" ，。 ").is_none());
    }

    #[test]
    fn needles_are_the_parts_as_typed() {
        assert_eq!(
            SearchQuery::parse("金融  Rust 融").unwrap().needles(),
            ["金融", "rust", "融"]
        );
    }

    #[test]
    fn snippets_mark_every_match_and_escape() {
        let q = SearchQuery::parse("金融").unwrap();
        let s = snippet("<b>数字金融与金融科技</b>", &q, 3);
        assert_eq!(s, "…&gt;数字<mark>金融</mark>与<mark>金融</mark>科…");
        let s = snippet("a<b 金融", &q, 10);
        assert_eq!(s, "a&lt;b <mark>金融</mark>");
    }

    #[test]
    fn simplified_traditional_and_full_width_fold_alike() {
        assert_eq!(index_text("数字"), index_text("數字"));
        assert_eq!(index_chars("数"), index_chars("數"));
        assert_eq!(index_text("ＡＩ　２０２１"), index_text("AI 2021"));
        let fts = |q: &str| SearchQuery::parse(q).unwrap().to_fts();
        assert_eq!(fts("數字"), fts("数字"));
        assert_eq!(fts("ｒｕｓｔ"), fts("Rust"));
        // The passage marks the text as written, whichever form it is in.
        let q = SearchQuery::parse("数字").unwrap();
        assert_eq!(snippet("臺灣數字經濟", &q, 10), "臺灣<mark>數字</mark>經濟");
        let q = SearchQuery::parse("ai").unwrap();
        assert_eq!(snippet("用ＡＩ写作", &q, 10), "用<mark>ＡＩ</mark>写作");
    }
}
