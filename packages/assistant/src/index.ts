// The language side of the practice assistant: reading a visitor's message (intents, red
// flags, days, Arabic and English), the local emergency numbers, and the reply templates.
// Pure: no database, no network. The api's engine (service/assistant-engine.ts) fills the
// replies with the practice's facts.
export * from "./types";
export { understand } from "./understand";
export { detectRedFlag } from "./red-flags";
export { emergencyNumber } from "./emergency";
export { resolveDay } from "./dates";
export { say, labels } from "./templates";
