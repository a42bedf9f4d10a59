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
  /** Whether the hospital takes ambulance requests on its site (feature "ambulance"). */
  showAmbulance?: boolean;
  /** Whether the site offers the practice assistant's chat (feature "assistant"). */
  showAssistant?: boolean;
  /** The practice's questions and answers in their order; none or absent: no FAQ section. */
  faqs?: { id: string; question: string; answer: string }[];
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
  /** A few products for the home page (a pharmacy's); none or absent: no shop is shown. */
  products?: SiteProductData[];
}

/** In words only: a visitor never learns how many units are left. */
export type ProductAvailability = "in_stock" | "low" | "out_of_stock";

export type ProductForm =
  | "tablet"
  | "capsule"
  | "syrup"
  | "suspension"
  | "solution"
  | "drops"
  | "cream"
  | "ointment"
  | "gel"
  | "injection"
  | "inhaler"
  | "spray"
  | "patch"
  | "suppository"
  | "powder"
  | "device"
  | "other";

/** One product as the shop shows it (the API's `ShopProduct`). */
export interface SiteProductData {
  id: string;
  name: string;
  genericName: string | null;
  form: ProductForm;
  strength: string | null;
  category: string | null;
  description: string | null;
  imageFileId: string | null;
  /** One unit, tax included, in minor units of `currency`. */
  priceMinor: number;
  currency: string;
  prescriptionOnly: boolean;
  availability: ProductAvailability;
}

/** A page of the shop's product list and what it was asked for. */
export interface ProductListing {
  items: SiteProductData[];
  /** The search as typed ("" for none). */
  q: string;
  category: string | null;
  categories: string[];
  /** 1-based. */
  page: number;
  hasMore: boolean;
}

export type SiteDoctorData = SiteData["doctors"][number];
