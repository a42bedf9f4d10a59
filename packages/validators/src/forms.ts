// Medical-history forms: the questions a practice builds (published as immutable versions),
// sending one to a patient by link, and what the patient sends back from that link.
import { z } from "zod";
import {
  Code,
  Cursor,
  DateOfBirth,
  Id,
  MultiLine,
  OptionalMultiLine,
  PageLimit,
  SingleLine,
} from "./common";
import { LinkToken } from "./invitation";

export const questionTypes = ["text", "textarea", "single", "multiple", "yes_no", "date"] as const;
export type QuestionType = (typeof questionTypes)[number];

/** A question's stable key within its form: answers and follow-up rules name it. */
export const QuestionKey = Code(
  /^[a-z0-9][a-z0-9_-]{0,39}$/,
  "Use lowercase letters, digits, - and _",
  40,
);

const OptionLabel = SingleLine(200, "Enter the option's text");

/** An answer to compare with: "yes"/"no" for yes/no questions, an option's text for choices. */
const AnswerMatch = SingleLine(200, "Choose the answer");

export const Question = z.object({
  key: QuestionKey,
  type: z.enum(questionTypes, "Choose a type of question"),
  label: SingleLine(300, "Enter the question"),
  help: SingleLine(500).optional(),
  required: z.boolean().default(false),
  /** The choices of a single or multiple choice question. */
  options: z.array(OptionLabel).max(30, "Use at most 30 options").optional(),
  /** A follow-up: shown (and required, when it is) only when another question has this answer. */
  showIf: z.object({ questionKey: QuestionKey, equals: AnswerMatch }).optional(),
  /** Answers that raise an alert on the patient's header ("yes", or chosen options). */
  alert: z
    .object({
      label: SingleLine(80, "Name the alert, e.g. Allergy"),
      when: z.array(AnswerMatch).min(1, "Choose the answers that raise it").max(30),
    })
    .optional(),
});
export type Question = z.infer<typeof Question>;

/** The questions of a form, checked as a whole: unique keys, options where needed, rules. */
export const Questions = z
  .array(Question)
  .min(1, "Add at least one question")
  .max(100, "Use at most 100 questions")
  .superRefine((questions, ctx) => {
    const seen = new Map<string, Question>();
    questions.forEach((q, i) => {
      if (seen.has(q.key)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "key"],
          message: "Each question needs its own key",
        });
      }
      const choice = q.type === "single" || q.type === "multiple";
      if (choice && (!q.options || q.options.length < 2)) {
        ctx.addIssue({ code: "custom", path: [i, "options"], message: "Add at least two options" });
      }
      if (choice && q.options && new Set(q.options).size !== q.options.length) {
        ctx.addIssue({ code: "custom", path: [i, "options"], message: "Options must differ" });
      }
      if (!choice && q.options && q.options.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: [i, "options"],
          message: "Only choice questions have options",
        });
      }
      const allowed = (target: Question, value: string) =>
        target.type === "yes_no"
          ? value === "yes" || value === "no"
          : target.type === "single" || target.type === "multiple"
            ? (target.options ?? []).includes(value)
            : false;
      if (q.showIf) {
        const target = seen.get(q.showIf.questionKey);
        if (!target) {
          ctx.addIssue({
            code: "custom",
            path: [i, "showIf", "questionKey"],
            message: "A follow-up depends on an earlier question",
          });
        } else if (!allowed(target, q.showIf.equals)) {
          ctx.addIssue({
            code: "custom",
            path: [i, "showIf", "equals"],
            message: "Choose one of that question's answers",
          });
        }
      }
      if (q.alert) {
        const bad = q.alert.when.filter((value) => !allowed(q, value));
        if (bad.length > 0) {
          ctx.addIssue({
            code: "custom",
            path: [i, "alert", "when"],
            message: "An alert is raised by this question's own answers (yes/no or its options)",
          });
        }
      }
      seen.set(q.key, q);
    });
  });

export const QuestionnaireContent = z.object({
  title: SingleLine(200, "Enter a title"),
  description: OptionalMultiLine(2000),
  questions: Questions,
});

export const QuestionnaireCreateInput = QuestionnaireContent;
export type QuestionnaireCreateInput = z.infer<typeof QuestionnaireCreateInput>;

/** Publishes the next version (unless nothing changed). */
export const QuestionnaireUpdateInput = QuestionnaireContent.extend({ id: Id });
export type QuestionnaireUpdateInput = z.infer<typeof QuestionnaireUpdateInput>;

export const QuestionnaireListInput = z.object({
  includeArchived: z.boolean().default(false),
  cursor: Cursor.optional(),
  limit: PageLimit.default(50),
});

export const formRequestChannels = ["email", "sms"] as const;

export const FormRequestSendInput = z.object({
  patientId: Id,
  questionnaireId: Id,
  channel: z.enum(formRequestChannels, "Choose email or SMS"),
  expiresInDays: z
    .number("Enter a number of days")
    .int("Use a whole number of days")
    .min(1, "Use at least 1 day")
    .max(30, "Use at most 30 days")
    .default(7),
});
export type FormRequestSendInput = z.infer<typeof FormRequestSendInput>;

export const PatientFormsInput = z.object({ patientId: Id });

// ---------------------------------------------------------------------------------------------
// The patient's link

/** One answer: text or a date as a string, a list of chosen options, or yes/no as a boolean. */
export const Answer = z.union([
  MultiLine(4000),
  z.array(SingleLine(200)).max(30, "Too many choices"),
  z.boolean(),
]);
export const Answers = z
  .record(QuestionKey, Answer)
  .refine((answers) => Object.keys(answers).length <= 100, "Too many answers");
export type Answers = z.infer<typeof Answers>;

export const maxSignatureBytes = 200 * 1024;
/** A PNG data URL as a canvas makes it; its bytes are checked by the api (magic, size). */
export const SignatureDataUrl = Code(
  /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/,
  "Draw your signature",
  // base64 grows bytes by 4/3: a little over the byte limit, so the api can say "too big".
  Math.ceil((maxSignatureBytes * 4) / 3) + 64,
);

export const FormLinkInput = z.object({ token: LinkToken });
export const FormLinkVerifyInput = z.object({ token: LinkToken, dateOfBirth: DateOfBirth });
export const FormLinkSubmitInput = z.object({
  token: LinkToken,
  dateOfBirth: DateOfBirth,
  answers: Answers,
  signature: SignatureDataUrl,
});
export type FormLinkSubmitInput = z.infer<typeof FormLinkSubmitInput>;
