import {
  ByIdInput,
  CertificateAddInput,
  CertificateRemoveInput,
  Id,
  ListInput,
  PractitionerCreateInput,
  PractitionerPageOutput,
  PractitionerUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  addCertificate,
  createPractitioner,
  getPractitioner,
  listPractitioners,
  removeCertificate,
  updatePractitioner,
} from "../service/practitioner";
import { orgProcedure } from "../trpc";

export const practitionerRouter = {
  list: orgProcedure("directory.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/practitioners",
        tags: ["directory"],
        summary: "The organization's practitioners, by name",
      },
    })
    .input(ListInput.extend({ departmentId: Id.optional() }))
    .output(PractitionerPageOutput)
    .query(({ ctx, input }) => listPractitioners(ctx.db, ctx.org.id, input)),

  byId: orgProcedure("directory.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getPractitioner(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("directory.manage")
    .input(PractitionerCreateInput)
    .mutation(({ ctx, input }) => createPractitioner(ctx, input)),

  /** Also archives (`active: false`), which takes the practitioner off the calendar. */
  update: orgProcedure("directory.manage")
    .input(PractitionerUpdateInput)
    .mutation(({ ctx, input }) => updatePractitioner(ctx, input)),

  addCertificate: orgProcedure("directory.manage")
    .input(CertificateAddInput)
    .mutation(({ ctx, input }) => addCertificate(ctx, input)),

  removeCertificate: orgProcedure("directory.manage")
    .input(CertificateRemoveInput)
    .mutation(({ ctx, input }) => removeCertificate(ctx, input.id)),
} satisfies TRPCRouterRecord;
