//! Hexo's tag plugins (`{% name args %}`, and `{% name %}…{% endname %}`
//! for the block ones), rendered as Hexo 8 renders its built-in ones
//! (`hexo/dist/plugins/tag/`) before the Markdown is: the source keeps the
//! tags, only the page changes. A tag Hexo does not have built in (a
//! theme's own) is left as it was written, visible, and named by
//! [`unknown`] so an import can say so.
//!
//! Tags inside code (fenced blocks, inline spans) are text, as Hexo's
//! `backtick_code_block` filter keeps them.

/// A tag folio does not render, with the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTag {
    pub name: String,
    pub line: usize,
}

/// Block tags: their content runs to `{% end<name> %}`.
const BLOCKS: &[&str] = &[
    "blockquote",
    "quote",
    "code",
    "codeblock",
    "pullquote",
    "raw",
];

/// Inline tags.
const INLINE: &[&str] = &[
    "img",
    "image",
    "link",
    "a",
    "anchor",
    "iframe",
    "youtube",
    "vimeo",
    "post_path",
    "post_link",
    "asset_path",
    "asset_link",
    "asset_img",
    "asset_image",
    "url_for",
    "full_url_for",
];

/// The body with its built-in tags rendered (HTML within the Markdown).
pub fn expand(source: &str) -> String {
    expand_at(source, 0)
}

fn expand_at(source: &str, depth: usize) -> String {
    if !source.contains("{%") || depth > MAX_DEPTH {
        return source.to_owned();
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    // Block names found never closed from some offset on: no later one
    // of the name can close either, so none is looked for again.
    let mut unclosed: Vec<(String, usize)> = Vec::new();
    while !rest.is_empty() {
        let Some(at) = next_tag(rest) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(tag) = Tag::parse(rest) else {
            out.push_str("{%");
            rest = &rest[2..];
            continue;
        };
        if BLOCKS.contains(&tag.name.as_str()) {
            let offset = source.len() - rest.len();
            let hopeless = unclosed
                .iter()
                .any(|(name, from)| *name == tag.name && *from <= offset);
            let end = if hopeless {
                None
            } else {
                block_end(&rest[tag.len..], &tag.name)
            };
            match end {
                Some((content_len, end_len)) => {
                    let content = &rest[tag.len..tag.len + content_len];
                    out.push_str(&render_block(&tag, content, depth));
                    rest = &rest[tag.len + content_len + end_len..];
                }
                None => {
                    if !hopeless {
                        unclosed.push((tag.name.clone(), offset));
                    }
                    out.push_str(&rest[..tag.len]);
                    rest = &rest[tag.len..];
                }
            }
        } else if INLINE.contains(&tag.name.as_str()) {
            out.push_str(&render_inline(&tag));
            rest = &rest[tag.len..];
        } else {
            out.push_str(&rest[..tag.len]);
            rest = &rest[tag.len..];
        }
    }
    out
}

/// The tags of a body folio leaves as written (a theme's own).
pub fn unknown(source: &str) -> Vec<UnknownTag> {
    let mut found = Vec::new();
    // Names found, whose `end…` tags close them (not reported again).
    let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut rest = source;
    // The line `rest` starts on, counted as the scan goes.
    let mut line = 1;
    while let Some(at) = next_tag(rest) {
        line += rest[..at].matches('\n').count();
        rest = &rest[at..];
        let Some(tag) = Tag::parse(rest) else {
            rest = &rest[2..];
            continue;
        };
        let name = tag.name.as_str();
        // The end of a block: one of Hexo's, or of a tag already named.
        let end = name
            .strip_prefix("end")
            .is_some_and(|n| BLOCKS.contains(&n) || names.contains(n));
        if !BLOCKS.contains(&name) && !INLINE.contains(&name) && !end {
            names.insert(tag.name.clone());
            found.push(UnknownTag {
                name: tag.name.clone(),
                line,
            });
        }
        line += rest[..tag.len].matches('\n').count();
        rest = &rest[tag.len..];
    }
    found
}

/// The offset of the next `{%` outside code (fenced blocks, inline
/// spans), or `None`.
fn next_tag(text: &str) -> Option<usize> {
    let mut pos = 0;
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        // Only ASCII is looked at, so `pos` may step inside a character:
        // it is sliced at only after a newline or a backtick.
        let at_line_start = pos == 0 || bytes[pos - 1] == b'\n';
        if at_line_start && let Some(fence_end) = fenced_block(&text[pos..]) {
            pos += fence_end;
            continue;
        }
        match bytes[pos] {
            b'`' => {
                let run = bytes[pos..].iter().take_while(|b| **b == b'`').count();
                let after = pos + run;
                if run > MAX_TICKS {
                    pos = after;
                    continue;
                }
                // The span closes at the next run of as many backticks.
                let ticks = &text[pos..after];
                pos = text[after..]
                    .match_indices(ticks)
                    .find(|(i, _)| {
                        let end = after + i + run;
                        bytes.get(end) != Some(&b'`') && bytes[after + i - 1] != b'`'
                    })
                    .map_or(after, |(i, _)| after + i + run);
            }
            b'{' if bytes.get(pos + 1) == Some(&b'%') => return Some(pos),
            _ => pos += 1,
        }
    }
    None
}

/// A fenced code block starting `text` (up to three spaces, then three or
/// more backticks or tildes): its length through the closing fence, or to
/// the end of the text when it is never closed.
fn fenced_block(text: &str) -> Option<usize> {
    let indent = text.bytes().take_while(|b| *b == b' ').count();
    if indent > 3 {
        return None;
    }
    let fence_char = *text.as_bytes().get(indent)?;
    if fence_char != b'`' && fence_char != b'~' {
        return None;
    }
    let run = text[indent..]
        .bytes()
        .take_while(|b| *b == fence_char)
        .count();
    if run < 3 {
        return None;
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if fence_char == b'`' && text[indent + run..first_end].contains('`') {
        return None;
    }
    let mut pos = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let lead = line.len() - trimmed.len();
        let closing = trimmed.bytes().take_while(|b| *b == fence_char).count();
        pos += line.len();
        if lead <= 3 && closing >= run && trimmed[closing..].trim().is_empty() {
            return Some(pos);
        }
    }
    Some(text.len())
}

/// A parsed `{% name args %}`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag {
    name: String,
    args: Vec<String>,
    /// Its length in the text, `{%` to `%}`.
    len: usize,
}

/// The longest tag read as one, `{%` to `%}`: Hexo's are a line of
/// arguments; a `{%` without a `%}` this close is text. Bounds the work a
/// body full of `{%` costs to its length times this.
const MAX_TAG_LEN: usize = 512;

/// Blocks inside blocks rendered at most this deep; deeper, their tags
/// stay as written (each level reads its content again).
const MAX_DEPTH: usize = 8;

/// The longest run of backticks read as a code span's fence: each run
/// that is never closed costs a look to the end of the text.
const MAX_TICKS: usize = 16;

impl Tag {
    fn parse(text: &str) -> Option<Tag> {
        let window = &text.as_bytes()[..text.len().min(MAX_TAG_LEN)];
        let inner_end = window.get(2..)?.windows(2).position(|w| w == b"%}")? + 2;
        let inner = text[2..inner_end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        // A tag does not span a blank line: a `{%` that is text.
        if inner.contains("\n\n") {
            return None;
        }
        let mut words = split_args(inner);
        if words.is_empty() {
            return None;
        }
        let name = words.remove(0);
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        Some(Tag {
            name,
            args: words,
            len: inner_end + 2,
        })
    }
}

/// Arguments as Hexo's tag parser splits them: by white space, a quoted
/// run one argument without its quotes.
fn split_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '"' | '\'') if current.is_empty() => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            (None, c) => current.push(c),
        }
    }
    if started || !current.is_empty() {
        out.push(current);
    }
    out
}

/// Where `{% end<name> %}` is after a block tag's opening, counting nested
/// blocks of the same name: the content's length and the closing tag's.
fn block_end(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(at) = text[pos..].find("{%") {
        let start = pos + at;
        let Some(tag) = Tag::parse(&text[start..]) else {
            pos = start + 2;
            continue;
        };
        if tag.name == name && name != "raw" {
            depth += 1;
        } else if tag.name.strip_prefix("end") == Some(name) {
            if depth == 0 {
                return Some((start, tag.len));
            }
            depth -= 1;
        }
        pos = start + tag.len;
    }
    None
}

fn escape(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(text).into_owned()
}

fn text(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// hexo-util's `htmlTag`: the attributes with a value, in order.
fn html_tag(name: &str, attrs: &[(&str, Option<&str>)], content: Option<&str>) -> String {
    let mut out = format!("<{name}");
    for (key, value) in attrs {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.push_str(&format!(" {key}=\"{}\"", escape(v)));
        }
    }
    match content {
        Some(c) => out.push_str(&format!(">{c}</{name}>")),
        None => out.push('>'),
    }
    out
}

/// A URL as Hexo's `img` and `link` tags tell one from a word.
fn is_url(s: &str) -> bool {
    s.starts_with('/')
        || s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("//")
        || s.starts_with("www.")
        || s.split_once("://").is_some_and(|(scheme, _)| {
            (3..=9).contains(&scheme.len()) && scheme.chars().all(|c| c.is_ascii_alphabetic())
        })
}

fn render_inline(tag: &Tag) -> String {
    let args = &tag.args;
    let arg = |i: usize| args.get(i).map(String::as_str);
    match tag.name.as_str() {
        "img" | "image" => img(args, is_url),
        "asset_img" | "asset_image" => img(args, |s| !s.is_empty() && s.contains('.')),
        "link" | "a" | "anchor" => {
            let Some(url_at) = args.iter().position(|a| is_url(a)) else {
                return text(&args.join(" "));
            };
            let label = args[..url_at].join(" ");
            let mut rest = &args[url_at + 1..];
            let mut external = false;
            if let Some(first) = rest.first().filter(|f| *f == "true" || *f == "false") {
                external = first == "true";
                rest = &rest[1..];
            }
            let title = rest.join(" ");
            html_tag(
                "a",
                &[
                    ("href", Some(&args[url_at])),
                    ("title", Some(&title)),
                    ("target", external.then_some("_blank")),
                ],
                Some(&text(&label)),
            )
        }
        "iframe" => {
            // folio's pages embed nothing (the sanitiser drops iframes,
            // the CSP forbids frames): the address is shown as a link.
            let src = arg(0).unwrap_or_default();
            format!(
                "\n\n<p class=\"embed\">{}</p>\n\n",
                html_tag("a", &[("href", Some(src))], Some(&text(src)))
            )
        }
        "youtube" => {
            let id = arg(0).unwrap_or_default();
            let url = if arg(1) == Some("playlist") {
                format!("https://www.youtube.com/playlist?list={id}")
            } else {
                format!("https://www.youtube.com/watch?v={id}")
            };
            format!(
                "\n\n<p class=\"embed\">{}</p>\n\n",
                html_tag("a", &[("href", Some(&url))], Some(&text(&url)))
            )
        }
        "vimeo" => {
            let url = format!("https://vimeo.com/{}", arg(0).unwrap_or_default());
            format!(
                "\n\n<p class=\"embed\">{}</p>\n\n",
                html_tag("a", &[("href", Some(&url))], Some(&text(&url)))
            )
        }
        "post_path" => post_url(arg(0).unwrap_or_default()),
        "post_link" => {
            let slug = arg(0).unwrap_or_default();
            let title = if args.len() > 1 {
                let end = if matches!(args.last().map(String::as_str), Some("true" | "false")) {
                    args.len() - 1
                } else {
                    args.len()
                };
                args[1..end].join(" ")
            } else {
                slug.to_owned()
            };
            html_tag(
                "a",
                &[("href", Some(&post_url(slug))), ("title", Some(&title))],
                Some(&text(&title)),
            )
        }
        "asset_path" => escape(arg(0).unwrap_or_default()),
        "asset_link" => {
            let name = arg(0).unwrap_or_default();
            let title = if args.len() > 1 {
                args[1..].join(" ")
            } else {
                name.to_owned()
            };
            html_tag(
                "a",
                &[("href", Some(name)), ("title", Some(&title))],
                Some(&text(&title)),
            )
        }
        "url_for" | "full_url_for" => {
            let label = arg(0).unwrap_or_default();
            let path = arg(1).unwrap_or_default();
            html_tag("a", &[("href", Some(path))], Some(&text(label)))
        }
        _ => String::new(),
    }
}

/// A post's address in folio by Hexo's slug for it (its file's path under
/// `_posts`): folio names it after the file.
fn post_url(slug: &str) -> String {
    let name = slug.rsplit('/').next().unwrap_or(slug);
    format!("/articles/{}", crate::site::route::encode(name))
}

/// The `img` and `asset_img` tags: classes, the source, then width,
/// height, and a quoted title and alt.
fn img(args: &[String], is_source: impl Fn(&str) -> bool) -> String {
    let mut rest = args;
    let mut classes = Vec::new();
    let mut src = None;
    while let Some((first, tail)) = rest.split_first() {
        rest = tail;
        if is_source(first) {
            src = Some(first.clone());
            break;
        }
        classes.push(first.as_str());
    }
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let mut width = None;
    let mut height = None;
    if let Some(w) = rest.first().filter(|w| numeric(w)) {
        width = Some(w.clone());
        rest = &rest[1..];
        if let Some(h) = rest.first().filter(|h| numeric(h)) {
            height = Some(h.clone());
            rest = &rest[1..];
        }
    }
    // The parser took the quotes: a title, then an alt.
    let title = rest.first().cloned();
    let alt = rest.get(1).cloned();
    let classes = classes.join(" ");
    html_tag(
        "img",
        &[
            ("src", src.as_deref()),
            ("class", Some(&classes)),
            ("width", width.as_deref()),
            ("height", height.as_deref()),
            ("title", title.as_deref()),
            ("alt", alt.as_deref()),
        ],
        None,
    )
}

fn render_block(tag: &Tag, content: &str, depth: usize) -> String {
    let content = content.strip_prefix('\n').unwrap_or(content);
    match tag.name.as_str() {
        "raw" => content.to_owned(),
        "blockquote" | "quote" => {
            let footer = quote_footer(&tag.args.join(" "));
            let footer = if footer.is_empty() {
                String::new()
            } else {
                format!("<footer>{footer}</footer>")
            };
            // The content is Markdown: blank lines around it make it so
            // inside the HTML block.
            format!(
                "\n\n<blockquote>\n\n{}\n\n{footer}</blockquote>\n\n",
                expand_at(content.trim_end(), depth + 1)
            )
        }
        "pullquote" => {
            let classes: Vec<String> = std::iter::once("pullquote".to_owned())
                .chain(tag.args.iter().cloned())
                .collect();
            format!(
                "\n\n<blockquote class=\"{}\">\n\n{}\n\n</blockquote>\n\n",
                escape(&classes.join(" ")),
                expand_at(content.trim_end(), depth + 1)
            )
        }
        // `code` and `codeblock`: a title, `lang:`, a link and its text.
        _ => {
            let mut lang = None;
            let mut words = Vec::new();
            for arg in &tag.args {
                match arg.strip_prefix("lang:") {
                    Some(l) => lang = Some(l.to_owned()),
                    None if arg.contains(':') && !is_url(arg) => {}
                    None => words.push(arg.clone()),
                }
            }
            let url_at = words.iter().position(|w| is_url(w));
            let (title, link) = match url_at {
                Some(at) => {
                    let url = words[at].clone();
                    let label = if words.len() > at + 1 {
                        words[at + 1..].join(" ")
                    } else {
                        "link".to_owned()
                    };
                    (words[..at].join(" "), Some((url, label)))
                }
                None => (words.join(" "), None),
            };
            let mut caption = String::new();
            if !title.is_empty() {
                caption.push_str(&format!("<span>{}</span>", text(&title)));
            }
            if let Some((url, label)) = link {
                caption.push_str(&html_tag("a", &[("href", Some(&url))], Some(&text(&label))));
            }
            let caption = if caption.is_empty() {
                String::new()
            } else {
                format!("<figcaption>{caption}</figcaption>")
            };
            let class = lang.as_deref().map_or_else(
                || "highlight".to_owned(),
                |l| format!("highlight {}", escape(l)),
            );
            let fence = "`".repeat(longest_backticks(content).max(2) + 1);
            format!(
                "\n\n<figure class=\"{class}\">{caption}\n\n{fence}{}\n{}\n{fence}\n\n</figure>\n\n",
                lang.unwrap_or_default(),
                content.trim_end_matches('\n')
            )
        }
    }
}

fn longest_backticks(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// The blockquote tag's footer (after Octopress): "author", "author,
/// title", "author URL", "author URL title".
fn quote_footer(args: &str) -> String {
    if args.is_empty() {
        return String::new();
    }
    let words: Vec<&str> = args.split_whitespace().collect();
    // `(\S.*)\s+(https?://\S+)(\s+(.+))?`: the last address after a word.
    let url_at = words
        .iter()
        .rposition(|w| w.starts_with("http://") || w.starts_with("https://"))
        .filter(|at| *at > 0);
    let (author, source, title) = match url_at {
        Some(at) => (
            words[..at].join(" "),
            Some(words[at].to_owned()),
            (words.len() > at + 1).then(|| words[at + 1..].join(" ")),
        ),
        // `([^,]+),\s*([^,]+)`: an author, a title.
        None => match args.split_once(',') {
            Some((a, t))
                if !a.is_empty() && !t.trim_start().split(',').next().unwrap_or("").is_empty() =>
            {
                (
                    a.to_owned(),
                    None,
                    Some(t.trim_start().split(',').next().unwrap_or("").to_owned()),
                )
            }
            _ => (args.to_owned(), None, None),
        },
    };
    let mut out = format!("<strong>{}</strong>", text(&author));
    match (source, title) {
        (Some(source), title) => {
            // `source.replace(/^https?:\/\/|\/(index.html?)?$/g, '')`.
            let shown = title.unwrap_or_else(|| {
                let bare = source
                    .strip_prefix("https://")
                    .or_else(|| source.strip_prefix("http://"))
                    .unwrap_or(&source);
                ["/index.html", "/index.htm", "/"]
                    .iter()
                    .find_map(|end| bare.strip_suffix(end))
                    .unwrap_or(bare)
                    .to_owned()
            });
            out.push_str(&format!(
                "<cite>{}</cite>",
                html_tag("a", &[("href", Some(&source))], Some(&text(&shown)))
            ));
        }
        (None, Some(title)) => out.push_str(&format!("<cite>{}</cite>", text(&title))),
        (None, None) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_tags_render_as_hexo_renders_them() {
        assert_eq!(
            expand(r#"{% img left /images/a.png 200 100 "A title" "An alt" %}"#),
            r#"<img src="/images/a.png" class="left" width="200" height="100" title="A title" alt="An alt">"#
        );
        assert_eq!(
            expand("{% link Hexo https://hexo.io true Hexo's site %}"),
            r#"<a href="https://hexo.io" title="Hexo's site" target="_blank">Hexo</a>"#
        );
        assert_eq!(
            expand("{% asset_img diagram.png 图示 %}"),
            r#"<img src="diagram.png" title="图示">"#
        );
        assert_eq!(
            expand("[PDF]({% asset_path paper.pdf %})"),
            "[PDF](paper.pdf)"
        );
        assert_eq!(
            expand("{% post_link 2020/hello 你好 %}"),
            r#"<a href="/articles/hello" title="你好">你好</a>"#
        );
        assert_eq!(expand("{% post_path hello %}"), "/articles/hello");
        assert!(
            expand("{% youtube dQw4w9WgXcQ %}")
                .contains(r#"href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#)
        );
        assert!(expand("{% vimeo 1234 %}").contains("https://vimeo.com/1234"));
        assert!(
            expand("{% iframe https://example.com/x 100% 300 %}")
                .contains(r#"<a href="https://example.com/x">"#)
        );
    }

    #[test]
    fn block_tags_hold_markdown_or_code() {
        let quote = expand(
            "{% blockquote David Levithan, Wide Awake %}\nDo not *just* read.\n{% endblockquote %}",
        );
        assert!(quote.contains("<blockquote>\n\nDo not *just* read.\n\n<footer><strong>David Levithan</strong><cite>Wide Awake</cite></footer></blockquote>"), "{quote}");
        let cited = expand(
            "{% quote Seth Godin http://sethgodin.typepad.com/seths_blog/2009/07/welcome-to-island-marketing.html Welcome to Island Marketing %}\nx\n{% endquote %}",
        );
        assert!(cited.contains(r#"<strong>Seth Godin</strong><cite><a href="http://sethgodin.typepad.com/seths_blog/2009/07/welcome-to-island-marketing.html">Welcome to Island Marketing</a></cite>"#), "{cited}");
        let code = expand(
            "{% codeblock _.compact lang:js http://underscorejs.org/#compact Underscore.js %}\n_.compact([0, 1]);\n{% endcodeblock %}",
        );
        assert!(code.contains(r#"<figure class="highlight js"><figcaption><span>_.compact</span><a href="http://underscorejs.org/#compact">Underscore.js</a></figcaption>"#), "{code}");
        assert!(code.contains("```js\n_.compact([0, 1]);\n```"), "{code}");
        let pull = expand("{% pullquote left %}\nQuoted\n{% endpullquote %}");
        assert!(
            pull.contains(r#"<blockquote class="pullquote left">"#),
            "{pull}"
        );
        assert_eq!(
            expand("{% raw %}{{ keep }} {% img x.png %}{% endraw %}"),
            "{{ keep }} {% img x.png %}"
        );
    }

    #[test]
    fn tags_in_code_and_unknown_tags_stay_as_written() {
        let text = "```\n{% img /a.png %}\n```\n\n`{% link x http://y %}`\n\n{% spoiler 剧透 %}\n秘密\n{% endspoiler %}\n";
        assert_eq!(expand(text), text);
        assert_eq!(
            unknown(text),
            [UnknownTag {
                name: "spoiler".into(),
                line: 7
            }]
        );
        assert_eq!(unknown("{% img /a.png %} {% quote %}x{% endquote %}"), []);
        // An unclosed block tag, and text that only looks like a tag.
        assert_eq!(expand("{% blockquote %} no end"), "{% blockquote %} no end");
        assert_eq!(expand("50{%}"), "50{%}");
    }

    #[test]
    fn what_a_tag_may_cost_is_bounded() {
        // A tag longer than `MAX_TAG_LEN` is text.
        let long = format!("{{% img /a.png {} %}}", "x".repeat(MAX_TAG_LEN));
        assert_eq!(expand(&long), long);
        // Blocks nested deeper than `MAX_DEPTH` keep their tags.
        let nested = format!(
            "{}x{}",
            "{% quote %}\n".repeat(MAX_DEPTH + 3),
            "\n{% endquote %}".repeat(MAX_DEPTH + 3)
        );
        let out = expand(&nested);
        assert_eq!(out.matches("<blockquote>").count(), MAX_DEPTH + 1, "{out}");
        assert!(out.contains("{% quote %}"), "{out}");
        // Runs of backticks too long to be a code span's are text.
        let ticks = format!("x{} {{% img /a.png %}}", "`".repeat(MAX_TICKS + 1));
        assert!(expand(&ticks).contains("<img src=\"/a.png\">"));
    }
}
