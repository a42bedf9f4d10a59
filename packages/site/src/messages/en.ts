// The public site's words in English. Every other language must have every key (see ar.ts).
// Placeholders in braces ({name}) are filled by `fill`.
export const en = {
  skipToContent: "Skip to content",
  previewBanner:
    "Preview: only you see this. Visitors see the site once it is published with a paid plan.",
  nav: {
    label: "Site",
    doctors: "Doctors",
    services: "Services",
    hours: "Opening hours",
    contact: "Contact",
    reviews: "Reviews",
    home: "Home",
  },
  switchLanguage: "العربية",
  switchLanguageLabel: "اقرأ هذه الصفحة بالعربية",
  switchLanguageTag: "ar",
  kind: {
    hospital: "Hospital",
    clinic: "Clinic",
    dental: "Dental practice",
    pharmacy: "Pharmacy",
  },
  hero: {
    nextAvailable: "Next available appointment: {when}",
    noneAvailable: "Call us to arrange an appointment",
    book: "Book an appointment",
    call: "Call {phone}",
  },
  sections: {
    about: "About us",
    book: "Book an appointment",
    departments: "Departments",
    doctors: "Our doctors",
    services: "Services and prices",
    hours: "Opening hours",
    contact: "Contact and location",
    reviews: "What patients say",
  },
  hours: {
    closed: "Closed",
    shift: "{start} – {end}",
    timeZone: "Times are local ({zone}).",
    none: "Opening hours are not listed yet; please call us.",
  },
  contact: {
    address: "Address",
    phone: "Phone",
    email: "Email",
    website: "Website",
    social: "Follow us",
    map: "Map of {name}",
    openInMaps: "Open in maps",
  },
  doctor: {
    experience: "{years} years of experience",
    experienceOne: "1 year of experience",
    certificates: "Certificates",
    nextSlots: "Next free times",
    noSlots: "No free times in the next two weeks online; please call us.",
    viewProfile: "View profile of {name}",
    photo: "Photo of {name}",
    book: "Book with {name}",
    reviews: "Reviews of {name}",
    allDoctors: "All doctors",
    about: "About",
  },
  services: {
    duration: "{minutes} min",
    free: "Free",
    none: "Services will be listed here soon.",
  },
  reviews: {
    average: "{average} out of 5",
    count: "{count} reviews",
    countOne: "1 review",
    anonymous: "A patient",
    reply: "Reply from the practice",
    stars: "Rated {rating} out of 5",
    none: "No reviews yet.",
  },
  booking: {
    chooseService: "Choose a service",
    fallback: "Choose a service, then sign in to the patient portal to pick a time.",
    fallbackNoPortal: "To book, please call us.",
    bookThis: "Book {service}",
  },
  footer: {
    poweredBy: "Powered by Caredesk",
    hoursLink: "Opening hours",
    portal: "Patient portal",
  },
  notFound: {
    title: "Page not found",
    body: "There is no practice page at this address. Check the link, or ask the practice for its address.",
    home: "Go to Caredesk",
  },
  meta: {
    description: "{name}: {kind} in {city}. Opening hours, doctors, services and online booking.",
    descriptionNoCity: "{name}: {kind}. Opening hours, doctors, services and online booking.",
    doctorDescription: "{name}, {specialization} at {practice}. Book an appointment online.",
    doctorTitle: "{name} – {practice}",
  },
};

/** The shape every language's messages have. */
export type Messages = typeof en;
