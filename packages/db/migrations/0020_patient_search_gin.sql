DROP INDEX "patient_search_trgm_idx";--> statement-breakpoint
CREATE INDEX "patient_search_gin_idx" ON "patient" USING gin ("organization_id","search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "patient_search_trgm_idx" ON "patient" USING gist ("organization_id","search_text" gist_trgm_ops(siglen=256));