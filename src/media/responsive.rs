//! Images on the public pages, as a reader's browser wants them: each of
//! folio's own images with its size (`width`/`height`: the page does not
//! jump as it loads), its smaller copies offered by `srcset` and `sizes`
//! (WebP first, in a `<picture>`), and every image but the first loaded
//! only when scrolled near (`loading="lazy"`; the first is likely on the
//! first screen).
//!
//! Applied to sanitised HTML as the page is made, not stored: the copies
//! are made after a save, and the page lists those that exist.

use std::fmt::Write;

use serde::Deserialize;

use super::derive::Variant;
use super::{MediaType, parse_name};
use crate::render::blocks::tag_end;

/// How wide the public theme shows a body (`site.css`: a 46rem column),
/// so the browser can choose a copy before it lays the page out.
pub const SIZES: &str = "(max-width: 46rem) 100vw, 46rem";

/// What a page needs to know of one image it shows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Sizes {
    pub hash: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    /// Its copies (`media.derived`), `None` while they are being made.
    pub derived: Option<String>,
}

/// `html` (sanitised: attributes double-quoted) with its images as the
/// module says. `known` are the images of folio's store it refers to;
/// `eager_first`: whether its first image is on the first screen (not
/// when a cover comes before it).
pub fn apply(html: &str, known: &[Sizes], eager_first: bool) -> String {
    let mut out = String::with_capacity(html.len() + known.len() * 400);
    let mut rest = html;
    let mut seen = 0;
    while let Some(at) = find_img(rest) {
        let end = tag_end(rest.as_bytes(), at + 4);
        out.push_str(&rest[..at]);
        write_img(&mut out, &rest[at..end], known, eager_first && seen == 0);
        seen += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The next `<img` that starts a tag (not `<imgx`).
fn find_img(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = html[from..].find("<img") {
        let at = from + at;
        match html.as_bytes().get(at + 4) {
            Some(b' ' | b'>' | b'/' | b'\t' | b'\n') => return Some(at),
            _ => from = at + 4,
        }
    }
    None
}

/// The value of `name` in a tag as the serialiser writes it.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

fn write_img(out: &mut String, tag: &str, known: &[Sizes], first: bool) {
    let image = attr(tag, "src")
        .and_then(|src| super::FOLDERS.iter().find_map(|f| src.rsplit_once(f)))
        .and_then(|(_, name)| parse_name(name))
        .and_then(|(hash, kind)| {
            known
                .iter()
                .find(|k| k.hash == hash && k.mime == kind.mime())
                .map(|k| (k, kind))
        });
    let head = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
    let mut img = String::from(head);
    if !first && attr(tag, "loading").is_none() {
        img.push_str(" loading=\"lazy\"");
    }
    let Some((sizes, kind)) = image else {
        out.push_str(&img);
        out.push('>');
        return;
    };
    img.push_str(" decoding=\"async\"");
    if attr(tag, "width").is_none() && attr(tag, "height").is_none() {
        let _ = write!(
            img,
            " width=\"{}\" height=\"{}\"",
            sizes.width, sizes.height
        );
    }
    let variants = Variant::parse_list(sizes.derived.as_deref().unwrap_or(""));
    if variants.is_empty() || attr(tag, "srcset").is_some() {
        out.push_str(&img);
        out.push('>');
        return;
    }
    // The original is the largest candidate of its own format.
    let original = Variant {
        width: sizes.width,
        kind,
    };
    let candidates = |of: MediaType| {
        let mut all: Vec<Variant> = variants.iter().copied().filter(|v| v.kind == of).collect();
        if kind == of && !all.iter().any(|v| v.width == sizes.width) {
            all.push(original);
        }
        all.sort_by_key(|v| v.width);
        all.iter()
            .map(|v| {
                let name = if *v == original {
                    format!("{}.{}", sizes.hash, kind.ext())
                } else {
                    v.name(&sizes.hash)
                };
                format!("/media/{name} {}w", v.width)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str("<picture>");
    if kind != MediaType::Webp {
        let _ = write!(
            out,
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">",
            candidates(MediaType::Webp)
        );
    }
    let _ = write!(
        out,
        "{img} srcset=\"{}\" sizes=\"{SIZES}\"></picture>",
        candidates(kind)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(derived: Option<&str>) -> Sizes {
        Sizes {
            hash: "ab".repeat(32),
            mime: "image/jpeg".into(),
            width: 1200,
            height: 800,
            derived: derived.map(Into::into),
        }
    }

    #[test]
    fn folios_images_get_their_size_and_copies_and_others_only_lazy_loading() {
        let h = "ab".repeat(32);
        let html = format!(
            r#"<p>x</p><img src="https://elsewhere.example/a.png" alt=""><p><img src="/media/{h}.jpg" alt="图"></p><img src="/media/{h}.jpg" width="10">"#
        );
        let k = known(Some("480.jpg 480.webp 960.jpg 960.webp 1200.webp"));
        let out = apply(&html, std::slice::from_ref(&k), true);
        let expected = format!(
            concat!(
                r#"<p>x</p><img src="https://elsewhere.example/a.png" alt="">"#,
                r#"<p><picture><source type="image/webp" srcset="/media/{h}-480.webp 480w, /media/{h}-960.webp 960w, /media/{h}-1200.webp 1200w" sizes="{s}">"#,
                r#"<img src="/media/{h}.jpg" alt="图" loading="lazy" decoding="async" width="1200" height="800" srcset="/media/{h}-480.jpg 480w, /media/{h}-960.jpg 960w, /media/{h}.jpg 1200w" sizes="{s}"></picture></p>"#,
                r#"<picture><source type="image/webp" srcset="/media/{h}-480.webp 480w, /media/{h}-960.webp 960w, /media/{h}-1200.webp 1200w" sizes="{s}">"#,
                r#"<img src="/media/{h}.jpg" width="10" loading="lazy" decoding="async" srcset="/media/{h}-480.jpg 480w, /media/{h}-960.jpg 960w, /media/{h}.jpg 1200w" sizes="{s}"></picture>"#,
            ),
            h = h,
            s = SIZES
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn before_its_copies_exist_an_image_still_gets_its_size() {
        let h = "ab".repeat(32);
        let out = apply(
            &format!(r#"<img src="/media/{h}.jpg">"#),
            &[known(None)],
            true,
        );
        assert_eq!(
            out,
            format!(r#"<img src="/media/{h}.jpg" decoding="async" width="1200" height="800">"#)
        );
        // An image folio does not know (or of another type) is left as it is.
        let other = format!(r#"<img src="/media/{h}.png">"#);
        assert_eq!(apply(&other, &[known(None)], true), other);
        assert_eq!(apply("<imgx><p>", &[], true), "<imgx><p>");
        // After a cover, the body's first image is not on the first screen.
        assert_eq!(
            apply(&other, &[], false),
            format!(r#"<img src="/media/{h}.png" loading="lazy">"#)
        );
    }
}
