DROP INDEX "product_search_trgm_idx";--> statement-breakpoint
CREATE INDEX "product_org_name_prefix_idx" ON "product" USING btree ("organization_id",(lower("name") collate "C"));--> statement-breakpoint
CREATE INDEX "product_search_trgm_idx" ON "product" USING gin ("organization_id","search_text" gin_trgm_ops) WITH (fastupdate=false);