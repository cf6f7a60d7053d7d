-- Each user's language and time zone (issue 15), chosen on the account
-- page. NULL: the browser's Accept-Language (else FOLIO_ADMIN_LANG), and
-- FOLIO_TIMEZONE.
ALTER TABLE users ADD COLUMN lang TEXT;
ALTER TABLE users ADD COLUMN time_zone TEXT;
