CREATE TYPE "public"."allocation_state" AS ENUM('reserved', 'taken', 'released', 'returned');--> statement-breakpoint
CREATE TYPE "public"."ambulance_status" AS ENUM('new', 'dispatched', 'en_route', 'arrived', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."order_channel" AS ENUM('online', 'counter', 'refill');--> statement-breakpoint
CREATE TYPE "public"."order_fulfilment" AS ENUM('pickup', 'delivery');--> statement-breakpoint
CREATE TYPE "public"."order_payment" AS ENUM('online', 'cash_on_delivery', 'counter');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('placed', 'approved', 'picked', 'ready', 'out_for_delivery', 'delivered', 'collected', 'rejected', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."prescription_review" AS ENUM('not_needed', 'pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."product_form" AS ENUM('tablet', 'capsule', 'syrup', 'suspension', 'solution', 'drops', 'cream', 'ointment', 'gel', 'injection', 'inhaler', 'spray', 'patch', 'suppository', 'powder', 'device', 'other');--> statement-breakpoint
CREATE TYPE "public"."product_status" AS ENUM('active', 'archived');--> statement-breakpoint
CREATE TYPE "public"."refill_status" AS ENUM('requested', 'approved', 'declined', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."stock_count_status" AS ENUM('open', 'posted', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."stock_movement_kind" AS ENUM('receive', 'sell', 'dispense', 'adjust', 'return', 'expire', 'count');--> statement-breakpoint
ALTER TYPE "public"."member_role" ADD VALUE 'pharmacist';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'order_status';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'order_placed';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'refill_requested';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'refill_decided';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'ambulance_requested';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'ambulance_status';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'stock_alert';--> statement-breakpoint
ALTER TYPE "public"."journal_kind" ADD VALUE 'sale';--> statement-breakpoint
CREATE TABLE "ambulance_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid,
	"requester_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"pickup_address" text,
	"latitude" double precision,
	"longitude" double precision,
	"condition" text NOT NULL,
	"status" "ambulance_status" DEFAULT 'new' NOT NULL,
	"vehicle" text,
	"crew" text,
	"cancel_reason" text,
	"dispatched_at" timestamp with time zone,
	"en_route_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"dispatched_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ambulance_request_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "ambulance_request_location" CHECK ("ambulance_request"."pickup_address" is not null or ("ambulance_request"."latitude" is not null and "ambulance_request"."longitude" is not null)),
	CONSTRAINT "ambulance_request_coordinates" CHECK (("ambulance_request"."latitude" is null or "ambulance_request"."latitude" between -90 and 90)
        and ("ambulance_request"."longitude" is null or "ambulance_request"."longitude" between -180 and 180))
);
--> statement-breakpoint
CREATE TABLE "order_allocation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"order_item_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"state" "allocation_state" DEFAULT 'reserved' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_allocation_quantity" CHECK ("order_allocation"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "order_counter" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prescription_only" boolean DEFAULT false NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_item_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "order_item_money" CHECK ("order_item"."quantity" between 1 and 10000 and "order_item"."unit_price_minor" >= 0 and "order_item"."discount_minor" >= 0
        and "order_item"."tax_minor" >= 0 and "order_item"."discount_minor" <= "order_item"."quantity" * "order_item"."unit_price_minor"
        and "order_item"."total_minor" = "order_item"."quantity" * "order_item"."unit_price_minor" - "order_item"."discount_minor" + "order_item"."tax_minor")
);
--> statement-breakpoint
CREATE TABLE "pharmacy_order" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"channel" "order_channel" NOT NULL,
	"status" "order_status" NOT NULL,
	"fulfilment" "order_fulfilment" DEFAULT 'pickup' NOT NULL,
	"payment_choice" "order_payment" NOT NULL,
	"patient_id" uuid,
	"customer_name" text NOT NULL,
	"customer_phone" text,
	"customer_email" text,
	"delivery_address" jsonb,
	"currency" text NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint NOT NULL,
	"invoice_id" uuid,
	"counter_method" text,
	"tendered_minor" bigint,
	"prescription_review" "prescription_review" DEFAULT 'not_needed' NOT NULL,
	"prescription_file_id" uuid,
	"review_note" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"refill_request_id" uuid,
	"customer_note" text,
	"picked_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"idempotency_key" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pharmacy_order_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "pharmacy_order_currency" CHECK ("pharmacy_order"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "pharmacy_order_totals" CHECK ("pharmacy_order"."subtotal_minor" >= 0 and "pharmacy_order"."discount_minor" >= 0 and "pharmacy_order"."tax_minor" >= 0
        and "pharmacy_order"."discount_minor" <= "pharmacy_order"."subtotal_minor"
        and "pharmacy_order"."total_minor" = "pharmacy_order"."subtotal_minor" - "pharmacy_order"."discount_minor" + "pharmacy_order"."tax_minor"),
	CONSTRAINT "pharmacy_order_delivery_address" CHECK ("pharmacy_order"."fulfilment" = 'pickup' or "pharmacy_order"."delivery_address" is not null)
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"barcode" text,
	"name" text NOT NULL,
	"generic_name" text,
	"form" "product_form" DEFAULT 'other' NOT NULL,
	"strength" text,
	"category" text,
	"description" text,
	"image_file_id" uuid,
	"price_minor" bigint NOT NULL,
	"tax_bps" integer DEFAULT 0 NOT NULL,
	"prescription_only" boolean DEFAULT false NOT NULL,
	"controlled" boolean DEFAULT false NOT NULL,
	"reorder_level" integer DEFAULT 0 NOT NULL,
	"status" "product_status" DEFAULT 'active' NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower("product"."name" || ' ' || coalesce("product"."generic_name", '') || ' ' || coalesce("product"."barcode", '') || ' ' || "product"."sku")) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "product_price" CHECK ("product"."price_minor" >= 0),
	CONSTRAINT "product_tax" CHECK ("product"."tax_bps" between 0 and 10000),
	CONSTRAINT "product_reorder_level" CHECK ("product"."reorder_level" >= 0),
	CONSTRAINT "product_on_hand_nonnegative" CHECK ("product"."on_hand" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refill_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"prescription_id" uuid,
	"consultation_id" uuid,
	"upload_file_id" uuid,
	"note" text,
	"status" "refill_status" DEFAULT 'requested' NOT NULL,
	"fulfilment" "order_fulfilment",
	"decision_note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"order_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refill_request_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "refill_request_source" CHECK ("refill_request"."prescription_id" is not null or "refill_request"."upload_file_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "stock_count" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"status" "stock_count_status" DEFAULT 'open' NOT NULL,
	"note" text,
	"started_by" uuid,
	"posted_by" uuid,
	"posted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_count_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_count_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"count_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"expected" integer NOT NULL,
	"counted" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_count_line_counted" CHECK ("stock_count_line"."counted" is null or "stock_count_line"."counted" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_lot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"batch_number" text NOT NULL,
	"expires_on" date NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"unit_cost_minor" bigint DEFAULT 0 NOT NULL,
	"receipt_id" uuid,
	"expired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_lot_org_id_key" UNIQUE("organization_id","id"),
	CONSTRAINT "stock_lot_quantity_nonnegative" CHECK ("stock_lot"."quantity" >= 0),
	CONSTRAINT "stock_lot_reserved_within_quantity" CHECK ("stock_lot"."reserved" >= 0 and "stock_lot"."reserved" <= "stock_lot"."quantity"),
	CONSTRAINT "stock_lot_cost" CHECK ("stock_lot"."unit_cost_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_movement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"kind" "stock_movement_kind" NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text,
	"order_id" uuid,
	"receipt_id" uuid,
	"count_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movement_nonzero" CHECK ("stock_movement"."quantity" <> 0),
	CONSTRAINT "stock_movement_reason" CHECK ("stock_movement"."kind" not in ('adjust', 'count') or "stock_movement"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "stock_receipt" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"supplier" text NOT NULL,
	"reference" text,
	"received_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_receipt_org_id_key" UNIQUE("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "journal_entry" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "ambulance_request" ADD CONSTRAINT "ambulance_request_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambulance_request" ADD CONSTRAINT "ambulance_request_dispatched_by_user_id_fk" FOREIGN KEY ("dispatched_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambulance_request" ADD CONSTRAINT "ambulance_request_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocation" ADD CONSTRAINT "order_allocation_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocation" ADD CONSTRAINT "order_allocation_order_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."pharmacy_order"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocation" ADD CONSTRAINT "order_allocation_item_fk" FOREIGN KEY ("organization_id","order_item_id") REFERENCES "public"."order_item"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocation" ADD CONSTRAINT "order_allocation_lot_fk" FOREIGN KEY ("organization_id","lot_id") REFERENCES "public"."stock_lot"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_counter" ADD CONSTRAINT "order_counter_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_order_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."pharmacy_order"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_product_fk" FOREIGN KEY ("organization_id","product_id") REFERENCES "public"."product"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_order" ADD CONSTRAINT "pharmacy_order_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_order" ADD CONSTRAINT "pharmacy_order_reviewed_by_user_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_order" ADD CONSTRAINT "pharmacy_order_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_order" ADD CONSTRAINT "pharmacy_order_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_order" ADD CONSTRAINT "pharmacy_order_invoice_fk" FOREIGN KEY ("organization_id","invoice_id") REFERENCES "public"."invoice"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_order" ADD CONSTRAINT "pharmacy_order_prescription_file_fk" FOREIGN KEY ("organization_id","prescription_file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_image_fk" FOREIGN KEY ("organization_id","image_file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_patient_fk" FOREIGN KEY ("organization_id","patient_id") REFERENCES "public"."patient"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_prescription_fk" FOREIGN KEY ("organization_id","prescription_id") REFERENCES "public"."prescription"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_consultation_fk" FOREIGN KEY ("organization_id","consultation_id") REFERENCES "public"."consultation"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_upload_fk" FOREIGN KEY ("organization_id","upload_file_id") REFERENCES "public"."file"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_order_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."pharmacy_order"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count" ADD CONSTRAINT "stock_count_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count" ADD CONSTRAINT "stock_count_started_by_user_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count" ADD CONSTRAINT "stock_count_posted_by_user_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_count_fk" FOREIGN KEY ("organization_id","count_id") REFERENCES "public"."stock_count"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_line" ADD CONSTRAINT "stock_count_line_lot_fk" FOREIGN KEY ("organization_id","lot_id") REFERENCES "public"."stock_lot"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_lot" ADD CONSTRAINT "stock_lot_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_lot" ADD CONSTRAINT "stock_lot_product_fk" FOREIGN KEY ("organization_id","product_id") REFERENCES "public"."product"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_lot" ADD CONSTRAINT "stock_lot_receipt_fk" FOREIGN KEY ("organization_id","receipt_id") REFERENCES "public"."stock_receipt"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_lot_fk" FOREIGN KEY ("organization_id","lot_id") REFERENCES "public"."stock_lot"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_product_fk" FOREIGN KEY ("organization_id","product_id") REFERENCES "public"."product"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_receipt" ADD CONSTRAINT "stock_receipt_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_receipt" ADD CONSTRAINT "stock_receipt_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ambulance_request_org_status_idx" ON "ambulance_request" USING btree ("organization_id","status","created_at");--> statement-breakpoint
CREATE INDEX "ambulance_request_org_created_idx" ON "ambulance_request" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "order_allocation_org_order_idx" ON "order_allocation" USING btree ("organization_id","order_id");--> statement-breakpoint
CREATE INDEX "order_allocation_org_lot_idx" ON "order_allocation" USING btree ("organization_id","lot_id") WHERE "order_allocation"."state" = 'reserved';--> statement-breakpoint
CREATE INDEX "order_item_org_order_idx" ON "order_item" USING btree ("organization_id","order_id","position");--> statement-breakpoint
CREATE INDEX "order_item_org_product_idx" ON "order_item" USING btree ("organization_id","product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pharmacy_order_org_number_key" ON "pharmacy_order" USING btree ("organization_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "pharmacy_order_org_idempotency_key" ON "pharmacy_order" USING btree ("organization_id","channel","idempotency_key") WHERE "pharmacy_order"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "pharmacy_order_org_status_idx" ON "pharmacy_order" USING btree ("organization_id","status","created_at");--> statement-breakpoint
CREATE INDEX "pharmacy_order_org_created_idx" ON "pharmacy_order" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "pharmacy_order_org_patient_idx" ON "pharmacy_order" USING btree ("organization_id","patient_id","created_at") WHERE "pharmacy_order"."patient_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "product_org_sku_key" ON "product" USING btree ("organization_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "product_org_barcode_key" ON "product" USING btree ("organization_id","barcode") WHERE "product"."barcode" is not null;--> statement-breakpoint
CREATE INDEX "product_org_status_name_idx" ON "product" USING btree ("organization_id","status","name");--> statement-breakpoint
CREATE INDEX "product_search_trgm_idx" ON "product" USING gin ("organization_id","search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "refill_request_org_status_idx" ON "refill_request" USING btree ("organization_id","status","created_at");--> statement-breakpoint
CREATE INDEX "refill_request_org_patient_idx" ON "refill_request" USING btree ("organization_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_count_org_created_idx" ON "stock_count" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_count_line_lot_key" ON "stock_count_line" USING btree ("organization_id","count_id","lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_lot_org_batch_key" ON "stock_lot" USING btree ("organization_id","product_id","batch_number");--> statement-breakpoint
CREATE INDEX "stock_lot_fefo_idx" ON "stock_lot" USING btree ("organization_id","product_id","expires_on","id") WHERE "stock_lot"."quantity" > 0;--> statement-breakpoint
CREATE INDEX "stock_lot_org_expiry_idx" ON "stock_lot" USING btree ("organization_id","expires_on") WHERE "stock_lot"."quantity" > 0;--> statement-breakpoint
CREATE INDEX "stock_movement_org_product_idx" ON "stock_movement" USING btree ("organization_id","product_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_movement_org_created_idx" ON "stock_movement" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_movement_org_order_idx" ON "stock_movement" USING btree ("organization_id","order_id") WHERE "stock_movement"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "stock_receipt_org_day_idx" ON "stock_receipt" USING btree ("organization_id","received_on");--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_order_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."pharmacy_order"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entry_sale_once" ON "journal_entry" USING btree ("organization_id","order_id") WHERE "journal_entry"."order_id" is not null and "journal_entry"."reverses_entry_id" is null;--> statement-breakpoint
-- A product's on-hand is the sum of its lots, kept by the database in the same statement as
-- every change of a lot's quantity, so no code path can let the two disagree.
CREATE FUNCTION keep_product_on_hand() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE product SET on_hand = on_hand + NEW.quantity
      WHERE organization_id = NEW.organization_id AND id = NEW.product_id;
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.quantity <> OLD.quantity THEN
      UPDATE product SET on_hand = on_hand + NEW.quantity - OLD.quantity
        WHERE organization_id = NEW.organization_id AND id = NEW.product_id;
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE product SET on_hand = on_hand - OLD.quantity
      WHERE organization_id = OLD.organization_id AND id = OLD.product_id;
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stock_lot_on_hand AFTER INSERT OR UPDATE OF quantity OR DELETE ON stock_lot
  FOR EACH ROW EXECUTE FUNCTION keep_product_on_hand();
--> statement-breakpoint
-- Stock movements are the history of the shelf: never changed (cascades of an erased practice aside).
CREATE TRIGGER stock_movement_locked BEFORE UPDATE OR DELETE ON stock_movement
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence();
