// Answers to a form version: which questions were shown (follow-ups), whether the answers fit
// them, and which alerts they raise. Pure: the link checks a submission with it, staff screens
// and the PDF show what was shown.
import type { Answers, Question } from "@caredesk/validators";
import { FieldError } from "../errors";
import { answerText } from "./form-pdf";

function matches(answer: unknown, equals: string): boolean {
  if (typeof answer === "boolean") return (answer ? "yes" : "no") === equals;
  if (Array.isArray(answer)) return answer.includes(equals);
  return answer === equals;
}

/** Questions shown to the patient: follow-ups only when the question they follow was shown and has the answer. */
export function shownQuestions(questions: readonly Question[], answers: Answers): Set<string> {
  const shown = new Set<string>();
  for (const q of questions) {
    if (!q.showIf) {
      shown.add(q.key);
      continue;
    }
    if (
      shown.has(q.showIf.questionKey) &&
      matches(answers[q.showIf.questionKey], q.showIf.equals)
    ) {
      shown.add(q.key);
    }
  }
  return shown;
}

function isBlank(answer: unknown): boolean {
  return (
    answer === undefined ||
    answer === null ||
    (typeof answer === "string" && answer.trim() === "") ||
    (Array.isArray(answer) && answer.length === 0)
  );
}

/**
 * The answers kept for a version: those of shown questions, each of its question's kind;
 * required ones present. Refuses with the field of each problem (`answers.<key>`).
 */
export function checkAnswers(questions: readonly Question[], answers: Answers): Answers {
  const errors: Record<string, string[]> = {};
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors[`answers.${key}`] = ["This form has no such question"];
  }
  const shown = shownQuestions(questions, answers);
  const kept: Answers = {};
  for (const q of questions) {
    const answer = answers[q.key];
    if (!shown.has(q.key)) continue;
    if (isBlank(answer)) {
      if (q.required) errors[`answers.${q.key}`] = ["Please answer this question"];
      continue;
    }
    const field = `answers.${q.key}`;
    switch (q.type) {
      case "text":
      case "textarea":
        if (typeof answer !== "string") errors[field] = ["Answer with text"];
        else if (q.type === "text" && /[\n\r]/.test(answer))
          errors[field] = ["Keep this on one line"];
        else if (answer.length > (q.type === "text" ? 500 : 4000)) errors[field] = ["Too long"];
        break;
      case "date":
        if (
          typeof answer !== "string" ||
          !/^\d{4}-\d{2}-\d{2}$/.test(answer) ||
          Number.isNaN(Date.parse(`${answer}T00:00:00Z`)) ||
          new Date(`${answer}T00:00:00Z`).toISOString().slice(0, 10) !== answer
        ) {
          errors[field] = ["Use a date like 2026-03-31"];
        }
        break;
      case "yes_no":
        if (typeof answer !== "boolean") errors[field] = ["Answer yes or no"];
        break;
      case "single":
        if (typeof answer !== "string" || !(q.options ?? []).includes(answer)) {
          errors[field] = ["Choose one of the options"];
        }
        break;
      case "multiple":
        if (
          !Array.isArray(answer) ||
          !answer.every((a) => (q.options ?? []).includes(a)) ||
          new Set(answer).size !== answer.length
        ) {
          errors[field] = ["Choose among the options"];
        }
        break;
    }
    if (!errors[field] && answer !== undefined)
      kept[q.key] = typeof answer === "string" ? answer.trim() : answer;
  }
  if (Object.keys(errors).length > 0) throw new FieldError("BAD_REQUEST", errors);
  return kept;
}

/** The alerts the answers raise: "<alert label>: <question> — <answer>" for each flagged answer. */
export function alertsOf(questions: readonly Question[], answers: Answers): string[] {
  const alerts: string[] = [];
  const shown = shownQuestions(questions, answers);
  for (const q of questions) {
    if (!q.alert || !shown.has(q.key)) continue;
    const answer = answers[q.key];
    const hit = q.alert.when.some((value) => matches(answer, value));
    if (!hit) continue;
    // The follow-ups of a flagged answer say what it is ("Which?" → "Penicillin").
    const detail = questions
      .filter((f) => f.showIf?.questionKey === q.key && shown.has(f.key))
      .map((f) => answers[f.key])
      .filter((a): a is string | string[] => typeof a === "string" || Array.isArray(a))
      .map((a) => (Array.isArray(a) ? a.join(", ") : a))
      .filter((a) => a.trim() !== "");
    const what =
      detail.length > 0
        ? detail.join("; ")
        : typeof answer === "boolean"
          ? q.label
          : answerText(q, answer);
    alerts.push(`${q.alert.label}: ${what}`.slice(0, 300));
  }
  return alerts;
}
