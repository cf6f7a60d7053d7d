-- The version of the tokens the full-text index holds (search::INDEX_VERSION).
-- Version 1: as written; version 2 folds Simplified and variant Han
-- characters to one form and full-width Latin to ASCII (issue 15). folio
-- rebuilds an index older than its own when it opens the database.
CREATE TABLE search_index_version (version INTEGER NOT NULL) STRICT;
INSERT INTO search_index_version (version) VALUES (1);
