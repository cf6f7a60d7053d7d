-- The listing trigger of 0006 updated every tag link right after its
-- insert, reading its article twice: a sixth of an import's article
-- writes, on the one thread SQLite writes with. The importer now inserts
-- a link with its article's status and date taken in the same statement;
-- the trigger fills them only for a link inserted without them (a date
-- is never NULL once filled: articles.date is NOT NULL).
DROP TRIGGER article_tags_listing_insert;
CREATE TRIGGER article_tags_listing_insert AFTER INSERT ON article_tags
WHEN NEW.article_date IS NULL BEGIN
    UPDATE article_tags SET
        live_status = (SELECT CASE WHEN a.deleted_at IS NULL THEN a.status END FROM articles a WHERE a.id = NEW.article_id),
        article_date = (SELECT a.date FROM articles a WHERE a.id = NEW.article_id)
     WHERE article_id = NEW.article_id AND tag_id = NEW.tag_id;
END;
