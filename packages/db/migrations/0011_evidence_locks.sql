-- Evidence does not change, whoever connects: a signed consultation and its diagnoses,
-- prescriptions and attachments, addenda, ledger entries, published form versions and signed
-- submissions refuse UPDATE and DELETE (SQLSTATE 55000, constraint "signed_record_locked",
-- which the API answers as CONFLICT). Rows removed by a cascade (pg_trigger_depth() > 1: the
-- practice itself being erased, or a draft consultation's own parts) may go.
CREATE FUNCTION refuse_change_of_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% rows are kept as evidence and cannot be changed', TG_TABLE_NAME
    USING ERRCODE = '55000', CONSTRAINT = 'signed_record_locked';
END
$$;
--> statement-breakpoint
CREATE FUNCTION refuse_change_of_signed_consultation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'a signed consultation cannot be changed; add an addendum'
      USING ERRCODE = '55000', CONSTRAINT = 'signed_record_locked';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- A part of a consultation (diagnosis, prescription, attachment) changes only while its
-- consultation is a draft. FOR SHARE waits for a concurrent signing, and signing waits for it.
CREATE FUNCTION refuse_change_under_signed_consultation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  signed boolean;
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT c.signed_at IS NOT NULL INTO signed FROM consultation c
      WHERE c.organization_id = OLD.organization_id AND c.id = OLD.consultation_id FOR SHARE;
    IF signed THEN
      RAISE EXCEPTION 'a signed consultation cannot be changed; add an addendum'
        USING ERRCODE = '55000', CONSTRAINT = 'signed_record_locked';
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT c.signed_at IS NOT NULL INTO signed FROM consultation c
      WHERE c.organization_id = NEW.organization_id AND c.id = NEW.consultation_id FOR SHARE;
    IF signed THEN
      RAISE EXCEPTION 'a signed consultation cannot be changed; add an addendum'
        USING ERRCODE = '55000', CONSTRAINT = 'signed_record_locked';
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER consultation_signed_lock BEFORE UPDATE OR DELETE ON consultation
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_signed_consultation();
--> statement-breakpoint
CREATE TRIGGER diagnosis_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON diagnosis
  FOR EACH ROW EXECUTE FUNCTION refuse_change_under_signed_consultation();
--> statement-breakpoint
CREATE TRIGGER prescription_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON prescription
  FOR EACH ROW EXECUTE FUNCTION refuse_change_under_signed_consultation();
--> statement-breakpoint
CREATE TRIGGER consultation_document_signed_lock
  BEFORE INSERT OR UPDATE OR DELETE ON consultation_document
  FOR EACH ROW EXECUTE FUNCTION refuse_change_under_signed_consultation();
--> statement-breakpoint
CREATE TRIGGER consultation_addendum_lock BEFORE UPDATE OR DELETE ON consultation_addendum
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence();
--> statement-breakpoint
CREATE TRIGGER ledger_entry_lock BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence();
--> statement-breakpoint
CREATE TRIGGER questionnaire_version_lock BEFORE UPDATE OR DELETE ON questionnaire_version
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence();
--> statement-breakpoint
CREATE TRIGGER form_submission_lock BEFORE UPDATE OR DELETE ON form_submission
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_evidence();
