// English messages of the records screens, spread into the English catalog (en.ts).
export const enRecords = {
  "nav.forms": "Forms",
  "nav.audit": "Audit log",
  "portal.nav": "Portal",
  "portal.nav.home": "Home",
  "portal.nav.book": "Book",
  "portal.nav.records": "My records",
  "portal.nav.plans": "Treatment plans",
  "portal.nav.access": "Who viewed my record",
  "records.tabs": "Parts of the patient's record",
  "records.tab.overview": "Overview",
  "records.tab.consultations": "Consultations",
  "records.tab.chart": "Chart",
  "records.tab.ledger": "Account",
  "records.tab.forms": "Forms",
  "records.tab.access": "Record access",
} as const;
