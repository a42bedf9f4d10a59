import { describe, expect, it } from "vitest";
import { type Labels, type Lang, type Reply, labels, say } from "../src";

type Samples = { [K in Reply["key"]]: { reply: Extract<Reply, { key: K }>; facts: string[] } };

/** One reply of every key, with the facts its text must carry (the type makes it complete). */
const SAMPLES: Samples = {
  emergency: {
    reply: {
      key: "emergency",
      flag: "chest_pain",
      number: "123",
      practicePhone: "+20 2 1234 5678",
    },
    facts: ["123", "+20 2 1234 5678"],
  },
  medicalAdvice: {
    reply: { key: "medicalAdvice", practicePhone: "+20 2 1234 5678" },
    facts: ["+20 2 1234 5678"],
  },
  greeting: { reply: { key: "greeting", practice: "Nile Clinic" }, facts: ["Nile Clinic"] },
  thanks: { reply: { key: "thanks" }, facts: [] },
  unknown: {
    reply: {
      key: "unknown",
      practice: "Nile Clinic",
      phone: "0100 200 3000",
      email: "desk@nile.example",
    },
    facts: ["Nile Clinic", "0100 200 3000", "desk@nile.example"],
  },
  hoursWeek: {
    reply: {
      key: "hoursWeek",
      practice: "Nile Clinic",
      days: [
        { day: "Saturday", hours: "09:00–13:00, 14:00–18:00" },
        { day: "Friday", hours: null },
      ],
    },
    facts: ["Nile Clinic", "Saturday", "09:00–13:00, 14:00–18:00", "Friday"],
  },
  hoursDay: {
    reply: { key: "hoursDay", day: "Tuesday 8 December", hours: "10:00–14:00", note: "Short day" },
    facts: ["Tuesday 8 December", "10:00–14:00", "Short day"],
  },
  location: {
    reply: { key: "location", practice: "Nile Clinic", address: "12 Tahrir St, Cairo" },
    facts: ["Nile Clinic", "12 Tahrir St, Cairo"],
  },
  contact: {
    reply: {
      key: "contact",
      practice: "Nile Clinic",
      phone: "0100 200 3000",
      email: "desk@nile.example",
    },
    facts: ["Nile Clinic", "0100 200 3000", "desk@nile.example"],
  },
  doctors: {
    reply: {
      key: "doctors",
      subject: "Cardiology",
      doctors: [
        { name: "Dr Salma Idris", specialization: "Cardiology" },
        { name: "Dr Omar Nabil", specialization: null },
      ],
    },
    facts: ["Cardiology", "• Dr Salma Idris — Cardiology", "Dr Omar Nabil"],
  },
  noDoctors: { reply: { key: "noDoctors", subject: "Dermatology" }, facts: ["Dermatology"] },
  doctor: {
    reply: {
      key: "doctor",
      name: "Dr Salma Idris",
      specialization: "Cardiology",
      department: "Heart Centre",
      years: 12,
    },
    facts: ["Dr Salma Idris", "Cardiology", "Heart Centre", "12"],
  },
  services: {
    reply: {
      key: "services",
      subject: "Dental",
      services: [{ name: "Scale and polish", price: "EGP 600", minutes: 30 }],
    },
    facts: ["Dental", "Scale and polish", "EGP 600", "30"],
  },
  price: {
    reply: { key: "price", service: "Whitening", price: "EGP 2,500", minutes: 60 },
    facts: ["Whitening", "EGP 2,500", "60"],
  },
  freeTimes: {
    reply: {
      key: "freeTimes",
      subject: "Consultation with Dr Salma Idris",
      day: "Tuesday 8 December",
      times: ["09:30", "11:00"],
    },
    facts: ["Consultation with Dr Salma Idris", "Tuesday 8 December", "09:30", "11:00"],
  },
  noFreeTimes: {
    reply: {
      key: "noFreeTimes",
      subject: "Cleaning",
      day: "tomorrow",
      next: "Thursday 10 December",
    },
    facts: ["Cleaning", "tomorrow", "Thursday 10 December"],
  },
  whichService: {
    reply: { key: "whichService", services: ["Consultation", "Cleaning"] },
    facts: ["Consultation", "Cleaning"],
  },
  products: {
    reply: {
      key: "products",
      items: [
        { name: "Panadol Extra", price: "EGP 45", available: true, prescription: false },
        { name: "Augmentin 1g", price: "EGP 120", available: false, prescription: true },
      ],
    },
    facts: ["Panadol Extra", "EGP 45", "Augmentin 1g", "EGP 120"],
  },
  noProducts: { reply: { key: "noProducts", query: "vitamin z" }, facts: ["vitamin z"] },
  myAppointments: {
    reply: {
      key: "myAppointments",
      items: [
        {
          when: "Tue 8 Dec, 09:30",
          service: "Consultation",
          doctor: "Dr Salma Idris",
          status: "confirmed",
        },
      ],
    },
    facts: ["Tue 8 Dec, 09:30", "Consultation", "Dr Salma Idris", "confirmed"],
  },
  noAppointments: { reply: { key: "noAppointments" }, facts: [] },
  myInvoices: {
    reply: {
      key: "myInvoices",
      items: [{ number: "INV-0042", total: "EGP 750", due: "15 Dec 2026", status: "open" }],
    },
    facts: ["INV-0042", "EGP 750", "15 Dec 2026", "open"],
  },
  noInvoices: { reply: { key: "noInvoices" }, facts: [] },
  myOrders: {
    reply: { key: "myOrders", items: [{ number: "ORD-7", status: "shipped", total: "EGP 210" }] },
    facts: ["ORD-7", "shipped", "EGP 210"],
  },
  noOrders: { reply: { key: "noOrders" }, facts: [] },
  signIn: { reply: { key: "signIn", what: "invoices" }, facts: [] },
  feature: {
    reply: { key: "feature", feature: "delivery", offered: true, practice: "Nile Pharmacy" },
    facts: ["Nile Pharmacy"],
  },
  faq: {
    reply: {
      key: "faq",
      question: "Is there parking?",
      answer: "Free parking behind the building.",
    },
    facts: ["Free parking behind the building."],
  },
  handoverOffer: { reply: { key: "handoverOffer" }, facts: [] },
  handedOver: { reply: { key: "handedOver", practice: "Nile Clinic" }, facts: ["Nile Clinic"] },
  deleted: { reply: { key: "deleted" }, facts: [] },
};

const LANGS: Lang[] = ["en", "ar"];
const ARABIC = /[\u0600-\u06ff]/;

describe("say", () => {
  for (const lang of LANGS) {
    it.each(Object.values(SAMPLES).map((sample) => [sample.reply.key, sample] as const))(
      `renders %s in ${lang} with its facts`,
      (_key, { reply, facts }) => {
        const text = say(lang, reply);
        expect(text.trim().length).toBeGreaterThan(0);
        for (const fact of facts) expect(text).toContain(fact);
        if (lang === "ar" && reply.key !== "faq") expect(text).toMatch(ARABIC);
        if (lang === "en") expect(text).not.toMatch(ARABIC);
      },
    );
  }

  it("starts the emergency reply with the emergency number, before the practice's phone", () => {
    const text = say("en", SAMPLES.emergency.reply);
    expect(text).toMatch(/^This may be an emergency\. Call 123 now/);
    expect(text.indexOf("123")).toBeLessThan(text.indexOf("+20 2 1234 5678"));
    expect(say("ar", SAMPLES.emergency.reply)).toContain("اتصل بالرقم 123 الآن");
  });

  it("adds a word for someone thinking of ending their life", () => {
    const reply: Reply = { key: "emergency", flag: "suicide", number: "999", practicePhone: null };
    expect(say("en", reply)).toContain("you are not alone");
    expect(say("ar", reply)).toContain("لست وحدك");
  });

  it("refuses advice and points to a doctor or pharmacist", () => {
    expect(say("en", SAMPLES.medicalAdvice.reply)).toBe(
      "I can't give a diagnosis or tell you a dose. A doctor or pharmacist must advise you — book a consultation or call us on +20 2 1234 5678.",
    );
    expect(say("en", { key: "medicalAdvice", practicePhone: null })).not.toContain("call us");
  });

  it("says unknown with whatever contact the practice gave, never inventing one", () => {
    expect(say("en", SAMPLES.unknown.reply)).toBe(
      "I don't know that from Nile Clinic's information. Please contact the practice: 0100 200 3000 / desk@nile.example.",
    );
    const noEmail = say("en", {
      key: "unknown",
      practice: "Nile Clinic",
      phone: "0100 200 3000",
      email: null,
    });
    expect(noEmail).not.toContain("/");
    expect(noEmail).not.toContain("null");
  });

  it("says a feature that is not offered plainly", () => {
    const reply: Reply = {
      key: "feature",
      feature: "ambulance",
      offered: false,
      practice: "Nile Clinic",
    };
    expect(say("en", reply)).toBe("Sorry, Nile Clinic does not offer an ambulance service.");
    expect(say("ar", reply)).toContain("غير متوفرة");
  });

  it("shows closed days and omits missing facts", () => {
    expect(say("en", SAMPLES.hoursWeek.reply)).toContain("• Friday: closed");
    expect(say("en", { key: "hoursDay", day: "today", hours: null, note: null })).toBe(
      "Today: closed.",
    );
    expect(say("en", { key: "noFreeTimes", subject: "Cleaning", day: "today", next: null })).toBe(
      "There are no free times for Cleaning today.",
    );
    expect(say("en", SAMPLES.noFreeTimes.reply)).toBe(
      "There are no free times for Cleaning tomorrow. The next free day is Thursday 10 December.",
    );
    expect(
      say("en", {
        key: "doctor",
        name: "Dr Omar Nabil",
        specialization: null,
        department: null,
        years: null,
      }),
    ).toBe("Dr Omar Nabil.");
  });

  it("marks products out of stock or needing a prescription", () => {
    const text = say("en", SAMPLES.products.reply);
    expect(text).toContain("• Panadol Extra — EGP 45 (in stock)");
    expect(text).toContain("• Augmentin 1g — EGP 120 (out of stock, prescription needed)");
  });
});

const LABEL_KEYS: (keyof Labels)[] = ["book", "call", "handover", "source", "emergencyCall"];

describe("labels", () => {
  it("has every label in both languages", () => {
    for (const lang of LANGS) {
      const all = labels(lang);
      for (const key of LABEL_KEYS) expect(all[key].trim().length).toBeGreaterThan(0);
    }
    expect(labels("ar").book).toMatch(ARABIC);
    expect(labels("en").emergencyCall).toBe("Call emergency services");
  });
});
