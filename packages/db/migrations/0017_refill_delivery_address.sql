ALTER TABLE "refill_request" ADD COLUMN "delivery_address" jsonb;--> statement-breakpoint
-- Requests made before this column carried the address at the end of their note ("Deliver to:",
-- "City:", "Delivery notes:" lines): move it into the column and leave the patient's words.
UPDATE "refill_request" SET
  "delivery_address" = jsonb_strip_nulls(jsonb_build_object(
    'line1', substring("note" from '(?:^|.*\n)Deliver to: ([^\n]*)'),
    'city', substring("note" from '(?:^|.*\n)City: ([^\n]*)'),
    'notes', substring("note" from '(?:^|.*\n)Delivery notes: ([^\n]*)'))),
  "note" = nullif(regexp_replace("note", '(^|\n\n)Deliver to: .*$', ''), '')
WHERE "fulfilment" = 'delivery' AND "delivery_address" IS NULL
  AND "note" ~ '(^|\n)Deliver to: ' AND "note" ~ '\nCity: ';--> statement-breakpoint
ALTER TABLE "refill_request" ADD CONSTRAINT "refill_request_delivery_address" CHECK ("refill_request"."fulfilment" is distinct from 'delivery' or "refill_request"."delivery_address" is not null);