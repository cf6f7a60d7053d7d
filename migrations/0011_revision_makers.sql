-- Who made each version, and when (issue 15). Until now a revision row
-- held the state a save replaced, stamped with the user and time of that
-- save: the history showed each version with its successor's editor (the
-- imported version with the first editor's name). Now the article row
-- keeps who made its current version (`modified_by`; NULL: an import or
-- the scheduler), and a revision keeps the maker and time of the version
-- it holds.
ALTER TABLE articles ADD COLUMN modified_by INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- The current version was made by the save that replaced the version
-- before it.
UPDATE articles SET modified_by = (
    SELECT r.saved_by FROM article_revisions r
    WHERE r.article_id = articles.id AND r.version = articles.version - 1
);

-- Each revision takes the stamp of the revision before it; the first
-- version was made when the article was.
CREATE TEMP TABLE revision_makers AS
    SELECT r.id AS id, p.saved_by AS made_by, coalesce(p.saved_at, a.created_at) AS made_at
    FROM article_revisions r
    JOIN articles a ON a.id = r.article_id
    LEFT JOIN article_revisions p ON p.article_id = r.article_id AND p.version = r.version - 1;
UPDATE article_revisions SET
    saved_by = (SELECT made_by FROM revision_makers m WHERE m.id = article_revisions.id),
    saved_at = (SELECT made_at FROM revision_makers m WHERE m.id = article_revisions.id);
DROP TABLE revision_makers;
