// Account emails: the words a reader sees in their language, the one link they follow, and data
// that cannot break out of the message.
import { describe, expect, it } from "vitest";
import { renderAccountEmail, type AccountEmailKind } from "../src";

const link = "https://app.caredesk.example/invitation?token=abc";
const base = {
  brand: { name: "Caredesk" },
  recipientName: "Mona Saleh",
  link,
  organizationName: "Nile Clinic",
  role: "doctor",
  inviterName: "Olivia Owner",
  expiresAt: new Date("2030-05-01T10:00:00Z"),
};
const kinds: AccountEmailKind[] = [
  "password_reset",
  "email_verification",
  "account_exists",
  "member_invitation",
  "patient_invitation",
];

describe("account emails", () => {
  it.each(kinds)("%s carries its link in the text and as the button", (kind) => {
    const email = renderAccountEmail(kind, { ...base, lang: "en-GB" });
    expect(email.subject.length).toBeGreaterThan(0);
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain('lang="en-GB"');
  });

  it("says who invites to what, with the role in words", () => {
    const email = renderAccountEmail("member_invitation", { ...base, lang: "en" });
    expect(email.subject).toBe("Join Nile Clinic");
    expect(email.text).toContain(
      "Olivia Owner invited you to join Nile Clinic on Caredesk as doctor",
    );
  });

  it("is written in Arabic for an Arabic reader, and in English for a language it lacks", () => {
    const arabic = renderAccountEmail("password_reset", { ...base, lang: "ar-EG" });
    const french = renderAccountEmail("password_reset", { ...base, lang: "fr-FR" });
    expect(arabic.subject).toBe("إعادة تعيين كلمة المرور");
    expect(arabic.html).toContain('lang="ar-EG"');
    expect(french.subject).toBe("Reset your password");
    expect(french.html).toContain('lang="en"');
  });

  it("escapes names in the HTML", () => {
    const email = renderAccountEmail("member_invitation", {
      ...base,
      lang: "en",
      inviterName: '<script>alert("x")</script>',
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
  });
});
