// A synthetic but realistic pharmacy catalogue for the search bench: ~60 real generics with their
// usual strengths and forms, a few real brands, and thousands of made-up brand names built from
// syllables, so a query matches tens to hundreds of products (as at a real counter), not 4% of
// the catalogue. Deterministic (seeded), so runs compare.
import { seededRandom } from "@caredesk/api/testing";

type FormX =
  | "tablet"
  | "capsule"
  | "syrup"
  | "suspension"
  | "drops"
  | "cream"
  | "gel"
  | "inhaler"
  | "injection"
  | "spray"
  | "sachet";

/** [generic, strengths, forms, real brands] */
const generics: [string, string[], FormX[], string[]][] = [
  [
    "paracetamol",
    ["500 mg", "1 g", "120 mg/5 ml", "250 mg/5 ml"],
    ["tablet", "capsule", "suspension"],
    ["Panadol", "Calpol", "Adol"],
  ],
  [
    "ibuprofen",
    ["200 mg", "400 mg", "600 mg", "100 mg/5 ml"],
    ["tablet", "capsule", "suspension", "gel"],
    ["Nurofen", "Brufen"],
  ],
  ["amoxicillin", ["250 mg", "500 mg", "125 mg/5 ml"], ["capsule", "suspension"], ["Amoxil"]],
  [
    "amoxicillin and clavulanic acid",
    ["375 mg", "625 mg", "1 g"],
    ["tablet", "suspension"],
    ["Augmentin", "Hibiotic"],
  ],
  ["atorvastatin", ["10 mg", "20 mg", "40 mg", "80 mg"], ["tablet"], ["Lipitor", "Ator"]],
  ["simvastatin", ["10 mg", "20 mg", "40 mg"], ["tablet"], ["Zocor"]],
  ["rosuvastatin", ["5 mg", "10 mg", "20 mg"], ["tablet"], ["Crestor"]],
  ["metformin", ["500 mg", "850 mg", "1 g"], ["tablet"], ["Glucophage"]],
  ["gliclazide", ["30 mg", "60 mg", "80 mg"], ["tablet"], ["Diamicron"]],
  ["sitagliptin", ["50 mg", "100 mg"], ["tablet"], ["Januvia"]],
  ["omeprazole", ["10 mg", "20 mg", "40 mg"], ["capsule"], ["Losec"]],
  ["esomeprazole", ["20 mg", "40 mg"], ["tablet", "capsule"], ["Nexium"]],
  ["lansoprazole", ["15 mg", "30 mg"], ["capsule"], ["Zoton"]],
  ["pantoprazole", ["20 mg", "40 mg"], ["tablet"], ["Protium"]],
  ["cetirizine", ["10 mg", "5 mg/5 ml"], ["tablet", "syrup"], ["Zyrtec"]],
  ["loratadine", ["10 mg", "5 mg/5 ml"], ["tablet", "syrup"], ["Clarityn"]],
  ["fexofenadine", ["120 mg", "180 mg"], ["tablet"], ["Telfast"]],
  ["salbutamol", ["100 mcg", "2 mg/5 ml"], ["inhaler", "syrup"], ["Ventolin"]],
  ["beclometasone", ["50 mcg", "100 mcg", "200 mcg"], ["inhaler"], ["Clenil"]],
  ["montelukast", ["4 mg", "5 mg", "10 mg"], ["tablet"], ["Singulair"]],
  ["amlodipine", ["5 mg", "10 mg"], ["tablet"], ["Norvasc", "Istin"]],
  ["lisinopril", ["5 mg", "10 mg", "20 mg"], ["tablet"], ["Zestril"]],
  ["ramipril", ["1.25 mg", "2.5 mg", "5 mg", "10 mg"], ["capsule", "tablet"], ["Tritace"]],
  ["bisoprolol", ["1.25 mg", "2.5 mg", "5 mg", "10 mg"], ["tablet"], ["Concor"]],
  ["losartan", ["25 mg", "50 mg", "100 mg"], ["tablet"], ["Cozaar"]],
  ["valsartan", ["80 mg", "160 mg"], ["tablet"], ["Diovan"]],
  ["furosemide", ["20 mg", "40 mg"], ["tablet", "injection"], ["Lasix"]],
  ["clopidogrel", ["75 mg"], ["tablet"], ["Plavix"]],
  ["warfarin", ["1 mg", "3 mg", "5 mg"], ["tablet"], ["Marevan"]],
  ["apixaban", ["2.5 mg", "5 mg"], ["tablet"], ["Eliquis"]],
  ["sertraline", ["50 mg", "100 mg"], ["tablet"], ["Lustral", "Zoloft"]],
  ["fluoxetine", ["20 mg", "20 mg/5 ml"], ["capsule", "syrup"], ["Prozac"]],
  ["citalopram", ["10 mg", "20 mg", "40 mg"], ["tablet"], ["Cipramil"]],
  ["mirtazapine", ["15 mg", "30 mg"], ["tablet"], ["Zispin"]],
  ["diazepam", ["2 mg", "5 mg", "10 mg"], ["tablet"], ["Valium"]],
  ["pregabalin", ["75 mg", "150 mg", "300 mg"], ["capsule"], ["Lyrica"]],
  ["gabapentin", ["300 mg", "400 mg"], ["capsule"], ["Neurontin"]],
  ["tramadol", ["50 mg", "100 mg"], ["capsule", "tablet"], ["Zydol", "Tramal"]],
  ["codeine", ["15 mg", "30 mg"], ["tablet"], []],
  ["naproxen", ["250 mg", "500 mg"], ["tablet"], ["Naprosyn"]],
  [
    "diclofenac",
    ["25 mg", "50 mg", "75 mg", "1%"],
    ["tablet", "gel", "injection"],
    ["Voltaren", "Cataflam"],
  ],
  [
    "azithromycin",
    ["250 mg", "500 mg", "200 mg/5 ml"],
    ["tablet", "capsule", "suspension"],
    ["Zithromax"],
  ],
  ["clarithromycin", ["250 mg", "500 mg"], ["tablet"], ["Klacid"]],
  ["ciprofloxacin", ["250 mg", "500 mg"], ["tablet"], ["Ciproxin"]],
  ["doxycycline", ["100 mg"], ["capsule"], ["Vibramycin"]],
  ["flucloxacillin", ["250 mg", "500 mg"], ["capsule"], ["Floxapen"]],
  ["metronidazole", ["200 mg", "400 mg", "0.75%"], ["tablet", "gel"], ["Flagyl"]],
  ["nitrofurantoin", ["50 mg", "100 mg"], ["capsule"], ["Macrobid"]],
  ["fluconazole", ["50 mg", "150 mg"], ["capsule"], ["Diflucan"]],
  ["clotrimazole", ["1%", "2%"], ["cream"], ["Canesten"]],
  ["hydrocortisone", ["0.5%", "1%"], ["cream"], ["Dermacort"]],
  ["betamethasone", ["0.1%"], ["cream"], ["Betnovate"]],
  ["aciclovir", ["200 mg", "400 mg", "5%"], ["tablet", "cream"], ["Zovirax"]],
  ["levothyroxine", ["25 mcg", "50 mcg", "100 mcg"], ["tablet"], ["Eltroxin"]],
  ["prednisolone", ["1 mg", "5 mg", "25 mg"], ["tablet"], []],
  [
    "colecalciferol",
    ["400 IU", "1000 IU", "20000 IU"],
    ["capsule", "drops"],
    ["Vitamin D3", "Fultium-D3"],
  ],
  ["folic acid", ["400 mcg", "5 mg"], ["tablet"], []],
  ["ferrous sulfate", ["200 mg"], ["tablet"], ["Feospan"]],
  ["loperamide", ["2 mg"], ["capsule"], ["Imodium"]],
  ["domperidone", ["10 mg"], ["tablet"], ["Motilium"]],
  ["ondansetron", ["4 mg", "8 mg"], ["tablet", "injection"], ["Zofran"]],
  ["xylometazoline", ["0.1%"], ["spray"], ["Otrivine"]],
  ["oral rehydration salts", ["1 sachet"], ["sachet"], ["Dioralyte"]],
];

const formWords: Record<FormX, string[]> = {
  tablet: ["tablets", "film-coated tablets", "dispersible tablets"],
  capsule: ["capsules", "hard capsules", "gastro-resistant capsules"],
  syrup: ["syrup", "oral solution"],
  suspension: ["oral suspension", "suspension sugar free"],
  drops: ["oral drops", "drops"],
  cream: ["cream", "ointment"],
  gel: ["gel", "topical gel"],
  inhaler: ["inhaler", "evohaler", "accuhaler"],
  injection: ["injection", "solution for injection"],
  spray: ["nasal spray", "metered spray"],
  sachet: ["sachets", "powder for oral solution"],
};
const formOf = {
  tablet: "tablet",
  capsule: "capsule",
  syrup: "syrup",
  suspension: "suspension",
  drops: "drops",
  cream: "cream",
  gel: "gel",
  inhaler: "inhaler",
  injection: "injection",
  spray: "spray",
  sachet: "powder",
} as const satisfies Record<FormX, string>;
const packs = ["x7", "x10", "x14", "x20", "x28", "x30", "x56", "100 ml", "200 ml", "30 g"];
const makers = ["Teva", "Sandoz", "Accord", "Zentiva", "Mylan", "Aurobindo", "EIPICO", "Pharco"];

const onsets = [
  "Al",
  "Be",
  "Ca",
  "Do",
  "Ex",
  "Fa",
  "Gli",
  "Ha",
  "Iso",
  "Ko",
  "Lu",
  "Ma",
  "Ne",
  "Ora",
];
const middles = ["ra", "ti", "no", "me", "lo", "va", "xi", "pro", "fe", "do", "ce", "zo", "mi"];
const codas = ["l", "x", "n", "ra", "ex", "ol", "in", "an", "ix", "one", "ax", "ide", "et", "um"];
const onsets2 = ["Pri", "Qu", "Ro", "Sa", "Te", "Ul", "Vi", "Xe", "Ze", "Bri", "Cro", "Dy", "Tri"];

const pick = <T>(rand: () => number, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)] as T;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A valid EAN-13 from a 12-digit body: the check digit weights alternate 1 and 3. */
export function ean13(body: string): string {
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

export interface CatalogueProduct {
  sku: string;
  barcode: string;
  name: string;
  genericName: string;
  form: (typeof formOf)[FormX];
  strength: string;
  category: string;
  priceMinor: number;
  taxBps: number;
  reorderLevel: number;
}

/**
 * `count` products: a quarter sold under their generic name (with a maker), the rest under
 * brands — the real ones and ~6,000 made-up ones (two or three syllables, each brand of one
 * generic) — in each of the generic's strengths, forms and a pack size.
 */
export function catalogue(count: number, seed = 14): CatalogueProduct[] {
  const rand = seededRandom(seed);
  const brands: { name: string; generic: number }[] = [];
  generics.forEach(([, , , real], g) => real.forEach((name) => brands.push({ name, generic: g })));
  const seen = new Set(brands.map((b) => b.name.toLowerCase()));
  while (brands.length < 6_000) {
    const name =
      pick(rand, rand() < 0.5 ? onsets : onsets2) +
      pick(rand, middles) +
      (rand() < 0.4 ? pick(rand, middles) : "") +
      pick(rand, codas);
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    brands.push({ name, generic: Math.floor(rand() * generics.length) });
  }
  const products: CatalogueProduct[] = [];
  for (let i = 0; i < count; i++) {
    const branded = rand() < 0.75;
    const brand = branded ? pick(rand, brands) : undefined;
    const g = brand ? brand.generic : Math.floor(rand() * generics.length);
    const entry = generics[g];
    if (!entry) throw new Error(`no generic ${g}`);
    const [generic, strengths, forms] = entry;
    const formX = pick(rand, forms);
    const strength = pick(rand, strengths);
    const label = brand ? brand.name : `${capitalised(generic)} ${pick(rand, makers)}`;
    products.push({
      sku: `BP-${String(i).padStart(6, "0")}`,
      barcode: ean13(`50${String(i).padStart(10, "0")}`),
      name: `${label} ${strength} ${pick(rand, formWords[formX])} ${pick(rand, packs)}`,
      genericName: generic,
      form: formOf[formX],
      strength,
      category: "Medicines",
      priceMinor: 199 + Math.floor(rand() * 5_000),
      taxBps: rand() < 0.25 ? 2_000 : 0,
      reorderLevel: 10,
    });
  }
  return products;
}

/** What a pharmacist types: prefixes, generic and brand names, strengths, typos. */
export const catalogueSearches = [
  "parac",
  "paracetamol 500",
  "amoxi",
  "augmentin",
  "atorvastatin 20",
  "lipitr",
  "metform",
  "omeprazole 20 mg capsule",
  "cetirzine",
  "zyrtec 10",
  "salbut",
  "ventolin inhaler",
  "amlodipine",
  "vitamin d",
  "colecalciferol",
  "ibuprofen 200 mg",
  "nurofen susp",
  "sertra",
  "azithro 250",
  "levothyroxine",
  "panadol",
  "clopidogrel 75",
  "diclofenac gel",
  "pregablin",
];
