-- folio's whole schema. Later features (admin UI, machine endpoints, public
-- site) build on these tables, so they are designed together here.
--
-- Conventions:
--   * times are INTEGER unix seconds, UTC: they sort and compare as numbers and
--     need no parsing in SQL; Rust converts them to RFC 3339 at the edges;
--   * tables are STRICT so a wrong type is an error, not a silent coercion;
--   * booleans are INTEGER 0/1 with a CHECK.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    display_name  TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'author')),
    -- argon2id PHC string; never exported.
    password_hash TEXT    NOT NULL,
    disabled_at   INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

-- Server-side sessions. Only a SHA-256 of the cookie's token is stored, so a
-- copy of the database cannot be used to log in.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip           TEXT,
    user_agent   TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

-- API tokens for machines: shown once, only a hash kept, revocable.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    token_hash   BLOB    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE articles (
    -- Small columns first, the large texts last: SQLite reads a row's
    -- columns in order and follows a linked chain of overflow pages to
    -- reach any that lie past the first page, so a filter on a column
    -- declared after 30 KB of text would read the whole row.
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    status        TEXT    NOT NULL
                  CHECK (status IN ('draft', 'published', 'scheduled', 'unpublished')),
    -- Hexo's `date`: the original publication date, kept across republishing.
    date          INTEGER NOT NULL,
    -- Hexo's `updated`: set by a republish; NULL until the post has one.
    updated       INTEGER,
    -- When folio last made it public; NULL for never-published articles.
    published_at  INTEGER,
    -- For status 'scheduled': when the scheduler publishes it.
    scheduled_at  INTEGER,
    -- Set when the scheduler published it after its time (server was down).
    published_late INTEGER NOT NULL DEFAULT 0 CHECK (published_late IN (0, 1)),
    -- Front-matter `author`: a credit (often the source site), not a user.
    author        TEXT,
    -- The folio user who owns the article (authors edit only their own).
    owner_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    headimg       TEXT,
    thumbnail     TEXT,
    comments      INTEGER CHECK (comments IN (0, 1)),
    permalink     TEXT,
    -- Optimistic concurrency: every save must name the version it edited.
    version       INTEGER NOT NULL DEFAULT 1,
    -- Soft delete (the trash); NULL while live.
    deleted_at    INTEGER,
    created_at    INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL,
    front_matter_format TEXT NOT NULL CHECK (front_matter_format IN ('yaml', 'json')),
    -- SHA-256 of the article's content as last imported (see
    -- NewArticle::content_hash); an import of the same content is reported
    -- `unchanged`, and an export writes the original file. Cleared by an edit.
    source_hash   BLOB,
    -- Front-matter `excerpt`, as written.
    excerpt_source TEXT,
    -- Front-matter keys folio does not model, as a JSON object in file order.
    extra         TEXT    NOT NULL DEFAULT '{}',
    -- The lossless source. `front_matter` is the file's text before the body,
    -- byte for byte (leading blank lines, both separators, the raw YAML or
    -- JSON between them); `body` is everything after, LF line endings.
    front_matter  TEXT    NOT NULL,
    -- Derived from `body`, never edited directly. The plain text is not kept
    -- here: it is in the search index, and re-derived from body_html for the
    -- few snippets a results page shows (a fifth less to write on import).
    excerpt_html  TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    body          TEXT    NOT NULL
) STRICT;
CREATE INDEX articles_status_date ON articles (status, date DESC);
CREATE INDEX articles_date ON articles (date DESC);
CREATE INDEX articles_modified ON articles (modified_at DESC);
CREATE INDEX articles_scheduled ON articles (scheduled_at) WHERE status = 'scheduled';
CREATE INDEX articles_owner ON articles (owner_id);

-- Full-text index: the plain text for search. Contentless (the text is
-- derived again from body_html where a snippet needs it), keyed by article
-- id. folio tokenises before inserting (see src/search.rs): `title` and
-- `body` hold CJK runs as overlapping bigrams, so a query of two or more
-- characters is one token or a phrase of rare ones; `title_chars` and
-- `body_chars` hold each distinct CJK character once, for one-character
-- queries. trigram cannot match below three characters; single characters
-- as tokens make every query a slow phrase of common ones.
CREATE VIRTUAL TABLE article_fts USING fts5 (
    title,
    body,
    title_chars,
    body_chars,
    content = '',
    contentless_delete = 1,
    -- folio splits and case-folds (search::index_text); ascii only cuts.
    tokenize = 'ascii'
);
-- Per-token document counts, to price a query before ranking it: FTS5's
-- bm25() counts every match of every phrase to weigh it.
CREATE VIRTUAL TABLE article_fts_vocab USING fts5vocab (article_fts, 'row');

-- Past states of an article, whole: fields, tags, categories, slug and
-- front matter as a JSON document. The current state is the article row;
-- a save first copies the state it replaces here.
CREATE TABLE article_revisions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    snapshot    TEXT    NOT NULL,
    saved_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    saved_at    INTEGER NOT NULL,
    UNIQUE (article_id, version)
) STRICT;

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL COLLATE NOCASE UNIQUE,
    slug  TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    -- Order as written in the front matter, for a faithful round trip.
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

-- Categories form a tree; a category path (新媒体 > 高科技行业门户 > 新闻) is
-- identified by its leaf.
CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES categories (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    slug      TEXT NOT NULL
) STRICT;
-- A NULL parent would not collide in a plain UNIQUE constraint.
CREATE UNIQUE INDEX categories_parent_name ON categories (ifnull(parent_id, 0), name);

CREATE TABLE article_categories (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (article_id, category_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_categories_category ON article_categories (category_id, article_id);

-- Old slugs answer with a redirect to the article's current one.
CREATE TABLE slug_redirects (
    old_slug   TEXT    PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Who did what when. `actor` is kept as text so the trail survives the
-- user's deletion.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    user_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor    TEXT    NOT NULL,
    action   TEXT    NOT NULL,
    target   TEXT,
    detail   TEXT    NOT NULL DEFAULT '{}',
    ip       TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at DESC);

-- Every import, from the command line or HTTP. A run left 'running' by a
-- killed process is marked failed at the next start.
CREATE TABLE import_runs (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    origin      TEXT    NOT NULL CHECK (origin IN ('cli', 'http')),
    state       TEXT    NOT NULL CHECK (state IN ('running', 'finished', 'failed')),
    dry_run     INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
    atomic      INTEGER NOT NULL CHECK (atomic IN (0, 1)),
    on_conflict TEXT    NOT NULL CHECK (on_conflict IN ('skip', 'update', 'fail')),
    total       INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    -- The summary counts, then the whole report, as JSON, once finished.
    summary     TEXT,
    report      TEXT,
    error       TEXT,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;
CREATE INDEX import_runs_started ON import_runs (started_at DESC);
