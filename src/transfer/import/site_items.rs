//! What an article read from a Hexo site brings besides itself: whether it
//! is a post or a page, the file it came from, a page's path, and every
//! address the site gave it and its tags, categories and archives, which
//! folio then answers with 301 (issue 18).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::{ArticleStatus, CategoryPath, NewArticle, TagName};
use crate::hexo::site::{PostAddress, SiteConfig, requested_paths, without_extension};
use crate::site::Route;
use crate::transfer::hexo_site::{Part, SiteFile};

/// A post or a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Post,
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Page => "page",
        }
    }
}

/// An article's place in the site it came from.
#[derive(Debug, Clone)]
pub struct SiteArticle {
    pub kind: Kind,
    /// Its file, under `source/`.
    pub source_path: String,
    /// A page's public path in folio (the site's, without its root).
    pub page_path: Option<String>,
    /// The addresses it had: each answered with 301 (a page's own path
    /// is not among them).
    pub addresses: Vec<String>,
    pub tags: Vec<(String, TagName)>,
    pub categories: Vec<(String, CategoryPath)>,
    /// Archive addresses, and the folio page each is now.
    pub archives: Vec<(String, String)>,
}

/// The zone a site's dates are in: its `timezone`, else the import's.
pub fn zone_of(file: &SiteFile, import_zone: Tz) -> Tz {
    file.site.config.timezone.unwrap_or(import_zone)
}

/// The name a page's slug is made from when its front matter gives none:
/// its path without the extension and a last `index` (`about/index.md`
/// is `about`, `docs/api.md` is `docs-api`).
pub fn page_stem(path: &str) -> String {
    let stem = without_extension(path);
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    let stem = if stem == "index" { "home" } else { stem };
    stem.replace('/', "-")
}

/// Sets what the site says of the article (a draft's status, a date from
/// the file's name) and gives its place in the site.
pub fn place(file: &SiteFile, article: &mut NewArticle, file_dated: bool, zone: Tz) -> SiteArticle {
    let config = &file.site.config;
    let mut out = SiteArticle {
        kind: Kind::Post,
        source_path: file.path.clone(),
        page_path: None,
        addresses: Vec::new(),
        tags: Vec::new(),
        categories: Vec::new(),
        archives: Vec::new(),
    };
    match file.part {
        Part::Draft => {
            article.fields.status = ArticleStatus::Draft;
        }
        Part::Page => {
            out.kind = Kind::Page;
            let url = config.page_url(&file.path, article.fields.permalink.as_deref());
            let mut paths = requested_paths(&url);
            // folio serves the page at its folder's address where Hexo
            // wrote `…/index.html`, without the site's root.
            paths.sort_by_key(|p| !p.ends_with('/'));
            let own = paths.remove(0);
            let without_root = own
                .strip_prefix(config.root.trim_end_matches('/'))
                .unwrap_or(&own)
                .to_owned();
            out.addresses = paths
                .into_iter()
                .chain([own.clone()])
                .filter(|p| *p != without_root)
                .collect();
            out.page_path = Some(without_root);
        }
        Part::Post => {
            let posts_path = file.path.strip_prefix("_posts/").unwrap_or(&file.path);
            let name = config.post_file_name(posts_path);
            if file_dated
                && let Some(date) =
                    name.year
                        .zip(name.month)
                        .zip(name.day)
                        .and_then(|((y, m), d)| {
                            let day = NaiveDate::from_ymd_opt(y, m, d)?.and_hms_opt(0, 0, 0)?;
                            zone.from_local_datetime(&day).earliest()
                        })
            {
                // Hexo dates a post without `date` by its file's name when
                // `new_post_name` has the date in it.
                article.fields.date = date.with_timezone(&Utc);
            }
            let url = post_url(config, posts_path, article, article.fields.date, zone);
            out.addresses = requested_paths(&url);
            let local = article.fields.date.with_timezone(&zone);
            use chrono::Datelike;
            for (year, month, route) in [
                (None, None, Route::Archives),
                (
                    Some(local.year()),
                    None,
                    Route::Year {
                        year: local.year(),
                        page: 1,
                    },
                ),
                (
                    Some(local.year()),
                    Some(local.month()),
                    Route::Month {
                        year: local.year(),
                        month: local.month(),
                        page: 1,
                    },
                ),
            ] {
                for path in requested_paths(&config.archive_url(year, month)) {
                    out.archives.push((path, route.path()));
                }
            }
        }
        Part::Asset { .. } => {}
    }
    if out.kind == Kind::Post {
        for tag in &article.fields.tags {
            for path in requested_paths(&config.tag_url(tag.as_str())) {
                out.tags.push((path, tag.clone()));
            }
        }
        for category in &article.fields.categories {
            let names = category.names();
            // Hexo makes an archive of every level of the path.
            for depth in 1..=names.len() {
                let Ok(level) = CategoryPath::parse(&names[..depth]) else {
                    continue;
                };
                for path in requested_paths(&config.category_url(&names[..depth])) {
                    out.categories.push((path, level.clone()));
                }
            }
        }
    }
    out
}

/// The address Hexo gives a post (`posts_path`: its file under
/// `_posts`), dated `date`.
pub fn post_url(
    config: &SiteConfig,
    posts_path: &str,
    article: &NewArticle,
    date: DateTime<Utc>,
    zone: Tz,
) -> String {
    let name = config.post_file_name(posts_path);
    let categories: Vec<Vec<String>> = article
        .fields
        .categories
        .iter()
        .map(|c| c.names().to_vec())
        .collect();
    config.post_url(&PostAddress {
        slug: &name.title,
        title: &article.fields.title,
        date,
        zone,
        categories: &categories,
        permalink: article.fields.permalink.as_deref(),
        extra: &article.extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_stems_drop_the_extension_and_a_last_index() {
        assert_eq!(page_stem("about/index.md"), "about");
        assert_eq!(page_stem("docs/api.md"), "docs-api");
        assert_eq!(page_stem("links.html"), "links");
        assert_eq!(page_stem("index.md"), "home");
    }
}
