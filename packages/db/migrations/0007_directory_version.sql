ALTER TABLE "organization" ADD COLUMN "directory_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Any change to what can be booked (services and their requirements, resources, weekly
-- hours, exceptions) moves the organization's directory version on, in the same
-- transaction. Servers keep the directory in memory and trust it only while the version
-- they read with the session still matches, so every instance sees a change at once.
CREATE FUNCTION "bump_directory_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN org := OLD."organization_id"; ELSE org := NEW."organization_id"; END IF;
  UPDATE "organization" SET "directory_version" = "directory_version" + 1 WHERE "id" = org;
  IF TG_OP = 'UPDATE' AND OLD."organization_id" IS DISTINCT FROM NEW."organization_id" THEN
    UPDATE "organization" SET "directory_version" = "directory_version" + 1
     WHERE "id" = OLD."organization_id";
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "service_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "service"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();
--> statement-breakpoint
CREATE TRIGGER "service_requirement_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "service_requirement"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();
--> statement-breakpoint
CREATE TRIGGER "resource_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "resource"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();
--> statement-breakpoint
CREATE TRIGGER "schedule_rule_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "schedule_rule"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();
--> statement-breakpoint
CREATE TRIGGER "schedule_exception_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "schedule_exception"
  FOR EACH ROW EXECUTE FUNCTION "bump_directory_version"();
