CREATE TYPE "public"."document_kind" AS ENUM('medical_record', 'lab_result', 'imaging', 'id', 'insurance', 'other');--> statement-breakpoint
CREATE TYPE "public"."patient_sex" AS ENUM('female', 'male', 'other', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."resource_kind" AS ENUM('practitioner', 'room', 'equipment');--> statement-breakpoint
CREATE TABLE "file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"storage_key" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"original_name" text NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "file_storage_key" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" "document_kind" NOT NULL,
	"title" text NOT NULL,
	"document_date" date,
	"uploaded_by" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"mobile" text NOT NULL,
	"email" text,
	"date_of_birth" date,
	"sex" "patient_sex" DEFAULT 'unknown' NOT NULL,
	"address" text,
	"notes" text,
	"user_id" uuid,
	"archived_at" timestamp with time zone,
	"search_text" text GENERATED ALWAYS AS (lower("patient"."first_name" || ' ' || "patient"."last_name" || ' ' || "patient"."mobile" || ' ' || coalesce("patient"."email", ''))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "department" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "department_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "practitioner" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid,
	"department_id" uuid,
	"title" text,
	"name" text NOT NULL,
	"specialization" text,
	"email" text,
	"phone" text,
	"years_of_experience" integer,
	"bio" text,
	"photo_file_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practitioner_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "practitioner_experience_range" CHECK ("practitioner"."years_of_experience" between 0 and 80)
);
--> statement-breakpoint
CREATE TABLE "practitioner_certificate" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"issuer" text,
	"issued_on" date,
	"expires_on" date,
	"file_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "resource_kind" NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"practitioner_id" uuid,
	"department_id" uuid,
	"time_zone" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "resource_practitioner_link" CHECK (("resource"."kind" = 'practitioner') = ("resource"."practitioner_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "service" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"department_id" uuid,
	"name" text NOT NULL,
	"description" text,
	"duration_minutes" integer NOT NULL,
	"price_minor" integer NOT NULL,
	"colour" text NOT NULL,
	"buffer_before_minutes" integer DEFAULT 0 NOT NULL,
	"buffer_after_minutes" integer DEFAULT 0 NOT NULL,
	"min_notice_minutes" integer DEFAULT 0 NOT NULL,
	"horizon_days" integer DEFAULT 60 NOT NULL,
	"slot_interval_minutes" integer DEFAULT 15 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "service_duration_positive" CHECK ("service"."duration_minutes" between 1 and 1440),
	CONSTRAINT "service_price_non_negative" CHECK ("service"."price_minor" >= 0),
	CONSTRAINT "service_colour_hex" CHECK ("service"."colour" ~ '^#[0-9a-fA-F]{6}$'),
	CONSTRAINT "service_times_non_negative" CHECK ("service"."buffer_before_minutes" >= 0 and "service"."buffer_after_minutes" >= 0 and "service"."min_notice_minutes" >= 0 and "service"."horizon_days" >= 1 and "service"."slot_interval_minutes" >= 5)
);
--> statement-breakpoint
CREATE TABLE "service_requirement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"kind" "resource_kind" NOT NULL,
	"department_id" uuid,
	"category" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "file" ADD CONSTRAINT "file_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file" ADD CONSTRAINT "file_uploaded_by_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_uploaded_by_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_file_fk" FOREIGN KEY ("organization_id","file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient" ADD CONSTRAINT "patient_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient" ADD CONSTRAINT "patient_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department" ADD CONSTRAINT "department_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner" ADD CONSTRAINT "practitioner_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner" ADD CONSTRAINT "practitioner_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner" ADD CONSTRAINT "practitioner_department_fk" FOREIGN KEY ("organization_id","department_id") REFERENCES "public"."department"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner" ADD CONSTRAINT "practitioner_photo_fk" FOREIGN KEY ("organization_id","photo_file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner_certificate" ADD CONSTRAINT "practitioner_certificate_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner_certificate" ADD CONSTRAINT "certificate_practitioner_fk" FOREIGN KEY ("organization_id","practitioner_id") REFERENCES "public"."practitioner"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner_certificate" ADD CONSTRAINT "certificate_file_fk" FOREIGN KEY ("organization_id","file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource" ADD CONSTRAINT "resource_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource" ADD CONSTRAINT "resource_practitioner_fk" FOREIGN KEY ("organization_id","practitioner_id") REFERENCES "public"."practitioner"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource" ADD CONSTRAINT "resource_department_fk" FOREIGN KEY ("organization_id","department_id") REFERENCES "public"."department"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service" ADD CONSTRAINT "service_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service" ADD CONSTRAINT "service_department_fk" FOREIGN KEY ("organization_id","department_id") REFERENCES "public"."department"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requirement" ADD CONSTRAINT "service_requirement_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requirement" ADD CONSTRAINT "service_requirement_service_fk" FOREIGN KEY ("organization_id","service_id") REFERENCES "public"."service"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requirement" ADD CONSTRAINT "service_requirement_department_fk" FOREIGN KEY ("organization_id","department_id") REFERENCES "public"."department"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_organization_id_created_at_index" ON "file" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "document_organization_id_patient_id_created_at_index" ON "document" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_org_mobile_key" ON "patient" USING btree ("organization_id","mobile");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_org_user_key" ON "patient" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE INDEX "patient_org_name_idx" ON "patient" USING btree ("organization_id","last_name","first_name","id");--> statement-breakpoint
CREATE INDEX "patient_search_trgm_idx" ON "patient" USING gist ("organization_id","search_text" gist_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "department_org_name_key" ON "department" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "practitioner_org_user_key" ON "practitioner" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE INDEX "practitioner_organization_id_department_id_index" ON "practitioner" USING btree ("organization_id","department_id");--> statement-breakpoint
CREATE INDEX "practitioner_name_trgm_idx" ON "practitioner" USING gin ("organization_id","name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "practitioner_certificate_organization_id_practitioner_id_index" ON "practitioner_certificate" USING btree ("organization_id","practitioner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_practitioner_key" ON "resource" USING btree ("practitioner_id");--> statement-breakpoint
CREATE INDEX "resource_organization_id_kind_index" ON "resource" USING btree ("organization_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "service_org_name_key" ON "service" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE INDEX "service_requirement_organization_id_service_id_index" ON "service_requirement" USING btree ("organization_id","service_id");--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_country_iso" CHECK ("organization"."country" ~ '^[A-Z]{2}$');