-- Each image's smaller copies for the public pages' srcset (issue 17),
-- made in the background after it is kept: the list of those made
-- ("480.jpg 480.webp 960.jpg …"), empty when it gets none (a GIF, an
-- animated WebP, a small image), NULL while they are still to be made.
ALTER TABLE media ADD COLUMN derived TEXT;

CREATE INDEX media_to_derive ON media (created_at) WHERE derived IS NULL;
