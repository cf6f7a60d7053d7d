//! Turning what the caller named (files, folders, archives, folio/v1 JSON)
//! into a stream of items, one at a time, so memory does not grow with the
//! size of the corpus. Every limit is checked here, before anything is
//! parsed: a file over 16 MiB, an unsafe archive path or a symlink, an
//! archive of more than 100,000 entries or 1 GiB unpacked, an entry or an
//! archive that unpacks to more than 100 times its packed size.

use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Component, Path};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use flate2::read::GzDecoder;

use super::document::{self, ArticleDoc};
use super::hexo_site::{self, Part, Site, SiteFile};
use super::report::ItemError;
use crate::hexo::site::without_extension;

/// Limits on untrusted input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_archive_entries: usize,
    pub max_unpacked_bytes: u64,
    /// How many times its packed size an entry, or a whole archive, may
    /// unpack to (past [`RATIO_FLOOR`]). Text compresses 3 to 10 times,
    /// scraped HTML with repeated styles up to ~30; a file of one repeated
    /// byte, a thousand times.
    pub max_ratio: u64,
}

/// Below this many bytes unpacked, no ratio is checked: nothing so small
/// can hurt, and a tiny file's ratio means little.
pub const RATIO_FLOOR: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_archive_entries: 100_000,
            max_unpacked_bytes: 1024 * 1024 * 1024,
            max_ratio: 100,
        }
    }
}

impl Limits {
    /// The most an archive of `packed` bytes may unpack to.
    fn unpacked_cap(&self, packed: u64) -> u64 {
        packed
            .saturating_mul(self.max_ratio)
            .max(RATIO_FLOOR)
            .min(self.max_unpacked_bytes)
    }
}

/// One thing to import, as found.
pub enum RawItem {
    /// A Hexo post's bytes; `stem` is its file name without the extension.
    Post {
        source: String,
        stem: String,
        bytes: Vec<u8>,
        modified: Option<DateTime<Utc>>,
        /// Its place in a Hexo site, when it came in one.
        site: Option<SiteFile>,
    },
    /// An article of a folio/v1 JSON export.
    Document {
        source: String,
        doc: Box<ArticleDoc>,
    },
    /// Something that could not be read; it fails as an item.
    Failed { source: String, error: ItemError },
    /// Something of a Hexo site folio does not keep (a stylesheet, a PDF):
    /// skipped, with the warning that says so.
    Passed { source: String, warning: ItemError },
}

/// Also carried from a JSON export: taxonomy and users to recreate; and
/// from any input, image files for the media library (a Hexo export's
/// `source/images/`), examined as they are read.
pub enum Extra {
    Tags(Vec<String>),
    Categories(Vec<Vec<String>>),
    Users(Vec<document::UserDoc>),
    Image {
        source: String,
        /// Its file name, when it is one (`media::inspect::file_name`).
        file_name: Option<String>,
        image: Result<(crate::media::Examined, Vec<u8>), crate::media::MediaError>,
        /// Its place in a Hexo site (`source/images/`, a post's asset
        /// folder), when it came in one.
        site: Option<SiteFile>,
    },
    /// What a folio/v1 export with its media says of each image (its
    /// name, origin, age), for images its archive carries.
    MediaMeta(Vec<document::MediaMetaDoc>),
    /// The old addresses of imported Hexo sites a folio/v1 export lists.
    SitePaths(Vec<document::SitePathDoc>),
    /// The asset folders' files a folio/v1 export lists.
    Assets(Vec<document::AssetDoc>),
}

impl Extra {
    /// An image file's bytes, examined.
    fn image(
        source: String,
        name: &str,
        bytes: Vec<u8>,
        max: u64,
        site: Option<SiteFile>,
    ) -> Extra {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        Extra::Image {
            source,
            file_name: crate::media::inspect::file_name(base).ok(),
            image: crate::media::examine(&bytes, max).map(|e| (e, bytes)),
            site,
        }
    }
}

/// What a walk hands out, in order.
pub enum Found {
    Item(RawItem),
    Extra(Extra),
}

pub type Emit<'a> = dyn FnMut(Found) -> ControlFlow<()> + 'a;

/// The kinds of file folio imports, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Post,
    Zip,
    TarGz,
    Json,
    /// JPEG, PNG, GIF or WebP by its name (its bytes decide).
    Image,
}

impl FileKind {
    pub fn of(name: &str) -> Option<FileKind> {
        let lower = name.to_ascii_lowercase();
        // Hexo renders HTML files in `_posts` (and `_drafts`) as posts.
        let in_posts = lower
            .split(['/', '\\'])
            .any(|part| part == "_posts" || part == "_drafts");
        let html_post = in_posts && (lower.ends_with(".html") || lower.ends_with(".htm"));
        if lower.ends_with(".md")
            || lower.ends_with(".markdown")
            || lower.ends_with(".txt")
            || html_post
        {
            Some(FileKind::Post)
        } else if lower.ends_with(".zip") {
            Some(FileKind::Zip)
        } else if lower.ends_with(".tar.gz") || lower.ends_with(".tgz") {
            Some(FileKind::TarGz)
        } else if lower.ends_with(".json") {
            Some(FileKind::Json)
        } else if [".jpg", ".jpeg", ".png", ".gif", ".webp"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            Some(FileKind::Image)
        } else {
            None
        }
    }
}

fn unsupported(name: &str) -> ItemError {
    ItemError::new(
        "unsupported_type",
        format!(
            "{name}: not a file folio imports (.md, .markdown, .txt, .zip, .tar.gz, .json, or an image: .jpg, .png, .gif, .webp)"
        ),
    )
}

/// Hidden files and folders (`.git`, `.DS_Store`) and macOS's `__MACOSX`
/// are not content; they are passed over without a report line.
fn is_hidden(name: &str) -> bool {
    name.split(['/', '\\'])
        .any(|part| (part.starts_with('.') && part != "." && part != "..") || part == "__MACOSX")
}

fn stem_of(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(dot) if dot > 0 => base[..dot].to_owned(),
        _ => base.to_owned(),
    }
}

/// Walks a path given on the command line: a file, or a folder (recursively,
/// in name order so runs are repeatable).
pub fn walk_path(path: &Path, limits: &Limits, emit: &mut Emit<'_>) -> ControlFlow<()> {
    if is_site_dir(path) {
        return walk_site_dir(path, limits, emit);
    }
    if path.is_dir() {
        each_file(path, is_hidden, emit, &mut |file, emit| {
            walk_file(file, &file.display().to_string(), limits, emit)
        })
    } else {
        walk_file(path, &path.display().to_string(), limits, emit)
    }
}

/// Every regular file under `root`, in name order (so runs are
/// repeatable), to `take`; a file or folder whose name `skip` says is not
/// content is passed over. What cannot be read, and symbolic links (never
/// followed), fail as items.
fn each_file(
    root: &Path,
    skip: fn(&str) -> bool,
    emit: &mut Emit<'_>,
    take: &mut dyn FnMut(&Path, &mut Emit<'_>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let entries = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skip(&e.file_name().to_string_lossy()));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let source = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                emit(Found::Item(RawItem::Failed {
                    source,
                    error: ItemError::new("unreadable", format!("cannot read: {e}")),
                }))?;
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        if entry.path_is_symlink() {
            emit(Found::Item(RawItem::Failed {
                source: entry.path().display().to_string(),
                error: ItemError::new("symlink", "symbolic links are not followed"),
            }))?;
            continue;
        }
        take(entry.path(), emit)?;
    }
    ControlFlow::Continue(())
}

/// A folder that holds a Hexo site: `_config.yml` and `source/`.
fn is_site_dir(path: &Path) -> bool {
    path.join("_config.yml").is_file() && path.join("source").is_dir()
}

/// Reads a site's `_config.yml`; `name` is how reports name the site.
fn read_site(bytes: &[u8], name: &str) -> Result<Site, ItemError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ItemError::new(
            "invalid_utf8",
            format!("_config.yml is not valid UTF-8: {e}"),
        )
    })?;
    let config = crate::hexo::site::SiteConfig::parse(text).map_err(ItemError::from)?;
    Ok(Site {
        config,
        name: name.to_owned(),
    })
}

/// Posts of a site by their path without the extension (`_posts/hello`
/// for `_posts/hello.md`), to find whose asset folder a file is in.
fn post_folders<'a>(
    paths: impl Iterator<Item = &'a str>,
) -> std::collections::HashMap<String, String> {
    paths
        .filter(|p| {
            (p.starts_with("_posts/") || p.starts_with("_drafts/")) && hexo_site::is_rendered(p)
        })
        .map(|p| (without_extension(p).to_owned(), p.to_owned()))
        .collect()
}

/// The site's files in the order they are imported: posts, drafts and
/// pages first, then assets (so a post is there before the files of its
/// asset folder), each group in name order.
fn site_order(site: &Site, paths: &[String]) -> Vec<(usize, Part)> {
    let posts = post_folders(paths.iter().map(String::as_str));
    let owner = |folder: &str| posts.get(folder).cloned();
    let mut parts: Vec<(usize, Part)> = paths
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, hexo_site::classify(&site.config, p, &owner)?)))
        .collect();
    parts.sort_by_key(|(i, part)| (matches!(part, Part::Asset { .. }), *i));
    parts
}

/// Walks a Hexo site folder: `_config.yml`, then every file under
/// `source/` as the site makes it (`hexo_site`).
fn walk_site_dir(root: &Path, limits: &Limits, emit: &mut Emit<'_>) -> ControlFlow<()> {
    let name = root.display().to_string();
    let config_path = root.join("_config.yml");
    let site = match File::open(&config_path)
        .map_err(|e| ItemError::new("unreadable", format!("cannot open _config.yml: {e}")))
        .and_then(|f| read_limited(f, limits.max_file_bytes))
        .and_then(|bytes| read_site(&bytes, &name))
    {
        Ok(site) => Arc::new(site),
        Err(error) => {
            return emit(Found::Item(RawItem::Failed {
                source: config_path.display().to_string(),
                error,
            }));
        }
    };
    let source = root.join("source");
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    // Parts starting with `_` are Hexo's to judge (`_posts` is content).
    let dot_file = |name: &str| name.starts_with('.');
    each_file(&source, dot_file, emit, &mut |path, _| {
        let rel = path
            .strip_prefix(&source)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((rel, path.to_owned()));
        ControlFlow::Continue(())
    })?;
    if files.len() > limits.max_archive_entries {
        return emit(Found::Item(RawItem::Failed {
            source: name,
            error: ItemError::new(
                "too_many_entries",
                format!(
                    "the site has more than {} files",
                    limits.max_archive_entries
                ),
            ),
        }));
    }
    let paths: Vec<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
    for (i, part) in site_order(&site, &paths) {
        let (rel, path) = &files[i];
        let file = SiteFile {
            site: Arc::clone(&site),
            path: rel.clone(),
            part,
        };
        let source = path.display().to_string();
        let read = File::open(path)
            .map_err(|e| ItemError::new("unreadable", format!("cannot open {source}: {e}")));
        let modified = read
            .as_ref()
            .ok()
            .and_then(|f| f.metadata().and_then(|m| m.modified()).ok())
            .map(DateTime::<Utc>::from);
        let target = site_target(&file);
        if let Target::Passed(warning) = target {
            emit(Found::Item(RawItem::Passed { source, warning }))?;
            continue;
        }
        let bytes = match read.and_then(|f| read_limited(f, limits.max_file_bytes)) {
            Ok(bytes) => bytes,
            Err(error) => {
                emit(Found::Item(RawItem::Failed { source, error }))?;
                continue;
            }
        };
        emit(found_of(
            target,
            Some(file),
            source,
            rel,
            bytes,
            modified,
            limits,
        ))?;
    }
    ControlFlow::Continue(())
}

/// What becomes of a site's file (see `Target`).
fn site_target(file: &SiteFile) -> Target {
    match file.part {
        Part::Post | Part::Draft | Part::Page => Target::Post,
        Part::Asset { .. } if FileKind::of(&file.path) == Some(FileKind::Image) => Target::Image,
        Part::Asset { .. } => Target::Passed(ItemError::new(
            "not_kept",
            format!(
                "{}: folio keeps a site's posts, pages and images; Hexo copies this file as it is",
                file.path
            ),
        )),
    }
}

/// How an entry is taken.
enum Target {
    Post,
    Image,
    /// Not kept: skipped with this warning.
    Passed(ItemError),
}

/// The item a site's file makes, once read.
fn found_of(
    target: Target,
    file: Option<SiteFile>,
    source: String,
    rel: &str,
    bytes: Vec<u8>,
    modified: Option<DateTime<Utc>>,
    limits: &Limits,
) -> Found {
    match target {
        Target::Image => Found::Extra(Extra::image(
            source,
            rel,
            bytes,
            limits.max_file_bytes,
            file,
        )),
        Target::Post => Found::Item(RawItem::Post {
            source,
            stem: stem_of(rel),
            bytes,
            modified,
            site: file,
        }),
        Target::Passed(warning) => Found::Item(RawItem::Passed { source, warning }),
    }
}

/// Walks one file, whose kind is told by `name` (an upload's name may
/// differ from its temporary path).
pub fn walk_file(path: &Path, name: &str, limits: &Limits, emit: &mut Emit<'_>) -> ControlFlow<()> {
    let fail = |emit: &mut Emit<'_>, error: ItemError| {
        emit(Found::Item(RawItem::Failed {
            source: name.to_owned(),
            error,
        }))
    };
    let Some(kind) = FileKind::of(name) else {
        return fail(emit, unsupported(name));
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return fail(
                emit,
                ItemError::new("unreadable", format!("cannot open {name}: {e}")),
            );
        }
    };
    match kind {
        FileKind::Post => {
            let modified = file
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .map(DateTime::<Utc>::from);
            match read_limited(file, limits.max_file_bytes) {
                Ok(bytes) => emit(Found::Item(RawItem::Post {
                    source: name.to_owned(),
                    stem: stem_of(name),
                    bytes,
                    modified,
                    site: None,
                })),
                Err(error) => fail(emit, error),
            }
        }
        FileKind::Image => match read_limited(file, limits.max_file_bytes) {
            Ok(bytes) => emit(Found::Extra(Extra::image(
                name.to_owned(),
                name,
                bytes,
                limits.max_file_bytes,
                None,
            ))),
            Err(error) => fail(emit, error),
        },
        FileKind::Zip | FileKind::TarGz => {
            let mut found = 0usize;
            let flow = {
                let mut counting = |f: Found| {
                    found += 1;
                    emit(f)
                };
                if kind == FileKind::Zip {
                    walk_zip(file, name, limits, &mut counting)
                } else {
                    walk_tar_gz(file, name, limits, &mut counting)
                }
            };
            // An operator who imports an archive with nothing in it has
            // most likely picked the wrong file: say so.
            if found == 0 && flow.is_continue() {
                return fail(
                    emit,
                    ItemError::new("empty_archive", format!("{name} holds no files to import")),
                );
            }
            flow
        }
        FileKind::Json => document::stream(BufReader::new(file), name, emit),
    }
}

/// Reads at most `max` bytes; more is an error, not a truncation.
fn read_limited(reader: impl Read, max: u64) -> Result<Vec<u8>, ItemError> {
    let mut bytes = Vec::new();
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ItemError::new("unreadable", format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

fn too_large(max: u64) -> ItemError {
    ItemError::new(
        "too_large",
        format!("the file is larger than {} MiB", max / (1024 * 1024)),
    )
}

/// Checks an archive entry's path: relative, no `..`, no drive or root.
fn safe_entry_path(name: &str) -> Result<(), ItemError> {
    let path = Path::new(name);
    let unsafe_path = name.starts_with('/')
        || name.starts_with('\\')
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if unsafe_path {
        return Err(ItemError::new(
            "unsafe_path",
            format!("archive entry {name:?} has an absolute path or `..`"),
        ));
    }
    Ok(())
}

fn walk_zip(file: File, name: &str, limits: &Limits, emit: &mut Emit<'_>) -> ControlFlow<()> {
    let packed = file.metadata().map_or(0, |m| m.len());
    let limits = &Limits {
        max_unpacked_bytes: limits.unpacked_cap(packed),
        ..*limits
    };
    let fail = |emit: &mut Emit<'_>, error: ItemError| {
        emit(Found::Item(RawItem::Failed {
            source: name.to_owned(),
            error,
        }))
    };
    let mut archive = match zip::ZipArchive::new(BufReader::new(file)) {
        Ok(a) => a,
        Err(e) => {
            return fail(
                emit,
                ItemError::new("bad_archive", format!("{name} is not a readable zip: {e}")),
            );
        }
    };
    if archive.len() > limits.max_archive_entries {
        return fail(emit, too_many_entries(limits));
    }
    // The declared sizes can lie (a zip bomb), so they are only a first
    // check: every read is bounded too.
    if archive
        .decompressed_size()
        .is_some_and(|s| s > u128::from(limits.max_unpacked_bytes))
    {
        return fail(emit, too_big_unpacked(limits));
    }
    let mut unpacked = 0u64;
    // A Hexo site (`_config.yml` and `source/`, at the top or in one
    // folder, as GitHub zips a repository): its files in the site's order.
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
        .collect();
    let order: Vec<(usize, EntryPlan)> = match site_prefix(&names) {
        Some(prefix) => {
            let config_name = format!("{prefix}_config.yml");
            let site = archive
                .by_name(&config_name)
                .map_err(|e| ItemError::new("bad_archive", format!("{config_name}: {e}")))
                .and_then(|entry| read_limited(entry, limits.max_file_bytes))
                .and_then(|bytes| read_site(&bytes, name));
            let site = match site {
                Ok(site) => Arc::new(site),
                Err(error) => {
                    return emit(Found::Item(RawItem::Failed {
                        source: format!("{name}:{config_name}"),
                        error,
                    }));
                }
            };
            site_entries(&site, &names, &prefix)
        }
        None => (0..names.len()).map(|i| (i, EntryPlan::Plain)).collect(),
    };
    for (index, plan) in order {
        let mut entry = match archive.by_index(index) {
            Ok(e) => e,
            Err(e) => {
                fail(
                    emit,
                    ItemError::new("bad_archive", format!("entry {index}: {e}")),
                )?;
                continue;
            }
        };
        let entry_name = match entry.name() {
            Ok(n) => n.into_owned(),
            Err(e) => {
                fail(
                    emit,
                    ItemError::new(
                        "bad_archive",
                        format!("entry {index} has an unreadable name: {e}"),
                    ),
                )?;
                continue;
            }
        };
        let modified = entry.last_modified().and_then(|d| {
            NaiveDate::from_ymd_opt(d.year().into(), d.month().into(), d.day().into())?
                .and_hms_opt(d.hour().into(), d.minute().into(), d.second().into())
                .map(|n| n.and_utc())
        });
        let meta = EntryMeta {
            source: format!("{name}:{entry_name}"),
            kind: if entry.is_dir() {
                EntryKind::Dir
            } else if entry.is_symlink() {
                EntryKind::Link
            } else {
                EntryKind::File
            },
            escapes: entry.enclosed_name().is_none(),
            compressed: Some(entry.compressed_size()),
            name: entry_name,
            modified,
        };
        let target_of = |entry_name: &str| match &plan {
            EntryPlan::Plain => plain_target(entry_name),
            EntryPlan::Ignore => EntryTarget::Ignore,
            EntryPlan::Site(file) => EntryTarget::Take(site_target(file), Some(file.clone())),
        };
        take_entry(meta, &mut entry, &mut unpacked, limits, emit, &target_of)?;
        if unpacked > limits.max_unpacked_bytes {
            break;
        }
    }
    ControlFlow::Continue(())
}

/// How a zip's entry is taken.
enum EntryPlan {
    Plain,
    /// Outside a site's `source/`: checked for safety, then passed over.
    Ignore,
    Site(SiteFile),
}

/// Where a zip's Hexo site starts: "" when `_config.yml` and `source/` are
/// at its top, `blog-main/` when in one folder; `None` for no site.
fn site_prefix(names: &[String]) -> Option<String> {
    names
        .iter()
        .filter_map(|n| n.strip_suffix("_config.yml"))
        .filter(|prefix| {
            prefix.is_empty() || (prefix.ends_with('/') && prefix.matches('/').count() == 1)
        })
        .find(|prefix| {
            let source = format!("{prefix}source/");
            names.iter().any(|n| n.starts_with(&source))
        })
        .map(str::to_owned)
}

/// A zip site's entries in the site's order (`site_order`), then every
/// other entry, only to be checked.
fn site_entries(site: &Arc<Site>, names: &[String], prefix: &str) -> Vec<(usize, EntryPlan)> {
    let source = format!("{prefix}source/");
    let under: Vec<(usize, String)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.ends_with('/'))
        .filter_map(|(i, n)| Some((i, n.strip_prefix(&source)?.to_owned())))
        .collect();
    let rels: Vec<String> = under.iter().map(|(_, rel)| rel.clone()).collect();
    let mut taken = vec![false; names.len()];
    let mut out = Vec::with_capacity(names.len());
    for (k, part) in site_order(site, &rels) {
        let (index, rel) = &under[k];
        taken[*index] = true;
        out.push((
            *index,
            EntryPlan::Site(SiteFile {
                site: Arc::clone(site),
                path: rel.clone(),
                part,
            }),
        ));
    }
    out.extend(
        (0..names.len())
            .filter(|i| !taken[*i])
            .map(|i| (i, EntryPlan::Ignore)),
    );
    out
}

fn walk_tar_gz(file: File, name: &str, limits: &Limits, emit: &mut Emit<'_>) -> ControlFlow<()> {
    // A gzip stream says nothing of its entries' packed sizes: the ratio
    // is the whole archive's.
    let packed = file.metadata().map_or(0, |m| m.len());
    let limits = &Limits {
        max_unpacked_bytes: limits.unpacked_cap(packed),
        ..*limits
    };
    let fail = |emit: &mut Emit<'_>, error: ItemError| {
        emit(Found::Item(RawItem::Failed {
            source: name.to_owned(),
            error,
        }))
    };
    let mut archive = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => return fail(emit, ItemError::new("bad_archive", format!("{name}: {e}"))),
    };
    let (mut count, mut unpacked) = (0usize, 0u64);
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                return fail(
                    emit,
                    ItemError::new(
                        "bad_archive",
                        format!("{name} is not a readable tar.gz: {e}"),
                    ),
                );
            }
        };
        // A tar is read as a stream: its size is known only at the end.
        count += 1;
        if count > limits.max_archive_entries {
            return fail(emit, too_many_entries(limits));
        }
        let header = entry.header();
        let kind = header.entry_type();
        if kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let entry_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let meta = EntryMeta {
            source: format!("{name}:{entry_name}"),
            kind: if kind.is_dir() {
                EntryKind::Dir
            } else if kind.is_symlink() || kind.is_hard_link() {
                EntryKind::Link
            } else if kind.is_file() {
                EntryKind::File
            } else {
                EntryKind::Other
            },
            escapes: false,
            compressed: None,
            modified: header
                .mtime()
                .ok()
                .and_then(|t| DateTime::from_timestamp(i64::try_from(t).ok()?, 0)),
            name: entry_name,
        };
        take_entry(meta, &mut entry, &mut unpacked, limits, emit, &plain_target)?;
        if unpacked > limits.max_unpacked_bytes {
            break;
        }
    }
    ControlFlow::Continue(())
}

/// What an archive says of an entry before its bytes are read.
struct EntryMeta {
    source: String,
    name: String,
    kind: EntryKind,
    /// The archive library's own verdict that the path leaves the archive.
    escapes: bool,
    /// Its packed size, where the archive keeps one (zip).
    compressed: Option<u64>,
    modified: Option<DateTime<Utc>>,
}

#[derive(PartialEq, Eq)]
enum EntryKind {
    File,
    Dir,
    Link,
    Other,
}

/// The checks every archive entry goes through, in the same order for zip
/// and tar.gz, then the bounded read. `unpacked` adds up what was read;
/// once it passes the limit, the entry fails and the caller stops reading.
fn take_entry(
    meta: EntryMeta,
    reader: &mut impl Read,
    unpacked: &mut u64,
    limits: &Limits,
    emit: &mut Emit<'_>,
    target_of: &dyn Fn(&str) -> EntryTarget,
) -> ControlFlow<()> {
    let failed = |error| {
        Found::Item(RawItem::Failed {
            source: meta.source.clone(),
            error,
        })
    };
    let name = &meta.name;
    // Safety first: an unsafe path is reported even when it looks hidden.
    if let Err(error) = safe_entry_path(name) {
        return emit(failed(error));
    }
    if meta.escapes {
        let error = ItemError::new(
            "unsafe_path",
            format!("archive entry {name:?} escapes the archive"),
        );
        return emit(failed(error));
    }
    if meta.kind == EntryKind::Dir {
        return ControlFlow::Continue(());
    }
    let target = match target_of(name) {
        EntryTarget::Ignore => return ControlFlow::Continue(()),
        target => target,
    };
    let refusal = match (&meta.kind, &target) {
        (EntryKind::Link, _) => Some(ItemError::new(
            "symlink",
            format!("archive entry {name:?} is a link"),
        )),
        (EntryKind::Other, _) => Some(ItemError::new(
            "unsupported_type",
            format!("archive entry {name:?} is not a regular file"),
        )),
        (_, EntryTarget::Refuse(error)) => Some(error.clone()),
        _ => None,
    };
    if let Some(error) = refusal {
        return emit(failed(error));
    }
    let (target, site) = match target {
        EntryTarget::Take(Target::Passed(warning), _) => {
            return emit(Found::Item(RawItem::Passed {
                source: meta.source,
                warning,
            }));
        }
        EntryTarget::Take(target, site) => (Some(target), site),
        _ => (None, None),
    };
    let Some(target) = target else {
        // The document of `folio export --format json --with-media`:
        // streamed like a JSON file given alone, within what the archive
        // may still unpack (its own ratio is the archive's).
        let room = limits.max_unpacked_bytes.saturating_sub(*unpacked);
        let mut counted = CountingReader {
            inner: reader.take(room),
            read: 0,
        };
        let flow = document::stream(&mut counted, &meta.source, emit);
        *unpacked += counted.read;
        return flow;
    };
    // An entry is read no further than the first limit it would pass:
    // the file size, its ratio to its packed size, what the archive has
    // left to unpack.
    let by_ratio = meta
        .compressed
        .map(|packed| packed.saturating_mul(limits.max_ratio).max(RATIO_FLOOR));
    let room = limits.max_unpacked_bytes.saturating_sub(*unpacked);
    let cap = limits
        .max_file_bytes
        .min(by_ratio.unwrap_or(u64::MAX))
        .min(room);
    let bytes = match read_limited(reader, cap) {
        Ok(b) => b,
        Err(error) if error.code != "too_large" => return emit(failed(error)),
        Err(error) => {
            let error = if cap == room && room < limits.max_file_bytes {
                *unpacked = limits.max_unpacked_bytes + 1;
                too_big_unpacked(limits)
            } else if by_ratio == Some(cap) {
                ItemError::new(
                    "compression_ratio",
                    format!(
                        "archive entry {name:?} unpacks to more than {} times its packed size (a zip bomb?)",
                        limits.max_ratio
                    ),
                )
            } else {
                error
            };
            return emit(failed(error));
        }
    };
    // Within `room`, by the read's cap: the archive's limit is met above.
    *unpacked += bytes.len() as u64;
    let rel = site
        .as_ref()
        .map_or(name.as_str(), |f| f.path.as_str())
        .to_owned();
    emit(found_of(
        target,
        site,
        meta.source,
        &rel,
        bytes,
        meta.modified,
        limits,
    ))
}

/// What an archive's entry is to be, by its name.
enum EntryTarget {
    /// Not content (a hidden file, a site's theme): passed over.
    Ignore,
    Refuse(ItemError),
    /// The folio/v1 document of an export with its media.
    Document,
    Take(Target, Option<SiteFile>),
}

/// An entry of an archive that is no Hexo site.
fn plain_target(name: &str) -> EntryTarget {
    if is_hidden(name) {
        return EntryTarget::Ignore;
    }
    match FileKind::of(name) {
        Some(FileKind::Post) => EntryTarget::Take(Target::Post, None),
        Some(FileKind::Image) => EntryTarget::Take(Target::Image, None),
        Some(FileKind::Json) if name == EXPORT_DOCUMENT => EntryTarget::Document,
        Some(_) => EntryTarget::Refuse(ItemError::new(
            "nested_archive",
            "archives and JSON inside archives are not imported",
        )),
        None => EntryTarget::Refuse(unsupported(name)),
    }
}

/// The name of the folio/v1 document in an export with its media.
pub const EXPORT_DOCUMENT: &str = "folio.json";

/// A reader that counts what it gave.
struct CountingReader<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

fn too_many_entries(limits: &Limits) -> ItemError {
    ItemError::new(
        "too_many_entries",
        format!(
            "the archive has more than {} entries",
            limits.max_archive_entries
        ),
    )
}

fn too_big_unpacked(limits: &Limits) -> ItemError {
    ItemError::new(
        "too_large",
        format!(
            "the archive unpacks to more than {} MiB (1 GiB at most, and {} times its packed size)",
            limits.max_unpacked_bytes / (1024 * 1024),
            limits.max_ratio
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_folders_and_one_extension() {
        assert_eq!(stem_of("source/_posts/hello.world.md"), "hello.world");
        assert_eq!(stem_of("000_94ec247d2f0d791e.txt"), "000_94ec247d2f0d791e");
    }

    #[test]
    fn dot_dot_is_not_hidden() {
        assert!(!is_hidden("../../a.md"));
        assert!(is_hidden("posts/.DS_Store"));
        assert!(is_hidden("__MACOSX/a.md"));
    }

    #[test]
    fn unsafe_entry_paths_are_refused() {
        assert!(safe_entry_path("/etc/passwd.md").is_err());
        assert!(safe_entry_path("a/../../b.md").is_err());
        assert!(safe_entry_path("source/_posts/a.md").is_ok());
    }
}
