// Opening hours per weekday: closed days, and up to three shifts a day (split shifts). Checked
// here as the server checks them (no overlap, each shift ends after it starts); the server's
// verdict still lands on the day it names (`hours.2` → Wednesday).
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import { Alert, Button, Card, useI18n, type MessageKey } from "@caredesk/ui";
import { dayProblem, type SiteShift } from "@caredesk/validators";
import { useState } from "react";

type Site = RouterOutputs["site"]["get"]["site"];

const dayKeys: MessageKey[] = [
  "website.day.0",
  "website.day.1",
  "website.day.2",
  "website.day.3",
  "website.day.4",
  "website.day.5",
  "website.day.6",
];
const maxShifts = 3;

export function HoursCard({ site, onSaved }: { site: Site; onSaved?: () => void }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [week, setWeek] = useState<SiteShift[][]>(() =>
    Array.from({ length: 7 }, (_, day) => site.hours[day] ?? []),
  );
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = trpc.site.updateHours.useMutation({
    onSuccess: () => utils.site.get.invalidate(),
  });

  const change = (day: number, shifts: SiteShift[]) => {
    setSaved(false);
    setWeek((current) => current.map((d, i) => (i === day ? shifts : d)));
    setErrors((current) => {
      const { [day]: _gone, ...rest } = current;
      return rest;
    });
  };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setSaved(false);
    const local: Record<number, string> = {};
    week.forEach((shifts, day) => {
      const problem = dayProblem(shifts);
      if (problem) local[day] = problem;
    });
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      await save.mutateAsync({ hours: week });
      setSaved(true);
      onSaved?.();
    } catch (error) {
      const server: Record<number, string> = {};
      for (let day = 0; day < 7; day++) {
        const message = fieldErrorOf(error, `hours.${day}`);
        if (message) server[day] = message;
      }
      const leftover = [fieldErrorOf(error, "hours")].filter(Boolean);
      setErrors(server);
      if (leftover.length > 0 || Object.keys(server).length === 0) {
        setFormError(leftover.join(" ") || errorMessage(error, t("ui.error.network")));
      }
    }
  };

  return (
    <Card title={t("website.hours.title")} description={t("website.hours.lead")}>
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4 py-2">
        {formError && <Alert tone="error">{formError}</Alert>}
        {saved && <Alert tone="success">{t("website.hours.saved")}</Alert>}
        {week.map((shifts, day) => {
          const name = t(dayKeys[day] ?? "website.day.0");
          const error = errors[day];
          const errorId = `hours-${day}-error`;
          return (
            <fieldset
              key={name}
              className="flex flex-col gap-2 border-b border-slate-100 pb-3 sm:flex-row sm:items-start"
              aria-describedby={error ? errorId : undefined}
            >
              <legend className="sr-only">{name}</legend>
              <div className="flex w-40 shrink-0 items-center gap-3 pt-1.5">
                <span aria-hidden="true" className="text-sm font-medium text-slate-800">
                  {name}
                </span>
                <label className="flex items-center gap-1.5 text-xs text-slate-600">
                  <input
                    type="checkbox"
                    checked={shifts.length === 0}
                    aria-label={t("website.hours.closedOn", { day: name })}
                    onChange={(e) =>
                      change(day, e.target.checked ? [] : [{ start: "09:00", end: "17:00" }])
                    }
                  />
                  {t("website.hours.closed")}
                </label>
              </div>
              <div className="flex flex-1 flex-col gap-2">
                {shifts.map((shift, index) => (
                  <div key={index} className="flex flex-wrap items-center gap-2">
                    <input
                      type="time"
                      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                      aria-label={t("website.hours.opens", { day: name, n: index + 1 })}
                      value={shift.start}
                      onChange={(e) =>
                        change(
                          day,
                          shifts.map((s, i) => (i === index ? { ...s, start: e.target.value } : s)),
                        )
                      }
                    />
                    <span aria-hidden="true">–</span>
                    <input
                      type="time"
                      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                      aria-label={t("website.hours.closes", { day: name, n: index + 1 })}
                      value={shift.end}
                      onChange={(e) =>
                        change(
                          day,
                          shifts.map((s, i) => (i === index ? { ...s, end: e.target.value } : s)),
                        )
                      }
                    />
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={t("website.hours.removeShift", { day: name, n: index + 1 })}
                      onClick={() =>
                        change(
                          day,
                          shifts.filter((_, i) => i !== index),
                        )
                      }
                    >
                      {t("website.hours.remove")}
                    </Button>
                  </div>
                ))}
                {shifts.length > 0 && shifts.length < maxShifts && (
                  <div>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={t("website.hours.addShiftOn", { day: name })}
                      onClick={() => {
                        const last = shifts.at(-1);
                        const start = last && last.end < "23:00" ? last.end : "13:00";
                        change(day, [
                          ...shifts,
                          { start, end: start < "18:00" ? "18:00" : "23:59" },
                        ]);
                      }}
                    >
                      {t("website.hours.addShift")}
                    </Button>
                  </div>
                )}
                {error && (
                  <p id={errorId} role="alert" className="text-sm text-red-700">
                    {error}
                  </p>
                )}
              </div>
            </fieldset>
          );
        })}
        <div className="flex justify-end">
          <Button type="submit" loading={save.isPending}>
            {t("website.hours.save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
