// What services receive from a request: the database, who acts and where, and `mutate`, the one
// way to change data. Plain types, so services never depend on the tRPC layer; a procedure's
// `ctx` satisfies them as it is.
import type { OrganizationProfile, Role, SessionUser } from "@caredesk/auth";
import type { Database } from "@caredesk/db";
import type { Mutate } from "./audit";
import type { FileStore } from "./file-store";
import type { MalwareScanner } from "./malware";
import type { PaymentsConfig } from "./payments";

export interface RequestScope {
  db: Database;
  mutate: Mutate;
  /** The procedure being run ("appointment.book"): idempotency keys are scoped to it. */
  operation: string;
  /** The signed-in user; null for a visitor. */
  user: SessionUser | null;
  ip: string | null;
  userAgent: string | null;
  /** Where the files a service makes are stored (the host's storage). */
  files: FileStore;
  /** Providers' endpoints and the box that opens practices' keys. */
  payments: PaymentsConfig;
  /** Scans bytes from outside before they are stored (ClamAV); none: nothing is scanned. */
  scanner?: MalwareScanner;
}

/** A signed-in member acting inside their organization. */
export interface OrgScope extends RequestScope {
  user: SessionUser;
  org: OrganizationProfile;
  membership: { id: string; role: Role };
}

/** A patient-role member acting on their own record (the portal): services need its id. */
export interface PatientScope extends OrgScope {
  patient: { id: string };
}

/** A member reading a patient's clinical record: what `recordRead` needs to record the read. */
export type RecordReader = Pick<OrgScope, "db" | "org" | "user" | "ip" | "membership">;
