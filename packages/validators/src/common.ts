import { z } from "zod";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .pipe(z.email("Enter a valid email address"));

export const Password = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(128, "Use at most 128 characters");

export const PersonName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(120, "Use at most 120 characters");

export const Id = z.uuid("Not a valid id");

export const Pagination = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const SearchText = z.string().trim().max(100, "Search is too long");

/** IANA time zone names accepted by this runtime's Intl. */
export const TimeZone = z
  .string()
  .min(1, "Choose a time zone")
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return zone.includes("/") || zone === "UTC";
    } catch {
      return false;
    }
  }, "Not a known time zone");

export const CurrencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter ISO currency code")
  .refine((code) => Intl.supportedValuesOf("currency").includes(code), "Not a known currency");
