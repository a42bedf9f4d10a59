CREATE TYPE "public"."practice_feature" AS ENUM('reviews', 'patient_portal', 'assistant', 'ambulance', 'prescription_refill');--> statement-breakpoint
CREATE TYPE "public"."billing_interval" AS ENUM('month', 'year');--> statement-breakpoint
CREATE TYPE "public"."site_step" AS ENUM('kind', 'features', 'plan', 'pay', 'profile', 'directory', 'preview', 'done');--> statement-breakpoint
CREATE TYPE "public"."site_template" AS ENUM('classic', 'fresh', 'market', 'care');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('pending', 'published', 'hidden');--> statement-breakpoint
CREATE TABLE "plan_payment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"provider_ref" text,
	"status" "payment_status" DEFAULT 'created' NOT NULL,
	"features" "practice_feature"[] NOT NULL,
	"interval" "billing_interval" NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"applied_at" timestamp with time zone,
	"status_reason" text,
	"client_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_payment_amount" CHECK ("plan_payment"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "plan_price" (
	"item" text NOT NULL,
	"interval" "billing_interval" NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_price_pkey" PRIMARY KEY("item","interval","currency"),
	CONSTRAINT "plan_price_item" CHECK ("plan_price"."item" in ('base', 'reviews', 'patient_portal', 'assistant', 'ambulance', 'prescription_refill')),
	CONSTRAINT "plan_price_currency_iso" CHECK ("plan_price"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "plan_price_amount" CHECK ("plan_price"."amount_minor" between 0 and 100000000)
);
--> statement-breakpoint
CREATE TABLE "plan_webhook_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"plan_payment_id" uuid,
	"deliveries" integer DEFAULT 1 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_site" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"step" "site_step" DEFAULT 'kind' NOT NULL,
	"template" "site_template" DEFAULT 'classic' NOT NULL,
	"about" text DEFAULT '' NOT NULL,
	"address_line" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"postal_code" text DEFAULT '' NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"phone" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"website_url" text DEFAULT '' NOT NULL,
	"social" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hours" jsonb DEFAULT '[[],[],[],[],[],[],[]]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"custom_domain" text,
	"domain_token_hash" text,
	"domain_verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_site_coordinates" CHECK (("practice_site"."latitude" is null) = ("practice_site"."longitude" is null)
        and ("practice_site"."latitude" is null or ("practice_site"."latitude" between -90 and 90 and "practice_site"."longitude" between -180 and 180))),
	CONSTRAINT "practice_site_hours_week" CHECK (jsonb_typeof("practice_site"."hours") = 'array' and jsonb_array_length("practice_site"."hours") = 7)
);
--> statement-breakpoint
CREATE TABLE "subscription" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"features" "practice_feature"[] DEFAULT '{}' NOT NULL,
	"interval" "billing_interval" DEFAULT 'month' NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" integer DEFAULT 0 NOT NULL,
	"paid_until" timestamp with time zone,
	"grace_days" integer DEFAULT 7 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_currency_iso" CHECK ("subscription"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "subscription_grace" CHECK ("subscription"."grace_days" between 0 and 60)
);
--> statement-breakpoint
CREATE TABLE "review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"practitioner_id" uuid,
	"rating" smallint NOT NULL,
	"body" text NOT NULL,
	"author_name" text NOT NULL,
	"status" "review_status" DEFAULT 'pending' NOT NULL,
	"moderation_reason" text,
	"moderated_at" timestamp with time zone,
	"reply" text,
	"replied_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "review_rating" CHECK ("review"."rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "features" "practice_feature"[] DEFAULT '{patient_portal}' NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_payment" ADD CONSTRAINT "plan_payment_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_webhook_event" ADD CONSTRAINT "plan_webhook_event_plan_payment_id_plan_payment_id_fk" FOREIGN KEY ("plan_payment_id") REFERENCES "public"."plan_payment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_site" ADD CONSTRAINT "practice_site_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_appointment_fk" FOREIGN KEY ("organization_id","appointment_id") REFERENCES "public"."appointment"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_practitioner_fk" FOREIGN KEY ("organization_id","practitioner_id") REFERENCES "public"."practitioner"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_payment_org_idx" ON "plan_payment" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_payment_provider_ref_key" ON "plan_payment" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_webhook_event_once" ON "plan_webhook_event" USING btree ("provider","event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "practice_site_custom_domain_key" ON "practice_site" USING btree ("custom_domain");--> statement-breakpoint
CREATE UNIQUE INDEX "review_org_appointment_key" ON "review" USING btree ("organization_id","appointment_id");--> statement-breakpoint
CREATE INDEX "review_org_status_idx" ON "review" USING btree ("organization_id","status","created_at");--> statement-breakpoint
CREATE INDEX "review_org_practitioner_idx" ON "review" USING btree ("organization_id","practitioner_id") WHERE "review"."status" = 'published';--> statement-breakpoint
-- Every practice has a site row (unpublished) and a subscription row (nothing paid yet).
INSERT INTO "practice_site" ("organization_id", "step")
  SELECT "id", 'done' FROM "organization" ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "subscription" ("organization_id", "currency")
  SELECT "id", "currency" FROM "organization" ON CONFLICT DO NOTHING;--> statement-breakpoint
-- The opening catalogue (operators change it in the admin app): a base price and a price per
-- feature, monthly and yearly (two months free), in the currencies practices use.
INSERT INTO "plan_price" ("item", "interval", "currency", "amount_minor")
SELECT p.item, i.interval::billing_interval, c.currency,
       CASE WHEN i.interval = 'year' THEN p.units * c.unit * 10 ELSE p.units * c.unit END
FROM (VALUES ('base', 29), ('reviews', 5), ('patient_portal', 10), ('assistant', 15),
             ('ambulance', 10), ('prescription_refill', 5)) AS p(item, units)
CROSS JOIN (VALUES ('month'), ('year')) AS i(interval)
CROSS JOIN (VALUES ('EUR', 100), ('USD', 100), ('GBP', 100), ('EGP', 5000), ('INR', 8000))
  AS c(currency, unit)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- A new practice gets its site row (unpublished, the wizard at its first step) and its
-- subscription row (nothing paid), whoever inserts it.
CREATE FUNCTION "practice_site_for_new_organization"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "practice_site" ("organization_id") VALUES (NEW."id") ON CONFLICT DO NOTHING;
  INSERT INTO "subscription" ("organization_id", "currency") VALUES (NEW."id", NEW."currency")
    ON CONFLICT DO NOTHING;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER "organization_site_rows" AFTER INSERT ON "organization"
  FOR EACH ROW EXECUTE FUNCTION "practice_site_for_new_organization"();
--> statement-breakpoint
-- The public site caches what it shows per directory version: doctors' and departments'
-- details, and reviews once moderated, move it on too, so every instance shows the change at
-- once (a new pending review does not: visitors never see it).
CREATE TRIGGER "practitioner_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "practitioner"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();--> statement-breakpoint
CREATE TRIGGER "department_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "department"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();--> statement-breakpoint
CREATE TRIGGER "review_directory_version" AFTER UPDATE OF "status", "reply", "rating", "body"
  ON "review" FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();
