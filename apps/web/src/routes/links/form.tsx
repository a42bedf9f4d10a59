// A medical-history form opened from its link, on the patient's phone, without an account:
// the practice and the form's title, the date of birth (limited tries), the questions with
// their follow-ups, a drawn signature, and a done screen. Opening the page changes nothing.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import { fieldErrorsOf } from "../../lib/field-errors";
import { Alert, AuthFrame, Button, TextAreaField, TextField, useT } from "@caredesk/ui";
import type { Question } from "@caredesk/validators";
import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import SignaturePad from "signature_pad";
import { LinkResult, LinkQueryGate } from "./link-parts";

const route = getRouteApi("/form");

type Opened = RouterOutputs["formLink"]["open"];
type Form = RouterOutputs["formLink"]["verify"];
type AnswerValue = string | string[] | boolean;

export function FormLinkPage() {
  const { token } = route.useSearch();
  const opened = trpc.formLink.open.useQuery(
    { token: token ?? "" },
    { enabled: Boolean(token), retry: false, staleTime: Infinity, refetchOnWindowFocus: false },
  );
  return (
    <LinkQueryGate token={token} query={opened}>
      {(data, present) => <FormLink token={present} opened={data} />}
    </LinkQueryGate>
  );
}

function FormLink({ token, opened }: { token: string; opened: Opened }) {
  const t = useT();
  const [dateOfBirth, setDateOfBirth] = useState("");
  const [form, setForm] = useState<Form | null>(null);
  const [done, setDone] = useState(false);
  // The frame's lead names the practice; its logo, when it has one, stands above the form.
  const practice = opened.logoFileId ? (
    <p className="mb-4" data-testid="form-practice">
      <img
        src={`/files/logo/${opened.practiceSlug}/${opened.logoFileId}`}
        alt={opened.practiceName}
        className="h-10 w-auto"
        onError={(e) => (e.currentTarget.style.display = "none")}
      />
    </p>
  ) : null;
  if (done) {
    return (
      <AuthFrame title={opened.title} lead={opened.practiceName}>
        {practice}
        <LinkResult
          title={t("forms.link.done")}
          body={t("forms.link.doneBody", { practice: opened.practiceName })}
          testId="form-submitted"
        />
      </AuthFrame>
    );
  }
  if (opened.status !== "sent") {
    const message = {
      submitted: t("forms.link.status.submitted"),
      expired: t("forms.link.status.expired"),
      revoked: t("forms.link.status.revoked"),
      locked: t("forms.link.status.locked"),
    }[opened.status];
    return (
      <AuthFrame title={opened.title} lead={opened.practiceName}>
        {practice}
        <Alert tone="info">{message}</Alert>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={opened.title} lead={t("forms.link.lead", { practice: opened.practiceName })}>
      {practice}
      {form ? (
        <Questionnaire
          token={token}
          dateOfBirth={dateOfBirth}
          form={form}
          onDone={() => setDone(true)}
        />
      ) : (
        <BirthDateStep
          token={token}
          attemptsLeft={opened.attemptsLeft}
          value={dateOfBirth}
          onChange={setDateOfBirth}
          onVerified={setForm}
        />
      )}
    </AuthFrame>
  );
}

function BirthDateStep({
  token,
  attemptsLeft,
  value,
  onChange,
  onVerified,
}: {
  token: string;
  attemptsLeft: number;
  value: string;
  onChange: (value: string) => void;
  onVerified: (form: Form) => void;
}) {
  const t = useT();
  const verify = trpc.formLink.verify.useMutation({ onSuccess: onVerified });
  const fieldError = verify.error ? fieldErrorOf(verify.error, "dateOfBirth") : null;
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        verify.mutate({ token, dateOfBirth: value });
      }}
    >
      <TextField
        label={t("forms.link.dateOfBirth")}
        description={fieldError ? undefined : t("forms.link.attemptsLeft", { count: attemptsLeft })}
        type="date"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        error={fieldError ?? undefined}
        required
      />
      {verify.isError && !fieldError && (
        <Alert tone="error">{errorMessage(verify.error, t("ui.error.network"))}</Alert>
      )}
      <Button type="submit" className="w-full" loading={verify.isPending} disabled={!value}>
        {t("forms.link.continue")}
      </Button>
    </form>
  );
}

function matches(answer: AnswerValue | undefined, equals: string): boolean {
  if (typeof answer === "boolean") return (answer ? "yes" : "no") === equals;
  if (Array.isArray(answer)) return answer.includes(equals);
  return answer === equals;
}

/** The questions shown: follow-ups only when the question they follow has their answer. */
export function shownKeys(questions: readonly Question[], answers: Record<string, AnswerValue>) {
  const shown = new Set<string>();
  for (const q of questions) {
    if (!q.showIf) shown.add(q.key);
    else if (
      shown.has(q.showIf.questionKey) &&
      matches(answers[q.showIf.questionKey], q.showIf.equals)
    )
      shown.add(q.key);
  }
  return shown;
}

function Questionnaire({
  token,
  dateOfBirth,
  form,
  onDone,
}: {
  token: string;
  dateOfBirth: string;
  form: Form;
  onDone: () => void;
}) {
  const t = useT();
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [signatureMissing, setSignatureMissing] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const submit = trpc.formLink.submit.useMutation({ onSuccess: onDone });

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    element.width = element.offsetWidth * ratio;
    element.height = element.offsetHeight * ratio;
    element.getContext("2d")?.scale(ratio, ratio);
    const signature = new SignaturePad(element, { penColor: "#0f172a" });
    signature.addEventListener("endStroke", () => setSignatureMissing(false));
    pad.current = signature;
    return () => signature.off();
  }, []);

  const shown = shownKeys(form.questions, answers);
  const serverErrors = submit.error ? fieldErrorsOf(submit.error) : null;
  const set = (key: string, value: AnswerValue) => setAnswers((a) => ({ ...a, [key]: value }));

  return (
    <form
      noValidate
      className="flex flex-col gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        const signature = pad.current;
        if (!signature || signature.isEmpty()) {
          setSignatureMissing(true);
          return;
        }
        const kept = Object.fromEntries(Object.entries(answers).filter(([key]) => shown.has(key)));
        submit.mutate({
          token,
          dateOfBirth,
          answers: kept,
          signature: signature.toDataURL("image/png"),
        });
      }}
    >
      {form.description && <p className="text-sm text-slate-600">{form.description}</p>}
      {form.questions
        .filter((q) => shown.has(q.key))
        .map((q) => (
          <QuestionField
            key={q.key}
            question={q}
            value={answers[q.key]}
            onChange={(value) => set(q.key, value)}
            error={serverErrors?.[`answers.${q.key}`]?.[0]}
          />
        ))}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-900">
          {t("forms.link.signature")}
        </legend>
        <canvas
          ref={canvas}
          data-testid="signature-pad"
          aria-label={t("forms.link.signatureHint")}
          className="h-40 w-full touch-none rounded-md border border-slate-300 bg-white"
        />
        <div className="flex items-center justify-between">
          <p className="text-xs text-slate-500">{t("forms.link.signatureHint")}</p>
          <Button variant="secondary" size="sm" onClick={() => pad.current?.clear()}>
            {t("forms.link.clear")}
          </Button>
        </div>
        {(signatureMissing || serverErrors?.signature) && (
          <p className="text-sm text-red-700" role="alert">
            {serverErrors?.signature?.[0] ?? t("forms.link.signatureRequired")}
          </p>
        )}
      </fieldset>
      {submit.isError && !serverErrors && (
        <Alert tone="error">{errorMessage(submit.error, t("ui.error.network"))}</Alert>
      )}
      {serverErrors && <Alert tone="error">{t("forms.link.fix")}</Alert>}
      <Button type="submit" className="w-full" loading={submit.isPending}>
        {t("forms.link.submit")}
      </Button>
    </form>
  );
}

function QuestionField({
  question: q,
  value,
  onChange,
  error,
}: {
  question: Question;
  value: AnswerValue | undefined;
  onChange: (value: AnswerValue) => void;
  error: string | undefined;
}) {
  const t = useT();
  const label = q.required ? `${q.label} *` : q.label;
  if (q.type === "text" || q.type === "date") {
    return (
      <TextField
        label={label}
        description={q.help}
        type={q.type === "date" ? "date" : "text"}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
    );
  }
  if (q.type === "textarea") {
    return (
      <TextAreaField
        label={label}
        description={q.help}
        rows={3}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
    );
  }
  const choices: { value: string; label: string }[] =
    q.type === "yes_no"
      ? [
          { value: "yes", label: t("forms.answer.yes") },
          { value: "no", label: t("forms.answer.no") },
        ]
      : (q.options ?? []).map((o) => ({ value: o, label: o }));
  const multiple = q.type === "multiple";
  const checked = (choice: string) =>
    q.type === "yes_no"
      ? typeof value === "boolean" && (value ? "yes" : "no") === choice
      : Array.isArray(value)
        ? value.includes(choice)
        : value === choice;
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-900">{label}</legend>
      {q.help && <p className="text-xs text-slate-500">{q.help}</p>}
      {choices.map((choice) => (
        <label
          key={choice.value}
          className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3 text-sm"
        >
          <input
            type={multiple ? "checkbox" : "radio"}
            name={q.key}
            value={choice.value}
            checked={checked(choice.value)}
            onChange={(e) => {
              if (q.type === "yes_no") onChange(choice.value === "yes");
              else if (!multiple) onChange(choice.value);
              else {
                const list = Array.isArray(value) ? value : [];
                onChange(
                  e.target.checked
                    ? [...list, choice.value]
                    : list.filter((v) => v !== choice.value),
                );
              }
            }}
          />
          {choice.label}
        </label>
      ))}
      {error && (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
