//! What an uploaded or fetched file is, from its bytes alone: one of the
//! four image formats folio keeps (JPEG, PNG, GIF, WebP), its size in
//! pixels read from its header before anything is decoded, and whether it
//! is whole. Everything else is refused with the reason.
//!
//! SVG is refused, not sanitised: an SVG is a document that can carry
//! scripts, styles and links, and a sanitiser for it is a second HTML
//! sanitiser to keep right. Scraped posts' SVGs are inline in their HTML,
//! where `render` already cleans them.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};

/// The largest image in pixels (width × height): a decompression bomb
/// declares more than it could ever need.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The longest file name kept (bytes): a name is shown, never a path.
pub const MAX_NAME_BYTES: usize = 255;

/// The image formats folio keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Gif => "image/gif",
            MediaType::Webp => "image/webp",
        }
    }

    /// The extension of its stored name and URL.
    pub fn ext(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Gif => "gif",
            MediaType::Webp => "webp",
        }
    }

    pub fn from_ext(ext: &str) -> Option<MediaType> {
        match ext {
            "jpg" => Some(MediaType::Jpeg),
            "png" => Some(MediaType::Png),
            "gif" => Some(MediaType::Gif),
            "webp" => Some(MediaType::Webp),
            _ => None,
        }
    }

    pub fn from_mime(mime: &str) -> Option<MediaType> {
        [
            MediaType::Jpeg,
            MediaType::Png,
            MediaType::Gif,
            MediaType::Webp,
        ]
        .into_iter()
        .find(|t| t.mime() == mime)
    }

    pub(super) fn format(self) -> ImageFormat {
        match self {
            MediaType::Jpeg => ImageFormat::Jpeg,
            MediaType::Png => ImageFormat::Png,
            MediaType::Gif => ImageFormat::Gif,
            MediaType::Webp => ImageFormat::WebP,
        }
    }
}

/// An image as its bytes say it is. Its size is as it is shown: a
/// photo whose EXIF orientation turns it a quarter is as wide as its
/// stored pixels are high (browsers turn it, and so do its derivatives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    pub kind: MediaType,
    pub width: u32,
    pub height: u32,
}

/// Why a file is not kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {bytes} bytes; the largest kept is {max}")]
    TooLarge { bytes: u64, max: u64 },
    #[error("SVG images are not accepted (they can carry scripts)")]
    Svg,
    #[error("the file is not an image (it looks like {0})")]
    NotAnImage(&'static str),
    #[error("the image is {width} × {height} pixels; the largest kept is {max} pixels in all")]
    TooManyPixels { width: u32, height: u32, max: u64 },
    #[error("the image is damaged or cut short ({0})")]
    Damaged(String),
    #[error("the file name {0:?} is not accepted: {1}")]
    BadName(String, NameProblem),
}

/// What is wrong with a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    #[error("longer than 255 bytes")]
    TooLong,
    #[error("it names a folder")]
    Folder,
    #[error("it holds control characters")]
    Control,
    #[error("it is empty")]
    Empty,
}

/// What `bytes` are, if folio keeps them (`max_bytes`: `FOLIO_MAX_MEDIA_BYTES`).
pub fn inspect(bytes: &[u8], max_bytes: u64) -> Result<Inspected, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() as u64 > max_bytes {
        return Err(MediaError::TooLarge {
            bytes: bytes.len() as u64,
            max: max_bytes,
        });
    }
    let kind = match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => MediaType::Jpeg,
        Ok(ImageFormat::Png) => MediaType::Png,
        Ok(ImageFormat::Gif) => MediaType::Gif,
        Ok(ImageFormat::WebP) => MediaType::Webp,
        _ => return Err(not_an_image(bytes)),
    };
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), kind.format())
        .into_decoder()
        .map_err(|e| MediaError::Damaged(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels {
            width,
            height,
            max: MAX_PIXELS,
        });
    }
    if width == 0 || height == 0 {
        return Err(MediaError::Damaged("no pixels".into()));
    }
    whole(kind, bytes)?;
    let turned = matches!(
        decoder.orientation(),
        Ok(Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH)
    );
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Inspected {
        kind,
        width,
        height,
    })
}

/// Whether the file ends as its format ends: a download or upload cut
/// short is caught here, without decoding.
fn whole(kind: MediaType, bytes: &[u8]) -> Result<(), MediaError> {
    let ok = match kind {
        // End of image, allowing trailing padding some cameras add.
        MediaType::Jpeg => bytes.windows(2).rev().take(4096).any(|w| w == [0xFF, 0xD9]),
        // The IEND chunk and its CRC are the last 12 bytes.
        MediaType::Png => bytes.len() >= 12 && &bytes[bytes.len() - 8..bytes.len() - 4] == b"IEND",
        // The trailer byte.
        MediaType::Gif => bytes.last() == Some(&0x3B),
        // The RIFF header's size is the file's, less 8.
        MediaType::Webp => {
            bytes.len() >= 12
                && u64::from(u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]])) + 8
                    <= bytes.len() as u64
        }
    };
    if ok {
        Ok(())
    } else {
        Err(MediaError::Damaged("it ends too soon".into()))
    }
}

/// What a file that is not an image seems to be, for the message.
fn not_an_image(bytes: &[u8]) -> MediaError {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.contains("<svg") {
        return MediaError::Svg;
    }
    let looks = if text.starts_with("<!doctype html")
        || text.starts_with("<html")
        || text.contains("<body")
    {
        "HTML"
    } else if text.starts_with('<') {
        "XML or HTML"
    } else if bytes.starts_with(b"%PDF") {
        "a PDF"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "a zip archive"
    } else if std::str::from_utf8(bytes).is_ok() {
        "text"
    } else {
        "an unknown format"
    };
    MediaError::NotAnImage(looks)
}

/// A file name as given, if it is one: no folders, no `..`, no control
/// characters, at most [`MAX_NAME_BYTES`].
pub fn file_name(raw: &str) -> Result<String, MediaError> {
    let bad = |why| Err(MediaError::BadName(raw.chars().take(80).collect(), why));
    if raw.len() > MAX_NAME_BYTES {
        return bad(NameProblem::TooLong);
    }
    if raw.contains(['/', '\\'])
        || raw
            .split('.')
            .any(|part| part.is_empty() && raw.contains(".."))
    {
        return bad(NameProblem::Folder);
    }
    if raw.chars().any(char::is_control) {
        return bad(NameProblem::Control);
    }
    if raw.trim().is_empty() {
        return bad(NameProblem::Empty);
    }
    Ok(raw.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = 20 * 1024 * 1024;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([20, 130, 30]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn images_are_known_by_their_bytes_and_measured() {
        assert_eq!(
            inspect(&png(30, 20), MAX),
            Ok(Inspected {
                kind: MediaType::Png,
                width: 30,
                height: 20
            })
        );
        assert_eq!(inspect(&jpeg(8, 9), MAX).unwrap().kind, MediaType::Jpeg);
    }

    #[test]
    fn what_is_not_a_whole_image_is_refused_with_its_reason() {
        assert_eq!(inspect(b"", MAX), Err(MediaError::Empty));
        let j = jpeg(64, 64);
        assert!(matches!(
            inspect(&j[..j.len() - 200], MAX),
            Err(MediaError::Damaged(_))
        ));
        let p = png(10, 10);
        assert!(matches!(
            inspect(&p[..p.len() - 5], MAX),
            Err(MediaError::Damaged(_))
        ));
        assert_eq!(
            inspect(b"<!DOCTYPE html><html><body>hi</body></html>", MAX),
            Err(MediaError::NotAnImage("HTML"))
        );
        assert_eq!(
            inspect(br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#, MAX),
            Err(MediaError::Svg)
        );
        assert_eq!(
            inspect(&p, 10),
            Err(MediaError::TooLarge {
                bytes: p.len() as u64,
                max: 10
            })
        );
    }

    #[test]
    fn a_png_declaring_ten_billion_pixels_is_refused_before_decoding() {
        // A real header of 100,000 × 100,000 and nothing else.
        let mut p = png(1, 1);
        p[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        p[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        // The IHDR chunk's CRC, over its type and data, as a real file has.
        let mut crc = flate2::Crc::new();
        crc.update(&p[12..29]);
        p[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        assert_eq!(
            inspect(&p, MAX),
            Err(MediaError::TooManyPixels {
                width: 100_000,
                height: 100_000,
                max: MAX_PIXELS
            })
        );
    }

    #[test]
    fn file_names_are_names_not_paths() {
        assert_eq!(file_name("封面 1.png").unwrap(), "封面 1.png");
        assert!(matches!(
            file_name("../etc/passwd"),
            Err(MediaError::BadName(..))
        ));
        assert!(matches!(
            file_name("a\\b.png"),
            Err(MediaError::BadName(..))
        ));
        assert!(matches!(
            file_name(&"长".repeat(100)),
            Err(MediaError::BadName(..))
        ));
        assert!(matches!(
            file_name("a\u{0}.png"),
            Err(MediaError::BadName(..))
        ));
        assert!(matches!(file_name(".."), Err(MediaError::BadName(..))));
    }
}
