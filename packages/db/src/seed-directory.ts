// Demo practice directory: departments, doctors, rooms, equipment, services and patients
// that look like the real thing for each kind of practice, with weekly hours. Deterministic
// (seeded PRNG). Appointments are not made here: they go through the booking path
// (`seedDemoAppointments` in @caredesk/api), so each holds every resource its service needs.
import { eq } from "drizzle-orm";
import type { Database } from "./client";
import {
  department,
  patient,
  practitioner,
  resource,
  scheduleRule,
  service,
  serviceRequirement,
} from "./schema";

type Kind = "hospital" | "clinic" | "dental" | "pharmacy";

interface Catalogue {
  departments: string[];
  titles: string[];
  specializations: Record<string, string[]>;
  rooms: string[];
  equipment: [string, string][];
  services: {
    name: string;
    minutes: number;
    price: number;
    department: string;
    /** Equipment category the service needs besides the practitioner. */
    needs?: string;
    /** Whether it also needs a room (any of the practice's rooms). */
    room?: true;
  }[];
  firstNames: string[];
  lastNames: string[];
  mobile: () => string;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const palette = [
  "#2563eb",
  "#16a34a",
  "#dc2626",
  "#9333ea",
  "#ea580c",
  "#0891b2",
  "#ca8a04",
  "#db2777",
  "#4f46e5",
  "#059669",
];

function catalogue(kind: Kind, random: () => number): Catalogue {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
  if (kind === "hospital" || kind === "clinic") {
    return {
      departments: [
        "Cardiology",
        "Internal Medicine",
        "Paediatrics",
        "Orthopaedics",
        "Obstetrics & Gynaecology",
        "Radiology",
      ],
      titles: ["Dr.", "Dr.", "Prof."],
      specializations: {
        Cardiology: ["Interventional cardiology", "Echocardiography"],
        "Internal Medicine": ["Diabetes and endocrinology", "General internal medicine"],
        Paediatrics: ["Neonatology", "General paediatrics"],
        Orthopaedics: ["Sports injuries", "Joint replacement"],
        "Obstetrics & Gynaecology": ["High-risk pregnancy", "Gynaecology"],
        Radiology: ["Ultrasound", "CT and MRI"],
      },
      rooms: [
        "Consultation 1",
        "Consultation 2",
        "Consultation 3",
        "Procedure room",
        "Ultrasound suite",
      ],
      equipment: [
        ["Echo machine A", "echo machine"],
        ["ECG cart", "ecg"],
        ["Portable ultrasound", "ultrasound"],
      ],
      services: [
        { name: "Cardiology consultation", minutes: 30, price: 60000, department: "Cardiology" },
        {
          name: "Echocardiogram",
          minutes: 45,
          price: 150000,
          department: "Cardiology",
          needs: "echo machine",
          room: true,
        },
        {
          name: "ECG",
          minutes: 15,
          price: 25000,
          department: "Cardiology",
          needs: "ecg",
          room: true,
        },
        { name: "General check-up", minutes: 20, price: 40000, department: "Internal Medicine" },
        { name: "Diabetes review", minutes: 30, price: 45000, department: "Internal Medicine" },
        { name: "Child wellness visit", minutes: 20, price: 35000, department: "Paediatrics" },
        { name: "Vaccination", minutes: 10, price: 15000, department: "Paediatrics" },
        { name: "Orthopaedic consultation", minutes: 30, price: 55000, department: "Orthopaedics" },
        { name: "Fracture follow-up", minutes: 20, price: 30000, department: "Orthopaedics" },
        {
          name: "Antenatal visit",
          minutes: 30,
          price: 50000,
          department: "Obstetrics & Gynaecology",
        },
        {
          name: "Pregnancy ultrasound",
          minutes: 30,
          price: 90000,
          department: "Obstetrics & Gynaecology",
          needs: "ultrasound",
        },
        {
          name: "Abdominal ultrasound",
          minutes: 30,
          price: 80000,
          department: "Radiology",
          needs: "ultrasound",
          room: true,
        },
        { name: "Second opinion", minutes: 40, price: 70000, department: "Internal Medicine" },
        { name: "Post-operative review", minutes: 20, price: 30000, department: "Orthopaedics" },
        { name: "Lipid clinic", minutes: 20, price: 35000, department: "Cardiology" },
      ],
      firstNames: [
        "Mohamed",
        "Ahmed",
        "Mahmoud",
        "Omar",
        "Youssef",
        "Mostafa",
        "Fatma",
        "Nour",
        "Mariam",
        "Aya",
        "Salma",
        "Hana",
        "Khaled",
        "Amr",
        "Rania",
        "Dina",
        "Yasmin",
        "Hassan",
        "Tarek",
        "Mona",
      ],
      lastNames: [
        "Hassan",
        "Ibrahim",
        "Mahmoud",
        "Abdelrahman",
        "El-Sayed",
        "Farouk",
        "Mostafa",
        "Saleh",
        "Kamal",
        "Nasser",
        "Fathy",
        "Gamal",
        "Shawky",
        "Zaki",
        "Mansour",
        "Hamdy",
      ],
      mobile: () => `+2010${digits(8)}`,
    };
  }
  if (kind === "dental") {
    return {
      departments: [
        "General Dentistry",
        "Orthodontics",
        "Oral Surgery",
        "Paediatric Dentistry",
        "Endodontics",
      ],
      titles: ["Dr.", "Dr."],
      specializations: {
        "General Dentistry": ["Restorative dentistry", "Preventive care"],
        Orthodontics: ["Braces and aligners"],
        "Oral Surgery": ["Wisdom teeth", "Implants"],
        "Paediatric Dentistry": ["Children's dentistry"],
        Endodontics: ["Root canal therapy"],
      },
      rooms: ["Surgery 1", "Surgery 2", "Surgery 3", "Hygiene room"],
      equipment: [
        ["Dental chair 1", "dental chair"],
        ["Dental chair 2", "dental chair"],
        ["Panoramic X-ray", "x-ray"],
      ],
      services: [
        { name: "Dental check-up", minutes: 20, price: 50000, department: "General Dentistry" },
        { name: "Scale and polish", minutes: 30, price: 120000, department: "General Dentistry" },
        {
          name: "Composite filling",
          minutes: 45,
          price: 250000,
          department: "General Dentistry",
          needs: "dental chair",
        },
        { name: "Tooth extraction", minutes: 30, price: 200000, department: "Oral Surgery" },
        {
          name: "Wisdom tooth removal",
          minutes: 60,
          price: 600000,
          department: "Oral Surgery",
          needs: "dental chair",
          room: true,
        },
        { name: "Implant consultation", minutes: 30, price: 100000, department: "Oral Surgery" },
        {
          name: "Root canal treatment",
          minutes: 90,
          price: 800000,
          department: "Endodontics",
          needs: "dental chair",
          room: true,
        },
        { name: "Orthodontic assessment", minutes: 40, price: 150000, department: "Orthodontics" },
        { name: "Aligner fitting", minutes: 30, price: 300000, department: "Orthodontics" },
        {
          name: "Children's check-up",
          minutes: 20,
          price: 40000,
          department: "Paediatric Dentistry",
        },
        { name: "Fluoride varnish", minutes: 15, price: 30000, department: "Paediatric Dentistry" },
        {
          name: "Panoramic X-ray",
          minutes: 15,
          price: 80000,
          department: "General Dentistry",
          needs: "x-ray",
        },
        { name: "Teeth whitening", minutes: 60, price: 1500000, department: "General Dentistry" },
        { name: "Crown preparation", minutes: 60, price: 900000, department: "General Dentistry" },
        {
          name: "Emergency appointment",
          minutes: 20,
          price: 70000,
          department: "General Dentistry",
        },
      ],
      firstNames: [
        "Aarav",
        "Vivaan",
        "Aditya",
        "Arjun",
        "Sai",
        "Ananya",
        "Diya",
        "Priya",
        "Isha",
        "Kavya",
        "Rohan",
        "Rahul",
        "Sneha",
        "Pooja",
        "Vikram",
        "Meera",
        "Lakshmi",
        "Karthik",
        "Nisha",
        "Deepak",
      ],
      lastNames: [
        "Sharma",
        "Patel",
        "Iyer",
        "Reddy",
        "Nair",
        "Gupta",
        "Singh",
        "Kumar",
        "Menon",
        "Rao",
        "Pillai",
        "Joshi",
        "Mehta",
        "Das",
        "Krishnan",
        "Verma",
      ],
      mobile: () => `+919${digits(9)}`,
    };
  }
  return {
    departments: ["Dispensary", "Consultation", "Vaccination clinic"],
    titles: ["", ""],
    specializations: {
      Dispensary: ["Prescriptions"],
      Consultation: ["Minor ailments", "Medicines review"],
      "Vaccination clinic": ["Travel vaccines", "Flu vaccines"],
    },
    rooms: ["Consultation room", "Vaccination booth"],
    equipment: [
      ["Blood pressure monitor", "bp monitor"],
      ["Vaccine fridge", "fridge"],
    ],
    services: [
      {
        name: "Flu vaccination",
        minutes: 10,
        price: 1699,
        department: "Vaccination clinic",
        room: true,
      },
      {
        name: "Travel vaccine consultation",
        minutes: 20,
        price: 2500,
        department: "Vaccination clinic",
      },
      {
        name: "Hepatitis B vaccination",
        minutes: 10,
        price: 4500,
        department: "Vaccination clinic",
      },
      { name: "COVID-19 booster", minutes: 10, price: 9800, department: "Vaccination clinic" },
      {
        name: "Blood pressure check",
        minutes: 10,
        price: 0,
        department: "Consultation",
        needs: "bp monitor",
        room: true,
      },
      { name: "New medicine service", minutes: 20, price: 0, department: "Consultation" },
      { name: "Medicines review", minutes: 20, price: 0, department: "Consultation" },
      { name: "Minor ailment consultation", minutes: 10, price: 1500, department: "Consultation" },
      { name: "Emergency contraception", minutes: 15, price: 2500, department: "Consultation" },
      { name: "Weight management check", minutes: 20, price: 2000, department: "Consultation" },
      { name: "Stop smoking session", minutes: 20, price: 0, department: "Consultation" },
      { name: "Ear wax assessment", minutes: 15, price: 3000, department: "Consultation" },
      { name: "Prescription collection slot", minutes: 5, price: 0, department: "Dispensary" },
      { name: "Repeat prescription review", minutes: 10, price: 0, department: "Dispensary" },
      { name: "Inhaler technique check", minutes: 10, price: 0, department: "Dispensary" },
    ],
    firstNames: [
      "Oliver",
      "George",
      "Harry",
      "Jack",
      "Noah",
      "Olivia",
      "Amelia",
      "Isla",
      "Ava",
      "Emily",
      "Sophie",
      "Grace",
      "Thomas",
      "James",
      "Charlotte",
      "Mia",
      "Leo",
      "Freya",
      "Oscar",
      "Lily",
    ],
    lastNames: [
      "Smith",
      "Jones",
      "Taylor",
      "Brown",
      "Williams",
      "Wilson",
      "Johnson",
      "Davies",
      "Patel",
      "Robinson",
      "Wright",
      "Thompson",
      "Evans",
      "Walker",
      "White",
      "Roberts",
    ],
    mobile: () => `+447${digits(9)}`,
  };
}

export async function seedDirectory(
  tx: Database,
  org: { id: string; kind: Kind; timeZone: string },
  options: { practitioners?: number; patients?: number } = {},
): Promise<void> {
  const random = rng(org.id.split("").reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const c = catalogue(org.kind, random);

  const departments = await tx
    .insert(department)
    .values(
      c.departments.map((name) => ({
        organizationId: org.id,
        name,
        description: `${name} at our practice`,
      })),
    )
    .returning({ id: department.id, name: department.name });
  const departmentId = (name: string) => departments.find((d) => d.name === name)?.id ?? null;

  const practitionerCount = options.practitioners ?? 10;
  // Two doctors of one name would be one person twice in every list: each name is drawn anew
  // until it is one the practice does not have yet.
  const names = new Set<string>();
  for (let i = 0; i < practitionerCount; i++) {
    const dept = departments[i % departments.length];
    if (!dept) break;
    let name = `${pick(c.firstNames)} ${pick(c.lastNames)}`;
    for (let tries = 0; names.has(name) && tries < 50; tries++) {
      name = `${pick(c.firstNames)} ${pick(c.lastNames)}`;
    }
    if (names.has(name)) continue;
    names.add(name);
    const title = pick(c.titles) || null;
    const [row] = await tx
      .insert(practitioner)
      .values({
        organizationId: org.id,
        departmentId: dept.id,
        title,
        name,
        specialization: pick(c.specializations[dept.name] ?? ["General practice"]),
        yearsOfExperience: 2 + Math.floor(random() * 25),
        bio: `${name} works in ${dept.name.toLowerCase()} and sees patients of all ages.`,
      })
      .returning({ id: practitioner.id });
    if (!row) continue;
    await tx.insert(resource).values({
      organizationId: org.id,
      kind: "practitioner",
      name: title ? `${title} ${name}` : name,
      practitionerId: row.id,
      departmentId: dept.id,
      timeZone: org.timeZone,
    });
  }

  await tx.insert(resource).values([
    ...c.rooms.map((name) => ({
      organizationId: org.id,
      kind: "room" as const,
      name,
      category: "room",
      timeZone: org.timeZone,
    })),
    ...c.equipment.map(([name, category]) => ({
      organizationId: org.id,
      kind: "equipment" as const,
      name,
      category,
      timeZone: org.timeZone,
    })),
  ]);

  for (const [i, s] of c.services.entries()) {
    const [row] = await tx
      .insert(service)
      .values({
        organizationId: org.id,
        departmentId: departmentId(s.department),
        name: s.name,
        durationMinutes: s.minutes,
        priceMinor: s.price,
        colour: palette[i % palette.length] ?? "#2563eb",
        bufferAfterMinutes: s.minutes >= 45 ? 10 : 5,
        minNoticeMinutes: 60,
        slotIntervalMinutes: s.minutes >= 30 ? 15 : 10,
      })
      .returning({ id: service.id });
    if (!row) continue;
    await tx.insert(serviceRequirement).values([
      {
        organizationId: org.id,
        serviceId: row.id,
        kind: "practitioner",
        departmentId: departmentId(s.department),
      },
      ...(s.room
        ? [{ organizationId: org.id, serviceId: row.id, kind: "room" as const, category: null }]
        : []),
      ...(s.needs
        ? [
            {
              organizationId: org.id,
              serviceId: row.id,
              kind: "equipment" as const,
              category: s.needs,
            },
          ]
        : []),
    ]);
  }

  const patientCount = options.patients ?? 200;
  const seen = new Set<string>();
  const patients = [];
  while (patients.length < patientCount) {
    const mobile = c.mobile();
    if (seen.has(mobile)) continue;
    seen.add(mobile);
    const firstName = pick(c.firstNames);
    const lastName = pick(c.lastNames);
    const year = 1940 + Math.floor(random() * 80);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, "0");
    const day = String(1 + Math.floor(random() * 28)).padStart(2, "0");
    patients.push({
      organizationId: org.id,
      firstName,
      lastName,
      mobile,
      email:
        random() < 0.6
          ? `${firstName}.${lastName}${patients.length}@example.com`
              .toLowerCase()
              .replace(/[^a-z0-9.@-]/g, "")
          : null,
      dateOfBirth: `${year}-${month}-${day}`,
      sex: pick(["female", "male"] as const),
    });
  }
  for (let i = 0; i < patients.length; i += 500) {
    await tx.insert(patient).values(patients.slice(i, i + 500));
  }

  await seedSchedules(tx, org);
}

/**
 * ISO weekdays the demo practices open: every day, so a demo started on any day (a weekend
 * included) has a working day to show.
 */
export function workingWeekdays(): number[] {
  return [1, 2, 3, 4, 5, 6, 7];
}

/** 09:00–17:00 with a lunch break. */
export const demoHours = [
  { start: "09:00", end: "13:00" },
  { start: "14:00", end: "17:00" },
] as const;

/** Weekly hours for every doctor, room and piece of equipment. */
async function seedSchedules(tx: Database, org: { id: string; timeZone: string }): Promise<void> {
  const resources = await tx
    .select({ id: resource.id })
    .from(resource)
    .where(eq(resource.organizationId, org.id));
  const weekdays = workingWeekdays();
  const rules = resources.flatMap((r) =>
    weekdays.flatMap((weekday) =>
      demoHours.map((h) => ({
        organizationId: org.id,
        resourceId: r.id,
        weekday,
        startTime: h.start,
        endTime: h.end,
      })),
    ),
  );
  if (rules.length > 0) await tx.insert(scheduleRule).values(rules);
}
