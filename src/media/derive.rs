//! Smaller copies of an image for the public pages' `srcset`: a few
//! widths, each in WebP and in the original's format, turned upright as
//! its EXIF orientation says and with no metadata (re-encoding writes
//! none: no camera, no place, no date leaves with a derivative).
//!
//! Made off the request path by `media_jobs`; named after the original,
//! `{hash}-{width}.{ext}`, so their URLs are as stable as it is.
//! GIFs and animated WebPs get none: a still copy would lose the motion.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, IntoImageView, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};

use super::{Inspected, MediaError, MediaType};

/// The widths made, where the image is wider: a phone, a column at two
/// device pixels per CSS pixel, a wide screen at two.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// Quality of lossy copies: smaller than the usual defaults (90), and no
/// difference a reader sees at these sizes.
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;

/// One smaller copy: its width and format (its name says both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub kind: MediaType,
}

impl Variant {
    /// Its object's name beside its original's (`{hash}.{ext}`).
    pub fn name(self, hash: &str) -> String {
        format!("{hash}-{}.{}", self.width, self.kind.ext())
    }

    /// Parses the list `media.derived` keeps (`480.jpg 480.webp …`);
    /// what it cannot read it leaves out.
    pub fn parse_list(list: &str) -> Vec<Variant> {
        list.split_ascii_whitespace()
            .filter_map(|v| {
                let (width, ext) = v.split_once('.')?;
                Some(Variant {
                    width: width.parse().ok()?,
                    kind: MediaType::from_ext(ext)?,
                })
            })
            .collect()
    }

    pub fn format_list(variants: &[Variant]) -> String {
        variants
            .iter()
            .map(|v| format!("{}.{}", v.width, v.kind.ext()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The copies an image gets: each width of [`WIDTHS`] it is wider than,
/// in its own format and in WebP, and a WebP at its own width when that
/// is within the largest (a JPEG's WebP twin is a third smaller).
pub fn plan(image: &Inspected, bytes: &[u8]) -> Vec<Variant> {
    if image.kind == MediaType::Gif || animated_webp(image.kind, bytes) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for width in WIDTHS.into_iter().filter(|w| *w < image.width) {
        if image.kind != MediaType::Webp {
            out.push(Variant {
                width,
                kind: image.kind,
            });
        }
        out.push(Variant {
            width,
            kind: MediaType::Webp,
        });
    }
    if image.kind != MediaType::Webp && image.width <= WIDTHS[WIDTHS.len() - 1] {
        out.push(Variant {
            width: image.width,
            kind: MediaType::Webp,
        });
    }
    out
}

/// An extended WebP with its animation flag set.
fn animated_webp(kind: MediaType, bytes: &[u8]) -> bool {
    kind == MediaType::Webp && bytes.get(12..16) == Some(b"VP8X") && bytes[20] & 0x02 != 0
}

/// Makes the planned copies of an image, largest first (each smaller one
/// is made from the one before: a third of the work of starting over).
pub fn make(
    bytes: &[u8],
    image: &Inspected,
    plan: &[Variant],
) -> Result<Vec<(Variant, Vec<u8>)>, MediaError> {
    if plan.is_empty() {
        return Ok(Vec::new());
    }
    let damaged = |e: image::ImageError| MediaError::Damaged(e.to_string());
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), image.kind.format())
        .into_decoder()
        .map_err(damaged)?;
    let orientation = decoder.orientation().map_err(damaged)?;
    let mut full = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    full.apply_orientation(orientation);
    let full = if full.color().has_alpha() {
        DynamicImage::ImageRgba8(full.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(full.into_rgb8())
    };
    let mut widths: Vec<u32> = plan.iter().map(|v| v.width).collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    widths.dedup();
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let mut made = Vec::with_capacity(plan.len());
    let mut from = full;
    for width in widths {
        let height = ((u64::from(from.height()) * u64::from(width) + u64::from(from.width()) / 2)
            / u64::from(from.width()))
        .max(1) as u32;
        let smaller = if width == from.width() {
            from.clone()
        } else {
            let pixel = from
                .pixel_type()
                .ok_or_else(|| MediaError::Damaged("an unusual pixel format".into()))?;
            let mut to = Image::new(width, height, pixel);
            resizer
                .resize(&from, &mut to, &options)
                .map_err(|e| MediaError::Damaged(e.to_string()))?;
            let buffer = to.into_vec();
            if from.color().has_alpha() {
                DynamicImage::ImageRgba8(
                    image::RgbaImage::from_raw(width, height, buffer)
                        .ok_or_else(|| MediaError::Damaged("resize".into()))?,
                )
            } else {
                DynamicImage::ImageRgb8(
                    image::RgbImage::from_raw(width, height, buffer)
                        .ok_or_else(|| MediaError::Damaged("resize".into()))?,
                )
            }
        };
        for variant in plan.iter().filter(|v| v.width == width) {
            made.push((*variant, encode(&smaller, variant.kind)?));
        }
        from = smaller;
    }
    Ok(made)
}

fn encode(img: &DynamicImage, kind: MediaType) -> Result<Vec<u8>, MediaError> {
    let failed = |e: image::ImageError| MediaError::Damaged(e.to_string());
    let (width, height) = (img.width(), img.height());
    let color: ExtendedColorType = img.color().into();
    let mut out = Vec::new();
    match kind {
        MediaType::Jpeg => {
            // JPEG has no alpha: a transparent PNG never comes here (its
            // copies are PNG and WebP).
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(img.as_bytes(), width, height, color)
                .map_err(failed)?;
        }
        MediaType::Png => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Fast, PngFilter::Adaptive)
                .write_image(img.as_bytes(), width, height, color)
                .map_err(failed)?;
        }
        MediaType::Webp => {
            let encoder = if img.color().has_alpha() {
                webp::Encoder::from_rgba(img.as_bytes(), width, height)
            } else {
                webp::Encoder::from_rgb(img.as_bytes(), width, height)
            };
            out = encoder.encode(WEBP_QUALITY).to_vec();
        }
        MediaType::Gif => return Err(MediaError::Damaged("GIFs get no copies".into())),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::inspect;

    const MAX: u64 = 20 * 1024 * 1024;

    /// A JPEG `width` × `height`, left half red and right half blue, with
    /// an EXIF orientation when given (an APP1 segment after the SOI).
    fn jpeg(width: u32, height: u32, orientation: Option<u16>) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, _| {
            if x < width / 2 {
                image::Rgb([220, 20, 20])
            } else {
                image::Rgb([20, 20, 220])
            }
        });
        let mut plain = Vec::new();
        JpegEncoder::new_with_quality(&mut plain, 90)
            .write_image(img.as_raw(), width, height, ExtendedColorType::Rgb8)
            .unwrap();
        let Some(o) = orientation else { return plain };
        // "Exif\0\0", a big-endian TIFF header, one IFD entry: 0x0112
        // (orientation), SHORT, count 1, the value, then no next IFD.
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
        exif.extend_from_slice(&o.to_be_bytes());
        exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&exif);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn copies_are_planned_below_the_originals_width_in_webp_and_its_own_format() {
        let j = jpeg(1200, 600, None);
        let image = inspect(&j, MAX).unwrap();
        let listed = Variant::format_list(&plan(&image, &j));
        assert_eq!(listed, "480.jpg 480.webp 960.jpg 960.webp 1200.webp");
        assert_eq!(Variant::format_list(&Variant::parse_list(&listed)), listed);
        let small = jpeg(300, 200, None);
        assert_eq!(
            Variant::format_list(&plan(&inspect(&small, MAX).unwrap(), &small)),
            "300.webp"
        );
        let gif = Inspected {
            kind: MediaType::Gif,
            width: 2000,
            height: 100,
        };
        assert_eq!(plan(&gif, b"GIF89a"), Vec::new());
    }

    #[test]
    fn copies_have_their_width_the_images_shape_and_no_metadata() {
        let j = jpeg(1000, 500, Some(1));
        let image = inspect(&j, MAX).unwrap();
        let made = make(&j, &image, &plan(&image, &j)).unwrap();
        assert_eq!(made.len(), 5);
        for (variant, bytes) in &made {
            let copy = inspect(bytes, MAX).unwrap();
            assert_eq!((copy.kind, copy.width), (variant.kind, variant.width));
            assert_eq!(copy.height, variant.width / 2, "{variant:?}");
            assert!(
                !bytes.windows(4).any(|w| w == b"Exif"),
                "no EXIF in {variant:?}"
            );
        }
    }

    #[test]
    fn a_photo_taken_sideways_is_measured_and_copied_upright() {
        // Stored 1000 × 500, left red; orientation 6 turns it a quarter
        // clockwise: shown 500 × 1000, red on top.
        let j = jpeg(1000, 500, Some(6));
        let image = inspect(&j, MAX).unwrap();
        assert_eq!((image.width, image.height), (500, 1000));
        let plan = plan(&image, &j);
        assert_eq!(Variant::format_list(&plan), "480.jpg 480.webp 500.webp");
        let made = make(&j, &image, &plan).unwrap();
        let (_, jpg) = made
            .iter()
            .find(|(v, _)| v.kind == MediaType::Jpeg)
            .unwrap();
        let copy = image::load_from_memory(jpg).unwrap().into_rgb8();
        assert_eq!(copy.dimensions(), (480, 960));
        let top = copy.get_pixel(240, 100);
        let bottom = copy.get_pixel(240, 860);
        assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
        assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
    }
}
