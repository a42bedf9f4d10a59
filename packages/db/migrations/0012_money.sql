CREATE TYPE "public"."escrow_status" AS ENUM('held', 'disputed', 'released', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'issued', 'void');--> statement-breakpoint
CREATE TYPE "public"."journal_kind" AS ENUM('charge', 'payment', 'refund', 'fee', 'escrow_hold', 'escrow_release', 'payout', 'adjustment', 'reversal');--> statement-breakpoint
CREATE TYPE "public"."ledger_account" AS ENUM('receivable', 'cash', 'provider_clearing', 'escrow', 'revenue', 'tax_payable', 'write_off', 'doctor_payable', 'platform_revenue');--> statement-breakpoint
CREATE TYPE "public"."payment_provider" AS ENUM('stripe', 'razorpay', 'fawry');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('created', 'requires_action', 'processing', 'succeeded', 'failed', 'cancelled', 'partially_refunded', 'refunded', 'held_for_review');--> statement-breakpoint
CREATE TYPE "public"."payout_method" AS ENUM('manual', 'stripe_transfer', 'razorpay_route');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."webhook_event_status" AS ENUM('received', 'applied', 'ignored', 'failed');--> statement-breakpoint
CREATE TABLE "escrow" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" "escrow_status" DEFAULT 'held' NOT NULL,
	"release_after" timestamp with time zone,
	"fee_bps" integer,
	"fee_minor" bigint,
	"released_at" timestamp with time zone,
	"dispute_reason" text,
	"disputed_at" timestamp with time zone,
	"resolution" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escrow_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "escrow_amount_positive" CHECK ("escrow"."amount_minor" > 0),
	CONSTRAINT "escrow_fee" CHECK ("escrow"."fee_minor" is null or ("escrow"."fee_minor" >= 0 and "escrow"."fee_minor" <= "escrow"."amount_minor"))
);
--> statement-breakpoint
CREATE TABLE "invoice" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"number" integer,
	"status" "invoice_status" DEFAULT 'draft' NOT NULL,
	"currency" text NOT NULL,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"appointment_id" uuid,
	"notes" text,
	"issued_at" timestamp with time zone,
	"due_on" date,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "invoice_currency" CHECK ("invoice"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "invoice_totals" CHECK ("invoice"."subtotal_minor" >= 0 and "invoice"."discount_minor" >= 0 and "invoice"."tax_minor" >= 0
        and "invoice"."discount_minor" <= "invoice"."subtotal_minor"
        and "invoice"."total_minor" = "invoice"."subtotal_minor" - "invoice"."discount_minor" + "invoice"."tax_minor"),
	CONSTRAINT "invoice_number_when_issued" CHECK (("invoice"."number" is null) = ("invoice"."status" = 'draft'))
);
--> statement-breakpoint
CREATE TABLE "invoice_counter" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint NOT NULL,
	"service_id" uuid,
	"treatment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_line_money" CHECK ("invoice_line"."quantity" between 1 and 10000 and "invoice_line"."unit_price_minor" >= 0 and "invoice_line"."discount_minor" >= 0
        and "invoice_line"."tax_minor" >= 0 and "invoice_line"."discount_minor" <= "invoice_line"."quantity" * "invoice_line"."unit_price_minor"
        and "invoice_line"."total_minor" = "invoice_line"."quantity" * "invoice_line"."unit_price_minor" - "invoice_line"."discount_minor" + "invoice_line"."tax_minor")
);
--> statement-breakpoint
CREATE TABLE "journal_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "journal_kind" NOT NULL,
	"memo" text NOT NULL,
	"payment_id" uuid,
	"refund_id" uuid,
	"invoice_id" uuid,
	"escrow_id" uuid,
	"payout_id" uuid,
	"reverses_entry_id" uuid,
	"effective_on" date NOT NULL,
	"created_by" uuid,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entry_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "journal_posting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"account" "ledger_account" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"patient_id" uuid,
	"practitioner_id" uuid,
	"method" "payment_method",
	CONSTRAINT "journal_posting_amount" CHECK ("journal_posting"."amount_minor" <> 0),
	CONSTRAINT "journal_posting_currency" CHECK ("journal_posting"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "journal_posting_subject" CHECK (("journal_posting"."account" <> 'receivable' or "journal_posting"."patient_id" is not null)
        and ("journal_posting"."account" <> 'doctor_payable' or "journal_posting"."practitioner_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "payment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"invoice_id" uuid,
	"appointment_id" uuid,
	"method" "payment_method" NOT NULL,
	"provider" "payment_provider",
	"status" "payment_status" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"provider_ref" text,
	"provider_payment_id" text,
	"escrow" boolean DEFAULT false NOT NULL,
	"status_reason" text,
	"reference" text,
	"succeeded_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "payment_currency" CHECK ("payment"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "payment_amount_positive" CHECK ("payment"."amount_minor" > 0),
	CONSTRAINT "payment_refund_limit" CHECK ("payment"."refunded_minor" >= 0 and "payment"."refunded_minor" <= "payment"."amount_minor"),
	CONSTRAINT "payment_provider_method" CHECK (("payment"."provider" is null) = ("payment"."method" in ('cash', 'card_terminal', 'bank_transfer', 'cheque'))
        and ("payment"."provider" is null or "payment"."method"::text = "payment"."provider"::text))
);
--> statement-breakpoint
CREATE TABLE "payment_account" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"public_key" text NOT NULL,
	"sealed_secrets" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_account_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "payout" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"method" "payout_method" NOT NULL,
	"reference" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "payout_amount_positive" CHECK ("payout"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "refund" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"status" "refund_status" NOT NULL,
	"provider_refund_id" text,
	"origin" text DEFAULT 'staff' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refund_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "refund_amount_positive" CHECK ("refund"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "webhook_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"event" jsonb NOT NULL,
	"status" "webhook_event_status" DEFAULT 'received' NOT NULL,
	"deliveries" integer DEFAULT 1 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "tax_rate_bps" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "tax_label" text DEFAULT 'Tax' NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "platform_fee_bps" integer DEFAULT 1000 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "dispute_window_hours" integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "full_refund_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "organization" ADD COLUMN "late_refund_bps" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD COLUMN "journal_entry_id" uuid;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD COLUMN "payment_id" uuid;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD COLUMN "refund_id" uuid;--> statement-breakpoint
ALTER TABLE "escrow" ADD CONSTRAINT "escrow_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escrow" ADD CONSTRAINT "escrow_payment_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escrow" ADD CONSTRAINT "escrow_appointment_fk" FOREIGN KEY ("organization_id","appointment_id") REFERENCES "public"."appointment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escrow" ADD CONSTRAINT "escrow_practitioner_fk" FOREIGN KEY ("organization_id","practitioner_id") REFERENCES "public"."practitioner"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_org_appointment_key_fk" FOREIGN KEY ("organization_id","appointment_id") REFERENCES "public"."appointment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_counter" ADD CONSTRAINT "invoice_counter_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_invoice_fk" FOREIGN KEY ("organization_id","invoice_id") REFERENCES "public"."invoice"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_org_treatment_key_fk" FOREIGN KEY ("organization_id","treatment_id") REFERENCES "public"."treatment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_service_fk" FOREIGN KEY ("organization_id","service_id") REFERENCES "public"."service"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_payment_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_refund_fk" FOREIGN KEY ("organization_id","refund_id") REFERENCES "public"."refund"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_invoice_fk" FOREIGN KEY ("organization_id","invoice_id") REFERENCES "public"."invoice"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_escrow_fk" FOREIGN KEY ("organization_id","escrow_id") REFERENCES "public"."escrow"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_payout_fk" FOREIGN KEY ("organization_id","payout_id") REFERENCES "public"."payout"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_reverses_fk" FOREIGN KEY ("organization_id","reverses_entry_id") REFERENCES "public"."journal_entry"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_posting" ADD CONSTRAINT "journal_posting_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_posting" ADD CONSTRAINT "journal_posting_entry_fk" FOREIGN KEY ("organization_id","entry_id") REFERENCES "public"."journal_entry"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_invoice_fk" FOREIGN KEY ("organization_id","invoice_id") REFERENCES "public"."invoice"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_appointment_fk" FOREIGN KEY ("organization_id","appointment_id") REFERENCES "public"."appointment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_account" ADD CONSTRAINT "payment_account_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout" ADD CONSTRAINT "payout_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout" ADD CONSTRAINT "payout_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout" ADD CONSTRAINT "payout_practitioner_fk" FOREIGN KEY ("organization_id","practitioner_id") REFERENCES "public"."practitioner"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund" ADD CONSTRAINT "refund_payment_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payment"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_account_fk" FOREIGN KEY ("organization_id","account_id") REFERENCES "public"."payment_account"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "escrow_org_payment_key" ON "escrow" USING btree ("organization_id","payment_id");--> statement-breakpoint
CREATE INDEX "escrow_org_practitioner_idx" ON "escrow" USING btree ("organization_id","practitioner_id","status");--> statement-breakpoint
CREATE INDEX "escrow_due_idx" ON "escrow" USING btree ("release_after") WHERE "escrow"."status" = 'held' and "escrow"."release_after" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_org_number_key" ON "invoice" USING btree ("organization_id","number") WHERE "invoice"."number" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_org_appointment_key" ON "invoice" USING btree ("organization_id","appointment_id") WHERE "invoice"."appointment_id" is not null and "invoice"."status" <> 'void';--> statement-breakpoint
CREATE INDEX "invoice_org_patient_idx" ON "invoice" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "invoice_org_created_idx" ON "invoice" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "invoice_line_org_invoice_idx" ON "invoice_line" USING btree ("organization_id","invoice_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_line_org_treatment_key" ON "invoice_line" USING btree ("organization_id","treatment_id") WHERE "invoice_line"."treatment_id" is not null;--> statement-breakpoint
CREATE INDEX "journal_entry_org_day_idx" ON "journal_entry" USING btree ("organization_id","effective_on");--> statement-breakpoint
CREATE INDEX "journal_entry_org_payment_idx" ON "journal_entry" USING btree ("organization_id","payment_id") WHERE "journal_entry"."payment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_org_reverses_key" ON "journal_entry" USING btree ("organization_id","reverses_entry_id") WHERE "journal_entry"."reverses_entry_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_payment_once" ON "journal_entry" USING btree ("organization_id","payment_id") WHERE "journal_entry"."kind" = 'payment' and "journal_entry"."reverses_entry_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_refund_once" ON "journal_entry" USING btree ("organization_id","refund_id") WHERE "journal_entry"."kind" = 'refund' and "journal_entry"."reverses_entry_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_escrow_once" ON "journal_entry" USING btree ("organization_id","escrow_id","kind") WHERE "journal_entry"."kind" in ('escrow_hold', 'escrow_release') and "journal_entry"."reverses_entry_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_payout_once" ON "journal_entry" USING btree ("organization_id","payout_id") WHERE "journal_entry"."kind" = 'payout';--> statement-breakpoint
CREATE INDEX "journal_posting_org_entry_idx" ON "journal_posting" USING btree ("organization_id","entry_id");--> statement-breakpoint
CREATE INDEX "journal_posting_org_patient_idx" ON "journal_posting" USING btree ("organization_id","patient_id") WHERE "journal_posting"."patient_id" is not null;--> statement-breakpoint
CREATE INDEX "journal_posting_org_practitioner_idx" ON "journal_posting" USING btree ("organization_id","practitioner_id") WHERE "journal_posting"."practitioner_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_org_provider_ref_key" ON "payment" USING btree ("organization_id","provider","provider_ref") WHERE "payment"."provider_ref" is not null;--> statement-breakpoint
CREATE INDEX "payment_org_patient_idx" ON "payment" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_org_invoice_idx" ON "payment" USING btree ("organization_id","invoice_id") WHERE "payment"."invoice_id" is not null;--> statement-breakpoint
CREATE INDEX "payment_org_appointment_idx" ON "payment" USING btree ("organization_id","appointment_id") WHERE "payment"."appointment_id" is not null;--> statement-breakpoint
CREATE INDEX "payment_org_succeeded_idx" ON "payment" USING btree ("organization_id","succeeded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_account_org_provider_key" ON "payment_account" USING btree ("organization_id","provider");--> statement-breakpoint
CREATE INDEX "payout_org_practitioner_idx" ON "payout" USING btree ("organization_id","practitioner_id","created_at");--> statement-breakpoint
CREATE INDEX "refund_org_payment_idx" ON "refund" USING btree ("organization_id","payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refund_org_provider_id_key" ON "refund" USING btree ("organization_id","payment_id","provider_refund_id") WHERE "refund"."provider_refund_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_event_org_event_key" ON "webhook_event" USING btree ("organization_id","provider","event_id");--> statement-breakpoint
CREATE INDEX "webhook_event_org_received_idx" ON "webhook_event" USING btree ("organization_id","received_at");--> statement-breakpoint
CREATE INDEX "ledger_entry_org_payment_idx" ON "ledger_entry" USING btree ("organization_id","payment_id") WHERE "ledger_entry"."payment_id" is not null;--> statement-breakpoint
ALTER TABLE "organization" ADD CONSTRAINT "organization_money_settings" CHECK ("organization"."tax_rate_bps" between 0 and 5000 and "organization"."platform_fee_bps" between 0 and 10000
        and "organization"."dispute_window_hours" between 0 and 720 and "organization"."full_refund_hours" between 0 and 720
        and "organization"."late_refund_bps" between 0 and 10000);--> statement-breakpoint
-- Journal entries and postings are evidence: never updated or deleted (a cascade from erasing a
-- practice aside). Corrections are reversing entries.
CREATE TRIGGER journal_entry_lock BEFORE UPDATE OR DELETE ON journal_entry
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence();
--> statement-breakpoint
CREATE TRIGGER journal_posting_lock BEFORE UPDATE OR DELETE ON journal_posting
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence();
--> statement-breakpoint
-- Double entry, enforced at commit: an entry has postings, and they sum to zero in each currency.
-- Deferred, so an entry and its postings can be inserted in any order within one transaction; a
-- posting added to an old entry later unbalances it and is refused the same way.
CREATE FUNCTION check_journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry uuid;
BEGIN
  IF TG_TABLE_NAME = 'journal_entry' THEN
    entry := NEW.id;
  ELSE
    entry := NEW.entry_id;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM journal_posting p
    WHERE p.organization_id = NEW.organization_id AND p.entry_id = entry
  ) THEN
    RAISE EXCEPTION 'journal entry % has no postings', entry
      USING ERRCODE = '23514', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  IF EXISTS (
    SELECT 1 FROM journal_posting p
    WHERE p.organization_id = NEW.organization_id AND p.entry_id = entry
    GROUP BY p.currency HAVING sum(p.amount_minor) <> 0
  ) THEN
    RAISE EXCEPTION 'journal entry % does not balance', entry
      USING ERRCODE = '23514', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entry
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_journal_entry_balanced();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_posting_balanced AFTER INSERT ON journal_posting
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_journal_entry_balanced();
--> statement-breakpoint
-- The patient ledger of migration 0010 becomes the receivable sub-ledger: every existing entry
-- gets its journal entry (the receivable posting and its other side), written once here.
ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_lock;
--> statement-breakpoint
WITH src AS (
  SELECT le.*, gen_random_uuid() AS journal_id,
    CASE
      WHEN le.kind = 'charge' THEN 'revenue'
      WHEN le.kind = 'adjustment' THEN 'write_off'
      WHEN le.method IN ('stripe', 'razorpay', 'fawry') THEN 'provider_clearing'
      ELSE 'cash'
    END::ledger_account AS other_account
  FROM ledger_entry le WHERE le.journal_entry_id IS NULL
), entries AS (
  INSERT INTO journal_entry (id, organization_id, kind, memo, effective_on, created_by, posted_at)
  SELECT journal_id, organization_id,
    (CASE WHEN reverses_entry_id IS NOT NULL THEN 'reversal' ELSE kind::text END)::journal_kind,
    description, effective_on, created_by, created_at
  FROM src
  RETURNING id
), receivable AS (
  INSERT INTO journal_posting (organization_id, entry_id, account, amount_minor, currency, patient_id)
  SELECT organization_id, journal_id, 'receivable', amount_minor, currency, patient_id FROM src
), other_side AS (
  INSERT INTO journal_posting (organization_id, entry_id, account, amount_minor, currency, method)
  SELECT organization_id, journal_id, other_account, -amount_minor, currency,
    CASE WHEN other_account IN ('cash', 'provider_clearing') THEN method END
  FROM src
)
UPDATE ledger_entry le SET journal_entry_id = src.journal_id FROM src WHERE le.id = src.id;
--> statement-breakpoint
ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_lock;
