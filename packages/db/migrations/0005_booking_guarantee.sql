-- The booking guarantee, enforced by PostgreSQL rather than by code: no two active
-- bookings of one resource overlap (the range includes the service's buffers) …
ALTER TABLE "appointment_resource" ADD CONSTRAINT "appointment_resource_no_overlap"
  EXCLUDE USING gist ("organization_id" WITH =, "resource_id" WITH =, "during" WITH &&)
  WHERE ("status" IN ('held', 'pending', 'confirmed', 'in_progress'));
--> statement-breakpoint
-- … and no patient is in two places at once.
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_patient_no_overlap"
  EXCLUDE USING gist ("organization_id" WITH =, "patient_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" IN ('held', 'pending', 'confirmed', 'in_progress') AND "patient_id" IS NOT NULL);
--> statement-breakpoint
-- appointment_resource.status follows appointment.status, whatever code changes it.
CREATE FUNCTION "appointment_status_to_resources"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "appointment_resource" SET "status" = NEW."status"
   WHERE "appointment_id" = NEW."id" AND "status" IS DISTINCT FROM NEW."status";
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "appointment_status_to_resources"
  AFTER UPDATE OF "status" ON "appointment"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION "appointment_status_to_resources"();
