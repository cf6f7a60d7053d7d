//! The files of a post's asset folder (a Hexo site's `post_asset_folder`),
//! which its body names relatively (`![](diagram.png)`, `<img
//! src="diagram.png">`): on a page they point at the media library's
//! copies, found by the names `article_assets` keeps. The source keeps
//! the names, so its Hexo export is as it was.

use super::responsive::Sizes;

/// An asset of an article: its name in the folder, and the image.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Asset {
    pub name: String,
    #[serde(flatten)]
    pub image: Sizes,
}

/// `html` (sanitised: attributes double-quoted) with every `src` or `href`
/// that names an asset (as written, after `./`, or percent-encoded)
/// pointing at its image in the library.
pub fn resolve(html: &str, assets: &[Asset]) -> String {
    if assets.is_empty() {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((at, attr_len)) = next_url_attr(rest) {
        let value_start = at + attr_len;
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + value_len];
        out.push_str(&rest[..value_start]);
        match find(assets, value) {
            Some(asset) => out.push_str(&url_of(asset)),
            None => out.push_str(value),
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    out
}

/// Where the next ` src="` or ` href="` is, and its length.
fn next_url_attr(html: &str) -> Option<(usize, usize)> {
    [" src=\"", " href=\""]
        .iter()
        .filter_map(|key| html.find(key).map(|at| (at, key.len())))
        .min_by_key(|(at, _)| *at)
}

fn find<'a>(assets: &'a [Asset], value: &str) -> Option<&'a Asset> {
    let value = value.trim_start_matches("./");
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
    let decoded = html_escape::decode_html_entities(&decoded);
    assets.iter().find(|a| a.name == value || a.name == decoded)
}

fn url_of(asset: &Asset) -> String {
    let ext = super::MediaType::from_mime(&asset.image.mime).map_or("bin", |k| k.ext());
    format!("/media/{}.{ext}", asset.image.hash)
}

/// The images the assets are, as the responsive pass knows images.
pub fn sizes(assets: &[Asset]) -> impl Iterator<Item = Sizes> + '_ {
    assets.iter().map(|a| a.image.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str) -> Asset {
        Asset {
            name: name.into(),
            image: Sizes {
                hash: "ab".repeat(32),
                mime: "image/png".into(),
                width: 40,
                height: 30,
                derived: None,
            },
        }
    }

    #[test]
    fn names_of_the_folder_point_at_the_library() {
        let h = "ab".repeat(32);
        let html = r#"<p><img src="diagram.png" alt="d"> <a href="./diagram.png">x</a> <img src="other.png"> <img src="%E5%9B%BE.png"></p>"#;
        let out = resolve(html, &[asset("diagram.png"), asset("图.png")]);
        assert_eq!(
            out,
            format!(
                r#"<p><img src="/media/{h}.png" alt="d"> <a href="/media/{h}.png">x</a> <img src="other.png"> <img src="/media/{h}.png"></p>"#
            )
        );
        assert_eq!(resolve(html, &[]), html);
    }
}
