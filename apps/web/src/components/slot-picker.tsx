// Day → time for self-booking (portal and public page): a week pager, one button per day with
// its count of free times, then the times of the chosen day. Times are the practice's clock.
import { Button, cn, LoadingState, useI18n } from "@caredesk/ui";
import { useMemo, useState } from "react";
import { QueryError } from "./query-error";
import { addDays, todayIn, toLocal, zonedFormat } from "../lib/zoned";

export interface PickableSlot {
  start: Date;
  end: Date;
  resourceIds: string[];
}

export function SlotPicker<S extends PickableSlot>({
  timeZone,
  week,
  onWeekChange,
  query,
  selected,
  onSelect,
}: {
  timeZone: string;
  /** First local day of the week shown. */
  week: string;
  onWeekChange: (week: string) => void;
  query: {
    isPending: boolean;
    error: unknown;
    data: { slots: S[] } | undefined;
    refetch: () => unknown;
  };
  selected: S | null;
  onSelect: (slot: S) => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const [day, setDay] = useState<string | null>(null);
  const byDay = new Map<string, S[]>();
  for (const s of query.data?.slots ?? []) {
    const d = toLocal(s.start, timeZone).date;
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const shownDay = day && byDay.has(day) ? day : (days.find((d) => byDay.has(d)) ?? null);
  const moveWeek = (by: number) => {
    onWeekChange(addDays(week, by));
    setDay(null);
  };

  return (
    <section aria-label={t("portalBook.day")} className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <Button
          variant="ghost"
          size="sm"
          disabled={week <= todayIn(timeZone)}
          onClick={() => moveWeek(-7)}
        >
          ‹ {t("portalBook.prevWeek")}
        </Button>
        <span className="text-sm font-medium text-slate-700">
          {fmt.shortDay(week)} – {fmt.shortDay(addDays(week, 6))}
        </span>
        <Button variant="ghost" size="sm" onClick={() => moveWeek(7)}>
          {t("portalBook.nextWeek")} ›
        </Button>
      </div>
      {query.isPending ? (
        <LoadingState />
      ) : query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <div className="grid grid-cols-7 gap-1.5" role="group" aria-label={t("portalBook.day")}>
            {days.map((d) => {
              const count = byDay.get(d)?.length ?? 0;
              return (
                <button
                  key={d}
                  type="button"
                  data-date={d}
                  disabled={count === 0}
                  aria-pressed={shownDay === d}
                  onClick={() => setDay(d)}
                  className={cn(
                    "flex flex-col items-center rounded-lg border px-1 py-2 text-xs",
                    shownDay === d
                      ? "border-brand-600 bg-brand-50 text-brand-800"
                      : "border-slate-200 text-slate-700 hover:border-slate-300",
                    count === 0 && "cursor-not-allowed opacity-40",
                  )}
                >
                  <span className="font-semibold">{fmt.shortDay(d)}</span>
                  <span className="text-slate-500">{t("portalBook.free", { count })}</span>
                </button>
              );
            })}
          </div>
          {shownDay ? (
            <div className="flex flex-wrap gap-2" role="group" aria-label={t("portalBook.times")}>
              {(byDay.get(shownDay) ?? []).map((s) => (
                <button
                  key={s.start.toISOString()}
                  type="button"
                  aria-pressed={selected?.start.getTime() === s.start.getTime()}
                  onClick={() => onSelect(s)}
                  className={cn(
                    "rounded-lg border px-3 py-1.5 text-sm font-medium tabular-nums",
                    selected?.start.getTime() === s.start.getTime()
                      ? "border-brand-600 bg-brand-600 text-white"
                      : "border-slate-300 text-slate-800 hover:bg-slate-50",
                  )}
                >
                  {fmt.time(s.start)}
                </button>
              ))}
            </div>
          ) : (
            <p className="text-sm text-slate-500">{t("portalBook.noSlots")}</p>
          )}
        </>
      )}
    </section>
  );
}
