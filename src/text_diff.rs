//! Differences between two texts as a person reads them: by word, and for
//! Chinese by character, each change shown in its sentence; for HTML the
//! text and the markup compared apart, so a changed word in a 5,000-character
//! one-line paragraph is that word, and a changed attribute is that tag.
//!
//! Pure functions over strings (no HTML parser, no I/O). The diff is Myers'
//! (the `similar` crate) over tokens, bounded by a deadline: past it the
//! result is coarser, never wrong.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_deadline};

/// How long one comparison may take before `similar` settles for a coarser
/// (still correct) answer.
const DEADLINE: Duration = Duration::from_millis(200);

/// Tokens of context kept on each side of a change at most, where no
/// sentence ends sooner.
const MAX_CONTEXT: usize = 60;

/// Tags of context on each side of a markup change.
const TAG_CONTEXT: usize = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Same,
    Del,
    Ins,
}

impl Kind {
    /// Its class in the pages' CSS.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Same => "same",
            Kind::Del => "del",
            Kind::Ins => "ins",
        }
    }
}

/// A run of text that is the same in both, or only in the old or the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: Kind,
    pub text: String,
}

/// One change (or several close together) in its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Text before the passage was left out.
    pub cut_before: bool,
    pub segments: Vec<Segment>,
    /// Text after the passage was left out.
    pub cut_after: bool,
}

/// What changed in an HTML (or Markdown) body: its text and its markup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyDiff {
    pub text: Vec<Passage>,
    pub markup: Vec<Passage>,
}

/// Compares two bodies: the text between tags by word and character, the
/// tags (with their attributes) as whole tokens.
pub fn body(old: &str, new: &str) -> BodyDiff {
    let (old_text, old_tags) = split_markup(old);
    let (new_text, new_tags) = split_markup(new);
    BodyDiff {
        text: passages(&old_text, &new_text, Context::Sentence),
        markup: passages(&old_tags, &new_tags, Context::Tokens(TAG_CONTEXT)),
    }
}

/// Compares two plain texts (a title, a list of tags…) by word.
pub fn text(old: &str, new: &str) -> Vec<Passage> {
    passages(&words(old), &words(new), Context::Sentence)
}

/// The words of a text: runs of letters and digits (Latin, Cyrillic…),
/// runs of white space, and every other character alone (each Chinese
/// character is a word here, as a reader compares them).
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let class = Class::of(c);
        if let Some(prev) = last
            && (prev != class || class == Class::Single)
        {
            out.push(&text[start..i]);
            start = i;
        }
        last = Some(class);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Space,
    Single,
}

impl Class {
    fn of(c: char) -> Class {
        if c.is_whitespace() {
            Class::Space
        } else if c.is_alphanumeric() && !is_cjk(c) {
            Class::Word
        } else {
            Class::Single
        }
    }
}

/// Han, kana and hangul: compared a character at a time.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The words of the text between tags, and the tags themselves (comments
/// too), in order.
fn split_markup(source: &str) -> (Vec<&str>, Vec<&str>) {
    let bytes = source.as_bytes();
    let (mut text, mut tags) = (Vec::new(), Vec::new());
    let mut at = 0;
    let mut text_start = 0;
    while at < bytes.len() {
        let starts_tag = bytes[at] == b'<'
            && bytes
                .get(at + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
        if !starts_tag {
            at += 1;
            continue;
        }
        text.extend(words(&source[text_start..at]));
        let end = markup_end(source, at);
        tags.push(&source[at..end]);
        at = end;
        text_start = end;
    }
    text.extend(words(&source[text_start..]));
    (text, tags)
}

/// After the comment or tag at `from`, or the end.
fn markup_end(source: &str, from: usize) -> usize {
    if source[from..].starts_with("<!--") {
        return source[from + 4..]
            .find("-->")
            .map_or(source.len(), |e| from + 4 + e + 3);
    }
    crate::render::blocks::tag_end(source.as_bytes(), from + 1)
}

#[derive(Debug, Clone, Copy)]
enum Context {
    /// To the ends of the sentences the change is in.
    Sentence,
    /// This many tokens on each side.
    Tokens(usize),
}

/// Whether a sentence ends after this token.
fn ends_sentence(token: &str) -> bool {
    matches!(
        token,
        "。" | "！" | "？" | "；" | "!" | "?" | "." | ";" | "…"
    ) || token.contains('\n')
}

/// The changes between two token lists, each in its context.
fn passages(old: &[&str], new: &[&str], context: Context) -> Vec<Passage> {
    if old == new {
        return Vec::new();
    }
    let ops = capture_diff_deadline(
        Algorithm::Myers,
        old,
        0..old.len(),
        new,
        0..new.len(),
        Some(Instant::now() + DEADLINE),
    );
    // The whole comparison as one sequence of tokens, each with its kind.
    let mut flat: Vec<(Kind, &str)> = Vec::with_capacity(old.len().max(new.len()) + 16);
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                flat.extend(
                    old[old_index..old_index + len]
                        .iter()
                        .map(|t| (Kind::Same, *t)),
                );
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => flat.extend(
                old[old_index..old_index + old_len]
                    .iter()
                    .map(|t| (Kind::Del, *t)),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => flat.extend(
                new[new_index..new_index + new_len]
                    .iter()
                    .map(|t| (Kind::Ins, *t)),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                flat.extend(
                    old[old_index..old_index + old_len]
                        .iter()
                        .map(|t| (Kind::Del, *t)),
                );
                flat.extend(
                    new[new_index..new_index + new_len]
                        .iter()
                        .map(|t| (Kind::Ins, *t)),
                );
            }
        }
    }
    let flat = tidy(flat);
    // Windows around the changes, merged where they touch.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < flat.len() {
        if flat[i].0 == Kind::Same {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < flat.len() && flat[j].0 != Kind::Same {
            j += 1;
        }
        let (start, end) = widen(&flat, i, j, context);
        match windows.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => windows.push((start, end)),
        }
        i = j;
    }
    windows
        .into_iter()
        .map(|(start, end)| Passage {
            cut_before: start > 0,
            segments: segments(&flat[start..end]),
            cut_after: end < flat.len(),
        })
        .collect()
}

/// Makes changes read as a person would write them: one token left alone
/// between two changes joins them (一个[-角度-][+视角+] rather than
/// 一个[+视+]角[-度-]), and in each run of changes what went comes before
/// what came.
fn tidy(flat: Vec<(Kind, &str)>) -> Vec<(Kind, &str)> {
    let changed = |i: usize| flat.get(i).is_some_and(|(k, _)| *k != Kind::Same);
    let mut joined = Vec::with_capacity(flat.len() + 8);
    for (i, &(kind, token)) in flat.iter().enumerate() {
        if kind == Kind::Same && i > 0 && changed(i - 1) && changed(i + 1) {
            joined.push((Kind::Del, token));
            joined.push((Kind::Ins, token));
        } else {
            joined.push((kind, token));
        }
    }
    let mut out = Vec::with_capacity(joined.len());
    let mut i = 0;
    while i < joined.len() {
        if joined[i].0 == Kind::Same {
            out.push(joined[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < joined.len() && joined[i].0 != Kind::Same {
            i += 1;
        }
        let run = &joined[start..i];
        out.extend(run.iter().filter(|(k, _)| *k == Kind::Del));
        out.extend(run.iter().filter(|(k, _)| *k == Kind::Ins));
    }
    out
}

/// The change at `flat[from..to]` with its context: `[start, end)`.
fn widen(flat: &[(Kind, &str)], from: usize, to: usize, context: Context) -> (usize, usize) {
    match context {
        Context::Tokens(n) => (from.saturating_sub(n), (to + n).min(flat.len())),
        Context::Sentence => {
            let mut start = from;
            while start > 0 && from - start < MAX_CONTEXT && !ends_sentence(flat[start - 1].1) {
                start -= 1;
            }
            let mut end = to;
            while end < flat.len() && end - to < MAX_CONTEXT {
                end += 1;
                if ends_sentence(flat[end - 1].1) {
                    break;
                }
            }
            (start, end)
        }
    }
}

fn segments(tokens: &[(Kind, &str)]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for &(kind, text) in tokens {
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => out.push(Segment {
                kind,
                text: text.to_owned(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(passages: &[Passage]) -> Vec<String> {
        passages
            .iter()
            .map(|p| {
                p.segments
                    .iter()
                    .map(|s| match s.kind {
                        Kind::Same => s.text.clone(),
                        Kind::Del => format!("[-{}-]", s.text),
                        Kind::Ins => format!("[+{}+]", s.text),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn chinese_compares_by_character_in_its_sentence() {
        let old = "<p>第一句。从这样一个角度来看待金融的新进化。第三句。</p>";
        let new = "<p>第一句。从这样一个视角来看待金融的新进化。第三句。</p>";
        let d = body(old, new);
        assert_eq!(
            marked(&d.text),
            ["从这样一个[-角度-][+视角+]来看待金融的新进化。"]
        );
        assert!(d.text[0].cut_before && d.text[0].cut_after);
        assert!(d.markup.is_empty());
    }

    #[test]
    fn latin_compares_by_word() {
        assert_eq!(
            marked(&text("The quick brown fox.", "The quick red fox.")),
            ["The quick [-brown-][+red+] fox."]
        );
    }

    #[test]
    fn markup_changes_are_apart_from_the_text() {
        let old = r#"<p style="a">一二三</p><p>四</p>"#;
        let new = r#"<p style="b">一二三</p><p>四</p>"#;
        let d = body(old, new);
        assert!(d.text.is_empty());
        assert_eq!(
            marked(&d.markup),
            [r#"[-<p style="a">-][+<p style="b">+]</p>"#]
        );
    }

    #[test]
    fn a_word_changed_in_a_long_one_line_body_is_that_word() {
        let sentence = "数字科技时代的来临告诉我们，科技对于金融的影响是深入且全面的。";
        let old: String = (0..170).map(|_| sentence).collect();
        assert!(old.chars().count() > 5_000);
        let half = old.len() / 2 / sentence.len() * sentence.len();
        let new = format!(
            "{}{}",
            &old[..half],
            old[half..].replacen("影响", "作用", 1)
        );
        let d = body(&format!("<p>{old}</p>"), &format!("<p>{new}</p>"));
        assert_eq!(d.text.len(), 1);
        let changed: Vec<&Segment> = d.text[0]
            .segments
            .iter()
            .filter(|s| s.kind != Kind::Same)
            .collect();
        assert_eq!(changed.len(), 2);
        assert_eq!(
            (changed[0].text.as_str(), changed[1].text.as_str()),
            ("影响", "作用")
        );
        let shown: usize = d.text[0]
            .segments
            .iter()
            .map(|s| s.text.chars().count())
            .sum();
        assert!(shown < 40, "only the sentence: {shown}");
    }

    #[test]
    fn the_same_texts_differ_nowhere() {
        assert_eq!(body("<p>a</p>", "<p>a</p>"), BodyDiff::default());
    }
}
