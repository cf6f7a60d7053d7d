//! A whole Hexo site as one input (issue 18): a folder, or a zip, that
//! holds `_config.yml` and `source/`. Each file under `source/` is what
//! Hexo makes of it (`hexo/dist/plugins/processor/`): a post under
//! `_posts`, a draft under `_drafts`, a page elsewhere when Hexo renders
//! its kind (Markdown, HTML), else an asset copied as it is; a post's
//! asset folder (`_posts/hello/` beside `_posts/hello.md`) belongs to it
//! when `post_asset_folder` is on. What is outside `source/` (themes,
//! scaffolds, `node_modules`) is not content and is passed over.

use std::sync::Arc;

use crate::hexo::site::{SiteConfig, extension, without_extension};

/// A site being imported: its configuration, and the name it was given
/// (for reports).
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub name: String,
}

/// What a file under `source/` is in its site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Post,
    Draft,
    Page,
    /// Copied as it is; `owner` is the post (its path under `source/`)
    /// whose asset folder holds it.
    Asset {
        owner: Option<String>,
    },
}

/// A file of a site, with its place there.
#[derive(Debug, Clone)]
pub struct SiteFile {
    pub site: Arc<Site>,
    /// Its path under `source/`, `/` between folders.
    pub path: String,
    pub part: Part,
}

impl SiteFile {
    /// Its name inside its post's asset folder (`diagram.png` of
    /// `_posts/hello/diagram.png`), for an asset a post owns.
    pub fn asset_name(&self) -> Option<&str> {
        let Part::Asset { owner: Some(owner) } = &self.part else {
            return None;
        };
        let folder = without_extension(owner);
        self.path.strip_prefix(folder)?.strip_prefix('/')
    }
}

/// Extensions Hexo renders into pages and posts, with the Markdown
/// renderer it is installed with (hexo-renderer-marked) and its own plain
/// HTML one. Others (`.ejs`, `.pug`, `.styl`) need a plugin a moved site
/// no longer has; `.css`, `.js`, `.json`, `.yml` render to themselves and
/// are copied.
const RENDERED: &[&str] = &[
    "md", "markdown", "mkd", "mkdn", "mdwn", "mdtxt", "mdtext", "html", "htm",
];

/// Whether Hexo renders a file of this name into a page or post.
pub fn is_rendered(path: &str) -> bool {
    extension(path).is_some_and(|e| RENDERED.contains(&e.as_str()))
}

/// `common.isHiddenFile` and `isTmpFile`: a part starting with `_` or `.`,
/// or a name ending in `%` or `~`.
fn is_hidden(path: &str) -> bool {
    path.ends_with('%')
        || path.ends_with('~')
        || path
            .split('/')
            .any(|p| p.starts_with('_') || p.starts_with('.'))
}

/// What the file at `path` (under `source/`) is, or `None` when Hexo
/// passes it over. `posts` tells, for an asset folder, whether a post of
/// that name exists (`_posts/hello` for `_posts/hello/a.png`).
pub fn classify(
    config: &SiteConfig,
    path: &str,
    posts: &dyn Fn(&str) -> Option<String>,
) -> Option<Part> {
    for (folder, part) in [("_posts/", Part::Post), ("_drafts/", Part::Draft)] {
        if let Some(rest) = path.strip_prefix(folder) {
            if is_hidden(rest) {
                return None;
            }
            // `processor/post.js`: with asset folders, only files of
            // `new_post_name`'s extension are posts (an `.html` there is
            // an asset); `skip_render` applies here too.
            let post_kind =
                !config.post_asset_folder || extension(rest) == extension(&config.new_post_name);
            let skipped = config.skip_render.iter().any(|g| glob_match(g, path));
            if is_rendered(rest) && post_kind && !skipped {
                return Some(part);
            }
            let owner = config
                .post_asset_folder
                .then(|| asset_owner(path, posts))
                .flatten();
            return Some(Part::Asset { owner });
        }
    }
    if is_hidden(path) {
        return None;
    }
    if is_rendered(path) && !config.skip_render.iter().any(|g| glob_match(g, path)) {
        return Some(Part::Page);
    }
    Some(Part::Asset { owner: None })
}

/// The post whose asset folder holds `path`: for `_posts/a/b/c.png`, the
/// post `_posts/a/b.*` or `_posts/a.*`, nearest first.
fn asset_owner(path: &str, posts: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut folder = path;
    while let Some(slash) = folder.rfind('/') {
        folder = &folder[..slash];
        if folder == "_posts" || folder == "_drafts" {
            return None;
        }
        if let Some(post) = posts(folder) {
            return Some(post);
        }
    }
    None
}

/// A glob as `skip_render` writes them (micromatch): `*` within a part,
/// `**` across parts, `?` one character.
pub fn glob_match(glob: &str, path: &str) -> bool {
    fn go(g: &[u8], p: &[u8]) -> bool {
        match g.split_first() {
            None => p.is_empty(),
            Some((b'*', rest)) if rest.first() == Some(&b'*') => {
                let rest = rest[1..].strip_prefix(b"/").unwrap_or(&rest[1..]);
                (0..=p.len()).any(|i| go(rest, &p[i..]))
            }
            Some((b'*', rest)) => {
                let mut i = 0;
                loop {
                    if go(rest, &p[i..]) {
                        return true;
                    }
                    if i == p.len() || p[i] == b'/' {
                        return false;
                    }
                    i += 1;
                }
            }
            Some((b'?', rest)) => !p.is_empty() && p[0] != b'/' && go(rest, &p[1..]),
            Some((c, rest)) => p.first() == Some(c) && go(rest, &p[1..]),
        }
    }
    go(glob.trim_start_matches("./").as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(asset_folders: bool) -> SiteConfig {
        SiteConfig {
            post_asset_folder: asset_folders,
            skip_render: vec!["README.md".into(), "demo/**".into()],
            ..SiteConfig::default()
        }
    }

    #[test]
    fn files_are_what_hexo_makes_of_them() {
        let posts = |folder: &str| {
            (folder == "_posts/2020/hello").then(|| "_posts/2020/hello.md".to_owned())
        };
        let c = config(true);
        let part = |p: &str| classify(&c, p, &posts);
        assert_eq!(part("_posts/2020/hello.md"), Some(Part::Post));
        assert_eq!(
            part("_posts/old.html"),
            Some(Part::Asset { owner: None }),
            "with asset folders, only `.md` files are posts"
        );
        assert_eq!(
            classify(&config(false), "_posts/old.html", &posts),
            Some(Part::Post)
        );
        assert_eq!(part("_drafts/idea.md"), Some(Part::Draft));
        assert_eq!(part("about/index.md"), Some(Part::Page));
        assert_eq!(part("links.html"), Some(Part::Page));
        assert_eq!(
            part("_posts/2020/hello/diagram.png"),
            Some(Part::Asset {
                owner: Some("_posts/2020/hello.md".into())
            })
        );
        assert_eq!(
            part("_posts/elsewhere/x.png"),
            Some(Part::Asset { owner: None })
        );
        assert_eq!(part("images/a.png"), Some(Part::Asset { owner: None }));
        assert_eq!(
            part("README.md"),
            Some(Part::Asset { owner: None }),
            "skip_render"
        );
        assert_eq!(part("demo/x/index.html"), Some(Part::Asset { owner: None }));
        for hidden in [
            "_data/menu.yml",
            ".git/config",
            "_posts/_x.md",
            "a/.DS_Store",
            "notes.md~",
        ] {
            assert_eq!(part(hidden), None, "{hidden}");
        }
        let without = config(false);
        assert_eq!(
            classify(&without, "_posts/2020/hello/diagram.png", &posts),
            Some(Part::Asset { owner: None })
        );
    }

    #[test]
    fn an_assets_name_is_its_path_in_the_folder() {
        let file = SiteFile {
            site: Arc::new(Site {
                config: SiteConfig::default(),
                name: "blog".into(),
            }),
            path: "_posts/2020/hello/img/a.png".into(),
            part: Part::Asset {
                owner: Some("_posts/2020/hello.md".into()),
            },
        };
        assert_eq!(file.asset_name(), Some("img/a.png"));
    }

    #[test]
    fn globs_as_skip_render_writes_them() {
        assert!(glob_match("README.md", "README.md"));
        assert!(!glob_match("README.md", "a/README.md"));
        assert!(glob_match("*.html", "google.html"));
        assert!(!glob_match("*.html", "a/google.html"));
        assert!(glob_match("demo/**", "demo/a/b.html"));
        assert!(glob_match("**/*.md", "a/b/c.md"));
        assert!(glob_match("a?c.md", "abc.md"));
    }
}
