// Audit scenarios of bulk imports (start, check, commit): one audit row per call, naming the
// importing member and the practice.
import { callerFor, createOrganization, hostCallerFor, signUp } from "@caredesk/api/testing";
import { createContextInner } from "../../src/context";
import { uploadImportFile } from "../../src/testing/imports";
import type { AuditKit, Scenario } from "./kit";

export function importScenarios(kit: AuditKit): Record<string, Scenario> {
  /** A practice with an uploaded patients file, started (and checked) when asked. */
  async function practice(stage: "uploaded" | "started" | "checked") {
    const db = kit.db();
    const owner = await signUp(db, { name: "Olivia Owner" });
    const organization = await createOrganization(db, owner, { country: "GB" });
    const bytes = Buffer.from("First name,Last name,Mobile\r\nAmal,Saleh,07911 123456\r\n");
    const host = await hostCallerFor(db, { token: owner.token, organizationId: organization.id });
    const file = await uploadImportFile(
      createContextInner({ db }).files,
      host,
      organization.id,
      bytes,
    );
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    let importId = "";
    if (stage !== "uploaded") {
      const started = await staff.dataImport.start({ kind: "patients", fileId: file.id });
      importId = started.id;
      if (stage === "checked") {
        await staff.dataImport.check({ importId, mapping: started.suggestedMapping });
      }
    }
    return { owner, organization, fileId: file.id, importId };
  }
  const mapping = { firstName: "First name", lastName: "Last name", mobile: "Mobile" };

  return {
    "dataImport.start": async (run) => {
      const { owner, organization, fileId } = await practice("uploaded");
      const caller = await run.as(owner, organization.id);
      await caller.dataImport.start({ kind: "patients", fileId });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "dataImport.check": async (run) => {
      const { owner, organization, importId } = await practice("started");
      const caller = await run.as(owner, organization.id);
      await caller.dataImport.check({ importId, mapping });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
    "dataImport.commit": async (run) => {
      const { owner, organization, importId } = await practice("checked");
      const caller = await run.as(owner, organization.id);
      await caller.dataImport.commit({ importId });
      return { actorUserId: owner.id, organizationId: organization.id };
    },
  };
}
