// The value lists the validators (and through them the forms and the OpenAPI document) know must
// be the database's own enums: validators cannot import packages/db (it would pull the database
// drivers into the browser bundle), so this test is what keeps the two copies equal.
import { schema } from "@caredesk/db";
import {
  ambulanceStatuses,
  appointmentKinds,
  appointmentSources,
  appointmentStatuses,
  documentKinds,
  ledgerEntryKinds,
  memberRoles,
  notificationChannels,
  notificationStatuses,
  organizationKinds,
  patientSexes,
  paymentMethods,
  practiceFeatureNames,
  reviewStatuses,
  resourceKinds,
  siteSteps,
  siteTemplates,
  toothConditionKinds,
  treatmentPlanStatuses,
  treatmentStatuses,
} from "@caredesk/validators";
import { describe, expect, it } from "vitest";

describe("the validators' value lists", () => {
  it.each([
    ["organization kinds", organizationKinds, schema.organizationKind.enumValues],
    ["member roles", memberRoles, schema.memberRole.enumValues],
    ["resource kinds", resourceKinds, schema.resourceKind.enumValues],
    ["appointment statuses", appointmentStatuses, schema.appointmentStatus.enumValues],
    ["appointment kinds", appointmentKinds, schema.appointmentKind.enumValues],
    ["appointment sources", appointmentSources, schema.appointmentSource.enumValues],
    ["patient sexes", patientSexes, schema.patientSex.enumValues],
    ["document kinds", documentKinds, schema.documentKind.enumValues],
    ["notification statuses", notificationStatuses, schema.notificationStatus.enumValues],
    ["notification channels", notificationChannels, schema.notificationChannel.enumValues],
    ["treatment statuses", treatmentStatuses, schema.treatmentStatus.enumValues],
    ["treatment plan statuses", treatmentPlanStatuses, schema.treatmentPlanStatus.enumValues],
    ["tooth conditions", toothConditionKinds, schema.toothConditionKind.enumValues],
    ["ledger entry kinds", ledgerEntryKinds, schema.ledgerEntryKind.enumValues],
    ["payment methods", paymentMethods, schema.paymentMethod.enumValues],
    ["practice features", practiceFeatureNames, schema.practiceFeature.enumValues],
    ["site steps", siteSteps, schema.siteStep.enumValues],
    ["site templates", siteTemplates, schema.siteTemplate.enumValues],
    ["review statuses", reviewStatuses, schema.reviewStatus.enumValues],
    ["ambulance statuses", ambulanceStatuses, schema.ambulanceStatus.enumValues],
  ])("are the database's %s", (_name, validators, database) => {
    expect([...validators]).toEqual([...database]);
  });
});
