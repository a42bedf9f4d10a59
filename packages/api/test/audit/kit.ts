// What an audit scenario kept in its own file gets from audit.test.ts: the test database, the
// secrets list, and the request under test. Each domain's scenarios live beside this file and are
// spread into the one table audit.test.ts walks.
import type { Database } from "@caredesk/db";
import type { Caller, HostCaller, TestUser } from "@caredesk/api/testing";

/** The one request a scenario makes; everything else it does is set-up. */
export interface Run {
  as(user: TestUser | null, organizationId?: string): Promise<Caller>;
  /** The same request made by the host (apps/server) to a host-only procedure. */
  hostAs(user: TestUser, organizationId: string): Promise<HostCaller>;
}

/** Who the audit row must name, known once the scenario has run. */
export interface Expected {
  /** Null for a visitor without an account (the public page). */
  actorUserId: string | null;
  organizationId: string | null;
  /** The audited action when it is not the procedure's path (host procedures). */
  action?: string;
}

export type Scenario = (run: Run) => Promise<Expected>;

export interface AuditKit {
  /** The file's test database (set once its beforeAll ran). */
  db(): Database;
  /** Adds plaintext tokens and secrets the audit rows must never contain. */
  remember(...tokens: (string | undefined)[]): void;
}
