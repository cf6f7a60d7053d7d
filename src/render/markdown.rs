//! Markdown as Hexo renders it with its default renderer
//! (hexo-renderer-marked 7: marked with GFM and its defaults): a line
//! break in a paragraph is a `<br>` (`breaks: true`), a bare web address
//! is a link (GFM's autolinks), a heading has an id and an anchor to it
//! (`headerIds`: `<h2 id="x"><a href="#x" class="headerlink" title="X">
//! </a>X</h2>`, a repeated id numbered), and fenced code in a language is
//! highlighted on the server (`syntect`, classes styled by
//! `static/highlight.css`; no script). Raw HTML passes through as before,
//! for the sanitiser.

use std::collections::HashMap;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The prefix of the highlighter's classes (`hl-keyword`), so they cannot
/// meet a page's own.
pub const CLASS_PREFIX: &str = "hl-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

/// Code longer than this is shown without colours: highlighting costs
/// time in its length, and a page of code that long is rarely read.
const MAX_HIGHLIGHTED_BYTES: usize = 64 * 1024;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Markdown to HTML (not yet sanitised).
pub fn to_html(source: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(source.len() + source.len() / 8);
    let events = Hexo::new(Parser::new_ext(source, options));
    html::push_html(&mut out, events);
    out
}

/// The event stream with Hexo's differences from CommonMark applied.
struct Hexo<'a, I: Iterator<Item = Event<'a>>> {
    inner: I,
    /// Events ready to go out, in order.
    queue: std::collections::VecDeque<Event<'a>>,
    /// Ids given so far, and how many times each.
    ids: HashMap<String, usize>,
    /// Inside a link or code: addresses in text stay text.
    in_link: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> Hexo<'a, I> {
    fn new(inner: I) -> Self {
        Hexo {
            inner,
            queue: Default::default(),
            ids: HashMap::new(),
            in_link: 0,
        }
    }

    /// A heading's events, gathered: its id from its text.
    fn heading(&mut self, level: pulldown_cmark::HeadingLevel) {
        let mut inner = Vec::new();
        let mut text = String::new();
        for event in self.inner.by_ref() {
            match &event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            inner.push(event);
        }
        let base = crate::hexo::site::slugize(text.trim(), crate::hexo::site::Case::Keep);
        let id = match self.ids.get_mut(&base) {
            Some(n) => {
                let id = format!("{base}-{n}");
                *n += 1;
                id
            }
            None => {
                self.ids.insert(base.clone(), 1);
                base
            }
        };
        let id = html_escape::encode_double_quoted_attribute(&id).into_owned();
        let title = html_escape::encode_double_quoted_attribute(text.trim()).into_owned();
        let n = level as usize;
        self.queue.push_back(Event::Html(CowStr::from(format!(
            "<h{n} id=\"{id}\"><a href=\"#{id}\" class=\"headerlink\" title=\"{title}\"></a>"
        ))));
        for event in inner {
            let events = self.inline(event);
            self.queue.extend(events);
        }
        self.queue
            .push_back(Event::Html(CowStr::from(format!("</h{n}>\n"))));
    }

    /// A fenced block of code in a language: highlighted.
    fn code_block(&mut self, lang: &str) -> Option<Event<'a>> {
        let mut code = String::new();
        for event in self.inner.by_ref() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        let token = lang.split([' ', ',', '{']).next().unwrap_or("");
        let class = html_escape::encode_double_quoted_attribute(token).into_owned();
        let body =
            highlight(&code, token).unwrap_or_else(|| html_escape::encode_text(&code).into_owned());
        Some(Event::Html(CowStr::from(format!(
            "<pre class=\"highlight\"><code class=\"language-{class}\">{body}</code></pre>\n"
        ))))
    }

    /// Text with its bare web addresses as links, and a line break as
    /// `<br>`.
    fn inline(&mut self, event: Event<'a>) -> Vec<Event<'a>> {
        match event {
            Event::Start(Tag::Link { .. }) => {
                self.in_link += 1;
                vec![event]
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                vec![event]
            }
            Event::SoftBreak => vec![Event::HardBreak],
            Event::Text(text) if self.in_link == 0 && contains_address(&text) => autolink(&text),
            other => vec![other],
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Hexo<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            let event = self.inner.next()?;
            match event {
                Event::Start(Tag::Heading { level, .. }) => self.heading(level),
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                    if !lang.trim().is_empty() =>
                {
                    let lang = lang.to_string();
                    return self.code_block(&lang);
                }
                other => {
                    let events = self.inline(other);
                    self.queue.extend(events);
                }
            }
        }
    }
}

fn contains_address(text: &str) -> bool {
    text.contains("http://") || text.contains("https://")
}

/// GFM's extended autolinks, for `http://` and `https://`: the address
/// runs to white space or `<`, less trailing punctuation.
fn autolink<'a>(text: &str) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let tail = &rest[at..];
        let mut end = tail
            .find(|c: char| {
                c.is_whitespace() || c == '<' || (!c.is_ascii() && !c.is_alphanumeric())
            })
            .unwrap_or(tail.len());
        while end > 0
            && tail[..end].ends_with(['.', ',', ':', ';', '!', '?', '"', '\'', ')', '*', '_', '~'])
        {
            end -= 1;
        }
        let url = &tail[..end];
        if url.len() <= "https://".len() {
            out.push(Event::Text(CowStr::from(
                rest[..at + end.max(1)].to_owned(),
            )));
            rest = &rest[at + end.max(1)..];
            continue;
        }
        if at > 0 {
            out.push(Event::Text(CowStr::from(rest[..at].to_owned())));
        }
        let href = html_escape::encode_double_quoted_attribute(url);
        out.push(Event::Html(CowStr::from(format!(
            "<a href=\"{href}\">{}</a>",
            html_escape::encode_text(url)
        ))));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest.to_owned())));
    }
    out
}

/// The code's HTML with its tokens in classed spans, when its language is
/// one the highlighter knows.
fn highlight(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty() || code.len() > MAX_HIGHLIGHTED_BYTES {
        return None;
    }
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes
        .find_syntax_by_token(lang)
        .or_else(|| syntaxes.find_syntax_by_token(&lang.to_ascii_lowercase()))?;
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

/// The stylesheet of the highlighter's classes (`static/highlight.css` is
/// this, kept by a test).
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_ids_and_anchors_as_hexo_gives_them() {
        let html = to_html("## 数字 科技\n\n## 数字 科技\n\n# A `b`\n");
        assert!(html.contains(r##"<h2 id="数字-科技"><a href="#数字-科技" class="headerlink" title="数字 科技"></a>数字 科技</h2>"##), "{html}");
        assert!(html.contains(r#"<h2 id="数字-科技-1">"#), "{html}");
        assert!(html.contains(r##"<h1 id="A-b"><a href="#A-b" class="headerlink" title="A b"></a>A <code>b</code></h1>"##), "{html}");
    }

    #[test]
    fn line_breaks_and_addresses_as_marked_renders_them() {
        let html =
            to_html("一行\n二行 https://example.com/a?b=1. and [x](https://y.example) too\n");
        assert!(html.contains("一行<br />\n二行"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.com/a?b=1">https://example.com/a?b=1</a>."#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://y.example">x</a>"#),
            "{html}"
        );
    }

    #[test]
    fn fenced_code_in_a_language_is_highlighted() {
        let html = to_html("```rust\nfn main() { let x = \"<b>\"; }\n```\n\n```\nplain <i>\n```\n");
        assert!(html.contains(r#"<pre class="highlight"><code class="language-rust"><span class="hl-source hl-rust">"#), "{html}");
        assert!(html.contains("hl-keyword"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "escaped: {html}");
        assert!(
            html.contains("<pre><code>plain &lt;i&gt;\n</code></pre>"),
            "{html}"
        );
    }

    /// `FOLIO_REGENERATE=1 cargo test --lib the_stylesheet` writes it.
    #[test]
    fn the_stylesheet_is_the_highlighters() {
        if std::env::var_os("FOLIO_REGENERATE").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/static/highlight.css");
            std::fs::write(path, highlight_css()).unwrap();
        }
        let shipped =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/highlight.css"))
                .unwrap();
        assert_eq!(
            shipped.trim(),
            highlight_css().trim(),
            "regenerate static/highlight.css"
        );
    }
}
