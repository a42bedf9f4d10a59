// English messages of the records screens, spread into the English catalog (en.ts).
export const enRecords = {
  "records.tabs": "Parts of the patient's record",
  "records.tab.overview": "Overview",
  "records.tab.consultations": "Consultations",
  "records.tab.chart": "Chart",
  "records.tab.ledger": "Account",
  "records.tab.forms": "Forms",
  "records.tab.access": "Record access",
} as const;
