-- The public site lists published articles newest first by the date they
-- were last issued: a republish sets `updated`, and the article comes back
-- to the top of the home page and the feeds (SPEC); `date` stays the
-- original. Without this index every list and feed sorted all published
-- articles (100,000 at the scale folio is measured at).
CREATE INDEX articles_published_shown ON articles (coalesce(updated, date) DESC, id DESC)
    WHERE status = 'published' AND deleted_at IS NULL;
