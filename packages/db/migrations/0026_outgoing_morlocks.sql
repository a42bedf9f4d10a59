CREATE TYPE "public"."oidc_flow_intent" AS ENUM('sign_in', 'link', 'confirm');--> statement-breakpoint
CREATE TABLE "oidc_flow" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"secret_hash" text NOT NULL,
	"state_secret_hash" text,
	"intent" "oidc_flow_intent" NOT NULL,
	"provider" text NOT NULL,
	"user_id" uuid,
	"return_to" text,
	"issuer" text,
	"subject" text,
	"email" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_identity" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "user" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "oidc_flow" ADD CONSTRAINT "oidc_flow_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "oidc_flow_secret_hash_index" ON "oidc_flow" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "oidc_flow_expires_at_index" ON "oidc_flow" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "user_identity_issuer_subject_key" ON "user_identity" USING btree ("issuer","subject");--> statement-breakpoint
CREATE INDEX "user_identity_user_id_index" ON "user_identity" USING btree ("user_id");