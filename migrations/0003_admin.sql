-- The admin UI's login throttle: failed logins counted per key
-- (`account:<email>` and `ip:<address>`), kept in the database rather than
-- in memory so a restart does not reset it and `folio user passwd` (another
-- process) can lift it.
CREATE TABLE login_throttle (
    key          TEXT    PRIMARY KEY,
    -- Failures since window_start; the window is 15 minutes.
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    -- While in the future, logins for this key answer 429.
    locked_until INTEGER
) STRICT, WITHOUT ROWID;

-- The session lookup on every admin request reads by token hash (UNIQUE
-- already indexes it); expired sessions are swept by last_seen_at.
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
-- Trash listing and the dashboard's recent edits.
CREATE INDEX articles_deleted ON articles (deleted_at) WHERE deleted_at IS NOT NULL;
-- The admin list pages live articles newest first, optionally by status:
-- partial indexes holding only live rows let a deep page (OFFSET 50,000)
-- skip along the index without reading the rows it passes.
CREATE INDEX articles_live_date ON articles (date DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_live_status_date ON articles (status, date DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_live_modified ON articles (modified_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Article counts by status, live and trashed, kept by triggers: the admin
-- list's total and the dashboard read one row instead of counting 100,000
-- index entries (30 ms) on every page view.
CREATE TABLE article_counts (
    status  TEXT    PRIMARY KEY,
    live    INTEGER NOT NULL,
    trashed INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO article_counts (status, live, trashed)
SELECT s.column1,
       (SELECT count(*) FROM articles WHERE status = s.column1 AND deleted_at IS NULL),
       (SELECT count(*) FROM articles WHERE status = s.column1 AND deleted_at IS NOT NULL)
FROM (VALUES ('draft'), ('published'), ('scheduled'), ('unpublished')) AS s;

CREATE TRIGGER article_counts_insert AFTER INSERT ON articles BEGIN
    UPDATE article_counts SET live = live + (NEW.deleted_at IS NULL),
                              trashed = trashed + (NEW.deleted_at IS NOT NULL)
     WHERE status = NEW.status;
END;
CREATE TRIGGER article_counts_delete AFTER DELETE ON articles BEGIN
    UPDATE article_counts SET live = live - (OLD.deleted_at IS NULL),
                              trashed = trashed - (OLD.deleted_at IS NOT NULL)
     WHERE status = OLD.status;
END;
CREATE TRIGGER article_counts_update AFTER UPDATE OF status, deleted_at ON articles
WHEN OLD.status IS NOT NEW.status OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
    UPDATE article_counts SET live = live - (OLD.deleted_at IS NULL),
                              trashed = trashed - (OLD.deleted_at IS NOT NULL)
     WHERE status = OLD.status;
    UPDATE article_counts SET live = live + (NEW.deleted_at IS NULL),
                              trashed = trashed + (NEW.deleted_at IS NOT NULL)
     WHERE status = NEW.status;
END;

-- The list's author filter offers the distinct credits: a walk from one
-- to the next along this index, not a scan of every article.
CREATE INDEX articles_live_author ON articles (author) WHERE deleted_at IS NULL AND author IS NOT NULL;

-- FTS5 merges index segments inside the commit that crosses its threshold:
-- one editor's save in fifty took 40 ms instead of 4. Merging is done in
-- small steps by the server's background task instead (scheduler.rs);
-- bulk imports still merge when a level fills up (FTS5's crisis merge).
INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 0);

-- A number that moves with every change of what pages show (articles,
-- tags, categories), from any process: the server's caches of ranked
-- searches and of the filters' choices are valid while it stands still.
-- Maintenance writes (index merges, checkpoints, sessions) leave it alone.
CREATE TABLE content_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;
INSERT INTO content_generation (id, value) VALUES (1, 0);
CREATE TRIGGER content_generation_articles_insert AFTER INSERT ON articles BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_articles_update AFTER UPDATE ON articles BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_articles_delete AFTER DELETE ON articles BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_tags_insert AFTER INSERT ON tags BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_tags_update AFTER UPDATE ON tags BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_tags_delete AFTER DELETE ON tags BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_categories_insert AFTER INSERT ON categories BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_categories_update AFTER UPDATE ON categories BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER content_generation_categories_delete AFTER DELETE ON categories BEGIN
    UPDATE content_generation SET value = value + 1 WHERE id = 1;
END;
