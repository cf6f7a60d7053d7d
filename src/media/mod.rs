//! Media (issue 17): images kept by folio, content-addressed (the SHA-256
//! of their bytes names them, so the same image is stored once), the
//! original bytes kept as they came.
//!
//! `inspect` says what a file is from its bytes, before anything is
//! decoded; `store` keeps the bytes (a folder or S3-compatible storage).

pub mod assets;
pub mod derive;
pub mod inspect;
pub mod remote;
pub mod responsive;
pub mod store;

pub use inspect::{Inspected, MediaError, MediaType, inspect};
pub use store::{Location, MediaStore, StoreError};

use sha2::{Digest, Sha256};

/// An image examined and ready to keep: its content address and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Examined {
    /// The SHA-256 of its bytes, in hex.
    pub hash: String,
    pub image: Inspected,
}

impl Examined {
    /// Its object's name in the store, and the last part of its URL.
    pub fn name(&self) -> String {
        format!("{}.{}", self.hash, self.image.kind.ext())
    }

    /// Where the public site serves it.
    pub fn url(&self) -> String {
        format!("/media/{}", self.name())
    }
}

/// What `bytes` are, with their content address; refused as `inspect`
/// refuses. Hashing 20 MiB is a few tens of milliseconds: run it off the
/// async threads.
pub fn examine(bytes: &[u8], max_bytes: u64) -> Result<Examined, MediaError> {
    let image = inspect(bytes, max_bytes)?;
    Ok(Examined {
        hash: hex::encode(Sha256::digest(bytes)),
        image,
    })
}

/// The hash and type an original's object name (`{hash}.{ext}`) says,
/// if it is one.
pub fn parse_name(name: &str) -> Option<(&str, MediaType)> {
    match parse_object(name)? {
        (hash, None, kind) => Some((hash, kind)),
        _ => None,
    }
}

/// `raw` when it is one of folio's own images as a page links it
/// (`/media/{name}`): a cover or thumbnail may be one.
pub fn own_url(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    FOLDERS
        .iter()
        .find_map(|f| raw.strip_prefix(f))
        .and_then(parse_object)
        .map(|_| raw)
}

/// What any object name says: an original's (`{hash}.{ext}`) or a
/// smaller copy's (`{hash}-{width}.{ext}`, its width given).
pub fn parse_object(name: &str) -> Option<(&str, Option<u32>, MediaType)> {
    let (stem, ext) = name.split_once('.')?;
    let hash = stem.get(..64)?;
    let hex = hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let width = match &stem[64..] {
        "" => None,
        rest => {
            let digits = rest.strip_prefix('-')?;
            if digits.is_empty() || digits.starts_with('0') || digits.len() > 5 {
                return None;
            }
            Some(digits.parse().ok()?)
        }
    };
    Some((hash, width, MediaType::from_ext(ext)?)).filter(|_| hex)
}

/// The folders folio serves its images from: `/media/`, and `/images/`
/// for originals, where a Hexo export puts them (`source/images/`), so
/// its posts show them in folio as in Hexo.
pub const FOLDERS: [&str; 2] = ["/media/", "/images/"];

/// The images of folio's own media store a body and its cover and
/// thumbnail refer to (`/media/{hash}.{ext}` or `/images/{hash}.{ext}`,
/// with or without a site's address before it, derivatives `-{width}`
/// included), each hash once.
pub fn references<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for text in texts {
        for folder in FOLDERS {
            references_in(text, folder, &mut found);
        }
    }
    found
}

/// The originals (`{hash}.{ext}`) a text names under either folder, each
/// once: what an export must carry for the text to show its images.
pub fn original_names(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for folder in FOLDERS {
        let mut rest = text;
        while let Some(at) = rest.find(folder) {
            let after = &rest[at + folder.len()..];
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .unwrap_or(after.len());
            let name = &after[..end];
            if parse_name(name).is_some() && !found.iter().any(|n| n == name) {
                found.push(name.to_owned());
            }
            rest = &rest[at + 1..];
        }
    }
    found
}

fn references_in(text: &str, folder: &str, found: &mut Vec<String>) {
    {
        let mut rest = text;
        while let Some(at) = rest.find(folder) {
            let after = &rest[at + folder.len()..];
            // Bytes, not characters: what follows may be any text (a post
            // whose `/images/` is followed by Chinese crashed here).
            let hash = &after.as_bytes()[..after.len().min(64)];
            if hash.len() == 64
                && hash.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                && matches!(after.as_bytes().get(64), Some(b'.' | b'-'))
                && let Ok(hash) = std::str::from_utf8(hash)
                && !found.iter().any(|h| h == hash)
            {
                found.push(hash.to_owned());
            }
            rest = &rest[at + 1..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_folios_own_media_urls_each_once() {
        let h = "ab".repeat(32);
        let g = "cd".repeat(32);
        let body = format!(
            r#"<img src="/media/{h}.png"><img srcset="https://site.example/media/{h}-480.webp 480w, /media/{g}.jpg 2x"><a href="/media/notahash.png">x</a>"#
        );
        assert_eq!(references([body.as_str()]), [h.clone(), g.clone()]);
        let exported = format!(r#"<img src="/images/{g}.jpg">"#);
        assert_eq!(references([exported.as_str()]), [g]);
        assert_eq!(
            references([format!("/media/{h}").as_str()]),
            Vec::<String>::new()
        );
        assert_eq!(references(["no images"]), Vec::<String>::new());
        // Found by the Hexo parity run: text after the folder cut inside a
        // character at 64 bytes.
        let post =
            "![](/images/External-Sort.png)\n\n一路排序就是简单的每次扫描所有文件的文件最小元素";
        for cut in 0..post.len() {
            if post.is_char_boundary(cut) {
                assert_eq!(references([&post[cut..]]), Vec::<String>::new());
            }
        }
    }

    #[test]
    fn original_names_are_found_in_both_folders() {
        let h = "ab".repeat(32);
        let text = format!(
            r#"<img src="/media/{h}.png"><img src="/images/{h}.png"> /media/{h}-480.webp /media/{h}.svg"#
        );
        assert_eq!(original_names(&text), [format!("{h}.png")]);
    }

    #[test]
    fn object_names_are_a_hash_and_a_known_extension() {
        let h = "0f".repeat(32);
        assert_eq!(
            parse_name(&format!("{h}.webp")),
            Some((h.as_str(), MediaType::Webp))
        );
        assert_eq!(parse_name(&format!("{h}.svg")), None);
        assert_eq!(parse_name(&format!("{}.png", "0F".repeat(32))), None);
        assert_eq!(parse_name("x.png"), None);
        assert_eq!(parse_name(&format!("{h}-480.webp")), None);
        assert_eq!(
            parse_object(&format!("{h}-480.webp")),
            Some((h.as_str(), Some(480), MediaType::Webp))
        );
        for bad in ["-", "-048", "-4x", "-1234567", "480"] {
            assert_eq!(parse_object(&format!("{h}{bad}.jpg")), None, "{bad}");
        }
    }
}
