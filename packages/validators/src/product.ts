// Inputs of the pharmacy's catalogue and stock: products (EAN-13 barcodes with their check
// digit), goods received in lots, adjustments with a reason, stock counts, lists and reports.
// Quantities are whole units; money is integer minor units of the practice's currency.
import { z } from "zod";
import {
  Blankable,
  Code,
  Cursor,
  Id,
  LocalDate,
  OptionalMultiLine,
  OptionalSingleLine,
  PageLimit,
  SearchText,
  SingleLine,
} from "./common";

export const productForms = [
  "tablet",
  "capsule",
  "syrup",
  "suspension",
  "solution",
  "drops",
  "cream",
  "ointment",
  "gel",
  "injection",
  "inhaler",
  "spray",
  "patch",
  "suppository",
  "powder",
  "device",
  "other",
] as const;
export type ProductForm = (typeof productForms)[number];

export const productStatuses = ["active", "archived"] as const;
export type ProductStatus = (typeof productStatuses)[number];

export const stockMovementKinds = [
  "receive",
  "sell",
  "dispense",
  "adjust",
  "return",
  "expire",
  "count",
] as const;
export type StockMovementKind = (typeof stockMovementKinds)[number];

export const stockCountStatuses = ["open", "posted", "cancelled"] as const;
export type StockCountStatus = (typeof stockCountStatuses)[number];

export const ean13Message = "Not a valid EAN-13 barcode";

/** Whether 13 digits carry the right EAN-13 check digit (weights 1, 3, 1, 3… then mod 10). */
export function isValidEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  return ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/** The check digit of the first 12 digits of an EAN-13. */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** An EAN-13 barcode as a scanner types it: 13 digits, the last one the check digit. */
export const Ean13 = Code(/^\d{13}$/, ean13Message, 13).refine(isValidEan13, ean13Message);

/** The practice's own stock-keeping code. */
export const Sku = SingleLine(64, "Enter a SKU");

/** A product category as the practice names it. */
export const ProductCategory = SingleLine(80, { tooLong: "Category is too long" });

const maxMoney = 100_000_000;
/** How many units one movement, lot or count line may hold. */
const maxUnits = 1_000_000;

export const ProductPrice = z
  .number("Enter a price")
  .int("Use the smallest currency unit")
  .min(0, "Price cannot be negative")
  .max(maxMoney, "That price is too high");

/** Tax in basis points: 2000 is 20%. */
export const TaxBps = z
  .number("Enter a tax rate")
  .int("Use a whole number of basis points")
  .min(0, "Tax cannot be negative")
  .max(10_000, "Tax is at most 100%");

export const ReorderLevel = z
  .number("Enter a reorder level")
  .int("Use a whole number")
  .min(0, "Reorder level cannot be negative")
  .max(maxUnits, "That reorder level is too high");

const productFields = {
  sku: Sku,
  barcode: Blankable(Ean13),
  name: SingleLine(200, "Enter the product's name"),
  genericName: OptionalSingleLine(200),
  form: z.enum(productForms, "Choose a form"),
  strength: OptionalSingleLine(80),
  category: Blankable(ProductCategory),
  description: OptionalMultiLine(4000),
  imageFileId: Id.nullish(),
  priceMinor: ProductPrice,
  taxBps: TaxBps,
  prescriptionOnly: z.boolean("Say whether it needs a prescription"),
  controlled: z.boolean("Say whether it is a controlled drug"),
  reorderLevel: ReorderLevel,
};

export const ProductCreateInput = z.object({
  ...productFields,
  form: productFields.form.default("other"),
  taxBps: productFields.taxBps.default(0),
  prescriptionOnly: productFields.prescriptionOnly.default(false),
  controlled: productFields.controlled.default(false),
  reorderLevel: productFields.reorderLevel.default(0),
});
export type ProductCreateInput = z.infer<typeof ProductCreateInput>;

/** Changes what is sent; the rest stays. */
export const ProductUpdateInput = z.object({
  id: Id,
  sku: productFields.sku.optional(),
  barcode: productFields.barcode,
  name: productFields.name.optional(),
  genericName: productFields.genericName,
  form: productFields.form.optional(),
  strength: productFields.strength,
  category: productFields.category,
  description: productFields.description,
  imageFileId: productFields.imageFileId,
  priceMinor: productFields.priceMinor.optional(),
  taxBps: productFields.taxBps.optional(),
  prescriptionOnly: productFields.prescriptionOnly.optional(),
  controlled: productFields.controlled.optional(),
  reorderLevel: productFields.reorderLevel.optional(),
});
export type ProductUpdateInput = z.infer<typeof ProductUpdateInput>;

export const ProductByIdInput = z.object({ id: Id });

/**
 * What a scanner types at the counter: an EAN-13, or a 12-digit UPC-A (North American packs),
 * which is the same code without its leading zero and is read as that EAN-13.
 */
export const ScannedBarcode = Code(/^\d{12,13}$/, ean13Message, 13)
  .transform((code) => (code.length === 12 ? `0${code}` : code))
  .refine(isValidEan13, ean13Message);

export const ProductByBarcodeInput = z.object({ barcode: ScannedBarcode });

/** The catalogue: fuzzy search, by status, category, and what is at or below its reorder level. */
export const ProductListInput = z.object({
  /** Fuzzy over name, generic name, barcode and SKU; 13 digits also match a barcode exactly. */
  q: SearchText.optional(),
  status: z.enum([...productStatuses, "all"], "Choose a status").default("active"),
  lowStock: z.boolean("Say whether to show only low stock").optional(),
  category: ProductCategory.optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type ProductListInput = z.input<typeof ProductListInput>;

// ---------------------------------------------------------------------------------------------
// Stock

export const Units = (what: string, min = 1) =>
  z
    .number(`Enter ${what}`)
    .int("Use a whole number")
    .min(min, min === 1 ? `Enter ${what} of at least 1` : "Cannot be negative")
    .max(maxUnits, `That ${what} is too high`);

const UnitCost = z
  .number("Enter a unit cost")
  .int("Use the smallest currency unit")
  .min(0, "Cost cannot be negative")
  .max(maxMoney, "That cost is too high");

/**
 * The earliest day that is still today somewhere (UTC−12): an expiry before it is in the past
 * in every practice's zone. The api checks it against the practice's own calendar.
 */
function earliestTodayAnywhere(now = new Date()): string {
  return new Date(now.getTime() - 12 * 3_600_000).toISOString().slice(0, 10);
}

export const expiryInPastMessage = "This expiry date has passed";

export const ExpiryDate = LocalDate.refine(
  (day) => day >= earliestTodayAnywhere(),
  expiryInPastMessage,
);

export const BatchNumber = SingleLine(64, "Enter the batch number");

export const ReceiveLot = z.object({
  productId: Id,
  batchNumber: BatchNumber,
  expiresOn: ExpiryDate,
  quantity: Units("a quantity"),
  unitCostMinor: UnitCost.default(0),
});
export type ReceiveLot = z.infer<typeof ReceiveLot>;

/** Goods received from a supplier: one delivery, its lots. */
export const StockReceiveInput = z.object({
  supplier: SingleLine(200, "Name the supplier"),
  reference: OptionalSingleLine(100),
  receivedOn: LocalDate,
  lots: z.array(ReceiveLot, "Add a lot").min(1, "Add a lot").max(100, "At most 100 lots at once"),
});
export type StockReceiveInput = z.input<typeof StockReceiveInput>;

/** A correction of one lot (damaged, found, sample…): signed, with its reason. */
export const StockAdjustInput = z.object({
  lotId: Id,
  quantity: z
    .number("Enter a quantity")
    .int("Use a whole number")
    .min(-maxUnits, "That quantity is too large")
    .max(maxUnits, "That quantity is too large")
    .refine((n) => n !== 0, "Enter a quantity other than 0"),
  reason: SingleLine(300, "Say why the stock changes"),
});
export type StockAdjustInput = z.infer<typeof StockAdjustInput>;

export const StockLotsInput = z.object({
  productId: Id,
  /** Lots that are empty or written off too. */
  includeEmpty: z.boolean().optional(),
});

export const StockMovementsInput = z.object({
  productId: Id.optional(),
  lotId: Id.optional(),
  kind: z.enum(stockMovementKinds, "Choose a kind").optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(50),
});
export type StockMovementsInput = z.input<typeof StockMovementsInput>;

/** Opens a count of every lot on the shelf, or of one category's. */
export const StockCountOpenInput = z.object({
  category: ProductCategory.optional(),
  note: OptionalSingleLine(300),
});

export const StockCountSetInput = z.object({
  lineId: Id,
  counted: Units("the count", 0),
});

export const StockCountByIdInput = z.object({ id: Id });

export const StockCountsInput = z.object({
  status: z.enum(stockCountStatuses, "Choose a status").optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type StockCountsInput = z.input<typeof StockCountsInput>;

// ---------------------------------------------------------------------------------------------
// Reports

/** The longest range a report covers. */
export const reportMaxDays = 366;

export const PharmacyReportRange = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((range) => range.from <= range.to, {
    message: "The end comes before the start",
    path: ["to"],
  })
  .refine((range) => (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 < reportMaxDays, {
    message: `Choose at most ${reportMaxDays} days`,
    path: ["to"],
  });
export type PharmacyReportRange = z.infer<typeof PharmacyReportRange>;
