// A practice's website as its owner manages it: the business profile, opening hours, the
// wizard's resume point, the address on Caredesk and an optional custom domain. Publishing
// takes no input; what it needs is checked by the api against the practice's own data.
import { z } from "zod";
import { Blankable, Code, Email, LocalTime, MultiLine, Phone, SingleLine, Slug } from "./common";

/** The wizard's steps, in order; `done` is the settings screen. */
export const siteSteps = [
  "kind",
  "features",
  "plan",
  "pay",
  "profile",
  "directory",
  "preview",
  "done",
] as const;
export type SiteStep = (typeof siteSteps)[number];
export const SiteStep = z.enum(siteSteps, "Choose a step of the set-up");

export const siteTemplates = ["classic", "fresh", "market", "care"] as const;
export type SiteTemplate = (typeof siteTemplates)[number];
export const SiteTemplate = z.enum(siteTemplates, "Choose a template");

export const socialNetworks = [
  "facebook",
  "instagram",
  "x",
  "linkedin",
  "youtube",
  "tiktok",
] as const;
export type SocialNetwork = (typeof socialNetworks)[number];

/** The hosts a social network's profile links live on (subdomains such as www. included). */
const socialHosts: Record<SocialNetwork, string[]> = {
  facebook: ["facebook.com", "fb.com"],
  instagram: ["instagram.com"],
  x: ["x.com", "twitter.com"],
  linkedin: ["linkedin.com"],
  youtube: ["youtube.com", "youtu.be"],
  tiktok: ["tiktok.com"],
};

/** Monday first, as the hours are stored (0 = Monday). */
export const weekdayNames = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/**
 * The scheme and host of an absolute http(s) address (no credentials, no spaces), or null.
 * Written out rather than with `URL`, which this package's runtimes do not all type.
 */
function webAddress(text: string): { protocol: "http" | "https"; hostname: string } | null {
  const match = /^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d{1,5})?(?:[/?#][^\s]*)?$/i.exec(
    text,
  );
  if (!match?.[1] || !match[2]) return null;
  return {
    protocol: match[1].toLowerCase() === "https" ? "https" : "http",
    hostname: match[2].toLowerCase(),
  };
}

const webUrlMessage = "Use a full address starting with https:// or http://";

/** A web page's address: http or https only (no javascript:, data: or relative links). */
export const WebUrl = SingleLine(500).refine((text) => webAddress(text) !== null, webUrlMessage);

function SocialUrl(network: SocialNetwork) {
  const hosts = socialHosts[network];
  return SingleLine(500)
    .refine((text) => webAddress(text)?.protocol === "https", {
      message: "Use a full address starting with https://",
      abort: true,
    })
    .refine(
      (text) => {
        const host = webAddress(text)?.hostname.toLowerCase() ?? "";
        return hosts.some((h) => host === h || host.endsWith(`.${h}`));
      },
      `Use a link to ${hosts[0] ?? network}`,
    );
}

/** Profile links; blank removes one. */
export const SiteSocialInput = z.object(
  {
    facebook: Blankable(SocialUrl("facebook")),
    instagram: Blankable(SocialUrl("instagram")),
    x: Blankable(SocialUrl("x")),
    linkedin: Blankable(SocialUrl("linkedin")),
    youtube: Blankable(SocialUrl("youtube")),
    tiktok: Blankable(SocialUrl("tiktok")),
  },
  "Enter the profile links",
);

const Latitude = z
  .number("Enter a latitude")
  .min(-90, "Latitude is between -90 and 90")
  .max(90, "Latitude is between -90 and 90");
const Longitude = z
  .number("Enter a longitude")
  .min(-180, "Longitude is between -180 and 180")
  .max(180, "Longitude is between -180 and 180");

const bothCoordinates = "Give both latitude and longitude, or neither";

/**
 * The business profile the site shows. Every field is optional: what is left out stays as it
 * is, blank text clears a field. The practice's name and logo are the organization's own.
 */
export const SiteProfileInput = z
  .object({
    about: MultiLine(4000).optional(),
    addressLine: SingleLine(200).optional(),
    city: SingleLine(100).optional(),
    region: SingleLine(100).optional(),
    postalCode: SingleLine(20).optional(),
    /** Both or neither; null removes the map pin. */
    latitude: Latitude.nullable().optional(),
    longitude: Longitude.nullable().optional(),
    /** As typed: the api stores it in international form with the practice's country. */
    phone: Blankable(Phone),
    email: Blankable(Email),
    websiteUrl: Blankable(WebUrl),
    social: SiteSocialInput.optional(),
    template: SiteTemplate.optional(),
  })
  .superRefine((input, ctx) => {
    const lat = input.latitude;
    const lng = input.longitude;
    // Left out together, removed together or set together.
    if ((lat === undefined) !== (lng === undefined) || (lat === null) !== (lng === null)) {
      const missing = lat === undefined || lat === null ? "latitude" : "longitude";
      ctx.addIssue({ code: "custom", message: bothCoordinates, path: [missing] });
    }
  });
export type SiteProfileInput = z.infer<typeof SiteProfileInput>;

export const SiteShift = z.object({ start: LocalTime, end: LocalTime });
export type SiteShift = z.infer<typeof SiteShift>;

/** At most three shifts a day; an empty list is a closed day. */
export const SiteDay = z.array(SiteShift, "Enter the shifts").max(3, "Use at most 3 shifts a day");

/** What is wrong with one day's shifts, or null; shifts may touch but not overlap. */
export function dayProblem(shifts: readonly SiteShift[]): string | null {
  for (const shift of shifts) {
    if (shift.end <= shift.start) return "A shift must end after it starts";
  }
  const sorted = [...shifts].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current.start < previous.end) return "Shifts overlap";
  }
  return null;
}

/** Opening hours: seven weekdays, Monday first, each with its shifts in order of the day. */
export const SiteHoursInput = z
  .object({
    hours: z.array(SiteDay, "Enter the opening hours").length(7, "Give all seven weekdays"),
  })
  .superRefine((input, ctx) => {
    input.hours.forEach((shifts, day) => {
      const problem = dayProblem(shifts);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          message: `${weekdayNames[day] ?? "That day"}: ${problem.toLowerCase()}`,
          path: ["hours", day],
        });
      }
    });
  })
  .transform((input) => ({
    hours: input.hours.map((shifts) => [...shifts].sort((a, b) => a.start.localeCompare(b.start))),
  }));
export type SiteHoursInput = z.infer<typeof SiteHoursInput>;

export const SiteStepInput = z.object({ step: SiteStep });
export type SiteStepInput = z.infer<typeof SiteStepInput>;

export const SiteSlugInput = z.object({ slug: Slug });
export type SiteSlugInput = z.infer<typeof SiteSlugInput>;

/** A host name the practice owns: labels, a real top-level domain, no IP address; lower-cased. */
export const HostName = Code(
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})\.?$/i,
  "Use a domain like www.example.com (without https:// or a path)",
  254,
).transform((host) => host.toLowerCase().replace(/\.$/, ""));

/** Sets the custom domain (a new verification token each time); null removes it. */
export const SiteDomainInput = z.object({ domain: HostName.nullable() });
export type SiteDomainInput = z.infer<typeof SiteDomainInput>;

/**
 * Addresses Caredesk keeps for itself: paths of its own apps and files, and names a visitor
 * could mistake for the platform. A practice cannot take one as its slug.
 */
export const reservedSlugs: ReadonlySet<string> = new Set([
  "app",
  "admin",
  "api",
  "p",
  "portal",
  "trpc",
  "files",
  "www",
  "static",
  "assets",
  "site-assets",
  "sitemap",
  "robots",
  "webhooks",
  "signin",
  "signup",
  "login",
  "logout",
  "invitation",
  "healthz",
  "readyz",
  "metrics",
  "docs",
  "help",
  "support",
  "status",
  "caredesk",
  "mail",
  "email",
  "cdn",
]);
