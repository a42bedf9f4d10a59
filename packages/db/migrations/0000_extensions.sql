-- Extensions come first: the booking exclusion constraint needs btree_gist,
-- fuzzy search needs pg_trgm.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
