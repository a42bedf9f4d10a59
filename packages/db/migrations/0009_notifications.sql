CREATE TYPE "public"."action_token_purpose" AS ENUM('appointment_confirm', 'appointment_cancel', 'password_reset', 'email_verification', 'member_invitation', 'patient_invitation', 'unsubscribe');--> statement-breakpoint
CREATE TYPE "public"."invitation_status" AS ENUM('pending', 'accepted', 'revoked', 'expired');--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('email', 'sms', 'push', 'in_app');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('appointment_booked', 'appointment_confirmed', 'appointment_rescheduled', 'appointment_cancelled', 'appointment_declined', 'appointment_reminder', 'booking_request', 'certificate_expiring', 'password_reset', 'email_verification', 'account_exists', 'member_invitation', 'patient_invitation');--> statement-breakpoint
CREATE TYPE "public"."notification_status" AS ENUM('pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "action_token" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"purpose" "action_token_purpose" NOT NULL,
	"organization_id" uuid,
	"user_id" uuid,
	"patient_id" uuid,
	"appointment_id" uuid,
	"invitation_id" uuid,
	"notification_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid,
	"provider" text NOT NULL,
	"provider_message_id" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"delivered" boolean NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" "member_role" NOT NULL,
	"patient_id" uuid,
	"invited_by" uuid,
	"status" "invitation_status" DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_user_id" uuid,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitation_patient_role" CHECK (("invitation"."patient_id" is null) = ("invitation"."role" <> 'patient'))
);
--> statement-breakpoint
CREATE TABLE "mailbox_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"from" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"kind" "notification_kind" NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"status" "notification_status" DEFAULT 'pending' NOT NULL,
	"user_id" uuid,
	"patient_id" uuid,
	"appointment_id" uuid,
	"recipient" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"subject" text,
	"body_text" text,
	"send_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"provider_message_id" text,
	"dedupe_key" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_subscription" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "locale" text DEFAULT 'en-US' NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "reminder_offsets" integer[] DEFAULT '{1440,120}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "quiet_hours_start" integer DEFAULT 1260;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "quiet_hours_end" integer DEFAULT 480;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "sender_name" text;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "channels" text[] DEFAULT '{email,in_app}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "email_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "patient" ADD COLUMN "email_opt_in" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "patient" ADD COLUMN "sms_opt_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "patient" ADD COLUMN "push_opt_in" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "patient" ADD COLUMN "consent_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "patient" ADD COLUMN "consent_source" text;--> statement-breakpoint
ALTER TABLE "appointment" ADD COLUMN "patient_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "action_token" ADD CONSTRAINT "action_token_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_token" ADD CONSTRAINT "action_token_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_report" ADD CONSTRAINT "delivery_report_notification_id_notification_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notification"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_invited_by_user_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_accepted_user_id_user_id_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscription" ADD CONSTRAINT "push_subscription_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "action_token_hash_key" ON "action_token" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "action_token_user_id_purpose_index" ON "action_token" USING btree ("user_id","purpose");--> statement-breakpoint
CREATE INDEX "action_token_expires_at_index" ON "action_token" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "delivery_report_provider_message_id_index" ON "delivery_report" USING btree ("provider_message_id");--> statement-breakpoint
CREATE INDEX "invitation_organization_id_status_created_at_index" ON "invitation" USING btree ("organization_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_org_email_pending_key" ON "invitation" USING btree ("organization_id",lower("email")) WHERE "invitation"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "mailbox_message_message_id_key" ON "mailbox_message" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "mailbox_message_created_at_index" ON "mailbox_message" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notification_org_patient_idx" ON "notification" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_org_appointment_idx" ON "notification" USING btree ("organization_id","appointment_id");--> statement-breakpoint
CREATE INDEX "notification_user_inbox_idx" ON "notification" USING btree ("user_id","created_at") WHERE "notification"."channel" = 'in_app';--> statement-breakpoint
CREATE INDEX "notification_org_status_idx" ON "notification" USING btree ("organization_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_org_dedupe_key" ON "notification" USING btree ("organization_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "push_subscription_endpoint_key" ON "push_subscription" USING btree ("endpoint");--> statement-breakpoint
CREATE INDEX "push_subscription_user_id_index" ON "push_subscription" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_quiet_hours" CHECK ("organization"."quiet_hours_start" between 0 and 1439 and "organization"."quiet_hours_end" between 0 and 1439);--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_reminder_offsets" CHECK (cardinality("organization"."reminder_offsets") <= 4);