CREATE TYPE "public"."mobile_platform" AS ENUM('ios', 'android');--> statement-breakpoint
ALTER TYPE "public"."notification_channel" ADD VALUE 'mobile';--> statement-breakpoint
CREATE TABLE "mobile_device" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token" text NOT NULL,
	"platform" "mobile_platform" NOT NULL,
	"app_version" text,
	"device_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mobile_device" ADD CONSTRAINT "mobile_device_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mobile_device_token_key" ON "mobile_device" USING btree ("token");--> statement-breakpoint
CREATE INDEX "mobile_device_user_id_index" ON "mobile_device" USING btree ("user_id");