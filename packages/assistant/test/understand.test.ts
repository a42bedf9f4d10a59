import { describe, expect, it } from "vitest";
import { type Intent, understand } from "../src";

const today = "2026-11-30"; // a Monday
const read = (message: string, locale?: "en" | "ar") => understand(message, { today, locale });

/** At least three phrasings per intent and language; the first intent must be the one named. */
const CASES: [Intent, string[], string[]][] = [
  [
    "emergency",
    ["I have chest pain", "my son is having a seizure", "I want to kill myself"],
    ["وجع في صدري", "مش قادر اتنفس", "ابني جاله تشنج"],
  ],
  [
    "medical_advice",
    [
      "what should I take for a headache?",
      "how many mg of ibuprofen can I give my son",
      "is it cancer?",
    ],
    ["اخد ايه للصداع؟", "جرعة البنادول كام؟", "عندي ايه يا دكتور؟"],
  ],
  ["greeting", ["hello", "Hi there", "good morning"], ["السلام عليكم", "مرحبا", "صباح الخير"]],
  ["thanks", ["thanks a lot", "thank you!", "cheers"], ["شكرا جزيلا", "متشكر", "تسلم"]],
  [
    "handover",
    ["I want to talk to a person", "call me back please", "can I speak to a receptionist?"],
    ["عايز اكلم حد", "عايز اكلم موظف", "ممكن حد يكلمني؟"],
  ],
  [
    "hours",
    ["what are your opening hours?", "when do you close on friday?", "are you open tomorrow?"],
    ["مواعيد العيادة ايه؟", "الساعة كام تفتحوا؟", "انتو شغالين يوم الجمعة؟"],
  ],
  [
    "location",
    ["where are you?", "what's your address", "how do I get to you"],
    ["انتو فين؟", "العنوان ايه", "ازاي اوصل لكم؟"],
  ],
  [
    "contact",
    ["what is your phone number", "can I email you", "what's your whatsapp number?"],
    ["رقم التليفون كام", "عايز رقم الواتساب", "ايه الايميل بتاعكم؟"],
  ],
  [
    "doctors",
    ["do you have a cardiologist?", "who treats kids?", "do you have a chest doctor?"],
    ["عندكم دكتور قلب؟", "مين بيعالج الاطفال", "فيه أخصائي جلدية؟"],
  ],
  [
    "services",
    [
      "what services do you offer",
      "which procedures do you perform?",
      "what treatments do you have for acne",
    ],
    ["ايه الخدمات اللي عندكم", "بتعملوا تقويم اسنان؟", "عندكم جلسات ليزر؟"],
  ],
  [
    "prices",
    ["how much is a teeth cleaning?", "price of whitening", "what does a consultation cost"],
    ["بكام تنظيف الاسنان؟", "سعر الكشف كام", "كشف الباطنة بكام"],
  ],
  [
    "availability",
    [
      "any free time on Tuesday?",
      "can I book an appointment tomorrow morning?",
      "is there a slot next Monday after 5pm",
    ],
    ["فيه ميعاد فاضي بكرة؟", "عايز احجز موعد يوم الثلاثاء", "ممكن احجز الخميس الجاي الصبح"],
  ],
  [
    "products",
    ["do you have panadol in stock?", "do you sell vitamin d", "I want to buy sunscreen"],
    ["عندكم بنادول؟", "عندكم دواء للحساسية؟", "بتبيعوا فيتامين د؟"],
  ],
  [
    "my_appointments",
    ["my next appointment", "when is my appointment", "did I book for Thursday?"],
    ["موعدي امتى؟", "عايز اعرف مواعيدي", "حجزي الساعة كام؟"],
  ],
  [
    "my_invoices",
    ["what do I owe", "my invoice", "can you send my bill?"],
    ["فاتورتي كام", "عايز اشوف فواتيري", "عليا كام؟"],
  ],
  [
    "my_orders",
    ["where is my order", "my orders", "what's my order status"],
    ["طلبي فين", "طلباتي وصلت؟", "الاوردر بتاعي اتشحن؟"],
  ],
  [
    "features",
    ["do you have an ambulance?", "do you deliver?", "can I book online?"],
    ["عندكم اسعاف؟", "عندكم توصيل للبيت؟", "ينفع احجز اونلاين؟"],
  ],
  [
    "faq",
    ["is there parking?", "do you accept insurance?", "what is your cancellation policy"],
    ["فيه مكان اركن فيه؟", "بتقبلوا التأمين؟", "ينفع ادفع فيزا؟"],
  ],
  [
    "unknown",
    ["blue sky", "what is the meaning of life", "asdfgh"],
    ["السماء زرقاء", "قصيدة جميلة", "لون البحر"],
  ],
];

describe("understand: intents", () => {
  for (const [intent, english, arabic] of CASES) {
    it.each(english)(`reads the English %s as ${intent}`, (message) => {
      expect(read(message).intent).toBe(intent);
    });
    it.each(arabic)(`reads the Arabic %s as ${intent}`, (message) => {
      expect(read(message).intent).toBe(intent);
    });
  }

  it("lists no intents and says unknown when nothing matched", () => {
    expect(read("blue sky")).toMatchObject({ intent: "unknown", intents: [] });
  });

  it("puts emergency first even when the message also books", () => {
    const u = read("can I book tomorrow, my dad has crushing chest pain");
    expect(u.intents[0]).toBe("emergency");
    expect(u.redFlag).toBe("chest_pain");
    expect(u.intents).toContain("availability");
  });

  it("reads a service or doctor with a day as a question of free times", () => {
    expect(read("teeth cleaning tomorrow at 10am").intent).toBe("availability");
    expect(read("is Dr Salma there on Thursday?").intent).toBe("availability");
    expect(read("كشف اطفال يوم السبت").intent).toBe("availability");
    expect(read("are you open tomorrow?").intent).toBe("hours");
  });

  it("takes a goodbye as thanks", () => {
    expect(read("ok bye").intent).toBe("thanks");
    expect(read("مع السلامة").intent).toBe("thanks");
  });

  it("keeps every other matched intent, strongest first", () => {
    const u = read("hello, how much is a cleaning and are you open on Saturday?");
    expect(u.intents.slice(0, 2).sort()).toEqual(["hours", "prices"]);
    expect(u.intents).toContain("greeting");
  });
});

describe("understand: medical advice", () => {
  it("sets medicalAdvice for a dose or a diagnosis", () => {
    expect(read("how many tablets of panadol can I take").medicalAdvice).toBe(true);
    expect(read("جرعة المضاد الحيوي للأطفال").medicalAdvice).toBe(true);
  });

  it("leaves it false for a service that includes a diagnosis or a question about waiting", () => {
    expect(read("do you do autism diagnosis?").medicalAdvice).toBe(false);
    expect(read("is it normal to wait 2 weeks?").medicalAdvice).toBe(false);
    expect(read("can you diagnose my rash?").medicalAdvice).toBe(true);
  });

  it("leaves it false for a product question", () => {
    expect(read("do you have ibuprofen?").medicalAdvice).toBe(false);
    expect(read("عندكم بنادول؟").medicalAdvice).toBe(false);
  });
});

describe("understand: features", () => {
  it.each([
    ["do you have an ambulance?", "ambulance"],
    ["do you do home delivery?", "delivery"],
    ["can I book online?", "online_booking"],
    ["how do I log in to the patient portal", "portal"],
    ["can I get a refill of my prescription", "refills"],
    ["do you do video consultations", "video"],
    ["عندكم عربية اسعاف؟", "ambulance"],
    ["بتوصلوا الطلبات للبيت؟", "delivery"],
    ["ينفع احجز اونلاين؟", "online_booking"],
    ["عايز اعمل حساب على البوابة", "portal"],
    ["عايز تجديد الروشتة", "refills"],
    ["فيه كشف اونلاين بالفيديو؟", "video"],
  ] as const)("reads %s as the %s feature", (message, feature) => {
    const u = read(message);
    expect(u.intent).toBe("features");
    expect(u.feature).toBe(feature);
  });

  it("has no feature when none is asked about", () => {
    expect(read("what are your opening hours?").feature).toBeNull();
  });
});

describe("understand: language, text, day and time", () => {
  it("takes the language from the script, unless a locale is given", () => {
    expect(read("hello").lang).toBe("en");
    expect(read("مرحبا").lang).toBe("ar");
    expect(read("hello", "ar").lang).toBe("ar");
    expect(read("مرحبا", "en").lang).toBe("en");
  });

  it("normalises the text", () => {
    expect(read("  Are You OPEN?? ").text).toBe("are you open??");
    expect(read("مَوْعِدُ الأطبــاء إلى ٣").text).toBe("موعد الاطباء الي 3");
  });

  it("resolves the day against the practice's today", () => {
    expect(read("can I come tomorrow?").date).toBe("2026-12-01");
    expect(read("عايز احجز يوم الخميس").date).toBe("2026-12-03");
    expect(read("where are you?").date).toBeNull();
  });

  it.each([
    ["tomorrow morning", "morning"],
    ["anything after lunch?", "afternoon"],
    ["after 5pm please", "evening"],
    ["at 10am", "morning"],
    ["at 3 pm", "afternoon"],
    ["بكرة الصبح", "morning"],
    ["بعد الضهر", "afternoon"],
    ["بالليل", "evening"],
    ["good morning, are you open?", null],
    ["صباح الخير", null],
  ] as const)("reads the part of day in %s as %s", (message, part) => {
    expect(read(message).partOfDay).toBe(part);
  });
});

describe("understand: terms", () => {
  it("drops stop words and the words that only signal an intent", () => {
    expect(read("how much is the price of teeth whitening?").terms).toEqual(
      expect.arrayContaining(["teeth", "whitening", "dental"]),
    );
    const terms = read("how much is the price of teeth whitening?").terms;
    for (const word of ["how", "much", "price", "the", "is", "of"])
      expect(terms).not.toContain(word);
  });

  it("gives Arabic specialty and service words in English", () => {
    const terms = read("عندكم دكتور القلب؟").terms;
    expect(terms).toEqual(expect.arrayContaining(["القلب", "cardiology", "heart"]));
    expect(terms).not.toContain("دكتور");
    expect(terms).not.toContain("عندكم");
  });

  it.each([
    ["بكام تنظيف الاسنان؟", ["cleaning", "dental", "teeth"]],
    ["عايز دكتور اطفال", ["paediatrics", "pediatrics", "children"]],
    ["دكتور جلدية", ["dermatology", "skin"]],
    ["دكتور عظام", ["orthopaedics", "bones"]],
    ["دكتورة نساء وتوليد", ["obstetrics", "gynaecology"]],
    ["كشف عيون", ["ophthalmology", "eyes", "consultation"]],
    ["دكتور انف واذن", ["ENT"]],
    ["كشف باطنة", ["internal medicine"]],
    ["تقويم وحشو وخلع وتبييض", ["orthodontics", "braces", "filling", "extraction", "whitening"]],
    ["أشعة وتحاليل", ["x-ray", "lab tests"]],
    ["جراحة", ["surgery"]],
    ["قسم الطوارئ", ["emergency"]],
    ["a heart doctor", ["cardiology"]],
    ["doctor for kids", ["paediatrics"]],
    ["a pediatrician", ["paediatrics", "pediatrics"]],
    ["the cardiologist", ["cardiology"]],
    ["a dentist", ["dental"]],
    ["skin doctor", ["dermatology"]],
    ["orthopedics", ["orthopaedics", "orthopedics"]],
    ["gynecology", ["gynaecology", "gynecology"]],
  ] as const)("expands %s", (message, expected) => {
    expect(read(message).terms).toEqual(expect.arrayContaining([...expected]));
  });

  it("keeps the product named", () => {
    expect(read("do you have panadol extra?").terms).toEqual(["panadol", "extra"]);
  });
});
