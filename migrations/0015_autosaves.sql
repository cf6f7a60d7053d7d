-- Each editor's autosaved form for an article (issue 16): one slot per user
-- and article (article_id 0: a new article), replaced every 30 s of typing,
-- cleared by a save. Not a revision: nothing is published or versioned.
-- `fields` is the form as JSON (name → value), at most the editor form's size.
CREATE TABLE autosaves (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL DEFAULT 0,
    fields     TEXT    NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, article_id)
) WITHOUT ROWID;
