//! `/admin/articles`: the list (search, filters, sorting, pages) and the
//! bulk actions on selected rows.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::choices::ChoicesCache;
use super::confirm;
use super::flash::Flash;
use super::guard::CurrentUser;
use super::layout::{Frame, html, return_path, see_other};

use crate::auth::permissions;
use crate::db;
use crate::db::article_edits::{self, Transition};
use crate::db::article_list::{self, Filter, ListRow, Sort};
use crate::derived::Prepared;
use crate::domain::{ArticleStatus, CategoryPath, TagName};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Message;
use crate::search::SearchQuery;
use crate::search_cache::SearchCache;

const PER_PAGE: i64 = 50;

/// The list's query string, shared by the page and the JSON API.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQueryParams {
    /// Search words: any Chinese characters or Latin words.
    #[serde(default)]
    q: String,
    /// `draft`, `published`, `scheduled` or `unpublished`.
    #[serde(default)]
    status: String,
    /// A tag's name.
    #[serde(default)]
    tag: String,
    /// A category id; a string so an empty choice ("any") parses.
    #[serde(default)]
    pub(crate) category: String,
    /// An author as the front matter credits them.
    #[serde(default)]
    author: String,
    /// `date_desc`, `date_asc`, `modified` or `title`; absent: newest first,
    /// or by relevance with `q`.
    #[serde(default)]
    sort: String,
    /// A page number, from 1.
    pub page: Option<i64>,
    /// Articles a page (API: 1 to 200, default 50).
    pub per_page: Option<i64>,
    /// `1`: the trash instead of the live articles.
    #[serde(default)]
    trash: String,
    /// The `next_cursor` of the previous page: continues after its last
    /// row (see `Filter::after`), for date orders.
    #[serde(default)]
    after: String,
}

impl ListQueryParams {
    /// The public list's query: published articles only.
    pub fn published(
        q: String,
        tag: String,
        page: Option<i64>,
        per_page: Option<i64>,
        after: String,
    ) -> ListQueryParams {
        ListQueryParams {
            q,
            status: ArticleStatus::Published.as_str().to_owned(),
            tag,
            page,
            per_page,
            after,
            ..ListQueryParams::default()
        }
    }

    /// The filters and sort this query asks for, within what `user` may
    /// see (authors: their own articles).
    pub async fn filter(
        &self,
        conn: &mut sqlx::SqliteConnection,
        user: &CurrentUser,
        cache: &SearchCache,
    ) -> Result<(Filter, Option<Sort>), AppError> {
        let owner = (!permissions::can_edit_all_content(user.role)).then_some(user.id);
        self.filter_for(conn, owner, cache).await
    }

    /// The filters and sort this query asks for, among `owner`'s articles
    /// when there is one.
    pub async fn filter_for(
        &self,
        conn: &mut sqlx::SqliteConnection,
        owner: Option<i64>,
        cache: &SearchCache,
    ) -> Result<(Filter, Option<Sort>), AppError> {
        let ids = match self.q.trim() {
            "" => None,
            q => Some(match SearchQuery::parse(q) {
                Some(sq) => crate::search_cache::ranked(conn, cache, &sq).await?,
                None => Vec::new(),
            }),
        };
        let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let sort = nonempty(&self.sort).map(|s| Sort::parse(&s));
        let keyset = ids.is_none() && matches!(sort, None | Some(Sort::DateDesc | Sort::DateAsc));
        let after = self
            .after
            .split_once('.')
            .and_then(|(d, i)| Some((d.parse().ok()?, i.parse().ok()?)))
            .filter(|_| keyset);
        let filter = Filter {
            after,
            ascending: sort == Some(Sort::DateAsc),
            ids,
            status: nonempty(&self.status),
            tag: nonempty(&self.tag),
            category: self.category.parse().ok(),
            author: nonempty(&self.author),
            owner,
            trash: !self.trash.is_empty(),
        };
        Ok((filter, sort))
    }
}

#[derive(Template)]
#[template(path = "admin/articles.html")]
struct ArticleListPage {
    frame: Frame,
    query: ListQueryParams,
    rows: Vec<ListRow>,
    /// The number of matches, or "200+" past the count's cap.
    total: String,
    page: i64,
    /// "page 2 of 7", or "page 2" when the total is capped.
    page_label: String,
    has_next: bool,
    /// `&after=…` for the next link, when the order allows keyset paging.
    next_after: String,
    statuses: [ArticleStatus; 4],
    /// `<option>`s of the category and author filters and the tag list,
    /// pre-rendered (see `choices`).
    category_options: String,
    author_options: String,
    tag_options: String,
    can_bulk: bool,
    /// The query string without `page`, for the pager's links.
    base_query: String,
    /// Each hit's passage that matched, its matches in `<mark>` (escaped
    /// HTML), when searching.
    passages: std::collections::HashMap<i64, String>,
}

#[get("/articles")]
pub async fn list_articles(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    cache: web::Data<SearchCache>,
    choices: web::Data<ChoicesCache>,
    query: web::Query<ListQueryParams>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let mut conn = pool.acquire().await?;
    let (filter, sort) = query.filter(&mut conn, &user, &cache).await?;
    let page = query.page.unwrap_or(1).max(1);
    let article_list::ListPage {
        rows,
        total,
        next_cursor,
    } = article_list::read_page(&mut conn, &cache, &filter, sort, page, PER_PAGE).await?;
    let next_after = next_cursor
        .map(|c| format!("&after={c}"))
        .unwrap_or_default();
    let mut passages = std::collections::HashMap::new();
    if let Some(q) = SearchQuery::parse(&query.q) {
        let at = db::content_generation(&mut conn).await?;
        let key = q.to_fts();
        let mut missing = Vec::new();
        for row in &rows {
            match cache.passages.get(at, &key, row.id) {
                Some(passage) => {
                    passages.insert(row.id, passage);
                }
                None => missing.push(row.id),
            }
        }
        for (id, html) in db::articles::bodies_html(&mut conn, &missing).await? {
            let passage = crate::search::html_snippet(&html, &q, crate::site::SNIPPET_RADIUS);
            cache.passages.put(at, &key, id, passage.clone());
            passages.insert(id, passage);
        }
    }
    let choices = choices.get(&mut conn).await?;
    let base_query = serde_urlencoded_pairs(&query);
    let full_page = rows.len() as i64 == PER_PAGE;
    let page_view = ArticleListPage {
        frame: Frame::new(&user, "articles"),
        rows,
        has_next: if total > article_list::COUNT_CAP {
            full_page
        } else {
            page * PER_PAGE < total
        },
        total: total_label(user.lang, total),
        page_label: page_label(user.lang, page, total),
        page,
        next_after,
        statuses: ArticleStatus::ALL,
        category_options: choices.categories_selecting(&query.category),
        author_options: choices.authors_selecting(&query.author),
        tag_options: choices.tags.clone(),
        can_bulk: permissions::can_edit_all_content(user.role),
        base_query,
        passages,
        query,
    };
    Ok(html(StatusCode::OK, page_view.render()?))
}

/// A count as the list's heading shows it: exact, or "200+" past the cap.
pub fn total_label(lang: Lang, total: i64) -> String {
    if total > article_list::COUNT_CAP {
        lang.t_with("count-capped", &[("count", article_list::COUNT_CAP.into())])
    } else {
        lang.t_with("count-exact", &[("count", total.into())])
    }
}

/// "page 2 of 7", or "page 2" when the total is past the cap.
fn page_label(lang: Lang, page: i64, total: i64) -> String {
    if total > article_list::COUNT_CAP {
        lang.t_with("pager-page", &[("page", page.into())])
    } else {
        let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
        lang.t_with(
            "pager-page-of",
            &[("page", page.into()), ("pages", pages.into())],
        )
    }
}

fn serde_urlencoded_pairs(q: &ListQueryParams) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", q.q.as_str()),
        ("status", &q.status),
        ("tag", &q.tag),
        ("author", &q.author),
        ("sort", &q.sort),
        ("trash", &q.trash),
    ] {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if !q.category.is_empty() {
        s.append_pair("category", &q.category);
    }
    s.finish()
}

/// What a bulk form asks: an action, its argument, and the selected ids
/// (repeated `id` fields, which a plain struct cannot hold).
struct BulkRequest {
    action: String,
    value: String,
    ids: Vec<i64>,
    back: String,
}

impl BulkRequest {
    /// The form's fields; a `back` with a control character is a 400.
    fn parse(body: &[u8]) -> Result<BulkRequest, AppError> {
        let mut r = BulkRequest {
            action: String::new(),
            value: String::new(),
            ids: Vec::new(),
            back: String::new(),
        };
        let mut back = None;
        for (k, v) in form_urlencoded::parse(body) {
            match &*k {
                "action" => r.action = v.into_owned(),
                "value" => r.value = v.into_owned(),
                "id" => r.ids.extend(v.parse::<i64>().ok()),
                "back" => back = Some(v.into_owned()),
                _ => {}
            }
        }
        r.back = return_path(back.as_deref(), "/admin/articles", "/admin/articles")?;
        Ok(r)
    }
}

/// Names separated by commas (ASCII or Chinese).
pub fn split_names(raw: &str) -> Vec<String> {
    raw.split([',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A category path written `新媒体 > 高科技行业门户 > 新闻` (or with `/`).
pub fn parse_path(raw: &str) -> Vec<String> {
    raw.split(['>', '/'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[post("/articles/bulk")]
pub async fn bulk_articles(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    // For bringing the checked articles' images home, in the background.
    media: super::media::MediaServices,
    runs: web::Data<crate::media_fetch::FetchRuns>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_edit_all_content(user.role))?;
    let req = BulkRequest::parse(&body)?;
    if req.ids.is_empty() {
        return Err(AppError::invalid(
            "id",
            Message::new("error-select-articles"),
        ));
    }
    if req.action == "fetch_images" {
        let with = media.background(&user);
        let run = runs.into_inner().start(with, req.ids.clone()).await?;
        return Ok(see_other(&format!("/admin/media/fetches/{run}")));
    }
    if req.action == "delete" && !confirm::confirmed(&body) {
        let question = Message::new("bulk-confirm-delete").with("count", req.ids.len());
        let yes = "bulk-delete";
        let back = req.back.clone();
        return confirm::ask(
            &user,
            "articles",
            "/admin/articles/bulk",
            &body,
            question,
            yes,
            &back,
        );
    }
    let now = Utc::now();
    if matches!(req.action.as_str(), "publish" | "unpublish") {
        crate::article_rules::publishing_step(user.role, None, now)?;
    }
    let mut tx = db::begin_write(&pool).await?;
    let mut changed = 0u64;
    for &id in &req.ids {
        let done = match req.action.as_str() {
            // An article already so is left alone (no new revision, no
            // new publishing time), and counted as needing no change.
            "publish" if article_edits::has_status(&mut tx, id, "published").await? => false,
            "unpublish" if article_edits::has_status(&mut tx, id, "unpublished").await? => false,
            "publish" => {
                article_edits::transition(&mut tx, id, Transition::Publish, Some(user.id), now)
                    .await?
            }
            "unpublish" => {
                article_edits::transition(&mut tx, id, Transition::Unpublish, Some(user.id), now)
                    .await?
            }
            "delete" => article_edits::set_trashed(&mut tx, id, true, now).await?,
            "restore" => article_edits::set_trashed(&mut tx, id, false, now).await?,
            "add_tags" | "remove_tags" | "set_category" => {
                edit_taxonomy(&mut tx, id, &req, user.id, now).await?
            }
            other => {
                return Err(AppError::invalid(
                    "action",
                    Message::new("error-bulk-action").quoting("given", other),
                ));
            }
        };
        changed += u64::from(done);
    }
    user
                .record(&mut tx, "bulk", None, serde_json::json!({ "action": req.action, "value": req.value, "ids": req.ids, "changed": changed }))
        .await?;
    // How many it changed, and how many needed nothing (already so).
    let said = Message::new("flash-bulk")
        .with_key("action", bulk_done_key(&req.action))
        .with("changed", changed)
        .with("unchanged", req.ids.len() as u64 - changed)
        .say(user.lang);
    let flash = if changed == req.ids.len() as u64 {
        Flash::done(said)
    } else {
        Flash::warning(said)
    };
    user.tell(&mut tx, flash).await?;
    tx.commit().await?;
    Ok(see_other(&req.back))
}

/// Adds or removes tags, or sets the category, through the same save as
/// the editor (revision, re-render, re-index).
async fn edit_taxonomy(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    req: &BulkRequest,
    user_id: i64,
    now: chrono::DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(current) = db::articles::load(conn, id).await? else {
        return Ok(false);
    };
    let mut state = current.state();
    match req.action.as_str() {
        "add_tags" => {
            for name in split_names(&req.value) {
                let tag = TagName::parse(&name).map_err(|e| AppError::invalid("value", e))?;
                if !state
                    .tags
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(tag.as_str()))
                {
                    state.tags.push(tag.as_str().to_owned());
                }
            }
        }
        "remove_tags" => {
            let gone = split_names(&req.value);
            state
                .tags
                .retain(|t| !gone.iter().any(|g| g.eq_ignore_ascii_case(t)));
        }
        _ => {
            let path = parse_path(&req.value);
            CategoryPath::parse(&path).map_err(|e| AppError::invalid("value", e))?;
            state.categories = vec![path];
        }
    }
    // Tags and categories only: nothing to render.
    let nothing = Prepared::none();
    article_edits::save(
        conn,
        &current,
        current.row.version,
        state,
        &nothing,
        user_id,
        now,
    )
    .await?;
    Ok(true)
}

/// The catalog key naming what a bulk action did, for its message.
fn bulk_done_key(action: &str) -> &'static str {
    match action {
        "add_tags" => "bulk-done-add_tags",
        "remove_tags" => "bulk-done-remove_tags",
        "set_category" => "bulk-done-set_category",
        "publish" => "bulk-done-publish",
        "unpublish" => "bulk-done-unpublish",
        "delete" => "bulk-done-delete",
        _ => "bulk-done-restore",
    }
}

#[post("/articles/trash/empty")]
pub async fn empty_trash(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_edit_all_content(user.role))?;
    if !confirm::confirmed(&body) {
        let n = article_edits::trash_count(&mut *pool.acquire().await?).await?;
        let question = Message::new("articles-confirm-empty-trash-n").with("count", n);
        let yes = "articles-empty-trash";
        return confirm::ask(
            &user,
            "articles",
            "/admin/articles/trash/empty",
            &body,
            question,
            yes,
            "/admin/articles?trash=1",
        );
    }
    let mut tx = db::begin_write(&pool).await?;
    let n = article_edits::empty_trash(&mut tx).await?;
    user.record(
        &mut tx,
        "empty_trash",
        None,
        serde_json::json!({ "deleted": n }),
    )
    .await?;
    let said = Message::new("flash-trash-emptied").with("count", n);
    user.tell_done(&mut tx, said).await?;
    tx.commit().await?;
    Ok(see_other("/admin/articles?trash=1"))
}
