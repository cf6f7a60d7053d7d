-- The message the next admin page shows once ("已发布", "3 篇文章已移到回收站"),
-- kept with the session that caused it (issue 15). JSON: {"kind", "text"}.
ALTER TABLE sessions ADD COLUMN flash TEXT;
