// Demo catalogue and stock: about forty products for demo-pharmacy (GBP) and fifteen for
// demo-hospital (EGP), each with valid EAN-13 barcodes, prices, tax, a reorder level and one to
// three lots of different expiries received from a supplier — one lot expiring within 30 days,
// one product below its reorder level. Expiries are counted from the day the seed runs.
import { and, eq } from "drizzle-orm";
import type { Database } from "./client";
import { product, stockLot, stockMovement, stockReceipt } from "./schema";

type Form = (typeof product.form.enumValues)[number];

export interface DemoLot {
  batch: string;
  /** Days from the seed's day to the expiry. */
  expiresInDays: number;
  quantity: number;
  unitCostMinor: number;
}

export interface DemoProduct {
  sku: string;
  barcode: string;
  name: string;
  genericName: string | null;
  form: Form;
  strength: string | null;
  category: string;
  description: string;
  priceMinor: number;
  taxBps: number;
  prescriptionOnly: boolean;
  controlled?: boolean;
  reorderLevel: number;
  lots: DemoLot[];
}

/** The EAN-13 with these 12 digits and their check digit. */
export function ean13(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

type Row = [
  sku: string,
  name: string,
  generic: string | null,
  form: Form,
  strength: string | null,
  category: string,
  priceMinor: number,
  prescriptionOnly: boolean,
  reorderLevel: number,
  /** [days to expiry, quantity] per lot; cost is a share of the price. */
  lots: [number, number][],
];

function build(
  rows: Row[],
  options: { prefix: string; vat: (row: Row) => number; describe: (row: Row) => string },
): DemoProduct[] {
  return rows.map((row, i) => {
    const [sku, name, generic, form, strength, category, priceMinor, rx, reorderLevel, lots] = row;
    return {
      sku,
      barcode: ean13(`${options.prefix}${String(i + 1).padStart(12 - options.prefix.length, "0")}`),
      name,
      genericName: generic,
      form,
      strength,
      category,
      description: options.describe(row),
      priceMinor,
      taxBps: options.vat(row),
      prescriptionOnly: rx,
      reorderLevel,
      lots: lots.map(([expiresInDays, quantity], n) => ({
        batch: `${sku.split("-")[0]}${String(24_100 + i * 7 + n * 3)}`,
        expiresInDays,
        quantity,
        unitCostMinor: Math.round(priceMinor * 0.55),
      })),
    };
  });
}

const pharmacyRows: Row[] = [
  // Pain and fever
  [
    "PARA-500-16",
    "Paracetamol 500 mg tablets (16)",
    "Paracetamol",
    "tablet",
    "500 mg",
    "Pain relief",
    99,
    false,
    40,
    [
      [21, 18],
      [240, 60],
      [540, 80],
    ],
  ],
  [
    "PARA-SUS-100",
    "Paracetamol oral suspension for infants",
    "Paracetamol",
    "suspension",
    "120 mg/5 ml",
    "Pain relief",
    349,
    false,
    10,
    [[300, 24]],
  ],
  [
    "IBU-200-16",
    "Ibuprofen 200 mg tablets (16)",
    "Ibuprofen",
    "tablet",
    "200 mg",
    "Pain relief",
    129,
    false,
    30,
    [
      [200, 40],
      [480, 50],
    ],
  ],
  [
    "IBU-400-24",
    "Ibuprofen 400 mg tablets (24)",
    "Ibuprofen",
    "tablet",
    "400 mg",
    "Pain relief",
    299,
    false,
    15,
    [[360, 30]],
  ],
  [
    "IBU-GEL-50",
    "Ibuprofen 5% gel 50 g",
    "Ibuprofen",
    "gel",
    "5%",
    "Pain relief",
    499,
    false,
    8,
    [[420, 14]],
  ],
  [
    "ASP-75-28",
    "Aspirin 75 mg dispersible tablets (28)",
    "Acetylsalicylic acid",
    "tablet",
    "75 mg",
    "Pain relief",
    149,
    false,
    12,
    [[390, 25]],
  ],
  [
    "CODP-8-32",
    "Co-codamol 8/500 mg tablets (32)",
    "Codeine and paracetamol",
    "tablet",
    "8 mg/500 mg",
    "Pain relief",
    399,
    false,
    10,
    [[330, 20]],
  ],
  // Allergy, cold and flu
  [
    "CET-10-30",
    "Cetirizine 10 mg tablets (30)",
    "Cetirizine",
    "tablet",
    "10 mg",
    "Allergy",
    299,
    false,
    15,
    [[250, 3]],
  ],
  [
    "LOR-10-30",
    "Loratadine 10 mg tablets (30)",
    "Loratadine",
    "tablet",
    "10 mg",
    "Allergy",
    349,
    false,
    12,
    [
      [310, 22],
      [620, 20],
    ],
  ],
  [
    "BEC-NAS-200",
    "Beclometasone nasal spray 200 doses",
    "Beclometasone",
    "spray",
    "50 mcg",
    "Allergy",
    699,
    false,
    6,
    [[400, 12]],
  ],
  [
    "PSE-60-12",
    "Pseudoephedrine 60 mg tablets (12)",
    "Pseudoephedrine",
    "tablet",
    "60 mg",
    "Cold and flu",
    449,
    false,
    8,
    [[150, 16]],
  ],
  [
    "COUGH-DRY-150",
    "Dry cough syrup 150 ml",
    "Dextromethorphan",
    "syrup",
    "7.5 mg/5 ml",
    "Cold and flu",
    549,
    false,
    8,
    [
      [75, 10],
      [400, 12],
    ],
  ],
  [
    "LOZ-HON-24",
    "Honey and lemon lozenges (24)",
    null,
    "other",
    null,
    "Cold and flu",
    299,
    false,
    10,
    [[500, 30]],
  ],
  // Digestive health
  [
    "ORS-6",
    "Oral rehydration salts (6 sachets)",
    "Oral rehydration salts",
    "powder",
    null,
    "Digestive health",
    399,
    false,
    10,
    [
      [330, 24],
      [700, 20],
    ],
  ],
  [
    "LOP-2-6",
    "Loperamide 2 mg capsules (6)",
    "Loperamide",
    "capsule",
    "2 mg",
    "Digestive health",
    249,
    false,
    10,
    [[280, 20]],
  ],
  [
    "OME-20-14",
    "Omeprazole 20 mg gastro-resistant capsules (14)",
    "Omeprazole",
    "capsule",
    "20 mg",
    "Digestive health",
    599,
    false,
    8,
    [[365, 15]],
  ],
  [
    "ANTAC-24",
    "Antacid chewable tablets (24)",
    "Calcium carbonate",
    "tablet",
    "500 mg",
    "Digestive health",
    279,
    false,
    12,
    [[450, 28]],
  ],
  [
    "SENNA-7-20",
    "Senna 7.5 mg tablets (20)",
    "Sennosides",
    "tablet",
    "7.5 mg",
    "Digestive health",
    229,
    false,
    8,
    [[380, 16]],
  ],
  // Vitamins
  [
    "VITD-1000-90",
    "Vitamin D3 1000 IU tablets (90)",
    "Colecalciferol",
    "tablet",
    "1000 IU",
    "Vitamins",
    599,
    false,
    10,
    [
      [520, 25],
      [800, 20],
    ],
  ],
  [
    "VITC-1000-20",
    "Vitamin C 1000 mg effervescent (20)",
    "Ascorbic acid",
    "tablet",
    "1000 mg",
    "Vitamins",
    349,
    false,
    10,
    [[270, 18]],
  ],
  [
    "FOLIC-400-90",
    "Folic acid 400 mcg tablets (90)",
    "Folic acid",
    "tablet",
    "400 mcg",
    "Vitamins",
    299,
    false,
    8,
    [[600, 15]],
  ],
  [
    "IRON-210-28",
    "Ferrous fumarate 210 mg tablets (28)",
    "Ferrous fumarate",
    "tablet",
    "210 mg",
    "Vitamins",
    249,
    false,
    6,
    [[410, 12]],
  ],
  // First aid and devices
  [
    "PLAST-FAB-40",
    "Fabric plasters, assorted (40)",
    null,
    "other",
    null,
    "First aid",
    249,
    false,
    15,
    [[1000, 40]],
  ],
  [
    "BAND-CREPE-7",
    "Crepe bandage 7.5 cm",
    null,
    "other",
    null,
    "First aid",
    199,
    false,
    8,
    [[1100, 20]],
  ],
  [
    "ANTIS-CRM-30",
    "Antiseptic cream 30 g",
    "Chlorhexidine",
    "cream",
    "1%",
    "First aid",
    329,
    false,
    8,
    [[350, 14]],
  ],
  [
    "HYDRO-CRM-15",
    "Hydrocortisone 1% cream 15 g",
    "Hydrocortisone",
    "cream",
    "1%",
    "Skin care",
    449,
    false,
    6,
    [[290, 10]],
  ],
  [
    "THERM-DIG",
    "Digital thermometer",
    null,
    "device",
    null,
    "Devices",
    699,
    false,
    4,
    [[1500, 10]],
  ],
  [
    "BP-MON-ARM",
    "Upper-arm blood pressure monitor",
    null,
    "device",
    null,
    "Devices",
    3499,
    false,
    2,
    [[1800, 5]],
  ],
  [
    "SPACER-ADULT",
    "Inhaler spacer device",
    null,
    "device",
    null,
    "Devices",
    599,
    false,
    3,
    [[1400, 6]],
  ],
  // Prescription-only medicines
  [
    "AMOX-500-21",
    "Amoxicillin 500 mg capsules (21)",
    "Amoxicillin",
    "capsule",
    "500 mg",
    "Antibiotics",
    850,
    true,
    10,
    [
      [45, 14],
      [300, 30],
    ],
  ],
  [
    "AMOX-SUS-100",
    "Amoxicillin 250 mg/5 ml oral suspension",
    "Amoxicillin",
    "suspension",
    "250 mg/5 ml",
    "Antibiotics",
    650,
    true,
    5,
    [[120, 8]],
  ],
  [
    "CLAR-500-14",
    "Clarithromycin 500 mg tablets (14)",
    "Clarithromycin",
    "tablet",
    "500 mg",
    "Antibiotics",
    995,
    true,
    4,
    [[260, 10]],
  ],
  [
    "ATOR-20-28",
    "Atorvastatin 20 mg tablets (28)",
    "Atorvastatin",
    "tablet",
    "20 mg",
    "Heart health",
    420,
    true,
    15,
    [
      [380, 40],
      [720, 30],
    ],
  ],
  [
    "AMLO-5-28",
    "Amlodipine 5 mg tablets (28)",
    "Amlodipine",
    "tablet",
    "5 mg",
    "Heart health",
    390,
    true,
    12,
    [[340, 30]],
  ],
  [
    "RAMI-5-28",
    "Ramipril 5 mg capsules (28)",
    "Ramipril",
    "capsule",
    "5 mg",
    "Heart health",
    410,
    true,
    10,
    [[410, 25]],
  ],
  [
    "METF-500-84",
    "Metformin 500 mg tablets (84)",
    "Metformin",
    "tablet",
    "500 mg",
    "Diabetes",
    460,
    true,
    12,
    [
      [450, 30],
      [800, 24],
    ],
  ],
  [
    "SALB-INH-200",
    "Salbutamol 100 mcg inhaler (200 doses)",
    "Salbutamol",
    "inhaler",
    "100 mcg",
    "Respiratory",
    720,
    true,
    10,
    [[330, 20]],
  ],
  [
    "BECL-INH-200",
    "Beclometasone 100 mcg inhaler (200 doses)",
    "Beclometasone",
    "inhaler",
    "100 mcg",
    "Respiratory",
    1150,
    true,
    6,
    [[360, 12]],
  ],
  [
    "SERT-50-28",
    "Sertraline 50 mg tablets (28)",
    "Sertraline",
    "tablet",
    "50 mg",
    "Mental health",
    520,
    true,
    8,
    [[390, 20]],
  ],
  [
    "LEVO-50-28",
    "Levothyroxine 50 mcg tablets (28)",
    "Levothyroxine",
    "tablet",
    "50 mcg",
    "Thyroid",
    380,
    true,
    8,
    [[300, 20]],
  ],
];

const hospitalRows: Row[] = [
  [
    "PARA-500-20",
    "Paracetamol 500 mg tablets (20)",
    "Paracetamol",
    "tablet",
    "500 mg",
    "Pain relief",
    2500,
    false,
    30,
    [
      [25, 20],
      [400, 80],
    ],
  ],
  [
    "IBU-400-20",
    "Ibuprofen 400 mg tablets (20)",
    "Ibuprofen",
    "tablet",
    "400 mg",
    "Pain relief",
    3800,
    false,
    20,
    [[350, 50]],
  ],
  [
    "DICLO-50-20",
    "Diclofenac 50 mg tablets (20)",
    "Diclofenac",
    "tablet",
    "50 mg",
    "Pain relief",
    4200,
    false,
    15,
    [[300, 40]],
  ],
  [
    "ORS-10",
    "Oral rehydration salts (10 sachets)",
    "Oral rehydration salts",
    "powder",
    null,
    "Digestive health",
    3000,
    false,
    20,
    [[500, 60]],
  ],
  [
    "CET-10-20",
    "Cetirizine 10 mg tablets (20)",
    "Cetirizine",
    "tablet",
    "10 mg",
    "Allergy",
    2800,
    false,
    10,
    [[330, 4]],
  ],
  [
    "VITD-50K-4",
    "Vitamin D3 50,000 IU capsules (4)",
    "Colecalciferol",
    "capsule",
    "50000 IU",
    "Vitamins",
    6500,
    false,
    8,
    [[600, 20]],
  ],
  [
    "GAUZE-10",
    "Sterile gauze swabs (10)",
    null,
    "other",
    null,
    "First aid",
    1500,
    false,
    20,
    [[1000, 100]],
  ],
  [
    "THERM-DIG",
    "Digital thermometer",
    null,
    "device",
    null,
    "Devices",
    12000,
    false,
    5,
    [[1500, 12]],
  ],
  [
    "AMOX-500-16",
    "Amoxicillin 500 mg capsules (16)",
    "Amoxicillin",
    "capsule",
    "500 mg",
    "Antibiotics",
    5500,
    true,
    15,
    [
      [60, 20],
      [420, 40],
    ],
  ],
  [
    "AZI-500-3",
    "Azithromycin 500 mg tablets (3)",
    "Azithromycin",
    "tablet",
    "500 mg",
    "Antibiotics",
    7800,
    true,
    10,
    [[380, 30]],
  ],
  [
    "CEFT-1G-INJ",
    "Ceftriaxone 1 g injection",
    "Ceftriaxone",
    "injection",
    "1 g",
    "Antibiotics",
    4500,
    true,
    20,
    [[280, 50]],
  ],
  [
    "ATOR-20-30",
    "Atorvastatin 20 mg tablets (30)",
    "Atorvastatin",
    "tablet",
    "20 mg",
    "Heart health",
    9500,
    true,
    10,
    [[450, 30]],
  ],
  [
    "METF-850-30",
    "Metformin 850 mg tablets (30)",
    "Metformin",
    "tablet",
    "850 mg",
    "Diabetes",
    3500,
    true,
    15,
    [[400, 40]],
  ],
  [
    "INS-GLAR-PEN",
    "Insulin glargine 100 units/ml pen",
    "Insulin glargine",
    "injection",
    "100 units/ml",
    "Diabetes",
    45000,
    true,
    5,
    [[150, 10]],
  ],
  [
    "SALB-INH-200",
    "Salbutamol 100 mcg inhaler (200 doses)",
    "Salbutamol",
    "inhaler",
    "100 mcg",
    "Respiratory",
    6000,
    true,
    8,
    [[320, 15]],
  ],
];

/** The demo pharmacy's catalogue (GBP, UK VAT: 20% on over-the-counter goods, 0% on prescriptions). */
export const demoPharmacyProducts: DemoProduct[] = build(pharmacyRows, {
  prefix: "5060123",
  vat: (row) => (row[7] ? 0 : 2000),
  describe: (row) =>
    row[7]
      ? `${row[1]}. Prescription-only medicine: dispensed against a valid prescription.`
      : `${row[1]}. Always read the label and ask the pharmacist if you are unsure.`,
});

/** The demo hospital's pharmacy (EGP: medicines untaxed, devices and supplies at 14% VAT). */
export const demoHospitalProducts: DemoProduct[] = build(hospitalRows, {
  prefix: "6221234",
  vat: (row) => (row[3] === "device" || row[3] === "other" ? 1400 : 0),
  describe: (row) =>
    row[7]
      ? `${row[1]}. Dispensed by the hospital pharmacy against a prescription.`
      : `${row[1]}. Available from the hospital pharmacy.`,
});

const dayFrom = (today: Date, days: number) =>
  new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Stocks a demo practice's catalogue: its products, one goods receipt from a wholesaler, and
 * each lot with its `receive` movement (a trigger keeps on-hand).
 */
export async function seedPharmacy(
  tx: Database,
  organizationId: string,
  products: readonly DemoProduct[],
  supplier: string,
  today = new Date(),
): Promise<void> {
  const [receipt] = await tx
    .insert(stockReceipt)
    .values({
      organizationId,
      supplier,
      reference: "DEMO-0001",
      receivedOn: dayFrom(today, -7),
    })
    .returning({ id: stockReceipt.id });
  if (!receipt) throw new Error("stock receipt insert returned nothing");
  for (const item of products) {
    const { lots, ...fields } = item;
    const [row] = await tx
      .insert(product)
      .values({ organizationId, ...fields })
      .returning({ id: product.id });
    if (!row) throw new Error("product insert returned nothing");
    for (const lot of lots) {
      const [made] = await tx
        .insert(stockLot)
        .values({
          organizationId,
          productId: row.id,
          batchNumber: lot.batch,
          expiresOn: dayFrom(today, lot.expiresInDays),
          quantity: lot.quantity,
          unitCostMinor: lot.unitCostMinor,
          receiptId: receipt.id,
        })
        .returning({ id: stockLot.id });
      if (!made) throw new Error("stock lot insert returned nothing");
      await tx.insert(stockMovement).values({
        organizationId,
        productId: row.id,
        lotId: made.id,
        kind: "receive",
        quantity: lot.quantity,
        receiptId: receipt.id,
      });
    }
  }
}

/** Whether a practice already has a catalogue (the seed then leaves it alone). */
export async function hasCatalogue(tx: Database, organizationId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: product.id })
    .from(product)
    .where(and(eq(product.organizationId, organizationId)))
    .limit(1);
  return rows.length > 0;
}
