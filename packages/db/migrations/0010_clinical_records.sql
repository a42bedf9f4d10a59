CREATE TYPE "public"."tooth_numbering" AS ENUM('universal', 'fdi');--> statement-breakpoint
CREATE TYPE "public"."consultation_status" AS ENUM('draft', 'signed');--> statement-breakpoint
CREATE TYPE "public"."ledger_entry_kind" AS ENUM('charge', 'payment', 'adjustment', 'refund');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('cash', 'card_terminal', 'bank_transfer', 'cheque', 'stripe', 'razorpay', 'fawry');--> statement-breakpoint
CREATE TYPE "public"."tooth_condition_kind" AS ENUM('caries', 'missing', 'crown', 'implant', 'root_canal', 'filling', 'fracture', 'bridge', 'veneer', 'sealant', 'impacted', 'abscess', 'mobility');--> statement-breakpoint
CREATE TYPE "public"."treatment_plan_status" AS ENUM('draft', 'proposed', 'accepted', 'declined');--> statement-breakpoint
CREATE TYPE "public"."treatment_status" AS ENUM('planned', 'in_progress', 'completed', 'existing');--> statement-breakpoint
ALTER TYPE "public"."action_token_purpose" ADD VALUE 'form_request';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'form_request';--> statement-breakpoint
CREATE TABLE "consultation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"appointment_id" uuid,
	"practitioner_id" uuid,
	"author_user_id" uuid,
	"status" "consultation_status" DEFAULT 'draft' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"subjective" text,
	"objective" text,
	"assessment" text,
	"plan" text,
	"systolic_mm_hg" smallint,
	"diastolic_mm_hg" smallint,
	"pulse_bpm" smallint,
	"temperature_c" numeric(4, 1),
	"respiratory_rate" smallint,
	"oxygen_saturation" smallint,
	"weight_kg" numeric(5, 1),
	"height_cm" numeric(4, 1),
	"bmi" numeric(4, 1) GENERATED ALWAYS AS (round("consultation"."weight_kg" / (("consultation"."height_cm" / 100.0) * ("consultation"."height_cm" / 100.0)), 1)) STORED,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "consultation_signed_state" CHECK (("consultation"."status" = 'signed') = ("consultation"."signed_at" is not null)),
	CONSTRAINT "consultation_vitals_range" CHECK (("consultation"."systolic_mm_hg" is null or "consultation"."systolic_mm_hg" between 40 and 300)
        and ("consultation"."diastolic_mm_hg" is null or "consultation"."diastolic_mm_hg" between 20 and 200)
        and ("consultation"."pulse_bpm" is null or "consultation"."pulse_bpm" between 20 and 300)
        and ("consultation"."temperature_c" is null or "consultation"."temperature_c" between 25 and 45)
        and ("consultation"."respiratory_rate" is null or "consultation"."respiratory_rate" between 4 and 80)
        and ("consultation"."oxygen_saturation" is null or "consultation"."oxygen_saturation" between 50 and 100)
        and ("consultation"."weight_kg" is null or "consultation"."weight_kg" between 0.3 and 500)
        and ("consultation"."height_cm" is null or "consultation"."height_cm" between 20 and 260))
);
--> statement-breakpoint
CREATE TABLE "consultation_addendum" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"author_user_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_document" (
	"organization_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "diagnosis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"description" text NOT NULL,
	"code" text,
	"code_system" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prescription" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"drug" text NOT NULL,
	"strength" text,
	"dose" text NOT NULL,
	"frequency" text NOT NULL,
	"duration" text,
	"instructions" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"user_id" uuid,
	"kind" text NOT NULL,
	"entity_id" uuid,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" "ledger_entry_kind" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"method" "payment_method",
	"treatment_id" uuid,
	"reverses_entry_id" uuid,
	"description" text NOT NULL,
	"reference" text,
	"effective_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entry_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "ledger_entry_currency" CHECK ("ledger_entry"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "ledger_entry_sign" CHECK ("ledger_entry"."amount_minor" <> 0 and ("ledger_entry"."reverses_entry_id" is not null
        or ("ledger_entry"."kind" = 'charge' and "ledger_entry"."amount_minor" > 0)
        or ("ledger_entry"."kind" = 'payment' and "ledger_entry"."amount_minor" < 0)
        or ("ledger_entry"."kind" = 'refund' and "ledger_entry"."amount_minor" > 0)
        or "ledger_entry"."kind" = 'adjustment')),
	CONSTRAINT "ledger_entry_method" CHECK (("ledger_entry"."method" is not null) = ("ledger_entry"."kind" in ('payment', 'refund')))
);
--> statement-breakpoint
CREATE TABLE "tooth_condition" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"tooth" text NOT NULL,
	"surfaces" text[] DEFAULT '{}'::text[] NOT NULL,
	"condition" "tooth_condition_kind" NOT NULL,
	"notes" text,
	"noted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"noted_by" uuid,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "tooth_condition_tooth" CHECK ("tooth_condition"."tooth" ~ '^([1-9]|[12][0-9]|3[0-2]|[A-T])$'),
	CONSTRAINT "tooth_condition_surfaces" CHECK ("tooth_condition"."surfaces" <@ array['M','O','I','D','B','F','L']::text[])
);
--> statement-breakpoint
CREATE TABLE "treatment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"tooth" text,
	"surfaces" text[] DEFAULT '{}'::text[] NOT NULL,
	"service_id" uuid,
	"description" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"status" "treatment_status" DEFAULT 'planned' NOT NULL,
	"performed_on" date,
	"practitioner_id" uuid,
	"plan_id" uuid,
	"notes" text,
	"created_by" uuid,
	"completed_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "treatment_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "treatment_tooth" CHECK ("treatment"."tooth" ~ '^([1-9]|[12][0-9]|3[0-2]|[A-T])$'),
	CONSTRAINT "treatment_surfaces" CHECK ("treatment"."surfaces" <@ array['M','O','I','D','B','F','L']::text[]),
	CONSTRAINT "treatment_money" CHECK ("treatment"."price_minor" >= 0 and "treatment"."discount_minor" >= 0 and "treatment"."discount_minor" <= "treatment"."price_minor")
);
--> statement-breakpoint
CREATE TABLE "treatment_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"status" "treatment_plan_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "treatment_plan_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "form_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"questionnaire_version_id" uuid NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"sent_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"birth_date_failures" smallint DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "form_request_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "form_submission" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"form_request_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"questionnaire_version_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"answers" jsonb NOT NULL,
	"date_of_birth" date NOT NULL,
	"signature_file_id" uuid NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"alerts" text[] DEFAULT '{}'::text[] NOT NULL,
	"pdf_file_id" uuid NOT NULL,
	"pdf_sha256" text NOT NULL,
	"document_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaire" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"current_version" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaire_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "questionnaire_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"questionnaire_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"questions" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaire_version_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "logo_file_id" uuid;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "tooth_numbering" "tooth_numbering" DEFAULT 'universal' NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "chart_primary_teeth" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "action_token" ADD COLUMN "form_request_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "patient_id" uuid;--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_author_user_id_user_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_signed_by_user_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_appointment_fk" FOREIGN KEY ("organization_id","appointment_id") REFERENCES "public"."appointment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_practitioner_fk" FOREIGN KEY ("organization_id","practitioner_id") REFERENCES "public"."practitioner"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_addendum" ADD CONSTRAINT "consultation_addendum_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_addendum" ADD CONSTRAINT "consultation_addendum_author_user_id_user_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_addendum" ADD CONSTRAINT "consultation_addendum_consultation_fk" FOREIGN KEY ("organization_id","consultation_id") REFERENCES "public"."consultation"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_document" ADD CONSTRAINT "consultation_document_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_document" ADD CONSTRAINT "consultation_document_consultation_fk" FOREIGN KEY ("organization_id","consultation_id") REFERENCES "public"."consultation"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_document" ADD CONSTRAINT "consultation_document_document_fk" FOREIGN KEY ("organization_id","document_id") REFERENCES "public"."document"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnosis" ADD CONSTRAINT "diagnosis_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnosis" ADD CONSTRAINT "diagnosis_consultation_fk" FOREIGN KEY ("organization_id","consultation_id") REFERENCES "public"."consultation"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_consultation_fk" FOREIGN KEY ("organization_id","consultation_id") REFERENCES "public"."consultation"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_access" ADD CONSTRAINT "record_access_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_access" ADD CONSTRAINT "record_access_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_access" ADD CONSTRAINT "record_access_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_treatment_fk" FOREIGN KEY ("organization_id","treatment_id") REFERENCES "public"."treatment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_reverses_fk" FOREIGN KEY ("organization_id","reverses_entry_id") REFERENCES "public"."ledger_entry"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tooth_condition" ADD CONSTRAINT "tooth_condition_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tooth_condition" ADD CONSTRAINT "tooth_condition_noted_by_user_id_fk" FOREIGN KEY ("noted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tooth_condition" ADD CONSTRAINT "tooth_condition_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_service_fk" FOREIGN KEY ("organization_id","service_id") REFERENCES "public"."service"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_practitioner_fk" FOREIGN KEY ("organization_id","practitioner_id") REFERENCES "public"."practitioner"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment" ADD CONSTRAINT "treatment_plan_fk" FOREIGN KEY ("organization_id","plan_id") REFERENCES "public"."treatment_plan"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plan" ADD CONSTRAINT "treatment_plan_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plan" ADD CONSTRAINT "treatment_plan_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plan" ADD CONSTRAINT "treatment_plan_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plan" ADD CONSTRAINT "treatment_plan_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_request" ADD CONSTRAINT "form_request_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_request" ADD CONSTRAINT "form_request_sent_by_user_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_request" ADD CONSTRAINT "form_request_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_request" ADD CONSTRAINT "form_request_version_fk" FOREIGN KEY ("organization_id","questionnaire_version_id") REFERENCES "public"."questionnaire_version"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_request_fk" FOREIGN KEY ("organization_id","form_request_id") REFERENCES "public"."form_request"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_version_fk" FOREIGN KEY ("organization_id","questionnaire_version_id") REFERENCES "public"."questionnaire_version"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_signature_fk" FOREIGN KEY ("organization_id","signature_file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_pdf_fk" FOREIGN KEY ("organization_id","pdf_file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_submission" ADD CONSTRAINT "form_submission_document_fk" FOREIGN KEY ("organization_id","document_id") REFERENCES "public"."document"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire" ADD CONSTRAINT "questionnaire_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire" ADD CONSTRAINT "questionnaire_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_version" ADD CONSTRAINT "questionnaire_version_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_version" ADD CONSTRAINT "questionnaire_version_published_by_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_version" ADD CONSTRAINT "questionnaire_version_questionnaire_fk" FOREIGN KEY ("organization_id","questionnaire_id") REFERENCES "public"."questionnaire"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_org_appointment_key" ON "consultation" USING btree ("organization_id","appointment_id") WHERE "consultation"."appointment_id" is not null;--> statement-breakpoint
CREATE INDEX "consultation_org_patient_idx" ON "consultation" USING btree ("organization_id","patient_id","started_at");--> statement-breakpoint
CREATE INDEX "consultation_addendum_org_consultation_idx" ON "consultation_addendum" USING btree ("organization_id","consultation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_document_key" ON "consultation_document" USING btree ("organization_id","consultation_id","document_id");--> statement-breakpoint
CREATE INDEX "diagnosis_org_consultation_idx" ON "diagnosis" USING btree ("organization_id","consultation_id","position");--> statement-breakpoint
CREATE INDEX "prescription_org_consultation_idx" ON "prescription" USING btree ("organization_id","consultation_id","position");--> statement-breakpoint
CREATE INDEX "prescription_org_patient_idx" ON "prescription" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "record_access_org_patient_idx" ON "record_access" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_entry_org_patient_idx" ON "ledger_entry" USING btree ("organization_id","patient_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entry_org_reverses_key" ON "ledger_entry" USING btree ("organization_id","reverses_entry_id") WHERE "ledger_entry"."reverses_entry_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_entry_org_treatment_idx" ON "ledger_entry" USING btree ("organization_id","treatment_id") WHERE "ledger_entry"."treatment_id" is not null;--> statement-breakpoint
CREATE INDEX "tooth_condition_org_patient_idx" ON "tooth_condition" USING btree ("organization_id","patient_id","noted_at");--> statement-breakpoint
CREATE INDEX "treatment_org_patient_idx" ON "treatment" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "treatment_org_plan_idx" ON "treatment" USING btree ("organization_id","plan_id") WHERE "treatment"."plan_id" is not null;--> statement-breakpoint
CREATE INDEX "treatment_plan_org_patient_idx" ON "treatment_plan" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "form_request_org_patient_idx" ON "form_request" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "form_submission_org_request_key" ON "form_submission" USING btree ("organization_id","form_request_id");--> statement-breakpoint
CREATE INDEX "form_submission_org_patient_idx" ON "form_submission" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "questionnaire_org_title_idx" ON "questionnaire" USING btree ("organization_id","title");--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_version_org_number_key" ON "questionnaire_version" USING btree ("organization_id","questionnaire_id","version");--> statement-breakpoint
CREATE INDEX "audit_log_org_patient_idx" ON "audit_log" USING btree ("organization_id","patient_id","created_at") WHERE "audit_log"."patient_id" is not null;