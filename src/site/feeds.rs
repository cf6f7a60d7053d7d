//! Atom feeds (the site's, a tag's, a category's), the sitemap and
//! robots.txt: absolute links from `FOLIO_PUBLIC_URL` throughout.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use sqlx::SqliteConnection;

use super::{ATOM, FEED_ENTRIES, RenderResult, Rendered, Route, Site, TEXT, XML, iso, pages};
use crate::db::public::{self, Scope, SiteArticle};

/// URLs a sitemap may list (the protocol's limit); past it, `/sitemap.xml`
/// is an index of `/sitemaps/{n}.xml`.
const SITEMAP_URLS: usize = 50_000;

/// The feed of a renamed, moved or merged tag or category answers 301.
async fn moved_or_missing(conn: &mut SqliteConnection, site: &Site, route: &Route) -> RenderResult {
    Ok(pages::moved(conn, site, route)
        .await?
        .unwrap_or_else(|| super::not_found(site)))
}

pub async fn feed(conn: &mut SqliteConnection, site: &Site, route: &Route) -> RenderResult {
    let (scope, title) = match route {
        Route::Feed => (Scope::All, site.title.clone()),
        Route::TagFeed { slug } => match pages::tag_by_slug(conn, slug).await? {
            Some(tag) => (Scope::Tag(tag.id), format!("{} · {}", site.title, tag.name)),
            None => return moved_or_missing(conn, site, route).await,
        },
        Route::CategoryFeed { path } => match pages::category_by_path(conn, path).await? {
            Some((id, names)) => (
                Scope::Category(id),
                format!("{} · {}", site.title, names.join(" › ")),
            ),
            None => return moved_or_missing(conn, site, route).await,
        },
        _ => return Ok(super::not_found(site)),
    };
    let ids = public::scope_ids(conn, &scope, FEED_ENTRIES, 0).await?;
    // As their pages: no feed for a tag or category of drafts only.
    if ids.is_empty() && scope != Scope::All {
        return Ok(super::not_found(site));
    }
    let articles = public::site_articles(conn, &ids, true).await?;
    let page = match route {
        Route::TagFeed { slug } => Route::Tag {
            slug: slug.clone(),
            page: 1,
        },
        Route::CategoryFeed { path } => Route::Category {
            path: path.clone(),
            page: 1,
        },
        _ => Route::Home { page: 1 },
    };
    let feed = atom(site, route, &page, title, &articles);
    Ok(Rendered::new(200, ATOM, feed.to_string()))
}

fn time(t: i64) -> FixedDateTime {
    crate::db::from_unix(t).fixed_offset()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime.map(str::to_owned));
    link
}

fn atom(
    site: &Site,
    feed_route: &Route,
    page: &Route,
    title: String,
    articles: &[SiteArticle],
) -> Feed {
    let entries: Vec<Entry> = articles.iter().map(|a| entry(site, a)).collect();
    let mut feed = Feed::default();
    feed.set_title(title);
    feed.set_id(site.absolute(feed_route));
    // The newest entry's time; a feed without entries changed "never".
    feed.set_updated(
        articles
            .iter()
            .map(|a| a.updated.unwrap_or(a.date))
            .max()
            .map_or_else(|| time(0), time),
    );
    let mut author = Person::default();
    author.set_name(site.title.clone());
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(
            site.absolute(feed_route),
            "self",
            Some("application/atom+xml"),
        ),
        link(site.absolute(page), "alternate", Some("text/html")),
    ]);
    feed.set_entries(entries);
    feed
}

/// An entry's id: a `tag:` URI from the site's host and the article's
/// number and creation day, none of which an edit, a republish or a new
/// slug changes (RFC 4287 wants ids that never change).
fn entry_id(site: &Site, a: &SiteArticle) -> String {
    let host = site
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or(&site.public_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost");
    let day = crate::db::from_unix(a.created_at).format("%Y-%m-%d");
    format!("tag:{host},{day}:article:{}", a.id)
}

fn entry(site: &Site, a: &SiteArticle) -> Entry {
    let mut entry = Entry::default();
    entry.set_id(entry_id(site, a));
    entry.set_title(Text::plain(a.title.clone()));
    entry.set_updated(time(a.updated.unwrap_or(a.date)));
    entry.set_published(Some(time(a.date)));
    let href = site.absolute(&Route::Article {
        slug: a.slug.clone(),
    });
    entry.set_links(vec![link(href, "alternate", Some("text/html"))]);
    if let Some(name) = &a.author {
        let mut author = Person::default();
        author.set_name(name.clone());
        entry.set_authors(vec![author]);
    }
    entry.set_summary(Some(Text::html(a.excerpt_html.clone())));
    let mut content = Content::default();
    content.set_content_type(Some("html".to_owned()));
    content.set_value(a.html.clone());
    entry.set_content(Some(content));
    entry
}

/// Every URL the sitemap lists: lists first, then articles.
async fn sitemap_urls(
    conn: &mut SqliteConnection,
    site: &Site,
) -> Result<Vec<(String, Option<i64>)>, sqlx::Error> {
    let mut urls: Vec<(String, Option<i64>)> = [
        Route::Home { page: 1 },
        Route::Archives,
        Route::Tags,
        Route::Categories,
    ]
    .iter()
    .map(|r| (site.absolute(r), None))
    .collect();
    for tag in public::tags(conn).await? {
        urls.push((
            site.absolute(&Route::Tag {
                slug: tag.slug,
                page: 1,
            }),
            None,
        ));
    }
    for e in public::sitemap_entries(conn).await? {
        urls.push((
            site.absolute(&Route::Article { slug: e.slug }),
            Some(e.modified_at),
        ));
    }
    Ok(urls)
}

pub async fn sitemap(conn: &mut SqliteConnection, site: &Site, route: &Route) -> RenderResult {
    let urls = sitemap_urls(conn, site).await?;
    let parts = urls.len().div_ceil(SITEMAP_URLS);
    let xml = match route {
        Route::Sitemap if parts > 1 => {
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for n in 1..=parts {
                let loc = site.absolute(&Route::SitemapPart(n as u32));
                xml.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&loc)));
            }
            xml.push_str("</sitemapindex>\n");
            xml
        }
        Route::Sitemap => urlset(&urls),
        Route::SitemapPart(n) if parts > 1 && (*n as usize) <= parts => {
            let from = (*n as usize - 1) * SITEMAP_URLS;
            urlset(&urls[from..(from + SITEMAP_URLS).min(urls.len())])
        }
        _ => return Ok(super::not_found(site)),
    };
    Ok(Rendered::new(200, XML, xml))
}

fn urlset(urls: &[(String, Option<i64>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(loc));
        xml.push_str("</loc>");
        if let Some(t) = lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", iso(*t)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn escape(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// The sitemap parts a static export writes.
pub async fn sitemap_routes(conn: &mut SqliteConnection) -> Result<Vec<Route>, sqlx::Error> {
    // The URLs other than articles: four lists and the tags.
    let others = 4 + public::tags(conn).await?.len();
    let total = others + public::sitemap_entries(conn).await?.len();
    let parts = total.div_ceil(SITEMAP_URLS);
    let mut routes = vec![Route::Sitemap];
    if parts > 1 {
        routes.extend((1..=parts).map(|n| Route::SitemapPart(n as u32)));
    }
    Ok(routes)
}

pub fn robots(site: &Site) -> Rendered {
    let body = format!(
        "User-agent: *\nDisallow: /admin\nAllow: /\n\nSitemap: {}\n",
        site.absolute(&Route::Sitemap)
    );
    Rendered::new(200, TEXT, body)
}
