// The assistant's test corpus as plain data (`@caredesk/assistant/corpus`): emergencies that
// must be caught and ordinary questions that must not be.
export { redFlagCorpus, ordinaryQuestions } from "./red-flags";
export type { RedFlagCase, OrdinaryQuestion } from "./red-flags";
