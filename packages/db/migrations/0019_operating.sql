CREATE TYPE "public"."import_format" AS ENUM('csv', 'xlsx');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('patients', 'appointments', 'services', 'practitioners', 'products');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('uploaded', 'checked', 'queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "import_error" (
	"organization_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"phase" text NOT NULL,
	"field" text,
	"message" text NOT NULL,
	"row" jsonb NOT NULL,
	CONSTRAINT "import_error_pkey" PRIMARY KEY("organization_id","import_id","phase","line"),
	CONSTRAINT "import_error_phase" CHECK ("import_error"."phase" in ('check', 'commit'))
);
--> statement-breakpoint
CREATE TABLE "import_job" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "import_kind" NOT NULL,
	"status" "import_status" DEFAULT 'uploaded' NOT NULL,
	"format" "import_format" NOT NULL,
	"file_id" uuid NOT NULL,
	"columns" text[] NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_rows" integer DEFAULT 0 NOT NULL,
	"skipped_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"created_by" uuid,
	"checked_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_job_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "import_job_counts" CHECK ("import_job"."total_rows" >= 0 and "import_job"."processed_rows" between 0 and "import_job"."total_rows"
        and "import_job"."created_rows" >= 0 and "import_job"."skipped_rows" >= 0 and "import_job"."error_rows" >= 0)
);
--> statement-breakpoint
CREATE TABLE "import_mapping" (
	"organization_id" uuid NOT NULL,
	"kind" "import_kind" NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mapping_pkey" PRIMARY KEY("organization_id","kind")
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "import_error" ADD CONSTRAINT "import_error_import_fk" FOREIGN KEY ("organization_id","import_id") REFERENCES "public"."import_job"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_job" ADD CONSTRAINT "import_job_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_job" ADD CONSTRAINT "import_job_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_job" ADD CONSTRAINT "import_job_file_fk" FOREIGN KEY ("organization_id","file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mapping" ADD CONSTRAINT "import_mapping_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_job_organization_id_created_at_index" ON "import_job" USING btree ("organization_id","created_at");--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_suspension" CHECK (("organization"."suspended_at" is null) = ("organization"."suspension_reason" is null));