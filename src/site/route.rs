//! The public site's URLs: each parsed into a `Route`, and each route's
//! canonical path (percent-encoded) and file in a static export.
//!
//! Lists are paged by path (`/page/2`, `/tags/x/page/2`), not by query,
//! so that every page of the live site is also a file of the static one.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a path segment keeps unencoded: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home {
        page: u32,
    },
    Article {
        slug: String,
    },
    Tags,
    Tag {
        slug: String,
        page: u32,
    },
    TagFeed {
        slug: String,
    },
    Categories,
    /// A category by the slugs of its path, from the top.
    Category {
        path: Vec<String>,
        page: u32,
    },
    CategoryFeed {
        path: Vec<String>,
    },
    Archives,
    Year {
        year: i32,
        page: u32,
    },
    Month {
        year: i32,
        month: u32,
        page: u32,
    },
    /// Live only: a static site has no server to search.
    Search {
        q: String,
        page: u32,
    },
    Feed,
    /// The sitemap, or its index when the site has more URLs than one
    /// sitemap may hold.
    Sitemap,
    SitemapPart(u32),
    Robots,
}

impl Route {
    /// The route of a request's path, as sent (percent-encoded), and of
    /// its `q` parameter.
    pub fn from_path(path: &str, query_q: Option<&str>) -> Option<Route> {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        Route::parse(&segments, query_q)
    }

    /// The route of a request's path (its segments percent-decoded) and
    /// query; `None` for a path the site does not have.
    pub fn parse(segments: &[String], query_q: Option<&str>) -> Option<Route> {
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        // A trailing `page/N` (N ≥ 2: page 1 is the plain path).
        let (s, page) = match s.as_slice() {
            [rest @ .., "page", n] => (rest.to_vec(), page_number(n)?),
            _ => (s, 1),
        };
        let paged = |route: Route| Some(route);
        match s.as_slice() {
            [] => paged(Route::Home { page }),
            ["articles", slug] if page == 1 => Some(Route::Article {
                slug: (*slug).to_owned(),
            }),
            ["tags"] if page == 1 => Some(Route::Tags),
            ["tags", slug] => paged(Route::Tag {
                slug: (*slug).to_owned(),
                page,
            }),
            ["tags", slug, "feed.xml"] if page == 1 => Some(Route::TagFeed {
                slug: (*slug).to_owned(),
            }),
            ["categories"] if page == 1 => Some(Route::Categories),
            ["categories", rest @ .., "feed.xml"] if page == 1 && !rest.is_empty() => {
                Some(Route::CategoryFeed {
                    path: rest.iter().map(|s| (*s).to_owned()).collect(),
                })
            }
            ["categories", rest @ ..] if !rest.is_empty() && rest.len() <= 64 => {
                paged(Route::Category {
                    path: rest.iter().map(|s| (*s).to_owned()).collect(),
                    page,
                })
            }
            ["archives"] if page == 1 => Some(Route::Archives),
            ["archives", year] => paged(Route::Year {
                year: year_number(year)?,
                page,
            }),
            ["archives", year, month] => paged(Route::Month {
                year: year_number(year)?,
                month: month_number(month)?,
                page,
            }),
            ["search"] => paged(Route::Search {
                q: query_q.unwrap_or_default().trim().to_owned(),
                page,
            }),
            ["feed.xml"] if page == 1 => Some(Route::Feed),
            ["sitemap.xml"] if page == 1 => Some(Route::Sitemap),
            ["sitemaps", part] if page == 1 => {
                let n = part
                    .strip_suffix(".xml")?
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)?;
                Some(Route::SitemapPart(n))
            }
            ["robots.txt"] if page == 1 => Some(Route::Robots),
            _ => None,
        }
    }

    /// The route's canonical path, percent-encoded (with its query, for a
    /// search).
    pub fn path(&self) -> String {
        let paged = |base: String, page: u32| match (page, base.as_str()) {
            (1, "") => "/".to_owned(),
            (1, _) => base,
            (n, _) => format!("{base}/page/{n}"),
        };
        match self {
            Route::Home { page } => paged(String::new(), *page),
            Route::Article { slug } => format!("/articles/{}", encode(slug)),
            Route::Tags => "/tags".into(),
            Route::Tag { slug, page } => paged(format!("/tags/{}", encode(slug)), *page),
            Route::TagFeed { slug } => format!("/tags/{}/feed.xml", encode(slug)),
            Route::Categories => "/categories".into(),
            Route::Category { path, page } => paged(category_path(path), *page),
            Route::CategoryFeed { path } => format!("{}/feed.xml", category_path(path)),
            Route::Archives => "/archives".into(),
            Route::Year { year, page } => paged(format!("/archives/{year}"), *page),
            Route::Month { year, month, page } => {
                paged(format!("/archives/{year}/{month:02}"), *page)
            }
            Route::Search { q, page } => {
                let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
                format!("{}?q={q}", paged("/search".into(), *page))
            }
            Route::Feed => "/feed.xml".into(),
            Route::Sitemap => "/sitemap.xml".into(),
            Route::SitemapPart(n) => format!("/sitemaps/{n}.xml"),
            Route::Robots => "/robots.txt".into(),
        }
    }

    /// The route's file in a static export, relative to its folder: a
    /// page `/a/b` is `a/b.html` (nginx: `try_files $uri $uri.html`), the
    /// home page `index.html`; feeds and the sitemap keep their names.
    /// `None` for a search, which needs the server.
    pub fn file(&self) -> Option<String> {
        if matches!(self, Route::Search { .. }) {
            return None;
        }
        let path = self.path();
        let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy();
        let relative = decoded.trim_start_matches('/');
        Some(if relative.is_empty() {
            "index.html".to_owned()
        } else if relative.ends_with(".xml") || relative.ends_with(".txt") {
            relative.to_owned()
        } else {
            format!("{relative}.html")
        })
    }

    /// Whether the route is a page of a list (home, tag, category, year,
    /// month), which the static export writes from one read of its ids.
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            Route::Home { .. }
                | Route::Tag { .. }
                | Route::Category { .. }
                | Route::Year { .. }
                | Route::Month { .. }
        )
    }

    /// The page number of a list's page (1 for any other route).
    pub fn page(&self) -> u32 {
        match self {
            Route::Home { page }
            | Route::Tag { page, .. }
            | Route::Category { page, .. }
            | Route::Year { page, .. }
            | Route::Month { page, .. }
            | Route::Search { page, .. } => *page,
            _ => 1,
        }
    }

    /// The same list at another page.
    pub fn with_page(&self, n: u32) -> Route {
        let mut route = self.clone();
        match &mut route {
            Route::Home { page }
            | Route::Tag { page, .. }
            | Route::Category { page, .. }
            | Route::Year { page, .. }
            | Route::Month { page, .. }
            | Route::Search { page, .. } => *page = n,
            _ => {}
        }
        route
    }
}

/// A path segment, percent-encoded (Chinese slugs and tag names included).
pub fn encode(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

fn category_path(slugs: &[String]) -> String {
    let mut out = String::from("/categories");
    for slug in slugs {
        out.push('/');
        out.push_str(&encode(slug));
    }
    out
}

fn page_number(raw: &str) -> Option<u32> {
    // Digits only, no leading zero: one path per page.
    if raw.starts_with('0') || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok().filter(|n| *n >= 2)
}

fn year_number(raw: &str) -> Option<i32> {
    (raw.len() == 4).then(|| raw.parse().ok()).flatten()
}

fn month_number(raw: &str) -> Option<u32> {
    (raw.len() == 2)
        .then(|| raw.parse().ok())
        .flatten()
        .filter(|m| (1..=12).contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str) -> Option<Route> {
        Route::from_path(path, Some("金融"))
    }

    #[test]
    fn every_route_parses_back_from_its_path() {
        let routes = [
            Route::Home { page: 1 },
            Route::Home { page: 3 },
            Route::Article {
                slug: "「科技」正成为金融科技的底色".into(),
            },
            Route::Tags,
            Route::Tag {
                slug: "金融 科技".into(),
                page: 2,
            },
            Route::TagFeed { slug: "c++".into() },
            Route::Categories,
            Route::Category {
                path: vec!["新媒体".into(), "高科技行业门户".into()],
                page: 1,
            },
            Route::CategoryFeed {
                path: vec!["新媒体".into()],
            },
            Route::Archives,
            Route::Year {
                year: 2021,
                page: 2,
            },
            Route::Month {
                year: 2021,
                month: 6,
                page: 1,
            },
            Route::Feed,
            Route::Sitemap,
            Route::SitemapPart(2),
            Route::Robots,
        ];
        for route in routes {
            let path = route.path();
            assert!(path.is_ascii(), "{path}");
            assert_eq!(parse(&path), Some(route), "{path}");
        }
    }

    #[test]
    fn chinese_segments_are_percent_encoded() {
        let route = Route::Tag {
            slug: "金融".into(),
            page: 1,
        };
        assert_eq!(route.path(), "/tags/%E9%87%91%E8%9E%8D");
        assert_eq!(route.file().as_deref(), Some("tags/金融.html"));
    }

    #[test]
    fn pages_have_one_path_each() {
        assert_eq!(parse("/page/1"), None, "page 1 is /");
        assert_eq!(parse("/page/02"), None);
        assert_eq!(parse("/articles/x/page/2"), None);
        assert_eq!(parse("/archives/2021/13"), None);
        assert_eq!(parse("/nothing"), None);
        assert_eq!(
            parse("/search/page/2"),
            Some(Route::Search {
                q: "金融".into(),
                page: 2
            })
        );
    }

    #[test]
    fn files_of_a_static_export() {
        assert_eq!(
            Route::Home { page: 1 }.file().as_deref(),
            Some("index.html")
        );
        assert_eq!(
            Route::Home { page: 2 }.file().as_deref(),
            Some("page/2.html")
        );
        assert_eq!(Route::Feed.file().as_deref(), Some("feed.xml"));
        assert_eq!(
            Route::CategoryFeed {
                path: vec!["a".into(), "b".into()]
            }
            .file()
            .as_deref(),
            Some("categories/a/b/feed.xml")
        );
        assert_eq!(
            Route::Search {
                q: String::new(),
                page: 1
            }
            .file(),
            None
        );
    }
}
