-- The media library at 100,000 images (issue 17): its filters and search
-- read indexes, not every row.

-- How many articles use each image, kept by triggers: the "unused" filter
-- is an index range, and the grid reads a column rather than counting.
ALTER TABLE media ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;
UPDATE media SET uses = (SELECT count(*) FROM article_media am WHERE am.hash = media.hash);
CREATE TRIGGER article_media_counted AFTER INSERT ON article_media BEGIN
    UPDATE media SET uses = uses + 1 WHERE hash = NEW.hash;
END;
CREATE TRIGGER article_media_uncounted AFTER DELETE ON article_media BEGIN
    UPDATE media SET uses = uses - 1 WHERE hash = OLD.hash;
END;
-- An image may come after the articles that show it (migration 0019):
-- `db::media::insert` counts its links when it records it. (Not a trigger
-- on media: SQLite 3.50 then failed an insert into media with "no such
-- table: media" on a connection an import had used.)
CREATE INDEX media_unused ON media (created_at DESC) WHERE uses = 0;

-- Search by part of a file name or an origin address: a trigram index of
-- both, its rows tied to the images by a number of their own (`seq`; the
-- media table has no rowid), so a change finds its row at once.
ALTER TABLE media ADD COLUMN seq INTEGER;
UPDATE media SET seq = numbered.n
    FROM (SELECT hash, row_number() OVER (ORDER BY created_at, hash) AS n FROM media) AS numbered
    WHERE numbered.hash = media.hash;
CREATE UNIQUE INDEX media_seq ON media (seq);
CREATE VIRTUAL TABLE media_fts USING fts5 (name, content = '', contentless_delete = 1, tokenize = 'trigram');
INSERT INTO media_fts (rowid, name)
    SELECT seq, coalesce(file_name, '') || ' ' || coalesce(original_url, '') FROM media;
-- A new image is numbered and indexed by `db::media::insert`, for the
-- reason above.
CREATE TRIGGER media_renamed AFTER UPDATE OF file_name, original_url ON media BEGIN
    DELETE FROM media_fts WHERE rowid = OLD.seq;
    INSERT INTO media_fts (rowid, name)
        VALUES (NEW.seq, coalesce(NEW.file_name, '') || ' ' || coalesce(NEW.original_url, ''));
END;
CREATE TRIGGER media_forgotten AFTER DELETE ON media BEGIN
    DELETE FROM media_fts WHERE rowid = OLD.seq;
END;
