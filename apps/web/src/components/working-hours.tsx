// Working hours of one bookable resource (doctor, room, equipment): the weekly pattern with
// breaks, and exceptions (days off, holidays, replacement hours). Read-only without
// schedule.manage; the server validates every change.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  CheckboxField,
  LoadingState,
  TextField,
  useI18n,
  type MessageKey,
} from "@caredesk/ui";
import { useState } from "react";
import { QueryError } from "./query-error";

type Schedule = RouterOutputs["schedule"]["forResource"];
type Rule = Schedule["rules"][number];

const weekdays: { day: Rule["weekday"]; label: MessageKey }[] = [
  { day: 1, label: "hours.day.1" },
  { day: 2, label: "hours.day.2" },
  { day: 3, label: "hours.day.3" },
  { day: 4, label: "hours.day.4" },
  { day: 5, label: "hours.day.5" },
  { day: 6, label: "hours.day.6" },
  { day: 7, label: "hours.day.7" },
];

export function WorkingHours({ resourceId, manage }: { resourceId: string; manage: boolean }) {
  const { t } = useI18n();
  const schedule = trpc.schedule.forResource.useQuery({ resourceId });
  return (
    <Card title={t("hours.title")} description={t("hours.lead")}>
      {schedule.isPending ? (
        <LoadingState />
      ) : schedule.isError ? (
        <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <div className="flex flex-col gap-8">
          <WeekEditor
            // Remount only for another resource: a refetch after saving must not wipe the
            // "saved" message (or edits in progress).
            key={resourceId}
            resourceId={resourceId}
            rules={schedule.data.rules}
            manage={manage}
          />
          <Exceptions resourceId={resourceId} schedule={schedule.data} manage={manage} />
        </div>
      )}
    </Card>
  );
}

function WeekEditor({
  resourceId,
  rules: initial,
  manage,
}: {
  resourceId: string;
  rules: Rule[];
  manage: boolean;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [rules, setRules] = useState<Rule[]>(initial);
  const [saved, setSaved] = useState(false);
  const save = trpc.schedule.setWeek.useMutation({
    onSuccess: (stored) => {
      setRules(stored);
      setSaved(true);
      void utils.schedule.forResource.invalidate({ resourceId });
      void utils.availability.search.invalidate();
    },
  });
  const update = (index: number, patch: Partial<Rule>) => {
    setSaved(false);
    setRules((all) => all.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  };
  const errorAt = (index: number) =>
    save.error
      ? (fieldErrorOf(save.error, `rules.${index}.start`) ??
        fieldErrorOf(save.error, `rules.${index}.end`))
      : null;
  const placed = rules.some((_, i) => errorAt(i));

  return (
    <section aria-label={t("hours.week")} className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold text-slate-900">{t("hours.week")}</h3>
      <div className="divide-y divide-slate-100 rounded-lg border border-slate-200">
        {weekdays.map(({ day, label }) => {
          const own = rules.map((r, i) => ({ r, i })).filter(({ r }) => r.weekday === day);
          return (
            <div
              key={day}
              className="flex flex-wrap items-start gap-3 px-3 py-2.5"
              data-testid={`hours-day-${day}`}
            >
              <span className="w-24 pt-1.5 text-sm font-medium text-slate-800">{t(label)}</span>
              <div className="flex flex-1 flex-col gap-2">
                {own.length === 0 && (
                  <span className="pt-1.5 text-sm text-slate-500">{t("hours.closed")}</span>
                )}
                {own.map(({ r, i }) => (
                  <div key={i} className="flex flex-wrap items-center gap-2">
                    <input
                      type="time"
                      step={900}
                      aria-label={t("hours.from", { day: t(label) })}
                      value={r.start}
                      disabled={!manage}
                      onChange={(e) => update(i, { start: e.target.value })}
                      className="h-8 rounded-md border border-slate-300 px-2 text-sm disabled:bg-slate-50"
                    />
                    <span className="text-slate-400">–</span>
                    <input
                      type="time"
                      step={900}
                      aria-label={t("hours.to", { day: t(label) })}
                      value={r.end === "24:00" ? "23:59" : r.end}
                      disabled={!manage}
                      onChange={(e) => update(i, { end: e.target.value })}
                      className="h-8 rounded-md border border-slate-300 px-2 text-sm disabled:bg-slate-50"
                    />
                    {manage && (
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={t("hours.remove", { day: t(label) })}
                        onClick={() => {
                          setSaved(false);
                          setRules((all) => all.filter((_, j) => j !== i));
                        }}
                      >
                        ✕
                      </Button>
                    )}
                    {errorAt(i) && <span className="text-sm text-red-700">{errorAt(i)}</span>}
                  </div>
                ))}
              </div>
              {manage && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => {
                    setSaved(false);
                    const last = own[own.length - 1]?.r;
                    const start = last ? last.end : "09:00";
                    const end = last ? (last.end < "17:00" ? "17:00" : "23:00") : "17:00";
                    setRules((all) => [
                      ...all,
                      { weekday: day, start, end, validFrom: null, validTo: null },
                    ]);
                  }}
                >
                  {t("hours.add")}
                </Button>
              )}
            </div>
          );
        })}
      </div>
      {saved && <Alert tone="success">{t("hours.saved")}</Alert>}
      {save.error && !placed && (
        <Alert tone="error">{errorMessage(save.error, t("ui.error.unknown"))}</Alert>
      )}
      {manage && (
        <div className="flex justify-end">
          <Button
            loading={save.isPending}
            onClick={() => {
              setSaved(false);
              save.mutate({ resourceId, rules });
            }}
          >
            {t("hours.save")}
          </Button>
        </div>
      )}
    </section>
  );
}

function Exceptions({
  resourceId,
  schedule,
  manage,
}: {
  resourceId: string;
  schedule: Schedule;
  manage: boolean;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [form, setForm] = useState({
    startsOn: "",
    endsOn: "",
    closed: true,
    start: "09:00",
    end: "13:00",
    reason: "",
  });
  const refresh = () => {
    void utils.schedule.forResource.invalidate({ resourceId });
    void utils.availability.search.invalidate();
  };
  const add = trpc.schedule.addException.useMutation({
    onSuccess: () => {
      refresh();
      setForm((f) => ({ ...f, startsOn: "", endsOn: "", reason: "" }));
    },
  });
  const remove = trpc.schedule.removeException.useMutation({ onSuccess: refresh });
  const err = (field: string) =>
    add.error ? (fieldErrorOf(add.error, field) ?? undefined) : undefined;

  return (
    <section aria-label={t("hours.exceptions")} className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold text-slate-900">{t("hours.exceptions")}</h3>
      {schedule.exceptions.length === 0 ? (
        <p className="text-sm text-slate-500">{t("hours.exceptions.none")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
          {schedule.exceptions.map((e) => (
            <li
              key={e.id}
              className="flex flex-wrap items-center justify-between gap-3 px-3 py-2 text-sm"
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900 tabular-nums">
                  {e.startsOn === e.endsOn ? e.startsOn : `${e.startsOn} – ${e.endsOn}`}
                </span>
                <Badge tone={e.closed ? "warning" : "brand"}>
                  {e.closed
                    ? t("hours.exception.closed")
                    : e.intervals.map((i) => `${i.start}–${i.end}`).join(", ")}
                </Badge>
                {e.resourceId === null && <Badge>{t("hours.exception.everyone")}</Badge>}
                {e.reason && <span className="text-slate-600">{e.reason}</span>}
              </div>
              {manage && e.resourceId !== null && (
                <Button
                  variant="ghost-danger"
                  size="sm"
                  loading={remove.isPending && remove.variables.id === e.id}
                  onClick={() => remove.mutate({ id: e.id })}
                >
                  {t("hours.exception.remove")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <form
          className="grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-2 lg:grid-cols-4"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({
              resourceId,
              startsOn: form.startsOn,
              endsOn: form.endsOn || form.startsOn,
              closed: form.closed,
              intervals: form.closed ? [] : [{ start: form.start, end: form.end }],
              reason: form.reason.trim() || null,
            });
          }}
        >
          <TextField
            type="date"
            label={t("hours.exception.from")}
            value={form.startsOn}
            required
            onChange={(e) => setForm({ ...form, startsOn: e.target.value })}
            error={err("startsOn")}
          />
          <TextField
            type="date"
            label={t("hours.exception.to")}
            value={form.endsOn}
            onChange={(e) => setForm({ ...form, endsOn: e.target.value })}
            error={err("endsOn")}
          />
          <TextField
            label={t("hours.exception.reason")}
            value={form.reason}
            maxLength={200}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
            containerClassName="lg:col-span-2"
          />
          <CheckboxField
            label={t("hours.exception.closedAllDay")}
            checked={form.closed}
            onChange={(e) => setForm({ ...form, closed: e.target.checked })}
          />
          {!form.closed && (
            <div className="flex items-end gap-2">
              <TextField
                type="time"
                label={t("hours.exception.start")}
                value={form.start}
                onChange={(e) => setForm({ ...form, start: e.target.value })}
              />
              <TextField
                type="time"
                label={t("hours.exception.end")}
                value={form.end}
                onChange={(e) => setForm({ ...form, end: e.target.value })}
                error={err("intervals")}
              />
            </div>
          )}
          <div className="flex items-end justify-end sm:col-span-2 lg:col-span-4">
            <Button type="submit" size="sm" loading={add.isPending}>
              {t("hours.exception.add")}
            </Button>
          </div>
          {add.error && !err("startsOn") && !err("endsOn") && !err("intervals") && (
            <Alert tone="error" className="sm:col-span-2 lg:col-span-4">
              {errorMessage(add.error, t("ui.error.unknown"))}
            </Alert>
          )}
        </form>
      )}
    </section>
  );
}
