-- An article's link to an image is recorded from its text alone, whether
-- or not folio has the image yet (issue 17): an import may bring a post
-- before the image file it shows (a zip lists source/_posts before
-- source/images), and the link must be there when the image comes, or the
-- library would call the image unused. The library and the pages join
-- links with `media`, so a link to an image folio lacks shows nowhere.
CREATE TABLE article_media_new (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    hash       TEXT    NOT NULL CHECK (length(hash) = 64),
    PRIMARY KEY (article_id, hash)
) WITHOUT ROWID;
INSERT INTO article_media_new SELECT article_id, hash FROM article_media;
DROP TABLE article_media;
ALTER TABLE article_media_new RENAME TO article_media;
CREATE INDEX article_media_hash ON article_media (hash);
