//! The site's HTML pages: what each shows, read in a few queries, and the
//! askama templates under `templates/site/`.

use std::collections::BTreeMap;

use askama::Template;
use chrono::{Datelike, TimeZone};
use sqlx::SqliteConnection;

use super::{HTML, PER_PAGE, RenderResult, Rendered, Route, Site, iso, local_date, web_url};
use crate::db::public::{self, Counted, Scope, SiteArticle};
use crate::db::taxonomy_redirects;
use crate::i18n::{Lang, Message};
use crate::media::{assets, responsive};
use crate::search::{self, SearchQuery};

/// Characters of a search hit's passage before its first match (and twice
/// as many after).
pub const SNIPPET_RADIUS: usize = 40;
use crate::search_cache::SearchCache;

/// What every page's `<head>` and header need.
pub struct Frame {
    pub site_title: String,
    /// The page's own title (the site's alone on the home page).
    pub title: String,
    /// Absolute, from `FOLIO_PUBLIC_URL`.
    pub canonical: String,
    pub description: String,
    /// OpenGraph `og:type`.
    pub og_type: &'static str,
    pub og_image: Option<String>,
    /// The feed of this page's list, if it has one (else the site's).
    pub feed: String,
    pub home: String,
    pub archives: String,
    pub tags: String,
    pub categories: String,
    pub stylesheet: String,
    /// The search form, on the live site only.
    pub search: Option<String>,
    pub q: String,
    /// The theme's language (`FOLIO_SITE_LANG`).
    pub lang: Lang,
}

impl Frame {
    fn new(site: &Site, title: &str, route: &Route) -> Frame {
        Frame {
            site_title: site.title.clone(),
            title: title.to_owned(),
            canonical: site.absolute(route),
            description: String::new(),
            og_type: "website",
            og_image: None,
            feed: site.href(&Route::Feed),
            home: site.href(&Route::Home { page: 1 }),
            archives: site.href(&Route::Archives),
            tags: site.href(&Route::Tags),
            categories: site.href(&Route::Categories),
            stylesheet: format!("{}/static/site.css", site.base),
            search: site.live.then(|| format!("{}/search", site.base)),
            q: String::new(),
            lang: site.lang,
        }
    }
}

impl Frame {
    /// The theme's word `key`, in the site's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `key` with one number, `n` (its plural is Fluent's).
    pub fn t_n(&self, key: &'static str, name: &'static str, n: i64) -> String {
        Message::new(key).with(name, n).say(self.lang)
    }

    /// The message `key` with one text.
    pub fn t_one(&self, key: &'static str, name: &'static str, text: &str) -> String {
        Message::new(key).with(name, text).say(self.lang)
    }

    /// "Page 2 of 7".
    pub fn page_of(&self, page: &u32, pages: &u32) -> String {
        Message::new("site-page-of")
            .with("page", i64::from(*page))
            .with("pages", i64::from(*pages))
            .say(self.lang)
    }
}

/// A link: where, and what it says.
#[derive(Clone)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// An article in a list.
pub struct Card {
    pub href: String,
    pub title: String,
    pub date: String,
    pub iso: String,
    pub updated: Option<String>,
    pub author: Option<String>,
    pub excerpt_html: String,
    pub tags: Vec<Link>,
}

impl Card {
    fn new(site: &Site, a: SiteArticle) -> Card {
        Card {
            href: site.href(&Route::Article {
                slug: a.slug.clone(),
            }),
            date: local_date(site, a.date),
            iso: iso(a.date),
            updated: a.updated.map(|u| local_date(site, u)),
            title: a.title,
            author: a.author,
            excerpt_html: a.excerpt_html,
            tags: tag_links(site, &a.tags),
        }
    }
}

fn tag_links(site: &Site, tags: &[public::Named]) -> Vec<Link> {
    tags.iter()
        .map(|t| Link {
            href: site.href(&Route::Tag {
                slug: t.slug.clone(),
                page: 1,
            }),
            text: t.name.clone(),
        })
        .collect()
}

/// Previous and next pages of a list.
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub newer: Option<String>,
    pub older: Option<String>,
}

#[derive(Template)]
#[template(path = "site/list.html")]
struct ListPage {
    frame: Frame,
    heading: String,
    /// Above the list: a category's sub-categories.
    children: Vec<(Link, i64)>,
    cards: Vec<Card>,
    pager: Pager,
    total: i64,
    /// On a search: the query (empty before one is typed).
    searching: bool,
}

#[derive(Template)]
#[template(path = "site/article.html")]
struct ArticlePage {
    frame: Frame,
    title: String,
    date: String,
    iso: String,
    updated: Option<(String, String)>,
    author: Option<String>,
    /// The cover image's element, made as the body's images are.
    cover: Option<String>,
    categories: Vec<Vec<Link>>,
    tags: Vec<Link>,
    html: String,
    /// Where the article first appeared, when its front matter says.
    source: Option<String>,
    older: Option<Link>,
    newer: Option<Link>,
}

#[derive(Template)]
#[template(path = "site/tags.html")]
struct TagsPage {
    frame: Frame,
    tags: Vec<(Link, i64)>,
}

/// A category in the tree, indented by `depth`.
struct TreeRow {
    depth: usize,
    link: Link,
    count: i64,
}

#[derive(Template)]
#[template(path = "site/categories.html")]
struct CategoriesPage {
    frame: Frame,
    rows: Vec<TreeRow>,
}

struct YearRow {
    link: Link,
    count: i64,
    months: Vec<(Link, i64)>,
}

#[derive(Template)]
#[template(path = "site/archives.html")]
struct ArchivesPage {
    frame: Frame,
    years: Vec<YearRow>,
}

#[derive(Template)]
#[template(path = "site/error.html")]
struct ErrorPage {
    frame: Frame,
    status: u16,
    heading: String,
    message: String,
}

fn html(status: u16, page: impl Template) -> Rendered {
    // A template of plain fields cannot fail to render; an empty page
    // would be the sign of a bug, logged.
    let body = page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "a site template failed");
        String::new()
    });
    Rendered::new(status, HTML, body)
}

pub fn error_page(site: &Site, status: u16) -> Rendered {
    let (heading, message) = match status {
        410 => ("site-gone", "site-gone-why"),
        _ => ("site-not-found", "site-not-found-why"),
    };
    let (heading, message) = (site.lang.t(heading), site.lang.t(message));
    let frame = Frame::new(site, &heading, &Route::Home { page: 1 });
    html(
        status,
        ErrorPage {
            frame,
            status,
            heading,
            message,
        },
    )
}

pub async fn page(
    conn: &mut SqliteConnection,
    site: &Site,
    search: &SearchCache,
    route: &Route,
) -> RenderResult {
    match route {
        Route::Article { slug } => article(conn, site, slug).await,
        Route::Home { .. }
        | Route::Tag { .. }
        | Route::Category { .. }
        | Route::Year { .. }
        | Route::Month { .. } => match list_spec(conn, site, route).await? {
            Some(spec) => list(conn, site, route, spec).await,
            None => match moved(conn, site, route).await? {
                Some(redirect) => Ok(redirect),
                None => Ok(error_page(site, 404)),
            },
        },
        Route::Search { q, page } => search_page(conn, site, search, q, *page).await,
        Route::Tags => tags_page(conn, site).await,
        Route::Categories => categories_page(conn, site).await,
        Route::Archives => archives_page(conn, site).await,
        _ => Ok(error_page(site, 404)),
    }
}

/// A 301 to where an old tag or category address (or its feed) leads
/// since a rename, move or merge; `None` when it never led anywhere.
pub(super) async fn moved(
    conn: &mut SqliteConnection,
    site: &Site,
    route: &Route,
) -> Result<Option<Rendered>, sqlx::Error> {
    let category_now = |path: &[String]| path.join("/");
    let to = match route {
        Route::Tag { slug, page } => taxonomy_redirects::tag_now(conn, slug)
            .await?
            .map(|slug| Route::Tag { slug, page: *page }),
        Route::TagFeed { slug } => taxonomy_redirects::tag_now(conn, slug)
            .await?
            .map(|slug| Route::TagFeed { slug }),
        Route::Category { path, page } => {
            taxonomy_redirects::category_now(conn, &category_now(path))
                .await?
                .map(|path| Route::Category { path, page: *page })
        }
        Route::CategoryFeed { path } => taxonomy_redirects::category_now(conn, &category_now(path))
            .await?
            .map(|path| Route::CategoryFeed { path }),
        _ => None,
    };
    Ok(to.map(|r| Rendered::redirect(site.href(&r))))
}

/// What the list at `route` shows; `None` when there is no such list (an
/// unknown tag or category, a date out of range, not a list).
async fn list_spec(
    conn: &mut SqliteConnection,
    site: &Site,
    route: &Route,
) -> Result<Option<ListSpec>, sqlx::Error> {
    Ok(Some(match route {
        Route::Home { page } => ListSpec {
            scope: Scope::All,
            page: *page,
            heading: site.title.clone(),
            children: vec![],
            feed: None,
        },
        Route::Tag { slug, page } => {
            let Some(tag) = tag_by_slug(conn, slug).await? else {
                return Ok(None);
            };
            ListSpec {
                scope: Scope::Tag(tag.id),
                page: *page,
                heading: Message::new("site-tag-heading")
                    .with("name", tag.name.as_str())
                    .say(site.lang),
                children: vec![],
                feed: Some(site.href(&Route::TagFeed { slug: slug.clone() })),
            }
        }
        Route::Category { path, page } => {
            let Some((id, names)) = category_by_path(conn, path).await? else {
                return Ok(None);
            };
            let mut children = Vec::new();
            for c in public::subcategories(conn, id).await? {
                if public::scope_count(conn, &Scope::Category(c.id)).await? == 0 {
                    continue;
                }
                let mut sub = path.clone();
                sub.push(c.slug.clone());
                let href = site.href(&Route::Category { path: sub, page: 1 });
                children.push((Link { href, text: c.name }, c.count));
            }
            ListSpec {
                scope: Scope::Category(id),
                page: *page,
                heading: Message::new("site-category-heading")
                    .with("path", names.join(" › "))
                    .say(site.lang),
                children,
                feed: Some(site.href(&Route::CategoryFeed { path: path.clone() })),
            }
        }
        Route::Year { year, page } => {
            let Some((from, to)) = year_span(site, *year) else {
                return Ok(None);
            };
            ListSpec {
                scope: Scope::Dates { from, to },
                page: *page,
                heading: Message::new("site-archives-of")
                    .with("when", year.to_string())
                    .say(site.lang),
                children: vec![],
                feed: None,
            }
        }
        Route::Month { year, month, page } => {
            let Some((from, to)) = month_span(site, *year, *month) else {
                return Ok(None);
            };
            ListSpec {
                scope: Scope::Dates { from, to },
                page: *page,
                heading: Message::new("site-archives-of")
                    .with("when", format!("{year}-{month:02}"))
                    .say(site.lang),
                children: vec![],
                feed: None,
            }
        }
        _ => return Ok(None),
    }))
}

/// What a list page shows.
struct ListSpec {
    scope: Scope,
    page: u32,
    heading: String,
    /// Above the list: a category's sub-categories.
    children: Vec<(Link, i64)>,
    /// The list's own feed, when it has one.
    feed: Option<String>,
}

async fn list(
    conn: &mut SqliteConnection,
    site: &Site,
    route: &Route,
    spec: ListSpec,
) -> RenderResult {
    let total = public::scope_count(conn, &spec.scope).await?;
    // A tag or category is public while a published article has it (as
    // on /tags and /categories): a draft's names stay private.
    if total == 0 && matches!(spec.scope, Scope::Tag(_) | Scope::Category(_)) {
        return Ok(error_page(site, 404));
    }
    let offset = i64::from(spec.page - 1) * PER_PAGE;
    let ids = public::scope_ids(conn, &spec.scope, PER_PAGE, offset).await?;
    if ids.is_empty() && spec.page > 1 {
        return Ok(error_page(site, 404));
    }
    let articles = public::site_articles(conn, &ids, false).await?;
    Ok(list_page(site, route, &spec, total, articles))
}

fn list_page(
    site: &Site,
    route: &Route,
    spec: &ListSpec,
    total: i64,
    articles: Vec<SiteArticle>,
) -> Rendered {
    let mut frame = Frame::new(site, &spec.heading, route);
    if let Some(feed) = &spec.feed {
        frame.feed = feed.clone();
    }
    let page = ListPage {
        pager: pager(site, route, spec.page, total),
        frame,
        heading: spec.heading.clone(),
        children: spec.children.iter().map(|(l, n)| (l.clone(), *n)).collect(),
        cards: articles.into_iter().map(|a| Card::new(site, a)).collect(),
        total,
        searching: false,
    };
    html(200, page)
}

/// Every page of the list at `route` (its first page), for the static
/// export: the list's ids read once, not a query with an offset a page.
pub async fn list_pages(
    conn: &mut SqliteConnection,
    site: &Site,
    route: &Route,
    mut each: impl FnMut(Route, Rendered) -> std::io::Result<()>,
) -> Result<(), super::SiteError> {
    let Some(mut spec) = list_spec(conn, site, route).await? else {
        return Ok(());
    };
    let ids = public::scope_ids(conn, &spec.scope, -1, 0).await?;
    if ids.is_empty() && matches!(spec.scope, Scope::Tag(_) | Scope::Category(_)) {
        return Ok(());
    }
    let total = ids.len() as i64;
    let mut chunks: Vec<&[i64]> = ids.chunks(PER_PAGE as usize).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    for (n, chunk) in chunks.into_iter().enumerate() {
        spec.page = n as u32 + 1;
        let page_route = route.with_page(spec.page);
        let articles = public::site_articles(conn, chunk, false).await?;
        each(
            page_route.clone(),
            list_page(site, &page_route, &spec, total, articles),
        )?;
    }
    Ok(())
}

fn pager(site: &Site, route: &Route, page: u32, total: i64) -> Pager {
    let pages = u32::try_from(((total + PER_PAGE - 1) / PER_PAGE).max(1)).unwrap_or(u32::MAX);
    Pager {
        page,
        pages,
        newer: (page > 1).then(|| site.href(&route.with_page(page - 1))),
        older: (page < pages).then(|| site.href(&route.with_page(page + 1))),
    }
}

async fn article(conn: &mut SqliteConnection, site: &Site, slug: &str) -> RenderResult {
    let Some(a) = public::site_article(conn, slug).await? else {
        if let Some(current) = public::redirect(conn, slug).await? {
            return Ok(Rendered::redirect(
                site.href(&Route::Article { slug: current }),
            ));
        }
        let status = if public::was_published(conn, slug).await? {
            410
        } else {
            404
        };
        return Ok(error_page(site, status));
    };
    let (older, newer) = public::neighbours(conn, &a).await?;
    Ok(article_page(site, a, older, newer))
}

/// An article's page, its neighbours in the home page's order given
/// (the static export reads them in bulk).
pub fn article_page(
    site: &Site,
    mut a: SiteArticle,
    older: Option<public::Link>,
    newer: Option<public::Link>,
) -> Rendered {
    let link = |l: public::Link| Link {
        href: site.href(&Route::Article { slug: l.slug }),
        text: l.title,
    };
    let route = Route::Article {
        slug: a.slug.clone(),
    };
    let mut frame = Frame::new(site, &a.title, &route);
    frame.og_type = "article";
    frame.description = description(&a.excerpt_html);
    frame.og_image = image_url(site, a.thumbnail.as_deref().or(a.headimg.as_deref()));
    let categories = a
        .categories
        .iter()
        .map(|path| {
            (1..=path.len())
                .map(|depth| Link {
                    href: site.href(&Route::Category {
                        path: path[..depth].iter().map(|c| c.slug.clone()).collect(),
                        page: 1,
                    }),
                    text: path[depth - 1].name.clone(),
                })
                .collect()
        })
        .collect();
    // An imported post's asset folder: its names point at the library,
    // whose copies the responsive pass then knows.
    let body = assets::resolve(&a.html.take().unwrap_or_default(), &a.assets);
    a.media.extend(assets::sizes(&a.assets));
    let cover = cover_url(a.headimg.as_deref()).map(|src| {
        let img = format!(
            r#"<img class="cover" src="{}" alt="" referrerpolicy="no-referrer" fetchpriority="high">"#,
            html_escape::encode_double_quoted_attribute(&src)
        );
        responsive::apply(&img, &a.media, true)
    });
    let eager_body = cover.is_none();
    let page = ArticlePage {
        frame,
        date: local_date(site, a.date),
        iso: iso(a.date),
        updated: a.updated.map(|u| (local_date(site, u), iso(u))),
        cover,
        categories,
        tags: tag_links(site, &a.tags),
        source: source_url(&a),
        html: responsive::apply(&body, &a.media, eager_body),
        title: a.title,
        author: a.author,
        older: older.map(link),
        newer: newer.map(link),
    };
    html(200, page)
}

/// A cover as a page shows it: a web address, or one of folio's images.
fn cover_url(raw: Option<&str>) -> Option<String> {
    let raw = raw?;
    web_url(Some(raw)).or_else(|| crate::media::own_url(raw).map(str::to_owned))
}

/// An image for link previews (`og:image`), which must be absolute:
/// folio's own from the site's public address.
fn image_url(site: &Site, raw: Option<&str>) -> Option<String> {
    let raw = raw?;
    web_url(Some(raw))
        .or_else(|| crate::media::own_url(raw).map(|path| format!("{}{path}", site.public_url)))
}

/// An excerpt as plain text of at most 200 characters: the page's
/// description for search engines and link previews.
fn description(excerpt_html: &str) -> String {
    let text = crate::render::plain_text(excerpt_html);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Front-matter keys that name where a post first appeared, in the
/// spellings Hexo themes and scrapers use.
const SOURCE_KEYS: &[&str] = &[
    "source_url",
    "original_url",
    "origin_url",
    "source",
    "original",
    "origin",
    "from",
    "link",
    "copyright_url",
    "url",
];

fn source_url(a: &SiteArticle) -> Option<String> {
    SOURCE_KEYS
        .iter()
        .filter_map(|k| a.extra.get(*k).and_then(|v| v.as_str()))
        .find_map(|v| web_url(Some(v)))
}

async fn search_page(
    conn: &mut SqliteConnection,
    site: &Site,
    search: &SearchCache,
    q: &str,
    page: u32,
) -> RenderResult {
    let route = Route::Search {
        q: q.to_owned(),
        page,
    };
    let ids = match SearchQuery::parse(q) {
        Some(query) => {
            let ranked = crate::search_cache::ranked(conn, search, &query).await?;
            public::published_among(conn, &ranked).await?
        }
        None => Vec::new(),
    };
    let total = ids.len() as i64;
    let from = usize::try_from(i64::from(page - 1) * PER_PAGE).unwrap_or(usize::MAX);
    if from >= ids.len() && page > 1 {
        return Ok(error_page(site, 404));
    }
    let shown = &ids[from.min(ids.len())..(from + PER_PAGE as usize).min(ids.len())];
    let articles = public::site_articles(conn, shown, true).await?;
    let query = SearchQuery::parse(q);
    let heading = if q.is_empty() {
        site.lang.t("site-search")
    } else {
        Message::new("site-search-for").with("q", q).say(site.lang)
    };
    let mut frame = Frame::new(site, &heading, &route);
    frame.q = q.to_owned();
    let page = ListPage {
        pager: pager(site, &route, page, total),
        frame,
        heading,
        children: vec![],
        cards: articles
            .into_iter()
            .map(|mut a| {
                // The passage that matched, in place of the excerpt.
                if let (Some(query), Some(html)) = (&query, a.html.take()) {
                    let passage = search::html_snippet(&html, query, SNIPPET_RADIUS);
                    a.excerpt_html = format!("<p class=\"passage\">{passage}</p>");
                }
                Card::new(site, a)
            })
            .collect(),
        total,
        searching: true,
    };
    Ok(html(200, page))
}

pub(super) async fn tag_by_slug(
    conn: &mut SqliteConnection,
    slug: &str,
) -> Result<Option<Counted>, sqlx::Error> {
    public::tag_by_slug(conn, slug).await
}

/// The category a path of slugs names, with its path of names.
pub(super) async fn category_by_path(
    conn: &mut SqliteConnection,
    slugs: &[String],
) -> Result<Option<(i64, Vec<String>)>, sqlx::Error> {
    public::category_by_slugs(conn, slugs).await
}

async fn tags_page(conn: &mut SqliteConnection, site: &Site) -> RenderResult {
    let tags = public::tags(conn)
        .await?
        .into_iter()
        .map(|t| {
            let href = site.href(&Route::Tag {
                slug: t.slug,
                page: 1,
            });
            (Link { href, text: t.name }, t.count)
        })
        .collect();
    let frame = Frame::new(site, &site.lang.t("site-tags"), &Route::Tags);
    Ok(html(200, TagsPage { frame, tags }))
}

async fn categories_page(conn: &mut SqliteConnection, site: &Site) -> RenderResult {
    let all = public::categories(conn).await?;
    let mut rows = Vec::new();
    // Depth first from the top, siblings by name (the query's order).
    fn walk(
        all: &[Counted],
        public_ids: &std::collections::HashSet<i64>,
        site: &Site,
        parent: Option<i64>,
        path: &mut Vec<String>,
        rows: &mut Vec<TreeRow>,
    ) {
        for c in all
            .iter()
            .filter(|c| c.parent_id == parent && public_ids.contains(&c.id))
        {
            if path.len() >= 64 {
                return;
            }
            path.push(c.slug.clone());
            rows.push(TreeRow {
                depth: path.len() - 1,
                link: Link {
                    href: site.href(&Route::Category {
                        path: path.clone(),
                        page: 1,
                    }),
                    text: c.name.clone(),
                },
                count: c.count,
            });
            walk(all, public_ids, site, Some(c.id), path, rows);
            path.pop();
        }
    }
    let public_ids = with_published(&all);
    walk(&all, &public_ids, site, None, &mut Vec::new(), &mut rows);
    let frame = Frame::new(site, &site.lang.t("site-categories"), &Route::Categories);
    Ok(html(200, CategoriesPage { frame, rows }))
}

/// The categories with a published article filed under them or under
/// one of their sub-categories.
fn with_published(all: &[Counted]) -> std::collections::HashSet<i64> {
    let mut shown = std::collections::HashSet::new();
    for c in all.iter().filter(|c| c.count > 0) {
        let mut at = Some(c);
        // Up the tree, at most 64 levels (as everywhere categories nest).
        for _ in 0..64 {
            let Some(category) = at else { break };
            if !shown.insert(category.id) {
                break;
            }
            at = category
                .parent_id
                .and_then(|p| all.iter().find(|x| x.id == p));
        }
    }
    shown
}

/// Published articles counted by year and month of their original date,
/// in the site's zone, newest first.
async fn months(
    conn: &mut SqliteConnection,
    site: &Site,
) -> Result<BTreeMap<(i32, u32), i64>, sqlx::Error> {
    let mut counts = BTreeMap::new();
    for t in public::published_dates(conn).await? {
        let local = crate::db::from_unix(t).with_timezone(&site.timezone);
        *counts.entry((local.year(), local.month())).or_insert(0) += 1;
    }
    Ok(counts)
}

async fn archives_page(conn: &mut SqliteConnection, site: &Site) -> RenderResult {
    let mut years: Vec<YearRow> = Vec::new();
    for ((year, month), count) in months(conn, site).await?.into_iter().rev() {
        if years.last().is_none_or(|y| y.link.text != year.to_string()) {
            years.push(YearRow {
                link: Link {
                    href: site.href(&Route::Year { year, page: 1 }),
                    text: year.to_string(),
                },
                count: 0,
                months: vec![],
            });
        }
        let row = years.last_mut().expect("pushed above");
        row.count += count;
        let href = site.href(&Route::Month {
            year,
            month,
            page: 1,
        });
        row.months.push((
            Link {
                href,
                text: format!("{year}-{month:02}"),
            },
            count,
        ));
    }
    let frame = Frame::new(site, &site.lang.t("site-archives"), &Route::Archives);
    Ok(html(200, ArchivesPage { frame, years }))
}

/// `[start, end)` of a year in the site's zone, as Unix seconds.
fn year_span(site: &Site, year: i32) -> Option<(i64, i64)> {
    let start = site
        .timezone
        .with_ymd_and_hms(year, 1, 1, 0, 0, 0)
        .earliest()?;
    let end = site
        .timezone
        .with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0)
        .earliest()?;
    Some((start.timestamp(), end.timestamp()))
}

fn month_span(site: &Site, year: i32, month: u32) -> Option<(i64, i64)> {
    let start = site
        .timezone
        .with_ymd_and_hms(year, month, 1, 0, 0, 0)
        .earliest()?;
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let end = site
        .timezone
        .with_ymd_and_hms(ny, nm, 1, 0, 0, 0)
        .earliest()?;
    Some((start.timestamp(), end.timestamp()))
}

/// Every page and feed of the site, for the static export (sitemaps
/// come from `feeds`).
pub async fn all_routes(
    conn: &mut SqliteConnection,
    site: &Site,
) -> Result<Vec<Route>, sqlx::Error> {
    let pages = |n: i64| 1..=u32::try_from(((n + PER_PAGE - 1) / PER_PAGE).max(1)).unwrap_or(1);
    let mut routes = vec![
        Route::Tags,
        Route::Categories,
        Route::Archives,
        Route::Feed,
        Route::Robots,
    ];
    let total = public::scope_count(conn, &Scope::All).await?;
    routes.extend(pages(total).map(|page| Route::Home { page }));
    for slug in public::sitemap_entries(conn)
        .await?
        .into_iter()
        .map(|e| e.slug)
    {
        routes.push(Route::Article { slug });
    }
    for tag in public::tags(conn).await? {
        routes.push(Route::TagFeed {
            slug: tag.slug.clone(),
        });
        routes.extend(pages(tag.count).map(|page| Route::Tag {
            slug: tag.slug.clone(),
            page,
        }));
    }
    let all = public::categories(conn).await?;
    for c in &all {
        let mut path = vec![c.slug.clone()];
        let mut parent = c.parent_id;
        while let Some(p) = parent.and_then(|id| all.iter().find(|x| x.id == id)) {
            if path.len() >= 64 {
                break;
            }
            path.insert(0, p.slug.clone());
            parent = p.parent_id;
        }
        let count = public::scope_count(conn, &Scope::Category(c.id)).await?;
        if count == 0 {
            continue;
        }
        routes.push(Route::CategoryFeed { path: path.clone() });
        routes.extend(pages(count).map(|page| Route::Category {
            path: path.clone(),
            page,
        }));
    }
    let mut years: BTreeMap<i32, i64> = BTreeMap::new();
    for ((year, month), count) in months(conn, site).await? {
        *years.entry(year).or_insert(0) += count;
        routes.extend(pages(count).map(|page| Route::Month { year, month, page }));
    }
    for (year, count) in years {
        routes.extend(pages(count).map(|page| Route::Year { year, page }));
    }
    Ok(routes)
}
