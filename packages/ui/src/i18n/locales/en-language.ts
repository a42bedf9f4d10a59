// The language switcher (patient portal, sign-in and sign-up). Each language's own name is
// written in that language (locales/index.ts), so only the switcher's label is here.
export const enLanguage = {
  "language.label": "Language",
} as const;
