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
