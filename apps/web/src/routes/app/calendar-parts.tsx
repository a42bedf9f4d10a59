// Small pieces the calendar grid and the phone agenda share: what a screen reader hears of an
// appointment, and the marks for booking requests and patient confirmations.
import { cn, type Translate } from "@caredesk/ui";
import type { zonedFormat } from "../../lib/zoned";
import { type Appointment, patientConfirmedAt } from "./calendar-model";

type Format = ReturnType<typeof zonedFormat>;

/**
 * The words a grid block adds for screen readers after its visible ones (time, patient, the
 * request tag, service): the full time range and the confirmation, so the block's name reads
 * "10:00 AM Layla Nasser, Consultation, 10:00 AM–10:30 AM, Patient confirmed". The name comes
 * from the block's content rather than an aria-label, so it always contains what is visible.
 */
export function appointmentNameTail(a: Appointment, t: Translate, fmt: Format): string {
  return [
    "",
    `${fmt.time(a.startsAt)}–${fmt.time(a.endsAt)}`,
    ...(patientConfirmedAt(a) ? [t("calendar.patientConfirmed")] : []),
  ].join(", ");
}

/** A comma a screen reader hears between the visible parts of a block; sighted users see a gap. */
export function SpokenComma() {
  return <span className="sr-only">, </span>;
}

/** An online booking request awaiting the practice: a word, not a colour alone. */
export function RequestTag({ t, className }: { t: Translate; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded border border-dashed border-amber-700 bg-amber-50 px-1 text-[10px] leading-4 font-semibold tracking-wide text-amber-900 uppercase",
        className,
      )}
    >
      {t("calendar.request")}
    </span>
  );
}

/** A check for an appointment the patient confirmed; `withText` spells it out too. */
export function ConfirmedMark({
  t,
  withText = false,
  spokenElsewhere = false,
}: {
  t: Translate;
  withText?: boolean;
  /** The surrounding text already says it, so screen readers skip the mark. */
  spokenElsewhere?: boolean;
}) {
  return (
    <span
      className="inline-flex shrink-0 items-center gap-1 text-emerald-800"
      title={t("calendar.patientConfirmed")}
      aria-hidden={spokenElsewhere || undefined}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 16 16"
        className="size-3.5 rounded-full bg-emerald-600 p-0.5 text-white"
      >
        <path
          d="M3.5 8.5l3 3 6-7"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {withText && <span className="text-xs font-medium">{t("calendar.patientConfirmed")}</span>}
    </span>
  );
}

/** Styles an appointment's box by status: requests dashed and hatched, visits done faded. */
export function appointmentTone(a: Appointment): string {
  return cn(
    (a.status === "completed" || a.status === "no_show") && "opacity-60",
    a.status === "in_progress" && "ring-2 ring-emerald-500",
    a.status === "held" && "border-dashed",
    a.status === "pending" &&
      "border-2 border-dashed border-amber-700 bg-[repeating-linear-gradient(135deg,transparent_0,transparent_5px,rgb(251_191_36/0.18)_5px,rgb(251_191_36/0.18)_10px)]",
  );
}
