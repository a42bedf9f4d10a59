// English messages of the forms screens, spread into the English catalog (en.ts).
export const enForms = {} as const;
