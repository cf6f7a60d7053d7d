//! Splitting a Hexo post into its front matter and its body.
//!
//! Follows hexo-front-matter's `split()`: YAML between `---` lines (three or
//! more dashes) or JSON between `;;;` lines, where the opening separator may
//! be omitted (`title: x` … `---` … body). As SPEC asks, a UTF-8 BOM and
//! blank lines before the opening separator are ignored. The split keeps the
//! exact text before the body (`head`) so an unedited post can be written
//! back byte for byte.

/// Which language the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "yaml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A post cut in two, borrowing from the normalised text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// Everything before the body, byte for byte.
    pub head: &'a str,
    /// The raw front matter between the separators ("" when there is none).
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in `head`.
    pub front_matter_start: usize,
    /// 1-based line of the file on which `front_matter` starts.
    pub front_matter_line: usize,
    pub format: Format,
    pub body: &'a str,
}

/// Normalises what SPEC lets us normalise: drops a UTF-8 BOM and turns CRLF
/// line endings into LF, as Hexo does. A lone CR stays: Hexo keeps it (in
/// the body it is text; YAML reads it as a line break).
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains("\r\n") {
        return text.to_owned();
    }
    text.replace("\r\n", "\n")
}

/// Splits normalised text. A text without front matter is all body.
pub fn split(text: &str) -> Split<'_> {
    // Blank lines before an opening separator are ignored; they stay in the
    // head so the file can be reproduced.
    let lead = leading_blank_lines(text);
    let rest = &text[lead..];
    let lead_lines = text[..lead].matches('\n').count();

    let first_line = rest.split('\n').next().unwrap_or("");
    if let Some(sep) = separator(first_line) {
        let after_open = &rest[first_line.len()..];
        if let Some(after_open) = after_open.strip_prefix('\n')
            && let Some((fm_len, consumed)) = find_closing(after_open, sep)
        {
            let fm_start = lead + first_line.len() + 1;
            let body_start = fm_start + consumed;
            return Split {
                head: &text[..body_start],
                front_matter: &text[fm_start..fm_start + fm_len],
                front_matter_start: fm_start,
                front_matter_line: lead_lines + 2,
                format: format_of(sep),
                body: &text[body_start..],
            };
        }
        // An opening separator with no closing one: Hexo reads it all as body.
        return no_front_matter(text);
    }

    // The new style: no opening separator, front matter up to the first
    // separator line.
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        let trimmed = bare.trim_end_matches([' ', '\t']);
        if offset > 0
            && let Some(sep) = separator(trimmed)
        {
            // After a separator with spaces or tabs behind it, the body
            // starts with them (hexo-front-matter: `\n?` after it).
            let body_start = if trimmed == bare {
                offset + line.len()
            } else {
                offset + sep.len()
            };
            return Split {
                head: &text[..body_start],
                // Without the newline that ends the last front-matter line.
                front_matter: &text[..offset - 1],
                front_matter_start: 0,
                front_matter_line: 1,
                format: format_of(sep),
                body: &text[body_start..],
            };
        }
        offset += line.len();
    }
    no_front_matter(text)
}

fn no_front_matter(text: &str) -> Split<'_> {
    Split {
        head: "",
        front_matter: "",
        front_matter_start: 0,
        front_matter_line: 1,
        format: Format::Yaml,
        body: text,
    }
}

fn leading_blank_lines(text: &str) -> usize {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        if !line.ends_with('\n') || !line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    end
}

/// A separator line: three or more of `-` or of `;`, nothing else.
fn separator(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    let is_sep =
        (first == '-' || first == ';') && line.len() >= 3 && line.chars().all(|c| c == first);
    is_sep.then_some(line)
}

fn format_of(sep: &str) -> Format {
    if sep.starts_with(';') {
        Format::Json
    } else {
        Format::Yaml
    }
}

/// Whether `line` closes front matter opened by `sep`: the same
/// separator, then nothing but spaces or tabs (Hexo accepts those).
fn closes(line: &str, sep: &str) -> bool {
    line.strip_prefix(sep)
        .is_some_and(|rest| rest.chars().all(|c| c == ' ' || c == '\t'))
}

/// Finds the line that closes the front matter (see [`closes`]). Returns
/// the length of the front matter (without its final newline) and how much
/// of `after_open` the front matter and the closing separator take: its
/// newline too when nothing follows it on its line; else the body starts
/// with what does, as hexo-front-matter reads it.
fn find_closing(after_open: &str, sep: &str) -> Option<(usize, usize)> {
    let taken = |line: &str| {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if bare == sep { line.len() } else { sep.len() }
    };
    // hexo-front-matter wants at least one character of front matter
    // (`([\s\S]+?)\n---`): a separator on the next line, or after one
    // blank line, does not close, and `---\n---\n…` is all body.
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if offset >= 2 && closes(bare, sep) {
            return Some((offset - 1, offset + taken(line)));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_between_dashes() {
        let s = split("---\ntitle: a\n---\nbody\n");
        assert_eq!(s.front_matter, "title: a");
        assert_eq!(s.head, "---\ntitle: a\n---\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.front_matter_line, 2);
    }

    #[test]
    fn leading_blank_lines_are_kept_in_the_head() {
        let s = split("\n\n---\ntitle: a\n---\n\nbody");
        assert_eq!(s.front_matter, "title: a");
        assert_eq!(s.head, "\n\n---\ntitle: a\n---\n");
        assert_eq!(s.body, "\nbody");
        assert_eq!(s.front_matter_line, 4);
    }

    #[test]
    fn more_dashes_must_close_with_the_same_line() {
        let s = split("-----\ntitle: a\n---\nx: 1\n-----\nbody");
        assert_eq!(s.front_matter, "title: a\n---\nx: 1");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn json_between_semicolons() {
        let s = split(";;;\n\"title\": \"a\"\n;;;\nbody");
        assert_eq!(s.format, Format::Json);
        assert_eq!(s.front_matter, "\"title\": \"a\"");
    }

    #[test]
    fn the_opening_separator_may_be_omitted() {
        let s = split("title: a\ndate: 2013/7/13 20:46:25\n---\nbody");
        assert_eq!(s.front_matter, "title: a\ndate: 2013/7/13 20:46:25");
        assert_eq!(s.body, "body");
        assert_eq!(s.front_matter_line, 1);
    }

    #[test]
    fn a_post_without_front_matter_is_all_body() {
        let s = split("just text\n");
        assert_eq!(s.front_matter, "");
        assert_eq!(s.head, "");
        assert_eq!(s.body, "just text\n");
    }

    #[test]
    fn an_unclosed_separator_is_all_body() {
        let s = split("---\ntitle: a\n");
        assert_eq!(s.body, "---\ntitle: a\n");
    }

    #[test]
    fn an_empty_front_matter_is_all_body_as_in_hexo() {
        for text in ["---\n---\nbody", "---\n\n---\nbody", "---\n--- \nbody"] {
            let s = split(text);
            assert_eq!((s.head, s.body), ("", text), "{text:?}");
        }
        // One blank line more is a front matter of one newline.
        let s = split("---\n\n\n---\nbody");
        assert_eq!((s.front_matter, s.body), ("\n", "body"));
        // A later separator closes what the first did not.
        let s = split("---\n---\ntitle: a\n---\nbody");
        assert_eq!((s.front_matter, s.body), ("---\ntitle: a", "body"));
    }

    #[test]
    fn closing_separator_at_end_of_file() {
        let s = split("---\ntitle: a\n---");
        assert_eq!(s.front_matter, "title: a");
        assert_eq!(s.body, "");
    }

    #[test]
    fn normalise_drops_bom_and_crlf_and_keeps_a_lone_cr() {
        assert_eq!(normalise("\u{feff}a\r\nb\rc\n"), "a\nb\rc\n");
    }

    #[test]
    fn a_closing_separator_may_have_spaces_or_tabs_after_it() {
        let s = split("---\ntitle: a\n--- \t\nbody\n");
        assert_eq!(s.front_matter, "title: a");
        assert_eq!(s.head, "---\ntitle: a\n---");
        assert_eq!(s.body, " \t\nbody\n", "as hexo-front-matter's _content");
        let s = split("title: a\n---  \nbody");
        assert_eq!(s.front_matter, "title: a");
        assert_eq!(s.body, "  \nbody");
        // Other text after it does not close.
        let s = split("---\ntitle: a\n--- x\nmore: 1\n---\nbody");
        assert_eq!(s.front_matter, "title: a\n--- x\nmore: 1");
    }

    #[test]
    fn mixed_line_endings_split_on_lf_after_crlf_is_normalised() {
        let text = normalise("---\r\ntitle: a\n---\r\nbody\rmore\n");
        let s = split(&text);
        assert_eq!(s.front_matter, "title: a");
        assert_eq!(s.body, "body\rmore\n");
    }
}
