CREATE TABLE "malware_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid,
	"source" text NOT NULL,
	"signature" text NOT NULL,
	"engine" text,
	"file_name" text NOT NULL,
	"purpose" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"file_id" uuid,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "malware_event_source_known" CHECK ("malware_event"."source" in ('upload', 'rescan'))
);
--> statement-breakpoint
ALTER TABLE "file" ADD COLUMN "status" text DEFAULT 'available' NOT NULL;--> statement-breakpoint
ALTER TABLE "file" ADD COLUMN "scanned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "file" ADD COLUMN "scan_engine" text;--> statement-breakpoint
ALTER TABLE "malware_event" ADD CONSTRAINT "malware_event_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "malware_event" ADD CONSTRAINT "malware_event_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "malware_event_organization_id_detected_at_index" ON "malware_event" USING btree ("organization_id","detected_at");--> statement-breakpoint
CREATE INDEX "file_quarantined_idx" ON "file" USING btree ("created_at") WHERE "file"."status" = 'quarantined';--> statement-breakpoint
ALTER TABLE "file" ADD CONSTRAINT "file_status_known" CHECK ("file"."status" in ('available', 'quarantined', 'infected'));