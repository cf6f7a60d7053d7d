-- A scheduled article has the time it publishes at (issue 16): the rule
-- `article_rules` applies on every surface, kept by the database too. The
-- JSON API used to accept `{"status":"scheduled"}` with no time, which
-- took the article offline for good (the scheduler never found it): such
-- an article becomes a draft.
UPDATE articles SET status = 'draft' WHERE status = 'scheduled' AND scheduled_at IS NULL;

CREATE TRIGGER articles_scheduled_needs_time_on_insert
BEFORE INSERT ON articles
WHEN NEW.status = 'scheduled' AND NEW.scheduled_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a scheduled article needs its scheduled_at');
END;

CREATE TRIGGER articles_scheduled_needs_time_on_update
BEFORE UPDATE OF status, scheduled_at ON articles
WHEN NEW.status = 'scheduled' AND NEW.scheduled_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a scheduled article needs its scheduled_at');
END;
