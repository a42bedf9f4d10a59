// What the renderer needs of a practice's site. The API's `SiteView` (packages/api,
// service/site-view.ts) has this shape; it is spelled out here so the site package does not
// depend on the API package.

export type PracticeKind = "hospital" | "clinic" | "dental" | "pharmacy";
export type SiteTemplate = "classic" | "fresh" | "market" | "care";

export interface SiteRating {
  average: number | null;
  count: number;
}

export interface SiteData {
  org: {
    id: string;
    name: string;
    slug: string;
    kind: PracticeKind;
    locale: string;
    currency: string;
    timeZone: string;
    country: string | null;
    logoFileId: string | null;
  };
  site: {
    template: SiteTemplate;
    about: string;
    addressLine: string;
    city: string;
    region: string;
    postalCode: string;
    latitude: number | null;
    longitude: number | null;
    phone: string;
    email: string;
    websiteUrl: string;
    social: Partial<
      Record<"facebook" | "instagram" | "x" | "linkedin" | "youtube" | "tiktok", string>
    >;
    hours: { start: string; end: string }[][];
    customDomain: string | null;
    updatedAt: Date;
  };
  departments: { id: string; name: string }[];
  doctors: {
    id: string;
    resourceId: string;
    name: string;
    title: string | null;
    specialization: string | null;
    departmentId: string | null;
    yearsOfExperience: number | null;
    bio: string | null;
    photoFileId: string | null;
    certificates: string[];
    rating: SiteRating | null;
    nextSlots: Date[];
    updatedAt: Date;
  }[];
  services: {
    id: string;
    name: string;
    durationMinutes: number;
    priceMinor: number;
    departmentId: string | null;
  }[];
  showReviews: boolean;
  showPortal: boolean;
  rating: SiteRating | null;
  reviews: {
    id: string;
    rating: number;
    body: string | null;
    authorName: string | null;
    practitionerId: string | null;
    publishedAt: Date | null;
    reply: string | null;
  }[];
  nextAvailable: { start: Date; practitionerId: string; serviceId: string } | null;
}

export type SiteDoctorData = SiteData["doctors"][number];
