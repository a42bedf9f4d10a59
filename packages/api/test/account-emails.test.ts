// Account emails and invitations, on real PostgreSQL: what a person relies on when they reset a
// password, confirm an address, sign up, or accept an invitation. Links are minted here the way
// the delivery job mints them when it sends the email (their raw value is never stored).
import { validateSessionToken } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createOrganization,
  createPatient,
  createPractice,
  failureOf,
  recordCookies,
  signIn,
  signUp,
  testPassword,
  uniqueEmail,
  type TestUser,
} from "@caredesk/api/testing";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  invalidLinkMessage,
  mintActionToken,
  type ActionTokenSpec,
} from "../src/service/action-token";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

const hour = 60 * 60 * 1000;
const newPassword = "a brand new passphrase";

/** The link an email would carry, as the delivery job mints it. */
function link(spec: Omit<ActionTokenSpec, "expiresAt"> & { expiresAt?: Date }) {
  return mintActionToken(db, { expiresAt: new Date(Date.now() + hour), ...spec });
}

function emailsTo(recipient: string) {
  return db
    .select({
      kind: schema.notification.kind,
      userId: schema.notification.userId,
      organizationId: schema.notification.organizationId,
      payload: schema.notification.payload,
    })
    .from(schema.notification)
    .where(eq(sql`lower(${schema.notification.recipient})`, recipient.toLowerCase()));
}

async function sessionsOf(userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(schema.session)
    .where(eq(schema.session.userId, userId));
  return row?.n ?? 0;
}

async function verifiedAt(userId: string) {
  const [row] = await db
    .select({ at: schema.user.emailVerifiedAt })
    .from(schema.user)
    .where(eq(schema.user.id, userId));
  return row?.at ?? null;
}

// ---------------------------------------------------------------------------------------------

describe("asking for a password reset", () => {
  it("answers an unknown address exactly as a known one, and emails nobody", async () => {
    const person = await signUp(db);
    const unknown = uniqueEmail("nobody");
    const caller = await callerFor(db);

    const known = await caller.auth.requestPasswordReset({ email: person.email });
    const stranger = await caller.auth.requestPasswordReset({ email: unknown });

    expect(stranger).toEqual(known);
    expect(await emailsTo(unknown)).toEqual([]);
  });

  it("queues one reset email for the account, outside any practice", async () => {
    const person = await signUp(db, { name: "Mona Reset" });

    await (await callerFor(db)).auth.requestPasswordReset({ email: person.email.toUpperCase() });

    const emails = (await emailsTo(person.email)).filter((e) => e.kind === "password_reset");
    expect(emails).toEqual([
      {
        kind: "password_reset",
        userId: person.id,
        organizationId: null,
        payload: { recipientName: "Mona Reset" },
      },
    ]);
  });

  it("makes the links of earlier requests stop working", async () => {
    const person = await signUp(db);
    const earlier = await link({ purpose: "password_reset", userId: person.id });

    await (await callerFor(db)).auth.requestPasswordReset({ email: person.email });

    const failure = await failureOf(
      (await callerFor(db)).auth.resetPassword({ token: earlier, password: newPassword }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
  });
});

describe("a reset link", () => {
  it("sets the new password, and the old one stops working", async () => {
    const person = await signUp(db);
    const token = await link({ purpose: "password_reset", userId: person.id });

    await (await callerFor(db)).auth.resetPassword({ token, password: newPassword });

    expect(await signIn(db, { email: person.email, password: newPassword })).toBeTypeOf("string");
    const old = await failureOf(
      (await callerFor(db)).auth.signIn({ email: person.email, password: person.password }),
    );
    expect(old.code).toBe("UNAUTHORIZED");
  });

  it("signs every device out", async () => {
    const person = await signUp(db);
    const phone = await signIn(db, person);
    const token = await link({ purpose: "password_reset", userId: person.id });

    await (await callerFor(db)).auth.resetPassword({ token, password: newPassword });

    expect(await sessionsOf(person.id)).toBe(0);
    expect(await validateSessionToken(db, person.token)).toBeNull();
    expect(await validateSessionToken(db, phone)).toBeNull();
  });

  it("counts the address as confirmed", async () => {
    const person = await signUp(db);
    expect(await verifiedAt(person.id)).toBeNull();
    const token = await link({ purpose: "password_reset", userId: person.id });

    await (await callerFor(db)).auth.resetPassword({ token, password: newPassword });

    expect(await verifiedAt(person.id)).toBeInstanceOf(Date);
  });

  it("works once: a second use answers the one message and changes nothing", async () => {
    const person = await signUp(db);
    const token = await link({ purpose: "password_reset", userId: person.id });
    await (await callerFor(db)).auth.resetPassword({ token, password: newPassword });
    const session = await signIn(db, { email: person.email, password: newPassword });

    const again = await failureOf(
      (await callerFor(db)).auth.resetPassword({ token, password: "yet another passphrase" }),
    );

    expect(again).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
    expect(await validateSessionToken(db, session)).not.toBeNull();
    expect(await signIn(db, { email: person.email, password: newPassword })).toBeTypeOf("string");
  });

  it("stops working an hour after it was sent", async () => {
    const person = await signUp(db);
    const token = await link({ purpose: "password_reset", userId: person.id });
    // As if the email had gone out an hour and a second ago.
    await db
      .update(schema.actionToken)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.actionToken.userId, person.id));

    const failure = await failureOf(
      (await callerFor(db)).auth.resetPassword({ token, password: newPassword }),
    );

    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
    expect(await sessionsOf(person.id)).toBe(1);
  });

  it("answers a link made for something else with the same message", async () => {
    const person = await signUp(db);
    const verification = await link({ purpose: "email_verification", userId: person.id });

    const failure = await failureOf(
      (await callerFor(db)).auth.resetPassword({ token: verification, password: newPassword }),
    );

    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
    expect(await sessionsOf(person.id)).toBe(1);
  });

  it.each([
    ["unknown", "a".repeat(48)],
    ["malformed", "not a token at all"],
    ["SQL", "'; drop table action_token; --"],
    ["too short", "abc"],
  ])("answers a %s token with the same message, never a fault", async (_, token) => {
    const failure = await failureOf(
      (await callerFor(db)).auth.resetPassword({ token, password: newPassword }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
  });
});

// ---------------------------------------------------------------------------------------------

describe("signing up", () => {
  it("answers a taken address exactly as a new one and emails its owner instead", async () => {
    const owner = await signUp(db, { name: "Rania Owner" });
    const fresh = uniqueEmail("fresh");
    const cookies = recordCookies();
    const caller = await callerFor(db, { cookies });

    const taken = await caller.auth.signUp({
      email: owner.email,
      password: "someone else's passphrase",
      name: "Impostor",
    });
    const created = await caller.auth.signUp({ email: fresh, password: testPassword, name: "New" });

    expect(taken).toEqual(created);
    expect(cookies.writes).toEqual([]);
    const toOwner = (await emailsTo(owner.email)).map((e) => e.kind);
    expect(toOwner).toContain("account_exists");
    expect((await emailsTo(fresh)).map((e) => e.kind)).toEqual(["email_verification"]);
    // The owner's account is as it was: their password still works, nobody else's does.
    expect(await signIn(db, owner)).toBeTypeOf("string");
    const impostor = await failureOf(
      caller.auth.signIn({ email: owner.email, password: "someone else's passphrase" }),
    );
    expect(impostor.code).toBe("UNAUTHORIZED");
  });

  it("leaves the new address unconfirmed until its link is followed, which signs in", async () => {
    const email = uniqueEmail("confirm");
    await (await callerFor(db)).auth.signUp({ email, password: testPassword, name: "Confirm" });
    const [account] = await db
      .select({ id: schema.user.id })
      .from(schema.user)
      .where(eq(schema.user.email, email));
    if (!account) throw new Error("no account was made");
    expect(await verifiedAt(account.id)).toBeNull();
    const token = await link({ purpose: "email_verification", userId: account.id });
    const cookies = recordCookies();

    const { user } = await (await callerFor(db, { cookies })).auth.verifyEmail({ token });

    expect(user.id).toBe(account.id);
    expect(await verifiedAt(account.id)).toBeInstanceOf(Date);
    // Confirming proves the address, not the password: nobody is signed in by the link, so an
    // account someone else made with this address is never handed to its owner half-owned.
    expect(cookies.writes).toEqual([]);
    const signedIn = await (await callerFor(db)).auth.signIn({ email, password: testPassword });
    expect(signedIn.user.id).toBe(account.id);
  });

  it("lets an unconfirmed account sign in with its password and ask for a new link", async () => {
    const person = await signUp(db);
    const caller = await callerFor(db, { token: person.token });

    expect(await caller.auth.emailStatus()).toEqual({ email: person.email, verified: false });
    expect(await caller.auth.resendVerification()).toEqual({ ok: true, alreadyVerified: false });
    const kinds = (await emailsTo(person.email)).map((e) => e.kind);
    expect(kinds.filter((k) => k === "email_verification")).toHaveLength(2);
  });

  it("answers a used confirmation link with the one message", async () => {
    const person = await signUp(db);
    const token = await link({ purpose: "email_verification", userId: person.id });
    await (await callerFor(db)).auth.verifyEmail({ token });

    const again = await failureOf((await callerFor(db)).auth.verifyEmail({ token }));

    expect(again).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
  });
});

// ---------------------------------------------------------------------------------------------

async function invitationLink(organizationId: string, invitationId: string, patient = false) {
  const [row] = await db
    .select({ expiresAt: schema.invitation.expiresAt })
    .from(schema.invitation)
    .where(eq(schema.invitation.id, invitationId));
  return link({
    purpose: patient ? "patient_invitation" : "member_invitation",
    organizationId,
    invitationId,
    expiresAt: row?.expiresAt ?? new Date(Date.now() + hour),
  });
}

async function membershipOf(organizationId: string, userId: string) {
  const [row] = await db
    .select({ role: schema.membership.role })
    .from(schema.membership)
    .where(
      and(
        eq(schema.membership.organizationId, organizationId),
        eq(schema.membership.userId, userId),
      ),
    );
  return row?.role ?? null;
}

describe("inviting a colleague", () => {
  it("emails the invitation with what the email shows, and lists it as pending", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const email = uniqueEmail("doctor");

    const invitation = await staff.organization.invite({ email, role: "doctor" });

    expect(invitation).toMatchObject({ email, role: "doctor", status: "pending" });
    const days = (invitation.expiresAt.getTime() - Date.now()) / (24 * hour);
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(await emailsTo(email)).toEqual([
      {
        kind: "member_invitation",
        userId: null,
        organizationId: organization.id,
        payload: {
          recipientName: null,
          organizationName: organization.name,
          role: "doctor",
          inviterName: "Olivia Owner",
          invitationId: invitation.id,
        },
      },
    ]);
    const { items } = await staff.organization.invitations();
    expect(items.map((i) => i.id)).toContain(invitation.id);
  });

  it("refuses a second pending invitation to the same address (CONFLICT on email)", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const email = uniqueEmail("twice");
    await staff.organization.invite({ email, role: "staff" });

    const failure = await failureOf(
      staff.organization.invite({ email: email.toUpperCase(), role: "doctor" }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(failure.fieldErrors?.email).toHaveLength(1);
  });

  it("refuses to invite someone who is already a member (on email)", async () => {
    const { organization, owner, doctor } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });

    const failure = await failureOf(
      staff.organization.invite({ email: doctor.email, role: "staff" }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(failure.fieldErrors?.email).toEqual(["This person is already a member"]);
  });

  it("answers another practice's invitation ids with NOT_FOUND", async () => {
    const mine = await createPractice(db);
    const theirs = await createPractice(db);
    const theirStaff = await callerFor(db, {
      token: theirs.owner.token,
      organizationId: theirs.organization.id,
    });
    const foreign = await theirStaff.organization.invite({ email: uniqueEmail(), role: "staff" });
    const staff = await callerFor(db, {
      token: mine.owner.token,
      organizationId: mine.organization.id,
    });

    const revoke = await failureOf(
      staff.organization.revokeInvitation({ invitationId: foreign.id }),
    );
    const resend = await failureOf(
      staff.organization.resendInvitation({ invitationId: foreign.id }),
    );
    expect([revoke.code, resend.code]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    const { items } = await staff.organization.invitations();
    expect(items.map((i) => i.id)).not.toContain(foreign.id);
  });

  it("a revoked invitation's link answers the one message", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const invitation = await staff.organization.invite({ email: uniqueEmail(), role: "staff" });
    const token = await invitationLink(organization.id, invitation.id);

    await staff.organization.revokeInvitation({ invitationId: invitation.id });

    const failure = await failureOf((await callerFor(db)).invitation.peek({ token }));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
  });

  it("resending sends a new email and voids the old link", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const invitation = await staff.organization.invite({ email: uniqueEmail(), role: "staff" });
    const old = await invitationLink(organization.id, invitation.id);

    await staff.organization.resendInvitation({ invitationId: invitation.id });

    expect(await emailsTo(invitation.email)).toHaveLength(2);
    const failure = await failureOf((await callerFor(db)).invitation.peek({ token: old }));
    expect(failure.message).toBe(invalidLinkMessage);
  });
  it("resending brings a lapsed invitation back for another week", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const invitation = await staff.organization.invite({ email: uniqueEmail(), role: "staff" });
    await db
      .update(schema.invitation)
      .set({ status: "expired", expiresAt: new Date(Date.now() - hour) })
      .where(eq(schema.invitation.id, invitation.id));

    const resent = await staff.organization.resendInvitation({ invitationId: invitation.id });

    expect(resent.status).toBe("pending");
    expect(resent.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * hour);
  });
});

describe("accepting an invitation", () => {
  it("shows who invites to what without using the link", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const email = uniqueEmail("peek");
    const invitation = await staff.organization.invite({ email, role: "doctor" });
    const token = await invitationLink(organization.id, invitation.id);
    const visitor = await callerFor(db);

    const first = await visitor.invitation.peek({ token });
    const second = await visitor.invitation.peek({ token });

    expect(first).toEqual({
      organizationName: organization.name,
      role: "doctor",
      email,
      hasAccount: false,
      kind: "member",
    });
    expect(second).toEqual(first);
  });

  it("makes a newcomer's account (address confirmed), the membership, and signs them in", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const email = uniqueEmail("newcomer");
    const invitation = await staff.organization.invite({ email, role: "doctor" });
    const token = await invitationLink(organization.id, invitation.id);
    const cookies = recordCookies();

    const accepted = await (
      await callerFor(db, { cookies })
    ).invitation.accept({ token, name: "Dr Newcomer", password: testPassword });

    expect(accepted).toMatchObject({ organizationId: organization.id, role: "doctor" });
    const session = await validateSessionToken(db, cookies.token ?? "");
    expect(session?.user).toMatchObject({ email, name: "Dr Newcomer" });
    const userId = session?.user.id ?? "";
    expect(await membershipOf(organization.id, userId)).toBe("doctor");
    expect(await verifiedAt(userId)).toBeInstanceOf(Date);
    const { items } = await staff.organization.invitations();
    expect(items.find((i) => i.id === invitation.id)?.status).toBe("accepted");
    // The link is used up.
    const again = await failureOf(
      (await callerFor(db)).invitation.accept({ token, name: "Again", password: testPassword }),
    );
    expect(again.message).toBe(invalidLinkMessage);
  });

  it("asks a newcomer for a name and password and keeps the link usable meanwhile", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const invitation = await staff.organization.invite({ email: uniqueEmail(), role: "staff" });
    const token = await invitationLink(organization.id, invitation.id);

    const failure = await failureOf((await callerFor(db)).invitation.accept({ token }));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {}).sort()).toEqual(["name", "password"]);
    expect(await (await callerFor(db)).invitation.peek({ token })).toMatchObject({
      hasAccount: false,
    });
  });

  it("asks someone with an account to sign in as it, then adds the membership", async () => {
    const { organization, owner } = await createPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const colleague = await signUp(db, { name: "Existing Colleague" });
    const stranger = await signUp(db);
    const invitation = await staff.organization.invite({
      email: colleague.email,
      role: "manager",
    });
    const token = await invitationLink(organization.id, invitation.id);

    const signedOut = await failureOf((await callerFor(db)).invitation.accept({ token }));
    const someoneElse = await failureOf(
      (await callerFor(db, { token: stranger.token })).invitation.accept({ token }),
    );
    expect(signedOut).toMatchObject({
      code: "UNAUTHORIZED",
      message: `Sign in as ${colleague.email} to accept`,
    });
    expect(someoneElse.code).toBe("UNAUTHORIZED");
    expect(await membershipOf(organization.id, stranger.id)).toBeNull();

    await (await callerFor(db, { token: colleague.token })).invitation.accept({ token });

    expect(await membershipOf(organization.id, colleague.id)).toBe("manager");
  });

  it("answers a link made for a password reset with the one message", async () => {
    const person = await signUp(db);
    const token = await link({ purpose: "password_reset", userId: person.id });

    const failure = await failureOf((await callerFor(db)).invitation.peek({ token }));

    expect(failure).toMatchObject({ code: "BAD_REQUEST", message: invalidLinkMessage });
  });
});

describe("inviting a patient to the portal", () => {
  async function practiceWithPatient(email: string | undefined) {
    const owner: TestUser = await signUp(db, { name: "Olivia Owner" });
    const organization = await createOrganization(db, owner);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    const patient = await createPatient(staff, email ? { email } : {});
    return { organization, staff, patient };
  }

  it("needs an email on the patient's record (on email)", async () => {
    const { staff, patient } = await practiceWithPatient(undefined);

    const failure = await failureOf(staff.patient.invite({ patientId: patient.id }));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["email"]);
  });

  it("accepting makes the portal account, linked to the record, with the patient role", async () => {
    const email = uniqueEmail("patient");
    const { organization, staff, patient } = await practiceWithPatient(email);
    const invitation = await staff.patient.invite({ patientId: patient.id });
    expect(invitation).toMatchObject({ email, role: "patient", patientId: patient.id });
    const token = await invitationLink(organization.id, invitation.id, true);
    const cookies = recordCookies();

    const accepted = await (
      await callerFor(db, { cookies })
    ).invitation.accept({ token, name: "Mona Saleh", password: testPassword });

    expect(accepted.role).toBe("patient");
    const session = await validateSessionToken(db, cookies.token ?? "");
    const userId = session?.user.id ?? "";
    expect(await membershipOf(organization.id, userId)).toBe("patient");
    const record = await staff.patient.byId({ id: patient.id });
    expect(record.userId).toBe(userId);
    const portal = await callerFor(db, { token: cookies.token, organizationId: organization.id });
    expect((await portal.portal.me()).id).toBe(patient.id);
  });

  it("answers another practice's patient with NOT_FOUND", async () => {
    const mine = await practiceWithPatient(uniqueEmail());
    const theirs = await practiceWithPatient(uniqueEmail());

    const failure = await failureOf(mine.staff.patient.invite({ patientId: theirs.patient.id }));

    expect(failure.code).toBe("NOT_FOUND");
  });
});
