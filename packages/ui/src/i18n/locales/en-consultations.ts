// English messages of the consultations screens, spread into the English catalog (en.ts).
export const enConsultations = {} as const;
