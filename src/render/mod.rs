//! Markdown/HTML source → sanitised HTML, excerpt and plain text.
//!
//! Hexo bodies are Markdown whose raw HTML passes through (most scraped
//! posts are nothing but HTML). The result is always cleaned by ammonia
//! under the allow-list below before any page may show it.
//!
//! Hexo's built-in tag plugins are rendered first (`hexo::tags`).
//!
//! Allowed: text structure (p, headings, lists, blockquote and its footer,
//! pre/code, tables, figure), inline formatting, links (http, https, mailto and
//! relative; `rel="noopener noreferrer"` added), images (with
//! `referrerpolicy`, which hot-linked pictures in scraped posts need), a few
//! `style` properties that only lay out text, and plain SVG shapes (svg, g,
//! path, circle, ellipse, line, polyline, polygon, rect). Everything else
//! goes: scripts, styles, event handlers, `javascript:` URLs, iframes, forms
//! and their controls (a `<button>`'s text stays), `<math>`, SVG animation
//! (`set`, `animate…`), `use` and `foreignObject`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

pub mod blocks;
pub mod guard;
pub mod markdown;

pub use guard::MAX_NESTING;

/// The largest HTML sanitised: bigger input is shown escaped (see
/// [`sanitise`]). Within it, [`guard`] keeps the parser's work linear.
pub const MAX_HTML_BYTES: usize = 1024 * 1024;

const EXCERPT_MARKER: &str = "<!-- more -->";

/// What a body source renders to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub excerpt_html: String,
}

/// Renders a body. `excerpt` is the front matter's, which Hexo prefers to
/// the `<!-- more -->` marker only when the marker is absent.
pub fn render(body: &str, excerpt: Option<&str>) -> Rendered {
    // Hexo's built-in tag plugins first, as Hexo renders them.
    let body = crate::hexo::tags::expand(body);
    let body = body.as_str();
    let html = sanitise(&markdown(body));
    let excerpt_html = match body.find(EXCERPT_MARKER) {
        Some(at) => sanitise(&markdown(&body[..at])),
        None => match excerpt.filter(|e| !e.trim().is_empty()) {
            Some(e) => sanitise(&markdown(e)),
            None => first_paragraph(&html),
        },
    };
    Rendered { html, excerpt_html }
}

fn markdown(source: &str) -> String {
    markdown::to_html(source)
}

/// Cleans HTML under folio's allow-list. Input over [`MAX_HTML_BYTES`], or
/// that the parser would nest deeper than [`MAX_NESTING`] or spend more
/// than its linear budget on ([`guard::check`]), is shown as escaped text
/// instead: safe, fast, and the source itself is kept untouched.
pub fn sanitise(html: &str) -> String {
    if html.len() > MAX_HTML_BYTES || guard::check(html).is_err() {
        let mut out = String::from("<pre>");
        html_escape::encode_text_to_string(html, &mut out);
        out.push_str("</pre>");
        return out;
    }
    POLICY.clean(html).to_string()
}

static POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        // Hexo's blockquote tag puts its author and source in one.
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "wbr",
        // Plain SVG shapes only: no animation, `use`, `foreignObject` or `style`.
        "svg",
        "g",
        "path",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "rect",
    ]
    .into();
    let generic: HashSet<&str> = ["title", "lang", "dir", "style", "class", "align"].into();
    let svg_shape: &[&str] = &[
        "fill",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "opacity",
        "fill-rule",
        "transform",
    ];
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    attrs.insert("a", ["href", "hreflang", "name"].into());
    attrs.insert(
        "img",
        [
            "src",
            "alt",
            "width",
            "height",
            "loading",
            "referrerpolicy",
            "srcset",
            "sizes",
        ]
        .into(),
    );
    // Markdown headings' ids, which their anchors name (`markdown`).
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        attrs.insert(heading, ["id"].into());
    }
    attrs.insert("td", ["colspan", "rowspan"].into());
    attrs.insert("th", ["colspan", "rowspan", "scope"].into());
    attrs.insert("col", ["span"].into());
    attrs.insert("ol", ["start", "reversed", "type"].into());
    attrs.insert("time", ["datetime"].into());
    attrs.insert("font", ["color"].into());
    let shapes = [
        (
            "svg",
            &["width", "height", "viewBox", "xmlns", "preserveAspectRatio"][..],
        ),
        ("g", &[][..]),
        ("path", &["d"][..]),
        ("circle", &["cx", "cy", "r"][..]),
        ("ellipse", &["cx", "cy", "rx", "ry"][..]),
        ("line", &["x1", "y1", "x2", "y2"][..]),
        ("polyline", &["points"][..]),
        ("polygon", &["points"][..]),
        ("rect", &["x", "y", "width", "height", "rx", "ry"][..]),
    ];
    for (tag, own) in shapes {
        attrs.insert(tag, own.iter().chain(svg_shape).copied().collect());
    }
    let style: HashSet<&str> = [
        "text-align",
        "text-indent",
        "font-weight",
        "font-style",
        "text-decoration",
        "color",
        "background-color",
        "vertical-align",
    ]
    .into();
    let mut builder = ammonia::Builder::default();
    builder
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // ammonia checks `src`'s scheme, not `srcset`'s candidates.
            ("img", "srcset") => srcset(value).map(Into::into),
            _ => Some(value.into()),
        })
        .tags(tags)
        .generic_attributes(generic)
        .tag_attributes(attrs)
        .url_schemes(["http", "https", "mailto"].into())
        .filter_style_properties(style)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
});

/// An absolute web address (http or https) with nothing that could break
/// out of an attribute: the one rule for a URL folio shows outside
/// sanitised HTML (a cover image, a feed's or the public API's links).
pub fn web_url(raw: Option<&str>) -> Option<String> {
    let raw = raw?.trim();
    let lower = raw.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        .then(|| raw.to_owned())
        .filter(|u| !u.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// A `srcset` with only the candidates whose URL ammonia would keep in a
/// `src`: http, https or relative. `None` when none is left. Read as the
/// HTML standard reads it: a URL is a run without white space (a `data:`
/// URL's comma is part of it), its descriptors run to the next comma.
fn srcset(value: &str) -> Option<String> {
    let mut kept = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let (mut url, mut descriptor) = (&rest[..end], "");
        rest = &rest[end..];
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            descriptor = rest[..end].trim();
            rest = &rest[end..];
        }
        // A scheme is what comes before a `:` that comes before any `/`,
        // `?` or `#`; without one the URL is relative.
        let scheme = url
            .split(['/', '?', '#'])
            .next()
            .and_then(|head| head.split_once(':'))
            .map(|(scheme, _)| scheme.to_ascii_lowercase());
        if scheme.is_none_or(|s| s == "http" || s == "https") {
            kept.push(if descriptor.is_empty() {
                url.to_owned()
            } else {
                format!("{url} {descriptor}")
            });
        }
    }
    (!kept.is_empty()).then(|| kept.join(", "))
}

/// The first paragraph with text, or the start of the text.
fn first_paragraph(html: &str) -> String {
    let mut rest = html;
    while let Some(start) = rest.find("<p") {
        let after = &rest[start..];
        let is_p = after[2..].starts_with(['>', ' ']);
        let Some(end) = after.find("</p>") else { break };
        let para = &after[..end + 4];
        if is_p && !plain_text(para).trim().is_empty() {
            return para.to_owned();
        }
        rest = &after[end + 4..];
    }
    let text = plain_text(html);
    let short: String = text.chars().take(200).collect();
    if short.is_empty() {
        return String::new();
    }
    let mut out = String::from("<p>");
    html_escape::encode_text_to_string(&short, &mut out);
    out.push_str("</p>");
    out
}

/// Text of sanitised HTML: tags dropped (block ends become line breaks),
/// entities decoded, runs of white space folded. Sanitised HTML is
/// html5ever's serialisation, so attribute values are always double-quoted
/// and a `<` in text is always escaped: a small scanner reads it exactly.
pub fn plain_text(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "footer",
        "pre",
        "figure",
        "figcaption",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
        "hr",
    ];
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tag = &rest[lt + 1..];
        let end = tag_end(tag);
        let name = tag.trim_start_matches('/');
        let name = &name[..name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len())];
        if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name)) {
            text.push('\n');
        }
        rest = &tag[end.min(tag.len())..];
    }
    text.push_str(rest);
    let decoded = html_escape::decode_html_entities(&text);
    fold_whitespace(&decoded)
}

/// Index just past the `>` that closes a tag, skipping quoted values.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    tag.len()
}

fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<char> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            if c == '\n' || pending.is_none() {
                pending = Some(if c == '\n' { '\n' } else { ' ' });
            }
        } else {
            if let Some(p) = pending.take()
                && !out.is_empty()
            {
                out.push(p);
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_passes_markdown_and_is_sanitised() {
        let r = render(
            "<p style=\"text-indent: 2em; position: fixed\" onclick=\"x()\">金融</p><script>alert(1)</script>",
            None,
        );
        assert_eq!(r.html, "<p style=\"text-indent:2em\">金融</p>");
    }

    #[test]
    fn links_lose_javascript_and_gain_rel() {
        let r = render(
            "<a href=\"javascript:alert(1)\">x</a> <a href=\"https://e.com\">y</a>",
            None,
        );
        assert!(!r.html.contains("javascript"));
        assert!(
            r.html
                .contains("href=\"https://e.com\" rel=\"noopener noreferrer\"")
        );
    }

    #[test]
    fn srcset_keeps_only_the_candidates_src_would_keep() {
        let r = render(
            "<img src=\"a.png\" srcset=\"javascript:alert(1) 1x, https://e.com/b.png 2x, c.png 3x, data:image/png;base64,AAAA 4x\">",
            None,
        );
        assert!(
            r.html
                .contains("srcset=\"https://e.com/b.png 2x, c.png 3x\""),
            "{}",
            r.html
        );
        let r = render("<img src=\"a.png\" srcset=\"JavaScript:x 1x\">", None);
        assert!(!r.html.contains("srcset"), "{}", r.html);
    }

    #[test]
    fn web_urls_are_http_or_https_without_spaces_or_controls() {
        assert_eq!(
            web_url(Some(" https://e.com/a.png ")).as_deref(),
            Some("https://e.com/a.png")
        );
        assert_eq!(web_url(Some("javascript:alert(1)")), None);
        assert_eq!(web_url(Some("//e.com/a.png")), None);
        assert_eq!(web_url(Some("https://e.com/a b.png")), None);
    }

    #[test]
    fn svg_shapes_stay_and_animation_goes() {
        let r = render(
            "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><animate attributeName=\"href\"/><set/></svg>",
            None,
        );
        assert!(r.html.contains("<path d=\"M0 0\">"), "{}", r.html);
        assert!(
            !r.html.contains("animate") && !r.html.contains("<set"),
            "{}",
            r.html
        );
    }

    #[test]
    fn button_and_form_go_but_text_stays() {
        let r = render(
            "<form action=\"/x\"><button>赞赏</button><input name=a></form>",
            None,
        );
        assert!(
            !r.html.contains("<form") && !r.html.contains("<button") && !r.html.contains("<input")
        );
        assert!(plain_text(&r.html).contains("赞赏"));
    }

    #[test]
    fn deep_nesting_is_escaped_not_parsed() {
        let deep = "<div>".repeat(MAX_NESTING as usize + 1);
        let out = sanitise(&deep);
        assert!(out.starts_with("<pre>&lt;div&gt;"));
    }

    #[test]
    fn excerpt_from_more_marker_or_first_paragraph() {
        let r = render("First *one*.\n\n<!-- more -->\n\nSecond.", None);
        assert_eq!(r.excerpt_html, "<p>First <em>one</em>.</p>\n");
        let r = render("<div>\n<p> </p><p>甲乙</p><p>丙</p></div>", None);
        assert_eq!(r.excerpt_html, "<p>甲乙</p>");
    }

    #[test]
    fn plain_text_decodes_entities_and_separates_blocks() {
        assert_eq!(
            plain_text("<p>a &amp; b</p><p title=\"x>y\">c</p>"),
            "a & b\nc"
        );
    }
}
