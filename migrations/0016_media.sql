-- Media (issue 17): images kept by folio, named by the SHA-256 of their
-- bytes (hex), so the same image is stored once. The bytes live in the media
-- store (a folder, or S3-compatible storage), not here.
CREATE TABLE media (
    hash         TEXT    PRIMARY KEY CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    mime         TEXT    NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/gif', 'image/webp')),
    bytes        INTEGER NOT NULL CHECK (bytes > 0),
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    -- The name it was uploaded with, or the last part of its original URL.
    file_name    TEXT,
    -- Where it was fetched from, when it was brought home.
    original_url TEXT,
    created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX media_created ON media (created_at DESC);
CREATE INDEX media_original_url ON media (original_url) WHERE original_url IS NOT NULL;

-- Which articles use which images: kept up to date on every save and import.
CREATE TABLE article_media (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    hash       TEXT    NOT NULL REFERENCES media(hash),
    PRIMARY KEY (article_id, hash)
) WITHOUT ROWID;

CREATE INDEX article_media_hash ON article_media (hash);
