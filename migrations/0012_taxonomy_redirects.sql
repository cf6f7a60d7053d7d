-- The public URLs of renamed, moved and merged tags and categories keep
-- working: each old address answers 301 with the current one (issue 15).
-- A category's address is its path of slugs, joined by '/'. Deleting the
-- tag or category a redirect leads to deletes the redirect.
CREATE TABLE tag_redirects (
    old_slug   TEXT    PRIMARY KEY,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX tag_redirects_tag ON tag_redirects (tag_id);

CREATE TABLE category_redirects (
    old_path    TEXT    PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX category_redirects_category ON category_redirects (category_id);
