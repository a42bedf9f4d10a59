CREATE TYPE "public"."appointment_kind" AS ENUM('in_person', 'video');--> statement-breakpoint
CREATE TYPE "public"."appointment_source" AS ENUM('staff', 'portal', 'public');--> statement-breakpoint
CREATE TYPE "public"."appointment_status" AS ENUM('held', 'pending', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show');--> statement-breakpoint
CREATE TABLE "appointment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid,
	"service_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" "appointment_status" NOT NULL,
	"kind" "appointment_kind" DEFAULT 'in_person' NOT NULL,
	"source" "appointment_source" NOT NULL,
	"notes" text,
	"cancellation_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"idempotency_key" text,
	"hold_expires_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "appointment_times" CHECK ("appointment"."starts_at" < "appointment"."ends_at"),
	CONSTRAINT "appointment_patient_unless_held" CHECK ("appointment"."status" = 'held' or "appointment"."patient_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "appointment_resource" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"during" "tstzrange" NOT NULL,
	"status" "appointment_status" NOT NULL,
	CONSTRAINT "appointment_resource_once" UNIQUE("appointment_id","resource_id")
);
--> statement-breakpoint
CREATE TABLE "schedule_exception" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"resource_id" uuid,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"closed" boolean DEFAULT true NOT NULL,
	"intervals" jsonb,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_exception_dates" CHECK ("schedule_exception"."starts_on" <= "schedule_exception"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "schedule_rule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_rule_weekday" CHECK ("schedule_rule"."weekday" between 1 and 7),
	CONSTRAINT "schedule_rule_times" CHECK ("schedule_rule"."start_time" < "schedule_rule"."end_time"),
	CONSTRAINT "schedule_rule_validity" CHECK ("schedule_rule"."valid_to" is null or "schedule_rule"."valid_from" is null or "schedule_rule"."valid_from" <= "schedule_rule"."valid_to")
);
--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_service_fk" FOREIGN KEY ("organization_id","service_id") REFERENCES "public"."service"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_resource" ADD CONSTRAINT "appointment_resource_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_resource" ADD CONSTRAINT "appointment_resource_appointment_fk" FOREIGN KEY ("organization_id","appointment_id") REFERENCES "public"."appointment"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_resource" ADD CONSTRAINT "appointment_resource_resource_fk" FOREIGN KEY ("organization_id","resource_id") REFERENCES "public"."resource"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exception" ADD CONSTRAINT "schedule_exception_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exception" ADD CONSTRAINT "schedule_exception_resource_fk" FOREIGN KEY ("organization_id","resource_id") REFERENCES "public"."resource"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_rule" ADD CONSTRAINT "schedule_rule_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_rule" ADD CONSTRAINT "schedule_rule_resource_fk" FOREIGN KEY ("organization_id","resource_id") REFERENCES "public"."resource"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_idempotency_key" ON "appointment" USING btree ("organization_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "appointment_organization_id_starts_at_index" ON "appointment" USING btree ("organization_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_organization_id_patient_id_starts_at_index" ON "appointment" USING btree ("organization_id","patient_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_status_hold_expires_at_index" ON "appointment" USING btree ("status","hold_expires_at");--> statement-breakpoint
CREATE INDEX "appointment_resource_organization_id_appointment_id_index" ON "appointment_resource" USING btree ("organization_id","appointment_id");--> statement-breakpoint
CREATE INDEX "schedule_exception_organization_id_resource_id_starts_on_index" ON "schedule_exception" USING btree ("organization_id","resource_id","starts_on");--> statement-breakpoint
CREATE INDEX "schedule_rule_organization_id_resource_id_index" ON "schedule_rule" USING btree ("organization_id","resource_id");