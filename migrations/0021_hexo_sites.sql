-- Whole Hexo sites (issue 18).
--
-- An article is a post or a page. A page (a Hexo site's `source/about/
-- index.md`) has its own public path and no place in the lists, feeds,
-- tag, category and archive pages. Only an import of a site sets these
-- columns; the editor's saves leave them as they are.
ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'post'
    CHECK (kind IN ('post', 'page'));
-- The file it came from, relative to the site's `source/` folder
-- (`_posts/2020/hello.md`, `about/index.md`): where its Hexo export puts
-- it back, and what Hexo's `:title` was made of.
ALTER TABLE articles ADD COLUMN source_path TEXT;
-- A page's public path (`/about/`), where folio serves it.
ALTER TABLE articles ADD COLUMN page_path TEXT;
CREATE UNIQUE INDEX articles_page_path ON articles (page_path) WHERE page_path IS NOT NULL;
CREATE INDEX articles_pages ON articles (id) WHERE kind = 'page';

-- The public lists read this index with the same condition: pages are
-- not among what they list.
DROP INDEX articles_published_shown;
CREATE INDEX articles_published_shown ON articles (coalesce(updated, date) DESC, id DESC)
    WHERE status = 'published' AND deleted_at IS NULL AND kind = 'post';

-- The addresses an imported site had, answered with 301 to what is now
-- there: a post's or page's old permalink, a tag's, a category's, an
-- archive's, an image's. `path` is the URL path as Hexo wrote it,
-- percent-decoded (`/2020/01/02/你好/`). Exactly one target: an article,
-- a tag, a category, an image (by hash), or a fixed folio location
-- (`/archives?year=2020`).
CREATE TABLE legacy_paths (
    path        TEXT    PRIMARY KEY,
    article_id  INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    tag_id      INTEGER REFERENCES tags (id) ON DELETE CASCADE,
    category_id INTEGER REFERENCES categories (id) ON DELETE CASCADE,
    media_hash  TEXT,
    location    TEXT,
    created_at  INTEGER NOT NULL,
    CHECK ((article_id IS NOT NULL) + (tag_id IS NOT NULL) + (category_id IS NOT NULL)
           + (media_hash IS NOT NULL) + (location IS NOT NULL) = 1)
) STRICT, WITHOUT ROWID;
CREATE INDEX legacy_paths_article ON legacy_paths (article_id) WHERE article_id IS NOT NULL;

-- The files of a post's asset folder (`post_asset_folder: true`), by the
-- name its body gives them (`{% asset_img diagram.png %}`, `![](diagram.png)`):
-- rendering points those names at the media library's copies.
CREATE TABLE article_assets (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    PRIMARY KEY (article_id, name)
) STRICT, WITHOUT ROWID;
