// Inputs of the dental chart: treatments on teeth and surfaces, conditions, treatment plans.
// Teeth arrive as the practice writes them (Universal or FDI); the api parses them against the
// practice's numbering, since only it knows which one that is.
import { z } from "zod";
import {
  Blankable,
  Code,
  Id,
  LocalDate,
  OptionalMultiLine,
  OptionalSingleLine,
  SingleLine,
} from "./common";
import { toothSurfaceCodes } from "./teeth";

export const treatmentStatuses = ["planned", "in_progress", "completed", "existing"] as const;
export type TreatmentStatus = (typeof treatmentStatuses)[number];
export const treatmentPlanStatuses = ["draft", "proposed", "accepted", "declined"] as const;
export type TreatmentPlanStatus = (typeof treatmentPlanStatuses)[number];
export const toothConditionKinds = [
  "caries",
  "missing",
  "crown",
  "implant",
  "root_canal",
  "filling",
  "fracture",
  "bridge",
  "veneer",
  "sealant",
  "impacted",
  "abscess",
  "mobility",
] as const;
export type ToothConditionKind = (typeof toothConditionKinds)[number];

/** A tooth as the practice writes it: "14", "48", "A"; checked against its numbering by the api. */
export const ToothText = Code(/^([0-9]{1,2}|[A-Ta-t])$/, "Enter a tooth number", 2).transform(
  (tooth) => tooth.toUpperCase(),
);

export const Surfaces = z
  .array(z.enum(toothSurfaceCodes, "Choose surfaces from M, O, I, D, B, F and L"))
  .max(5, "A tooth has five surfaces")
  .refine((surfaces) => new Set(surfaces).size === surfaces.length, "Choose each surface once");

/** An amount of money in the practice currency's minor units (cents), not negative. */
export const MoneyMinor = (what: string) =>
  z
    .number(`Enter ${what}`)
    .int("Use the smallest currency unit")
    .min(0, `${what[0]?.toUpperCase() ?? ""}${what.slice(1)} cannot be negative`)
    .max(100_000_000, `That ${what} is too high`);

const discountAbovePrice = {
  message: "The discount cannot be more than the price",
  path: ["discountMinor"],
};

export const TreatmentStatus = z.enum(treatmentStatuses, "Choose a status");

export const ChartGetInput = z.object({ patientId: Id });

export const TreatmentAddInput = z
  .object({
    patientId: Id,
    /** Blank or left out: the whole mouth (a cleaning, an X-ray). */
    tooth: Blankable(ToothText),
    surfaces: Surfaces.default([]),
    serviceId: Id.nullish(),
    /** What was done; the service's name when left blank. */
    description: OptionalSingleLine(200),
    /** The service's price when left out. */
    priceMinor: MoneyMinor("a price").optional(),
    discountMinor: MoneyMinor("a discount").default(0),
    status: TreatmentStatus.default("planned"),
    performedOn: Blankable(LocalDate),
    practitionerId: Id.nullish(),
    planId: Id.nullish(),
    notes: OptionalMultiLine(2000),
  })
  .refine(
    (input) => input.priceMinor === undefined || input.discountMinor <= input.priceMinor,
    discountAbovePrice,
  );
export type TreatmentAddInput = z.infer<typeof TreatmentAddInput>;

export const TreatmentUpdateInput = z
  .object({
    id: Id,
    tooth: Blankable(ToothText),
    surfaces: Surfaces.optional(),
    description: SingleLine(200, "Describe the treatment").optional(),
    priceMinor: MoneyMinor("a price").optional(),
    discountMinor: MoneyMinor("a discount").optional(),
    performedOn: Blankable(LocalDate),
    practitionerId: Id.nullish(),
    notes: OptionalMultiLine(2000),
  })
  .refine(
    (input) =>
      input.priceMinor === undefined ||
      input.discountMinor === undefined ||
      input.discountMinor <= input.priceMinor,
    discountAbovePrice,
  );
export type TreatmentUpdateInput = z.infer<typeof TreatmentUpdateInput>;

export const TreatmentStatusInput = z.object({ id: Id, status: TreatmentStatus });

export const ConditionAddInput = z.object({
  patientId: Id,
  tooth: ToothText,
  surfaces: Surfaces.default([]),
  condition: z.enum(toothConditionKinds, "Choose a condition"),
  notes: OptionalMultiLine(2000),
});
export type ConditionAddInput = z.infer<typeof ConditionAddInput>;

export const PlanCreateInput = z.object({
  patientId: Id,
  title: SingleLine(200, "Enter a title"),
  notes: OptionalMultiLine(2000),
  /** Planned treatments of the patient to group; none makes an empty draft. */
  treatmentIds: z.array(Id).max(200, "At most 200 treatments in a plan").default([]),
});
export type PlanCreateInput = z.infer<typeof PlanCreateInput>;

export const PlanDecisionInput = z.object({
  id: Id,
  decision: z.enum(["accepted", "declined"], "Choose accepted or declined"),
});
