//! A body's top-level blocks and their exact bytes: what the visual editor
//! edits, and how its changes are put back without touching the rest.
//!
//! The visual editor (static/editor.js) rewrites whatever HTML it loads, as
//! every WYSIWYG editor does. So it never sends a whole body back: it sends
//! one [`Edit`] per block of the new document, either "keep block 3" or
//! "block 3 (or a new block) is now this HTML", and [`Blocks::assemble`]
//! builds the body from the original bytes. What the editor did not change
//! stays byte for byte, whitespace between blocks included.
//!
//! The split is a scan, not a parse: it only needs to find where each
//! top-level element starts and ends. Where it misjudges odd markup (an
//! unclosed `<div>`), a block just grows larger; the bytes are always those
//! of the source, so nothing can be lost. A body that is one wrapper
//! (`<div>…</div>`, as scraped posts often are) is split inside the
//! wrapper, whose tags stay fixed around the blocks.

use std::ops::Range;

/// One top-level block: the whitespace before it and its own bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The bytes between the previous block (or the prefix) and this one.
    pub gap: Range<usize>,
    pub bytes: Range<usize>,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// An element, by its lower-cased name.
    Element(String),
    Comment,
    /// Text and inline elements outside any block element (Markdown, or
    /// loose HTML).
    Text,
}

/// A body split into blocks. `prefix ++ (gap ++ block)* ++ suffix` is the
/// body, exactly.
#[derive(Debug, Clone)]
pub struct Blocks<'a> {
    source: &'a str,
    prefix: Range<usize>,
    blocks: Vec<Block>,
    suffix: Range<usize>,
}

/// What the editor says about one block of its new document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Edit {
    /// Block `keep` unchanged: its original bytes.
    Keep { keep: usize },
    /// Block `from`, changed: the editor's HTML in its place.
    Changed { from: usize, html: String },
    /// A block the editor added.
    New { html: String },
}

/// Edits that do not fit the body they were made on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("block {0} does not exist (the body has {1})")]
    NoSuchBlock(usize, usize),
    #[error("block {0} is used twice")]
    UsedTwice(usize),
}

impl<'a> Blocks<'a> {
    pub fn split(source: &'a str) -> Blocks<'a> {
        let mut range = 0..source.len();
        let mut prefix_end = 0;
        for depth in 0.. {
            let blocks = split_range(source, range.clone());
            // One wrapper element and nothing else: its children are the
            // blocks, its own tags part of the frame. Each level scans the
            // body again: a few levels, never thousands.
            if depth < MAX_WRAPPERS
                && let [only] = blocks.as_slice()
                && let BlockKind::Element(name) = &only.kind
                && WRAPPERS.contains(&name.as_str())
                && let Some(inner) = inner_range(source, only.bytes.clone(), name)
                && !split_range(source, inner.clone()).is_empty()
            {
                prefix_end = inner.start;
                range = inner;
                continue;
            }
            let suffix = match blocks.last() {
                Some(last) => last.bytes.end..source.len(),
                None => prefix_end..source.len(),
            };
            return Blocks {
                source,
                prefix: 0..prefix_end,
                blocks,
                suffix,
            };
        }
        unreachable!("the loop returns at MAX_WRAPPERS at the latest")
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    pub fn source_of(&self, block: &Block) -> &'a str {
        &self.source[block.bytes.clone()]
    }

    /// Whether the visual editor may edit this body: HTML only, every
    /// top-level piece an element or a comment. Markdown text, and Hexo's
    /// `{% tag %}` plugins, stay in source mode.
    pub fn is_html(&self) -> bool {
        !self.blocks.is_empty()
            && !self.source.contains("{%")
            && self.blocks.iter().all(|b| b.kind != BlockKind::Text)
    }

    /// The body after `edits`: kept blocks with their gap and bytes,
    /// changed ones with their gap and the new HTML, new ones after a line
    /// break (or nothing, in a body written on one line).
    pub fn assemble(&self, edits: &[Edit]) -> Result<String, EditError> {
        Ok(self.assemble_marked(edits)?.0)
    }

    /// [`Blocks::assemble`], with the byte offset where each edit's block
    /// starts in the result (for keeping the cursor's block across modes).
    pub fn assemble_marked(&self, edits: &[Edit]) -> Result<(String, Vec<usize>), EditError> {
        let mut used = vec![false; self.blocks.len()];
        let mut claim = |i: usize| -> Result<&Block, EditError> {
            let block = self
                .blocks
                .get(i)
                .ok_or(EditError::NoSuchBlock(i, self.blocks.len()))?;
            if std::mem::replace(&mut used[i], true) {
                return Err(EditError::UsedTwice(i));
            }
            Ok(block)
        };
        let new_gap = if self
            .blocks
            .iter()
            .any(|b| self.source[b.gap.clone()].contains('\n'))
        {
            "\n"
        } else {
            ""
        };
        let mut out = String::with_capacity(self.source.len());
        let mut starts = Vec::with_capacity(edits.len());
        out.push_str(&self.source[self.prefix.clone()]);
        for edit in edits {
            match edit {
                Edit::Keep { keep } => {
                    let block = claim(*keep)?;
                    out.push_str(&self.source[block.gap.clone()]);
                    starts.push(out.len());
                    out.push_str(&self.source[block.bytes.clone()]);
                }
                Edit::Changed { from, html } => {
                    let block = claim(*from)?;
                    out.push_str(&self.source[block.gap.clone()]);
                    starts.push(out.len());
                    out.push_str(html);
                }
                Edit::New { html } => {
                    out.push_str(new_gap);
                    starts.push(out.len());
                    out.push_str(html);
                }
            }
        }
        out.push_str(&self.source[self.suffix.clone()]);
        Ok((out, starts))
    }
}

/// Wrappers looked inside, one in another, at most.
const MAX_WRAPPERS: usize = 8;

/// Elements whose only content may be split into blocks when they wrap a
/// whole body.
const WRAPPERS: &[&str] = &["div", "section", "article", "main"];

/// Elements that start a block of their own at the top level (the rest,
/// `span`, `a`, `img`…, are inline and join a text run).
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "audio",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "iframe",
    "li",
    "main",
    "menu",
    "nav",
    "noscript",
    "ol",
    "p",
    "pre",
    "script",
    "section",
    "style",
    "table",
    "template",
    "ul",
    "video",
];

/// Start tags that end an open `<p>` (HTML's "closes a p element" list).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is text up to their end tag (no tags inside).
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Start { name: String, self_closing: bool },
    End { name: String },
    Comment,
    Text,
}

/// The token at `at` and where it ends.
fn token(source: &str, at: usize) -> (Token, usize) {
    let bytes = source.as_bytes();
    let rest = &bytes[at..];
    if rest.starts_with(b"<!--") {
        let end = find(source, at + 4, "-->").map_or(source.len(), |e| e + 3);
        return (Token::Comment, end);
    }
    if rest.len() > 1 && rest[0] == b'<' && (rest[1] == b'!' || rest[1] == b'?') {
        let end = find(source, at, ">").map_or(source.len(), |e| e + 1);
        return (Token::Comment, end);
    }
    let closing = rest.starts_with(b"</");
    let name_at = at + if closing { 2 } else { 1 };
    if rest.first() == Some(&b'<') && bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
        let name_end = source[name_at..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .map_or(source.len(), |n| name_at + n);
        let name = source[name_at..name_end].to_ascii_lowercase();
        let end = tag_end(bytes, name_end);
        if closing {
            return (Token::End { name }, end);
        }
        let self_closing = end >= 2 && bytes[end - 1] == b'>' && bytes[end - 2] == b'/';
        if RAW_TEXT.contains(&name.as_str()) && !self_closing {
            let close = format!("</{name}");
            let end = find_ascii_ci(source, end, &close)
                .map_or(source.len(), |c| tag_end(bytes, c + close.len()));
            return (
                Token::Start {
                    name,
                    self_closing: true,
                },
                end,
            );
        }
        return (Token::Start { name, self_closing }, end);
    }
    // Text up to the next '<' (a '<' that starts no tag is text too).
    let from = if rest.first() == Some(&b'<') {
        at + 1
    } else {
        at
    };
    let end = find(source, from, "<").unwrap_or(source.len());
    (Token::Text, end)
}

/// The end of a tag whose attributes start at `from`: after its `>`,
/// quoted values skipped (`text_diff` cuts tags with it too).
pub(crate) fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
    }
    bytes.len()
}

fn find(source: &str, from: usize, needle: &str) -> Option<usize> {
    source[from..].find(needle).map(|n| from + n)
}

fn find_ascii_ci(source: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = source.as_bytes();
    let needle = needle.as_bytes();
    (from..hay.len().saturating_sub(needle.len() - 1))
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The end of the element whose start tag ends at `from`: after its end
/// tag, or where HTML would close it implicitly, or the range's end.
fn element_end(source: &str, name: &str, mut at: usize, end: usize) -> usize {
    let mut depth = 1;
    while at < end {
        let (token, next) = token(source, at);
        let next = next.min(end);
        match token {
            Token::Start {
                name: inner,
                self_closing,
            } => {
                if name == "p" && CLOSES_P.contains(&inner.as_str()) {
                    return at;
                }
                if inner == name && !self_closing && !VOID.contains(&inner.as_str()) {
                    depth += 1;
                }
            }
            Token::End { name: inner } if inner == name => {
                depth -= 1;
                if depth == 0 {
                    return next;
                }
            }
            _ => {}
        }
        at = next;
    }
    end
}

/// The content of an element spanning `bytes` (between its start tag and
/// its end tag), if it has an end tag.
fn inner_range(source: &str, bytes: Range<usize>, name: &str) -> Option<Range<usize>> {
    let (_, content_start) = token(source, bytes.start);
    let close = source[bytes.clone()].rfind("</")? + bytes.start;
    let (token, _) = token(source, close);
    (token == Token::End { name: name.into() } && close >= content_start)
        .then_some(content_start..close)
}

fn split_range(source: &str, range: Range<usize>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut gap_start = range.start;
    let mut at = range.start;
    // An open run of text and inline elements: where it started.
    let mut run: Option<usize> = None;
    let mut run_end = at;
    // Ends the open run, if any: a block, and the next gap starts after it.
    let close_run =
        |blocks: &mut Vec<Block>, run: &mut Option<usize>, run_end: usize, gap: &mut usize| {
            if let Some(start) = run.take() {
                blocks.push(Block {
                    gap: *gap..start,
                    bytes: start..run_end,
                    kind: BlockKind::Text,
                });
                *gap = run_end;
            }
        };
    while at < range.end {
        let (token, next) = token(source, at);
        let next = next.min(range.end);
        match token {
            Token::Text if source[at..next].trim().is_empty() => {}
            Token::Start { name, self_closing } if BLOCK_ELEMENTS.contains(&name.as_str()) => {
                close_run(&mut blocks, &mut run, run_end, &mut gap_start);
                let end = if self_closing || VOID.contains(&name.as_str()) {
                    next
                } else {
                    element_end(source, &name, next, range.end)
                };
                blocks.push(Block {
                    gap: gap_start..at,
                    bytes: at..end,
                    kind: BlockKind::Element(name),
                });
                gap_start = end;
                run_end = end;
                at = end;
                continue;
            }
            Token::Comment if run.is_none() => {
                blocks.push(Block {
                    gap: gap_start..at,
                    bytes: at..next,
                    kind: BlockKind::Comment,
                });
                gap_start = next;
                run_end = next;
            }
            Token::Start { name, self_closing } => {
                // An inline element: it and its content join the run.
                run.get_or_insert(at);
                let end = if self_closing || VOID.contains(&name.as_str()) {
                    next
                } else {
                    element_end(source, &name, next, range.end)
                };
                run_end = end;
                at = end;
                continue;
            }
            _ => {
                run.get_or_insert(at);
                run_end = next;
            }
        }
        at = next;
    }
    close_run(&mut blocks, &mut run, run_end, &mut gap_start);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pieces(body: &str) -> Vec<&str> {
        let b = Blocks::split(body);
        b.blocks().iter().map(|x| b.source_of(x)).collect()
    }

    fn keep_all(b: &Blocks) -> Vec<Edit> {
        (0..b.blocks().len())
            .map(|keep| Edit::Keep { keep })
            .collect()
    }

    #[test]
    fn top_level_elements_are_blocks_with_their_gaps() {
        let body = "<p a=\"x>y\">one</p>\n\n<h2>two</h2><ul><li>a<ul><li>b</li></ul></li></ul>";
        assert_eq!(
            pieces(body),
            [
                "<p a=\"x>y\">one</p>",
                "<h2>two</h2>",
                "<ul><li>a<ul><li>b</li></ul></li></ul>"
            ]
        );
        let b = Blocks::split(body);
        assert_eq!(&body[b.blocks()[1].gap.clone()], "\n\n");
        assert!(b.is_html());
    }

    #[test]
    fn a_wrapper_is_split_inside_and_kept_around() {
        let body = "\n<div>   \n<p>a</p><p>b</p> \n  \n</div>\n   ";
        let b = Blocks::split(body);
        assert_eq!(pieces(body), ["<p>a</p>", "<p>b</p>"]);
        assert_eq!(&body[b.prefix.clone()], "\n<div>");
        assert_eq!(&body[b.suffix.clone()], " \n  \n</div>\n   ");
    }

    #[test]
    fn wrappers_in_wrappers_are_opened_a_few_levels_deep_only() {
        let body = format!(
            "{}<p>a</p><p>b</p>{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        let b = Blocks::split(&body);
        assert_eq!(b.blocks().len(), 1);
        assert_eq!(b.prefix.end, "<div>".len() * MAX_WRAPPERS);
        assert_eq!(b.assemble(&keep_all(&b)).unwrap(), body);
        let two = Blocks::split("<div><section><p>a</p><p>b</p></section></div>");
        assert_eq!(two.blocks().len(), 2);
    }

    #[test]
    fn unclosed_paragraphs_end_where_html_ends_them() {
        assert_eq!(
            pieces("<p>a<p>b<div>c</div>"),
            ["<p>a", "<p>b", "<div>c</div>"]
        );
    }

    #[test]
    fn raw_text_and_comments() {
        assert_eq!(
            pieces("<!-- more --><script>if (a</p>) {}</script><pre>x</pre>"),
            [
                "<!-- more -->",
                "<script>if (a</p>) {}</script>",
                "<pre>x</pre>"
            ]
        );
    }

    #[test]
    fn markdown_is_text_and_not_for_the_visual_editor() {
        let body = "# Title\n\nSome *text* <b>bold</b>\n\n<p>html</p>";
        assert_eq!(
            pieces(body),
            ["# Title\n\nSome *text* <b>bold</b>", "<p>html</p>"]
        );
        assert!(!Blocks::split(body).is_html());
        assert!(!Blocks::split("<p>{% post_link a %}</p>").is_html());
        assert!(!Blocks::split("  ").is_html());
    }

    #[test]
    fn the_seeds_split_into_their_paragraphs() {
        for seed in [
            include_str!("../../seeds/000_94ec247d2f0d791e.txt"),
            include_str!("../../seeds/001_536809ad39583f54.txt"),
        ] {
            let body = seed.splitn(3, "\n---\n").nth(2).unwrap();
            let b = Blocks::split(body);
            assert!(b.blocks().len() > 20, "{}", b.blocks().len());
            assert!(b.is_html());
            assert_eq!(b.assemble(&keep_all(&b)).unwrap(), body);
        }
    }

    #[test]
    fn edits_that_do_not_fit_are_refused() {
        let b = Blocks::split("<p>a</p><p>b</p>");
        assert_eq!(
            b.assemble(&[Edit::Keep { keep: 2 }]),
            Err(EditError::NoSuchBlock(2, 2))
        );
        assert_eq!(
            b.assemble(&[
                Edit::Keep { keep: 0 },
                Edit::Changed {
                    from: 0,
                    html: "x".into()
                }
            ]),
            Err(EditError::UsedTwice(0))
        );
    }

    #[test]
    fn new_blocks_follow_the_bodys_line_style() {
        let one_line = Blocks::split("<p>a</p><p>b</p>");
        let edits = [
            Edit::Keep { keep: 0 },
            Edit::New {
                html: "<p>n</p>".into(),
            },
        ];
        assert_eq!(one_line.assemble(&edits).unwrap(), "<p>a</p><p>n</p>");
        let lines = Blocks::split("<p>a</p>\n<p>b</p>");
        assert_eq!(lines.assemble(&edits).unwrap(), "<p>a</p>\n<p>n</p>");
    }

    /// HTML-ish bodies: tags, attributes with quotes and '>', comments,
    /// stray '<', text, whitespace, CJK.
    fn body() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<div class=\"a>b\">".to_string()),
            Just("</div>".to_string()),
            Just("<h2>".to_string()),
            Just("</h2>".to_string()),
            Just("<ul><li>".to_string()),
            Just("</li></ul>".to_string()),
            Just("<br>".to_string()),
            Just("<img src='x' />".to_string()),
            Just("<!-- c -->".to_string()),
            Just("<script>x</div></script>".to_string()),
            Just(" \n ".to_string()),
            Just("<".to_string()),
            "[a-z 金融\\n]{0,6}",
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        /// For any body and any set of changed blocks, the saved body is
        /// the original outside the changed blocks.
        #[test]
        fn changes_touch_only_their_blocks(body in body(), picks in prop::collection::vec(any::<bool>(), 40), html in "[a-z<>/]{0,8}") {
            let b = Blocks::split(&body);
            prop_assert_eq!(b.assemble(&keep_all(&b)).unwrap(), body.clone());
            let mut expected = String::new();
            let mut edits = Vec::new();
            let mut last = 0;
            for (i, block) in b.blocks().iter().enumerate() {
                expected.push_str(&body[last..block.bytes.start]);
                if picks[i % picks.len()] {
                    edits.push(Edit::Changed { from: i, html: html.clone() });
                    expected.push_str(&html);
                } else {
                    edits.push(Edit::Keep { keep: i });
                    expected.push_str(&body[block.bytes.clone()]);
                }
                last = block.bytes.end;
            }
            expected.push_str(&body[last..]);
            prop_assert_eq!(b.assemble(&edits).unwrap(), expected);
        }

        /// The pieces tile the body: prefix, gaps, blocks and suffix in
        /// order, nothing skipped, nothing twice.
        #[test]
        fn the_pieces_tile_the_body(body in body()) {
            let b = Blocks::split(&body);
            let mut at = b.prefix.end;
            prop_assert_eq!(b.prefix.start, 0);
            for block in b.blocks() {
                prop_assert_eq!(block.gap.start, at);
                prop_assert_eq!(block.gap.end, block.bytes.start);
                prop_assert!(block.bytes.start < block.bytes.end);
                at = block.bytes.end;
            }
            prop_assert_eq!(b.suffix.start, at);
            prop_assert_eq!(b.suffix.end, body.len());
        }
    }
}
