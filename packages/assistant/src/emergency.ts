// The local emergency number (ambulance) by country, for the assistant's emergency reply.

const EU_112 = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
  "NO",
  "IS",
  "LI",
  "CH",
];

/** ISO 3166-1 alpha-2 → the number to call for an ambulance or general emergency. */
const NUMBERS: Record<string, string> = {
  ...Object.fromEntries(EU_112.map((code) => [code, "112"])),
  // Middle East and North Africa
  EG: "123",
  SA: "997",
  AE: "998",
  JO: "911",
  KW: "112",
  QA: "999",
  BH: "999",
  OM: "9999",
  MA: "15",
  TN: "190",
  DZ: "14",
  LB: "140",
  IQ: "122",
  PS: "101",
  IL: "101",
  TR: "112",
  IR: "115",
  // Europe outside the EU's 112-only list
  GB: "999",
  RU: "112",
  UA: "103",
  // Americas
  US: "911",
  CA: "911",
  MX: "911",
  BR: "192",
  AR: "107",
  CO: "123",
  CL: "131",
  // Asia and the Pacific
  IN: "112",
  PK: "1122",
  BD: "999",
  LK: "1990",
  NP: "102",
  MY: "999",
  SG: "995",
  PH: "911",
  ID: "112",
  TH: "1669",
  CN: "120",
  HK: "999",
  TW: "119",
  JP: "119",
  KR: "119",
  AU: "000",
  NZ: "111",
  // Africa south of the Sahara
  ZA: "10177",
  NG: "112",
  KE: "999",
  GH: "112",
};

/** The number used where the country is unknown: 112 reaches emergency services in most places. */
export const DEFAULT_EMERGENCY_NUMBER = "112";

/**
 * The local emergency number for an ISO 3166-1 alpha-2 country code (any case); "112" when the
 * country is unknown or not given.
 */
export function emergencyNumber(country: string | null): string {
  if (!country) return DEFAULT_EMERGENCY_NUMBER;
  return NUMBERS[country.trim().toUpperCase()] ?? DEFAULT_EMERGENCY_NUMBER;
}
