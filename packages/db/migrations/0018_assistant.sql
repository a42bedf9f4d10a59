CREATE TYPE "public"."assistant_channel" AS ENUM('site', 'portal');--> statement-breakpoint
CREATE TYPE "public"."assistant_conversation_status" AS ENUM('open', 'handed_over', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."assistant_engine" AS ENUM('embedded', 'model');--> statement-breakpoint
CREATE TYPE "public"."assistant_message_role" AS ENUM('visitor', 'assistant');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'assistant_handover';--> statement-breakpoint
CREATE TABLE "assistant_conversation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"channel" "assistant_channel" NOT NULL,
	"patient_id" uuid,
	"token_hash" text,
	"locale" text DEFAULT 'en' NOT NULL,
	"status" "assistant_conversation_status" DEFAULT 'open' NOT NULL,
	"topic" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"handover_note" text,
	"handed_over_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_conversation_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "assistant_conversation_owner" CHECK (("assistant_conversation"."channel" = 'site' and "assistant_conversation"."token_hash" is not null and "assistant_conversation"."patient_id" is null)
        or ("assistant_conversation"."channel" = 'portal' and "assistant_conversation"."patient_id" is not null and "assistant_conversation"."token_hash" is null))
);
--> statement-breakpoint
CREATE TABLE "assistant_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"role" "assistant_message_role" NOT NULL,
	"body" text NOT NULL,
	"citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tool_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"intent" text,
	"engine" "assistant_engine",
	"emergency" boolean DEFAULT false NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_usage" (
	"organization_id" uuid NOT NULL,
	"day" date NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "assistant_usage_organization_id_day_pk" PRIMARY KEY("organization_id","day")
);
--> statement-breakpoint
CREATE TABLE "practice_faq" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_faq_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "assistant_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "assistant_daily_tokens" integer DEFAULT 50000 NOT NULL;--> statement-breakpoint
ALTER TABLE "assistant_conversation" ADD CONSTRAINT "assistant_conversation_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_conversation" ADD CONSTRAINT "assistant_conversation_resolved_by_user_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_conversation" ADD CONSTRAINT "assistant_conversation_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_message" ADD CONSTRAINT "assistant_message_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_message" ADD CONSTRAINT "assistant_message_conversation_fk" FOREIGN KEY ("organization_id","conversation_id") REFERENCES "public"."assistant_conversation"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_usage" ADD CONSTRAINT "assistant_usage_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_faq" ADD CONSTRAINT "practice_faq_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_conversation_org_status_idx" ON "assistant_conversation" USING btree ("organization_id","status","last_message_at");--> statement-breakpoint
CREATE INDEX "assistant_conversation_org_patient_idx" ON "assistant_conversation" USING btree ("organization_id","patient_id","last_message_at") WHERE "assistant_conversation"."patient_id" is not null;--> statement-breakpoint
CREATE INDEX "assistant_conversation_last_message_idx" ON "assistant_conversation" USING btree ("last_message_at");--> statement-breakpoint
CREATE INDEX "assistant_message_conversation_idx" ON "assistant_message" USING btree ("organization_id","conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "practice_faq_org_position_idx" ON "practice_faq" USING btree ("organization_id","position");--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_assistant_settings" CHECK ("organization"."assistant_retention_days" between 1 and 3650 and "organization"."assistant_daily_tokens" between 0 and 10000000);--> statement-breakpoint
-- The public site shows the FAQ and caches it with the directory: a change moves the version on.
CREATE TRIGGER "practice_faq_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "practice_faq"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();
