// Medical-history forms on real PostgreSQL: what a signed form proves (the version asked, the
// answers, the signature, when and from where, a PDF whose SHA-256 is stored) and what a link
// refuses — twice, expired, withdrawn, wrong dates of birth, bad signatures, missing answers —
// each with a clear 4xx that changes nothing.
import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { Channel, OutgoingMessage, SendResult } from "@caredesk/notifications";
import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createContextInner } from "../src/context";
import { memoryFileStore, readStored } from "../src/file-store";
import { appRouter } from "../src/root";
import { invalidLinkMessage } from "../src/service/action-token";
import { deliverNotifications } from "../src/service/delivery";
import {
  callerFor,
  createPatient,
  createPractice,
  failureOf,
  uniqueEmail,
  type Caller,
} from "../src/testing";
import { createCallerFactory } from "../src/trpc";

let database: TestDatabase;
let db: Database;
let staff: Caller;
let organizationId: string;
const files = memoryFileStore();

/** An email channel that keeps what it was given. */
class RecordingChannel implements Channel {
  readonly name = "email";
  sent: OutgoingMessage[] = [];
  send(message: OutgoingMessage): Promise<SendResult> {
    this.sent.push(message);
    return Promise.resolve({ providerMessageId: `queued-${this.sent.length}` });
  }
}
const email = new RecordingChannel();

/** The patient's phone: no account, its own address and browser. */
function visitor() {
  return createCallerFactory(appRouter)(
    createContextInner({ db, ip: "203.0.113.7", userAgent: "Mozilla/5.0 (iPhone) test", files }),
  );
}

const birthDate = "1984-02-29";

const questions = [
  {
    key: "allergy",
    type: "yes_no" as const,
    label: "Are you allergic to any medicine?",
    required: true,
    alert: { label: "Allergy", when: ["yes"] },
  },
  {
    key: "which",
    type: "text" as const,
    label: "Which?",
    required: true,
    showIf: { questionKey: "allergy", equals: "yes" },
  },
  {
    key: "blood",
    type: "single" as const,
    label: "Do you take blood thinners?",
    required: false,
    options: ["None", "Warfarin", "Apixaban"],
    alert: { label: "Anticoagulant", when: ["Warfarin", "Apixaban"] },
  },
  { key: "notes", type: "textarea" as const, label: "Anything else?", required: false },
];

let questionnaireId: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await createPractice(db);
  organizationId = practice.organization.id;
  staff = await callerFor(db, { token: practice.doctor.token, organizationId });
  const form = await staff.questionnaire.create({ title: "Medical history", questions });
  questionnaireId = form.id;
});
afterAll(() => database.drop());

/** A patient with a date of birth and an email address. */
async function patient() {
  return createPatient(staff, { email: uniqueEmail("patient"), dateOfBirth: birthDate });
}

/** Sends the form and delivers the email the way the worker does; answers the link's token. */
async function send(patientId: string, formId = questionnaireId) {
  const request = await staff.formRequest.send({
    patientId,
    questionnaireId: formId,
    channel: "email",
    expiresInDays: 7,
  });
  const [message] = await db
    .select({ id: schema.notification.id })
    .from(schema.notification)
    .where(
      and(
        eq(schema.notification.organizationId, organizationId),
        eq(schema.notification.patientId, patientId),
      ),
    )
    .orderBy(desc(schema.notification.createdAt))
    .limit(1);
  const before = email.sent.length;
  await deliverNotifications({ db, channels: { email }, appOrigin: "https://caredesk.example" }, [
    { notificationId: message?.id ?? "", finalAttempt: false },
  ]);
  const sent = email.sent.slice(before).at(-1);
  const token = /\/form\?token=([a-z0-9]+)/.exec(sent?.text ?? "")?.[1];
  if (!token) throw new Error("the email carried no form link");
  return { request, token, message: sent };
}

// A PNG the way a canvas makes one: signature, IHDR, one IDAT, IEND (with real CRCs).
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(width: number, height: number, noise = false): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 4 + 1) + 1 + x * 4;
      const ink = noise ? (x * 7919 + y * 104729) % 251 : y === Math.floor(height / 2) ? 255 : 0;
      rows[at + 3] = ink;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: noise ? 0 : 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString("base64")}`;
const signature = dataUrl(png(300, 100));

const allergic = { allergy: true, which: "Penicillin", blood: "Warfarin" };

async function evidenceCounts() {
  const [submissions] = await db.select({ n: count() }).from(schema.formSubmission);
  const [stored] = await db.select({ n: count() }).from(schema.file);
  const [documents] = await db.select({ n: count() }).from(schema.document);
  return { submissions: submissions?.n, files: stored?.n, documents: documents?.n };
}

async function requestRow(id: string) {
  const [row] = await db.select().from(schema.formRequest).where(eq(schema.formRequest.id, id));
  return row;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

// ---------------------------------------------------------------------------------------------

describe("a form signed from its link", () => {
  it("keeps the answers, signature, time, address and a PDF whose SHA-256 is stored", async () => {
    const p = await patient();
    const { request, token, message } = await send(p.id);
    expect(message?.fromName).toBe("Riverside Clinic");
    expect(message?.to).toBe(p.email);
    const [stored] = await db
      .select({ text: schema.notification.bodyText })
      .from(schema.notification)
      .where(eq(schema.notification.patientId, p.id));
    expect(stored?.text).not.toContain(token);

    const phone = visitor();
    const opened = await phone.formLink.open({ token });
    expect(opened).toMatchObject({ status: "sent", title: "Medical history", attemptsLeft: 5 });
    expect(opened).not.toHaveProperty("questions");
    const form = await phone.formLink.verify({ token, dateOfBirth: birthDate });
    expect(form.questions.map((q) => q.key)).toEqual(["allergy", "which", "blood", "notes"]);

    const done = await phone.formLink.submit({
      token,
      dateOfBirth: birthDate,
      answers: allergic,
      signature,
    });
    const submission = await staff.formSubmission.byId({ id: done.submissionId });
    expect(submission).toMatchObject({
      formRequestId: request.id,
      ip: "203.0.113.7",
      userAgent: "Mozilla/5.0 (iPhone) test",
      dateOfBirth: birthDate,
      alerts: ["Allergy: Penicillin", "Anticoagulant: Warfarin"],
      pdfSha256: done.pdfSha256,
    });
    expect(submission.items.find((i) => i.key === "which")).toMatchObject({
      shown: true,
      answerText: "Penicillin",
    });

    const [pdfFile] = await db
      .select()
      .from(schema.file)
      .where(eq(schema.file.id, submission.pdfFileId));
    const bytes = await readStored(files, pdfFile?.storageKey ?? "");
    if (!bytes) throw new Error("the PDF's bytes were not stored");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(sha256(bytes)).toBe(submission.pdfSha256);
    expect(pdfFile?.sha256).toBe(submission.pdfSha256);
    const [signatureFile] = await db
      .select()
      .from(schema.file)
      .where(eq(schema.file.id, submission.signatureFileId));
    expect(signatureFile?.mimeType).toBe("image/png");

    const documents = await staff.document.list({ patientId: p.id });
    expect(documents.items[0]).toMatchObject({
      id: submission.documentId,
      kind: "medical_record",
      fileId: submission.pdfFileId,
    });
    expect(documents.items[0]?.title).toMatch(/^Medical history — signed \d{4}-\d{2}-\d{2}$/);

    expect(await staff.formSubmission.alerts({ patientId: p.id })).toMatchObject([
      { label: "Allergy: Penicillin" },
      { label: "Anticoagulant: Warfarin" },
    ]);
    const requests = await staff.formRequest.list({ patientId: p.id });
    expect(requests[0]).toMatchObject({ status: "submitted", messageStatus: "sent" });
    const reads = await db
      .select()
      .from(schema.recordAccess)
      .where(eq(schema.recordAccess.patientId, p.id));
    expect(reads.map((r) => r.kind)).toContain("form_submission");
    expect((await phone.formLink.open({ token })).status).toBe("submitted");
  });

  it("keeps the version it was sent with after the form is edited", async () => {
    const form = await staff.questionnaire.create({ title: "Dental history", questions });
    const p = await patient();
    const { token } = await send(p.id, form.id);
    const edited = await staff.questionnaire.update({
      id: form.id,
      title: "Dental history",
      questions: [
        ...questions,
        { key: "smoker", type: "yes_no", label: "Do you smoke?", required: true },
      ],
    });
    expect(edited.current.version).toBe(2);
    expect(edited.history.map((h) => h.version)).toEqual([2, 1]);
    const unchanged = await staff.questionnaire.update({
      id: form.id,
      title: "Dental history",
      questions: edited.current.questions,
    });
    expect(unchanged.current.version).toBe(2);

    // Answers the version sent (no "smoker" question), not the edited one.
    const done = await visitor().formLink.submit({
      token,
      dateOfBirth: birthDate,
      answers: { allergy: false },
      signature,
    });
    const submission = await staff.formSubmission.byId({ id: done.submissionId });
    expect(submission.version).toBe(1);
    expect(submission.contentHash).toBe(form.current.contentHash);
    expect(submission.contentHash).not.toBe(edited.current.contentHash);
    expect(submission.questions.map((q) => q.key)).not.toContain("smoker");
    expect(submission.alerts).toEqual([]);
  });
});

describe("what a link refuses, changing nothing", () => {
  it("refuses a form submitted twice with CONFLICT", async () => {
    const p = await patient();
    const { token } = await send(p.id);
    const phone = visitor();
    await phone.formLink.submit({ token, dateOfBirth: birthDate, answers: allergic, signature });
    const before = await evidenceCounts();
    const again = await failureOf(
      phone.formLink.submit({ token, dateOfBirth: birthDate, answers: allergic, signature }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(await evidenceCounts()).toEqual(before);
  });

  it("refuses an expired link, and says so", async () => {
    const p = await patient();
    const { request, token } = await send(p.id);
    await db
      .update(schema.formRequest)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.formRequest.id, request.id));
    const phone = visitor();
    expect((await phone.formLink.open({ token })).status).toBe("expired");
    const before = await evidenceCounts();
    const refused = await failureOf(
      phone.formLink.submit({ token, dateOfBirth: birthDate, answers: allergic, signature }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/expired/);
    expect(await evidenceCounts()).toEqual(before);
  });

  it("refuses a revoked link, and a submitted form cannot be revoked", async () => {
    const p = await patient();
    const { request, token } = await send(p.id);
    await staff.formRequest.revoke({ id: request.id });
    const phone = visitor();
    expect((await phone.formLink.open({ token })).status).toBe("revoked");
    const refused = await failureOf(phone.formLink.verify({ token, dateOfBirth: birthDate }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/withdrew/);

    const other = await send(p.id);
    await phone.formLink.submit({
      token: other.token,
      dateOfBirth: birthDate,
      answers: allergic,
      signature,
    });
    expect((await failureOf(staff.formRequest.revoke({ id: other.request.id }))).code).toBe(
      "CONFLICT",
    );
  });

  it("refuses an unknown token with the one answer for every unusable link", async () => {
    const refused = await failureOf(visitor().formLink.open({ token: "a".repeat(48) }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
  });

  it("locks the request after five wrong dates of birth", async () => {
    const p = await patient();
    const { request, token } = await send(p.id);
    const phone = visitor();
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await failureOf(phone.formLink.verify({ token, dateOfBirth: "1990-01-01" }));
      expect(wrong.code).toBe("BAD_REQUEST");
      expect(wrong.fieldErrors?.dateOfBirth?.[0]).toMatch(`${5 - attempt} tr`);
    }
    const last = await failureOf(
      phone.formLink.submit({ token, dateOfBirth: "1990-01-01", answers: allergic, signature }),
    );
    expect(last.message).toMatch(/locked/);
    expect((await requestRow(request.id))?.lockedAt).not.toBeNull();
    const before = await evidenceCounts();
    const right = await failureOf(
      phone.formLink.submit({ token, dateOfBirth: birthDate, answers: allergic, signature }),
    );
    expect(right.message).toMatch(/locked/);
    expect(await evidenceCounts()).toEqual(before);
    expect((await phone.formLink.open({ token })).status).toBe("locked");
    expect((await staff.formRequest.list({ patientId: p.id }))[0]?.status).toBe("locked");
  });

  it("refuses a signature that is not a PNG, too large, or unreadable", async () => {
    const p = await patient();
    const { request, token } = await send(p.id);
    const phone = visitor();
    const before = await evidenceCounts();
    const jpeg = `data:image/png;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...new Array<number>(60).fill(1)]).toString("base64")}`;
    const big = png(900, 900, true);
    expect(big.length).toBeGreaterThan(200 * 1024);
    const broken = png(300, 100);
    broken.fill(7, 45, 60); // the image data is garbage past the header
    for (const bad of [jpeg, dataUrl(big), dataUrl(png(3000, 5)), dataUrl(broken)]) {
      const refused = await failureOf(
        phone.formLink.submit({ token, dateOfBirth: birthDate, answers: allergic, signature: bad }),
      );
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.fieldErrors?.signature).toBeDefined();
    }
    expect(await evidenceCounts()).toEqual(before);
    expect((await requestRow(request.id))?.submittedAt).toBeNull();
  });

  it("refuses missing required answers, follow-ups shown, and choices not offered", async () => {
    const p = await patient();
    const { token } = await send(p.id);
    const phone = visitor();
    const before = await evidenceCounts();
    const submit = (answers: Record<string, string | boolean | string[]>) =>
      failureOf(phone.formLink.submit({ token, dateOfBirth: birthDate, answers, signature }));
    expect((await submit({})).fieldErrors).toHaveProperty(["answers.allergy"]);
    // The follow-up is required once it is shown.
    expect((await submit({ allergy: true })).fieldErrors).toHaveProperty(["answers.which"]);
    expect(
      (await submit({ allergy: true, which: "x", blood: "Aspirin" })).fieldErrors,
    ).toHaveProperty(["answers.blood"]);
    expect((await submit({ allergy: "yes" })).fieldErrors).toHaveProperty(["answers.allergy"]);
    expect((await submit({ allergy: false, ghost: "x" })).fieldErrors).toHaveProperty([
      "answers.ghost",
    ]);
    expect(await evidenceCounts()).toEqual(before);

    // A follow-up not shown is not asked for, and an answer to it is not kept.
    const done = await phone.formLink.submit({
      token,
      dateOfBirth: birthDate,
      answers: { allergy: false, which: "ignored" },
      signature,
    });
    const submission = await staff.formSubmission.byId({ id: done.submissionId });
    expect(submission.answers).toEqual({ allergy: false });
  });
});

describe("the message that carries the link", () => {
  it("is not sent once the request was withdrawn, and no link is minted", async () => {
    const p = await patient();
    const request = await staff.formRequest.send({
      patientId: p.id,
      questionnaireId,
      channel: "email",
      expiresInDays: 3,
    });
    await staff.formRequest.revoke({ id: request.id });
    const [message] = await db
      .select({ id: schema.notification.id })
      .from(schema.notification)
      .where(eq(schema.notification.patientId, p.id));
    const outcomes = await deliverNotifications(
      { db, channels: { email }, appOrigin: "https://caredesk.example" },
      [{ notificationId: message?.id ?? "", finalAttempt: false }],
    );
    expect(outcomes.get(message?.id ?? "")).toMatchObject({ result: "skipped" });
    const tokens = await db
      .select()
      .from(schema.actionToken)
      .where(eq(schema.actionToken.formRequestId, request.id));
    expect(tokens).toEqual([]);
  });
});

describe("building forms", () => {
  it("refuses follow-ups on unknown questions and alerts on answers the question cannot have", async () => {
    const bad = await failureOf(
      staff.questionnaire.create({
        title: "Broken",
        questions: [
          {
            key: "a",
            type: "yes_no",
            label: "A?",
            required: false,
            alert: { label: "X", when: ["maybe"] },
          },
          {
            key: "b",
            type: "text",
            label: "B?",
            required: false,
            showIf: { questionKey: "zz", equals: "yes" },
          },
        ],
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(["questions.0.alert.when", "questions.1.showIf.questionKey"]),
    );
  });

  it("will not send a form to a patient without a date of birth", async () => {
    const p = await createPatient(staff, { email: uniqueEmail("nodob") });
    const refused = await failureOf(
      staff.formRequest.send({
        patientId: p.id,
        questionnaireId,
        channel: "email",
        expiresInDays: 7,
      }),
    );
    expect(refused.fieldErrors).toHaveProperty("patientId");
  });
});
