//! The writing side of an import. Items are taken in batches of whatever
//! the reader has ready (up to `BATCH_ITEMS`), and a batch costs a handful
//! of SQLite statements, not several an item: every statement is a round
//! trip to sqlx's SQLite thread, and those round trips, not SQLite's own
//! work, were most of an import's time.

use std::collections::{HashMap, HashSet};

use futures_util::StreamExt;

use chrono::Utc;
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use tokio::sync::mpsc;

use super::site_items::SiteArticle;
use super::{ImportError, ImportOptions, Message, OnConflict, OnDuplicateSlug, Prepared};
use crate::db::article_writes::{self, NewRow};
use crate::db::search_index::{self, IndexRow, WriteMode};
use crate::db::site_paths::{self, Target};
use crate::db::taxonomy::{self, TaxonomyCache};
use crate::db::{self, articles};
use crate::domain::{CategoryPath, Email, Role, Slug, TagName};
use crate::hexo::site::requested_paths;
use crate::transfer::hexo_site::{Part, SiteFile};
use crate::transfer::item_log::ItemLog;
use crate::transfer::report::{
    ItemError, ItemReport, ItemStatus, ItemWarning, PackedReport, Summary,
};
use crate::transfer::source::Extra;

/// The most items decided and written together.
const BATCH_ITEMS: usize = 100;
/// The writer's page cache (32 MiB), whatever its pool's connections have.
const IMPORT_CACHE: i64 = -32_000;
/// Index rows written back to back (see `search_index::add`): ~30 MB of
/// tokens, one segment of FTS5's bulk write mode.
const INDEX_ROWS: usize = 1000;
/// ... or once their tokens hold this many bytes.
const INDEX_BYTES: usize = 16 * 1024 * 1024;
/// Items a non-atomic import commits together.
const COMMIT_ITEMS: usize = 500;

pub(super) async fn write_all(
    pool: &SqlitePool,
    mut receiver: mpsc::Receiver<Message>,
    options: &ImportOptions,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<PackedReport, ImportError> {
    let mut writer = Writer::start(pool, options).await?;
    let mut batch: Vec<(String, Result<Box<Prepared>, ItemError>)> =
        Vec::with_capacity(BATCH_ITEMS);
    while let Some(first) = receiver.recv().await {
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Item { source, result } => batch.push((source, result)),
                Message::Passed { source, warning } => {
                    writer.items(std::mem::take(&mut batch)).await?;
                    writer.record(ItemReport {
                        source,
                        status: ItemStatus::Skipped,
                        slug: None,
                        error: None,
                        warnings: vec![warning],
                    });
                }
                Message::Extra(extra) => {
                    writer.items(std::mem::take(&mut batch)).await?;
                    writer.extra(extra).await?;
                }
            }
            if batch.len() < BATCH_ITEMS {
                next = receiver.try_recv().ok();
            }
        }
        writer.items(std::mem::take(&mut batch)).await?;
        progress(writer.summary.total);
    }
    writer.finish().await
}

/// What the writer decided for one item of a batch.
struct Decision {
    source: String,
    status: ItemStatus,
    slug: Option<String>,
    error: Option<ItemError>,
    warnings: Vec<ItemWarning>,
    action: Action,
}

enum Action {
    None,
    Insert(Box<Prepared>),
    Replace(i64, Box<Prepared>),
    /// Unchanged, but it came in a Hexo site: its place there is written
    /// (an earlier import of its file alone had none).
    Site(i64, Box<SiteArticle>),
}

struct Writer<'a> {
    pool: &'a SqlitePool,
    options: &'a ImportOptions,
    /// The write transaction; `None` in a dry run, or once an atomic
    /// import has failed and was rolled back (the rest is only checked).
    tx: Option<Transaction<'static, Sqlite>>,
    /// Reads when there is no transaction.
    check: PoolConnection<Sqlite>,
    /// The page cache the transaction's connection had, set back at commit.
    pool_cache: i64,
    next_id: i64,
    cache: TaxonomyCache,
    index_rows: Vec<IndexRow>,
    /// The tokens `index_rows` hold: flushed past [`INDEX_BYTES`] too, so
    /// a few huge posts do not wait for a thousand rows in memory.
    index_bytes: usize,
    since_commit: usize,
    /// Slugs of this import so far, lower-cased: a second one fails.
    seen: HashSet<String>,
    /// Page paths of this import so far.
    page_paths: HashSet<String>,
    /// A site's posts written so far, by their file: the article's id and
    /// the address Hexo gave it, for the files of their asset folders.
    site_posts: HashMap<String, (i64, String)>,
    /// Tags', categories' and archives' old addresses sent this import
    /// (many posts share each).
    shared_paths: HashSet<String>,
    /// Images waiting to be kept ([`IMAGE_BATCH`]), and their bytes.
    images: Vec<PendingImage>,
    images_bytes: usize,
    /// False once an atomic import was rolled back.
    committed: bool,
    summary: Summary,
    items: ItemLog,
}

impl<'a> Writer<'a> {
    async fn start(
        pool: &'a SqlitePool,
        options: &'a ImportOptions,
    ) -> Result<Writer<'a>, sqlx::Error> {
        let (tx, pool_cache, next_id) = if options.dry_run {
            (None, IMPORT_CACHE, 0)
        } else {
            let (tx, pool_cache, next_id) = begin_import(pool).await?;
            (Some(tx), pool_cache, next_id)
        };
        Ok(Writer {
            pool,
            options,
            tx,
            check: pool.acquire().await?,
            pool_cache,
            next_id,
            cache: TaxonomyCache::default(),
            index_rows: Vec::new(),
            index_bytes: 0,
            since_commit: 0,
            seen: HashSet::new(),
            page_paths: HashSet::new(),
            site_posts: HashMap::new(),
            shared_paths: HashSet::new(),
            images: Vec::new(),
            images_bytes: 0,
            committed: !options.dry_run,
            summary: Summary::default(),
            items: ItemLog::default(),
        })
    }

    fn conn(&mut self) -> &mut SqliteConnection {
        match self.tx.as_mut() {
            Some(tx) => tx,
            None => &mut self.check,
        }
    }

    /// Decides, then (when writing) stores a batch of items.
    async fn items(
        &mut self,
        batch: Vec<(String, Result<Box<Prepared>, ItemError>)>,
    ) -> Result<(), sqlx::Error> {
        if batch.is_empty() {
            return Ok(());
        }
        self.flush_images().await?;
        self.since_commit += batch.len();
        let decisions = self.decide(batch).await?;
        let failed = decisions.iter().any(|d| d.status == ItemStatus::Failed);
        if failed && self.options.atomic {
            self.roll_back().await?;
        }
        let decisions = self.store(decisions).await?;
        for d in decisions {
            self.record(ItemReport {
                source: d.source,
                status: d.status,
                slug: d.slug,
                error: d.error,
                warnings: d.warnings,
            });
        }
        self.after_batch().await
    }

    async fn decide(
        &mut self,
        batch: Vec<(String, Result<Box<Prepared>, ItemError>)>,
    ) -> Result<Vec<Decision>, sqlx::Error> {
        let slugs: Vec<String> = batch
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|p| p.article.slug.to_string()))
            .collect();
        let slug_refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
        let mut existing = articles::find_by_slugs(self.conn(), &slug_refs).await?;
        let mut out = Vec::with_capacity(batch.len());
        for (source, result) in batch {
            let mut prepared = match result {
                Ok(p) => p,
                Err(error) => {
                    out.push(Decision::failed(source, None, error));
                    continue;
                }
            };
            let mut warnings = std::mem::take(&mut prepared.warnings);
            let mut slug = prepared.article.slug.to_string();
            let mut found = existing.remove(&slug);
            if self.seen.contains(&slug.to_lowercase()) {
                match self.rename(&mut prepared, &mut warnings).await? {
                    Ok((renamed, row)) => (slug, found) = (renamed, row),
                    Err(error) => {
                        out.push(Decision::failed(source, Some(slug), error));
                        continue;
                    }
                }
            }
            if let Some(error) = self
                .page_path_taken(&prepared, found.as_ref().map(|e| e.id))
                .await?
            {
                out.push(Decision::failed(source, Some(slug), error));
                continue;
            }
            self.seen.insert(slug.to_lowercase());
            self.note_tag_spellings(&prepared, &mut warnings).await?;
            let (status, error, action) = match found {
                None => (ItemStatus::Created, None, Action::Insert(prepared)),
                Some(e) if e.source_hash.as_deref() == Some(&prepared.hash[..]) => {
                    let action = match prepared.site {
                        Some(site) => Action::Site(e.id, site),
                        None => Action::None,
                    };
                    (ItemStatus::Unchanged, None, action)
                }
                Some(e) => match self.options.on_conflict {
                    OnConflict::Skip => (ItemStatus::Skipped, None, Action::None),
                    OnConflict::Update => {
                        (ItemStatus::Updated, None, Action::Replace(e.id, prepared))
                    }
                    OnConflict::Fail => {
                        let message = format!("an article with the slug {slug:?} already exists");
                        (
                            ItemStatus::Failed,
                            Some(ItemError::new("conflict", message)),
                            Action::None,
                        )
                    }
                },
            };
            out.push(Decision {
                source,
                status,
                slug: Some(slug),
                error,
                warnings,
                action,
            });
        }
        Ok(out)
    }

    /// Writes what was decided, when there is a transaction to write in.
    async fn store(&mut self, mut decisions: Vec<Decision>) -> Result<Vec<Decision>, sqlx::Error> {
        let Some(tx) = self.tx.as_mut() else {
            return Ok(decisions);
        };
        let now = Utc::now();
        let mut rows = Vec::new();
        for d in &decisions {
            if let Action::Insert(p) = &d.action
                && let Some(derived) = &p.derived
            {
                rows.push(NewRow {
                    id: self.next_id,
                    article: &p.article,
                    derived,
                    source_hash: Some(&p.hash),
                });
                self.next_id += 1;
            }
        }
        article_writes::insert_many(tx, &rows, now, &mut self.cache).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        drop(rows);
        let mut ids = ids.into_iter();
        let mut sites: Vec<(i64, Box<SiteArticle>)> = Vec::new();
        for d in decisions.iter_mut() {
            match std::mem::replace(&mut d.action, Action::None) {
                Action::Insert(p) => {
                    if let Some(derived) = p.derived
                        && let Some(id) = ids.next()
                    {
                        self.index_bytes += derived.index_bytes();
                        self.index_rows.push(IndexRow::new(id, derived));
                        sites.extend(p.site.map(|site| (id, site)));
                    }
                }
                Action::Site(id, site) => sites.push((id, site)),
                Action::Replace(id, p) => {
                    let Prepared {
                        article,
                        derived,
                        hash,
                        site,
                        ..
                    } = *p;
                    sites.extend(site.map(|site| (id, site)));
                    if let Some(derived) = derived {
                        article_writes::replace(
                            tx,
                            id,
                            &article,
                            Some(&derived),
                            article_writes::Provenance {
                                source_hash: Some(&hash),
                                saved_by: None,
                                previous: None,
                            },
                            now,
                            &mut self.cache,
                        )
                        .await?;
                        self.index_bytes += derived.index_bytes();
                        self.index_rows.push(IndexRow::new(id, derived));
                    }
                }
                Action::None => {}
            }
        }
        self.write_sites(sites).await?;
        Ok(decisions)
    }

    /// Flushes index rows and, without atomicity, commits now and then.
    async fn after_batch(&mut self) -> Result<(), sqlx::Error> {
        if (self.index_rows.len() >= INDEX_ROWS || self.index_bytes >= INDEX_BYTES)
            && let Some(tx) = self.tx.as_mut()
        {
            search_index::add(tx, std::mem::take(&mut self.index_rows)).await?;
            self.index_bytes = 0;
        }
        if !self.options.atomic && self.since_commit >= COMMIT_ITEMS && self.tx.is_some() {
            self.since_commit = 0;
            self.commit().await?;
            // Other writers may have added articles between the two.
            let (tx, pool_cache, next_id) = begin_import(self.pool).await?;
            (self.tx, self.pool_cache, self.next_id) = (Some(tx), pool_cache, next_id);
        }
        Ok(())
    }

    async fn commit(&mut self) -> Result<(), sqlx::Error> {
        if let Some(mut tx) = self.tx.take() {
            search_index::add(&mut tx, std::mem::take(&mut self.index_rows)).await?;
            self.index_bytes = 0;
            search_index::set_write_mode(&mut tx, WriteMode::Normal).await?;
            db::swap_cache_size(&mut tx, self.pool_cache).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Nothing of an atomic import is written once an item fails.
    async fn roll_back(&mut self) -> Result<(), sqlx::Error> {
        if let Some(mut tx) = self.tx.take() {
            db::swap_cache_size(&mut tx, self.pool_cache).await?;
            tx.rollback().await?;
            self.committed = false;
            self.index_rows.clear();
            self.index_bytes = 0;
            // Ids and cached taxonomy ids of the rolled-back rows are void.
            self.cache = TaxonomyCache::default();
            self.site_posts.clear();
            self.shared_paths.clear();
            self.images.clear();
            self.images_bytes = 0;
        }
        Ok(())
    }

    async fn finish(mut self) -> Result<PackedReport, ImportError> {
        self.flush_images().await?;
        self.commit().await?;
        Ok(PackedReport {
            dry_run: self.options.dry_run,
            committed: self.committed,
            summary: self.summary,
            items: self.items.finish(),
        })
    }

    fn record(&mut self, item: ItemReport) {
        self.summary.count(item.status, !item.warnings.is_empty());
        self.items.push(&item);
    }

    /// Tags, categories and users carried by a folio/v1 export, recreated
    /// so that a JSON round trip gives the same export back. Users come back
    /// without a usable password: an admin sets one (`folio user passwd`).
    async fn extra(&mut self, extra: Extra) -> Result<(), sqlx::Error> {
        let extra = match extra {
            Extra::Image {
                source,
                file_name,
                image,
                site,
            } => return self.image(source, file_name, image, site).await,
            other => other,
        };
        self.flush_images().await?;
        let Some(conn) = self.tx.as_mut() else {
            return Ok(());
        };
        let conn: &mut SqliteConnection = conn;
        match extra {
            Extra::Tags(tags) => {
                for tag in tags.iter().filter_map(|t| TagName::parse(t).ok()) {
                    taxonomy::tag_id(conn, &mut self.cache, &tag).await?;
                }
            }
            Extra::Categories(paths) => {
                for path in paths.iter().filter_map(|p| CategoryPath::parse(p).ok()) {
                    taxonomy::category_leaf(conn, &mut self.cache, &path).await?;
                }
            }
            // Taken out above.
            Extra::Image { .. } => {}
            // An export's old addresses, by what they lead to: the
            // articles came before them in the document.
            Extra::SitePaths(paths) => {
                let slugs: Vec<&str> = paths.iter().filter_map(|p| p.article.as_deref()).collect();
                let found = articles::find_by_slugs(conn, &slugs).await?;
                let mut rows = Vec::with_capacity(paths.len());
                for p in paths {
                    let target = if let Some(slug) = &p.article {
                        found.get(slug).map(|e| Target::Article(e.id))
                    } else if let Some(tag) = p.tag.as_deref().and_then(|t| TagName::parse(t).ok())
                    {
                        Some(Target::Tag(
                            taxonomy::tag_id(conn, &mut self.cache, &tag).await?,
                        ))
                    } else if let Some(path) = p
                        .category
                        .as_deref()
                        .and_then(|c| CategoryPath::parse(c).ok())
                    {
                        Some(Target::Category(
                            taxonomy::category_leaf(conn, &mut self.cache, &path).await?,
                        ))
                    } else if let Some(hash) = p.media {
                        Some(Target::Media(hash))
                    } else {
                        p.location.map(Target::Location)
                    };
                    rows.extend(target.map(|t| (p.path, t)));
                }
                site_paths::add(conn, &rows, Utc::now()).await?;
            }
            Extra::Assets(assets) => {
                let slugs: Vec<&str> = assets.iter().map(|a| a.article.as_str()).collect();
                let found = articles::find_by_slugs(conn, &slugs).await?;
                let rows: Vec<(i64, String, String)> = assets
                    .into_iter()
                    .filter_map(|a| Some((found.get(&a.article)?.id, a.name, a.hash)))
                    .collect();
                site_paths::add_assets(conn, &rows).await?;
            }
            // The images came first in the archive; their rows get the
            // name, origin and age they had.
            Extra::MediaMeta(media) => {
                for m in media {
                    let created = chrono::DateTime::parse_from_rfc3339(&m.created_at)
                        .map(|t| t.with_timezone(&Utc))
                        .ok();
                    db::media::restore_meta(
                        conn,
                        &m.hash,
                        m.file_name.as_deref(),
                        m.original_url.as_deref(),
                        created,
                    )
                    .await?;
                }
            }
            Extra::Users(users) => {
                for user in users {
                    let parsed = Email::parse(&user.email)
                        .ok()
                        .zip(user.role.parse::<Role>().ok());
                    let Some((email, role)) = parsed else {
                        let error = ItemError::new(
                            "invalid_user",
                            format!("user {:?} with role {:?}", user.email, user.role),
                        );
                        // Not `record`: `conn` holds `self.tx`.
                        self.summary.count(ItemStatus::Failed, false);
                        self.items.push(&ItemReport {
                            source: format!("users/{}", user.email),
                            status: ItemStatus::Failed,
                            slug: None,
                            error: Some(error),
                            warnings: Vec::new(),
                        });
                        continue;
                    };
                    if db::users::find_by_email(conn, &email).await?.is_none() {
                        // "!" is not a PHC string, so no password ever matches it.
                        let id = db::users::insert(conn, &email, role, "!", Utc::now()).await?;
                        if user.disabled {
                            db::users::disable(conn, id, Utc::now()).await?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Writer<'_> {
    /// A page whose path another article's page has (here, or earlier in
    /// this import) fails: one address shows one page.
    async fn page_path_taken(
        &mut self,
        prepared: &Prepared,
        existing: Option<i64>,
    ) -> Result<Option<ItemError>, sqlx::Error> {
        let Some(path) = prepared.site.as_ref().and_then(|s| s.page_path.clone()) else {
            return Ok(None);
        };
        let taken = if self.page_paths.contains(&path) {
            Some("another item of this import".to_owned())
        } else {
            site_paths::page_owner(self.conn(), &path, existing)
                .await?
                .map(|slug| format!("the article {slug:?}"))
        };
        self.page_paths.insert(path.clone());
        Ok(taken.map(|owner| {
            ItemError::new(
                "page_path_taken",
                format!("the page path {path:?} is already {owner}'s"),
            )
        }))
    }

    /// Writes what a site says of its articles: kind, file and page path,
    /// and the old addresses of each, its tags, categories and archives.
    async fn write_sites(
        &mut self,
        sites: Vec<(i64, Box<SiteArticle>)>,
    ) -> Result<(), sqlx::Error> {
        if sites.is_empty() {
            return Ok(());
        }
        let Some(tx) = self.tx.as_mut() else {
            return Ok(());
        };
        let conn: &mut SqliteConnection = tx;
        let places: Vec<site_paths::Place<'_>> = sites
            .iter()
            .map(|(id, s)| site_paths::Place {
                id: *id,
                kind: s.kind.as_str(),
                source_path: &s.source_path,
                page_path: s.page_path.as_deref(),
            })
            .collect();
        site_paths::set_places(conn, &places).await?;
        let mut paths: Vec<(String, Target)> = Vec::new();
        for (id, site) in &sites {
            if let Some(first) = site.addresses.first() {
                self.site_posts
                    .insert(site.source_path.clone(), (*id, first.clone()));
            }
            paths.extend(
                site.addresses
                    .iter()
                    .map(|p| (p.clone(), Target::Article(*id))),
            );
            // Posts share their tags', categories' and archives' addresses:
            // each is sent once an import.
            for (path, tag) in &site.tags {
                if self.shared_paths.insert(path.clone()) {
                    let tag_id = taxonomy::tag_id(conn, &mut self.cache, tag).await?;
                    paths.push((path.clone(), Target::Tag(tag_id)));
                }
            }
            for (path, category) in &site.categories {
                if self.shared_paths.insert(path.clone()) {
                    let leaf = taxonomy::category_leaf(conn, &mut self.cache, category).await?;
                    paths.push((path.clone(), Target::Category(leaf)));
                }
            }
            for (path, location) in &site.archives {
                if self.shared_paths.insert(path.clone()) {
                    paths.push((path.clone(), Target::Location(location.clone())));
                }
            }
        }
        site_paths::add(conn, &paths, Utc::now()).await
    }

    /// A site's images: the address Hexo served each at answers with it,
    /// and a post's asset folder names it for the post.
    async fn site_images(&mut self, images: Vec<(SiteFile, String)>) -> Result<(), sqlx::Error> {
        if images.is_empty() {
            return Ok(());
        }
        let mut paths: Vec<(String, Target)> = Vec::new();
        let mut assets: Vec<(i64, String, String)> = Vec::new();
        for (file, hash) in images {
            let owned = file.asset_name().zip(match &file.part {
                Part::Asset { owner: Some(owner) } => self.site_posts.get(owner).cloned(),
                _ => None,
            });
            let url = match owned {
                Some((name, (article_id, post_url))) => {
                    assets.push((article_id, name.to_owned(), hash.clone()));
                    format!("{}/{name}", post_url.trim_end_matches('/'))
                }
                None => file.site.config.asset_url(&file.path),
            };
            paths.extend(
                requested_paths(&url)
                    .into_iter()
                    .map(|p| (p, Target::Media(hash.clone()))),
            );
        }
        let Some(tx) = self.tx.as_mut() else {
            return Ok(());
        };
        site_paths::add_assets(tx, &assets).await?;
        site_paths::add(tx, &paths, Utc::now()).await
    }

    /// A second item of this import with a slug already taken: with
    /// `--on-duplicate-slug rename`, the slug gets the first free numeric
    /// suffix (`-2`, `-3`, …) and the item a warning, and this answers the
    /// new slug and the article already under it, if any; else the item
    /// fails.
    #[allow(clippy::type_complexity)]
    async fn rename(
        &mut self,
        prepared: &mut Prepared,
        warnings: &mut Vec<ItemWarning>,
    ) -> Result<Result<(String, Option<articles::Existing>), ItemError>, sqlx::Error> {
        let slug = prepared.article.slug.to_string();
        let taken = format!("another item of this import already has the slug {slug:?}");
        if self.options.on_duplicate_slug != OnDuplicateSlug::Rename {
            return Ok(Err(ItemError::new("duplicate_slug", taken)));
        }
        let renamed = (2u32..)
            .map(|n| format!("{slug}-{n}"))
            .find(|s| !self.seen.contains(&s.to_lowercase()))
            .unwrap_or_default();
        let parsed = match Slug::parse(&renamed) {
            Ok(parsed) => parsed,
            Err(e) => {
                let message = format!("{taken}, and {renamed:?} cannot replace it: {e}");
                return Ok(Err(ItemError::new("duplicate_slug", message)));
            }
        };
        warnings.push(ItemWarning::new(
            "slug_renamed",
            format!("{taken}: this one is {renamed:?}"),
        ));
        prepared.article.slug = parsed;
        let found = articles::find_by_slugs(self.conn(), &[renamed.as_str()])
            .await?
            .remove(&renamed);
        Ok(Ok((renamed, found)))
    }

    /// A warning for each of the item's tags that is a tag here already
    /// (or earlier in this import) under another case: they are one tag,
    /// shown as first spelt, and the article keeps its own spelling in
    /// the front matter it exports.
    async fn note_tag_spellings(
        &mut self,
        prepared: &Prepared,
        warnings: &mut Vec<ItemWarning>,
    ) -> Result<(), sqlx::Error> {
        let conn: &mut SqliteConnection = match self.tx.as_mut() {
            Some(tx) => tx,
            None => &mut self.check,
        };
        for tag in &prepared.article.fields.tags {
            let spelling = taxonomy::tag_spelling(conn, &mut self.cache, tag).await?;
            if spelling != tag.as_str() {
                warnings.push(ItemWarning::new(
                    "tag_case",
                    format!(
                        "the tag {:?} is the tag {spelling:?}: tags that differ only in case are one",
                        tag.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// An image file of the input, kept in the media library (its row in
    /// the import's transaction; its bytes, named by content, at once). A
    /// file that is no image folio keeps fails as an item, and an atomic
    /// import with it.
    async fn image(
        &mut self,
        source: String,
        file_name: Option<String>,
        image: Result<(crate::media::Examined, Vec<u8>), crate::media::MediaError>,
        site: Option<SiteFile>,
    ) -> Result<(), sqlx::Error> {
        let kept = match (image, &self.options.media) {
            (Err(e), _) => Err(ItemError::new("not_image", e.to_string())),
            (Ok(_), None) => Err(ItemError::new(
                "media_unavailable",
                "this import keeps no images",
            )),
            (Ok(found), Some(_)) => Ok(found),
        };
        let (examined, bytes) = match kept {
            Ok(kept) => kept,
            Err(error) => return self.fail_image(source, error).await,
        };
        if self.tx.is_none() {
            // A dry run, or an atomic import already rolled back.
            return Ok(());
        }
        let row = db::media::MediaRow {
            hash: examined.hash.clone(),
            mime: examined.image.kind.mime().into(),
            bytes: bytes.len() as i64,
            width: i64::from(examined.image.width),
            height: i64::from(examined.image.height),
            file_name,
            original_url: None,
            created_by: None,
            created_at: 0,
            derived: None,
        };
        self.images_bytes += bytes.len();
        self.images.push(PendingImage {
            source,
            name: examined.name(),
            row,
            bytes,
            site,
        });
        if self.images.len() >= IMAGE_BATCH || self.images_bytes >= IMAGE_BATCH_BYTES {
            self.flush_images().await?;
        }
        Ok(())
    }

    /// An image of the input that is not kept fails as an item, and an
    /// atomic import with it.
    async fn fail_image(&mut self, source: String, error: ItemError) -> Result<(), sqlx::Error> {
        self.record(ItemReport {
            source,
            status: ItemStatus::Failed,
            slug: None,
            error: Some(error),
            warnings: Vec::new(),
        });
        if self.options.atomic {
            self.roll_back().await?;
        }
        Ok(())
    }

    /// Keeps the images waiting: their files, several at once, then their
    /// rows and a site's addresses for them, a few statements for all.
    async fn flush_images(&mut self) -> Result<(), sqlx::Error> {
        let mut pending = std::mem::take(&mut self.images);
        self.images_bytes = 0;
        let Some(store) = self.options.media.clone() else {
            return Ok(());
        };
        if pending.is_empty() || self.tx.is_none() {
            return Ok(());
        }
        let files: Vec<(String, Vec<u8>)> = pending
            .iter_mut()
            .map(|p| (p.name.clone(), std::mem::take(&mut p.bytes)))
            .collect();
        let written: Vec<Result<(), crate::media::StoreError>> =
            futures_util::stream::iter(files.into_iter().map(|(name, bytes)| {
                let store = store.clone();
                async move { store.put(&name, bytes::Bytes::from(bytes)).await }
            }))
            .buffered(STORE_WRITES)
            .collect()
            .await;
        let mut kept = Vec::with_capacity(pending.len());
        for (image, result) in pending.into_iter().zip(written) {
            match result {
                Ok(()) => kept.push(image),
                Err(e) => {
                    let error = ItemError::new("store", e.to_string());
                    self.fail_image(image.source, error).await?;
                }
            }
        }
        let Some(tx) = self.tx.as_mut() else {
            return Ok(());
        };
        let rows: Vec<db::media::MediaRow> = kept.iter().map(|i| i.row.clone()).collect();
        db::media::insert_many(tx, &rows, Utc::now()).await?;
        let site: Vec<(SiteFile, String)> = kept
            .into_iter()
            .filter_map(|i| Some((i.site?, i.row.hash)))
            .collect();
        self.site_images(site).await
    }
}

/// An image read and checked, waiting for its batch to be kept.
struct PendingImage {
    source: String,
    /// Its object's name in the store.
    name: String,
    row: db::media::MediaRow,
    bytes: Vec<u8>,
    site: Option<SiteFile>,
}

/// Images kept together (their rows in one statement), at most...
const IMAGE_BATCH: usize = 64;
/// ... or once their bytes come to this (held in memory until written).
const IMAGE_BATCH_BYTES: usize = 16 * 1024 * 1024;
/// Image files written to the store at once: a folder's writes overlap,
/// an object store's requests run side by side.
const STORE_WRITES: usize = 8;

/// A write transaction set up for importing: the writer's page cache, the
/// index's bulk mode. Returns it with the page cache to set back at commit
/// and the next free article id.
async fn begin_import(
    pool: &SqlitePool,
) -> Result<(Transaction<'static, Sqlite>, i64, i64), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let pool_cache = db::swap_cache_size(&mut tx, IMPORT_CACHE).await?;
    search_index::set_write_mode(&mut tx, WriteMode::Bulk).await?;
    let next_id = articles::next_id(&mut tx).await?;
    Ok((tx, pool_cache, next_id))
}

impl Decision {
    fn failed(source: String, slug: Option<String>, error: ItemError) -> Decision {
        Decision {
            source,
            status: ItemStatus::Failed,
            slug,
            error: Some(error),
            warnings: Vec::new(),
            action: Action::None,
        }
    }
}
