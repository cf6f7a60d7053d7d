-- Runs that brought images home from the web (issue 17), each with its
-- per-image report (JSON: fetched, already had, failed and why), kept so
-- that the admin can show it after the run and after a restart. A run
-- without `finished_at` is under way (or was cut short by a stop).
CREATE TABLE media_fetch_runs (
    id          INTEGER PRIMARY KEY,
    started_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    report      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(report))
);
