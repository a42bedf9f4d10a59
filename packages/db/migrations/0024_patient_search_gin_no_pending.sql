-- Turned off in place (no rebuild); the pending list left from before is merged now.
ALTER INDEX "patient_search_gin_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('patient_search_gin_idx');
