// English messages of the dental screens, spread into the English catalog (en.ts).
export const enDental = {} as const;
