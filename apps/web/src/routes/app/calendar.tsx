// The staff calendar: a day (one column per doctor and room) or a week (one column per day
// for one resource), drawn on the organization's wall clock and kept live over SSE.
import type { RouterOutputs } from "@caredesk/api";
import { trpc } from "@caredesk/client";
import { workingHoursOnDate } from "@caredesk/scheduling";
import { Button, Card, cn, EmptyState, PageHeader, SelectField, useI18n } from "@caredesk/ui";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { QueryError } from "../../components/query-error";
import { can } from "../../lib/permissions";
import { useWorkspace } from "../../lib/workspace";
import {
  addDays,
  fromLocal,
  startOfWeek,
  todayIn,
  toLocal,
  useNow,
  zonedFormat,
} from "../../lib/zoned";
import { AppointmentDialog } from "./calendar-appointment";
import { BookingDialog, type BookingTarget, type CalendarResource } from "./calendar-booking";

const routeApi = getRouteApi("/app/calendar/");

type Appointment = RouterOutputs["appointment"]["list"][number];
type Schedule = RouterOutputs["schedule"]["forResource"];

interface Column {
  key: string;
  resource: CalendarResource;
  date: string;
  label: string;
  sublabel?: string;
}

const STEP = 15;
const PX_PER_MINUTE = 1.2;

export function CalendarPage() {
  const { t, tag } = useI18n();
  const workspace = useWorkspace();
  const organization = workspace.organization;
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const utils = trpc.useUtils();
  const timeZone = organization?.timeZone ?? "UTC";
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const today = todayIn(timeZone);
  const date = search.date ?? today;
  const view = search.view ?? "day";
  const canWrite = organization ? can(organization.role, "appointment.write") : false;

  const practitioners = trpc.practitioner.list.useQuery({ limit: 100 });
  const rooms = trpc.resource.list.useQuery({ kind: "room", limit: 100 });
  const [booking, setBooking] = useState<(BookingTarget & { key: number }) | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [live, setLive] = useState(false);

  trpc.appointment.onChange.useSubscription(undefined, {
    onStarted: () => setLive(true),
    onData: () => {
      void utils.appointment.list.invalidate();
      void utils.appointment.byId.invalidate();
    },
    onError: () => setLive(false),
  });

  const resources = useMemo<CalendarResource[]>(() => {
    const doctors: CalendarResource[] = (practitioners.data?.items ?? []).map((p) => ({
      id: p.resourceId,
      name: p.title ? `${p.title} ${p.name}` : p.name,
      kind: "practitioner",
      departmentId: p.departmentId,
    }));
    const roomList: CalendarResource[] = (rooms.data?.items ?? []).map((r) => ({
      id: r.id,
      name: r.name,
      kind: "room",
      departmentId: r.departmentId,
    }));
    return [...doctors, ...roomList];
  }, [practitioners.data, rooms.data]);

  const filter = search.resource ?? (view === "week" ? resources[0]?.id : "all");
  const days =
    view === "week" ? Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(date), i)) : [date];
  const columns: Column[] = useMemo(() => {
    if (view === "week") {
      const resource = resources.find((r) => r.id === filter) ?? resources[0];
      if (!resource) return [];
      return days.map((d) => ({ key: d, resource, date: d, label: fmt.shortDay(d) }));
    }
    const shown =
      filter === "all"
        ? resources
        : filter === "doctors"
          ? resources.filter((r) => r.kind === "practitioner")
          : resources.filter((r) => r.id === filter);
    return shown.map((r) => ({
      key: r.id,
      resource: r,
      date,
      label: r.name,
      ...(r.kind === "room" ? { sublabel: t("calendar.room") } : {}),
    }));
    // `days` is derived from date and view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, resources, filter, date, fmt, t]);

  const firstDay = days[0] ?? date;
  const lastDay = days[days.length - 1] ?? date;
  const from = fromLocal(firstDay, 0, timeZone);
  const to = fromLocal(addDays(lastDay, 1), 0, timeZone);
  const columnResourceIds = [...new Set(columns.map((c) => c.resource.id))];
  const list = trpc.appointment.list.useQuery(
    { from, to, ...(columnResourceIds.length > 0 ? { resourceIds: columnResourceIds } : {}) },
    { enabled: columnResourceIds.length > 0, placeholderData: (previous) => previous },
  );
  const schedules = trpc.useQueries((q) =>
    columnResourceIds.map((id) =>
      q.schedule.forResource({ resourceId: id }, { staleTime: 60_000 }),
    ),
  );
  const scheduleOf = new Map<string, Schedule>();
  for (const s of schedules) if (s.data) scheduleOf.set(s.data.resource.id, s.data);

  const go = (next: { date?: string; view?: "day" | "week"; resource?: string | undefined }) =>
    void navigate({ search: (prev) => ({ ...prev, ...next }) });
  const step = view === "week" ? 7 : 1;

  // Hours shown: 07:00–20:00, widened to whatever is booked outside them.
  let startMinute = 7 * 60;
  let endMinute = 20 * 60;
  for (const a of list.data ?? []) {
    const s = toLocal(a.startsAt, timeZone);
    const e = toLocal(a.endsAt, timeZone);
    if (s.date >= firstDay && s.date <= lastDay) {
      startMinute = Math.min(startMinute, Math.floor(s.minutes / 60) * 60);
      endMinute = Math.max(endMinute, e.date === s.date ? Math.ceil(e.minutes / 60) * 60 : 1440);
    }
  }
  const height = (endMinute - startMinute) * PX_PER_MINUTE;
  const hours = Array.from(
    { length: (endMinute - startMinute) / 60 },
    (_, i) => startMinute + i * 60,
  );

  const loading = practitioners.isPending || rooms.isPending;
  const error = practitioners.error ?? rooms.error ?? list.error;

  return (
    <>
      <PageHeader
        title={t("calendar.title")}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span data-testid="calendar-zone">{t("calendar.zone", { zone: timeZone })}</span>
            <span
              className={cn(
                "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium",
                live ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600",
              )}
            >
              <span
                aria-hidden="true"
                className={cn("size-1.5 rounded-full", live ? "bg-emerald-500" : "bg-slate-400")}
              />
              {live ? t("calendar.live") : t("calendar.connecting")}
            </span>
          </span>
        }
      />
      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-end justify-between gap-3 pb-4">
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="secondary" size="sm" onClick={() => go({ date: today })}>
              {t("calendar.today")}
            </Button>
            <Button
              variant="ghost"
              size="sm"
              aria-label={t("calendar.previous")}
              onClick={() => go({ date: addDays(date, -step) })}
            >
              ‹
            </Button>
            <Button
              variant="ghost"
              size="sm"
              aria-label={t("calendar.next")}
              onClick={() => go({ date: addDays(date, step) })}
            >
              ›
            </Button>
            <h2
              className="ms-1 text-base font-semibold text-slate-900"
              data-testid="calendar-range"
            >
              {view === "week"
                ? `${fmt.shortDay(firstDay)} – ${fmt.shortDay(lastDay)}`
                : fmt.day(date)}
            </h2>
          </div>
          <div className="flex flex-wrap items-end gap-2">
            <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
              {t("calendar.date")}
              <input
                type="date"
                value={date}
                onChange={(e) => e.target.value && go({ date: e.target.value })}
                className="h-9 rounded-lg border border-slate-300 px-2 text-sm"
              />
            </label>
            <SelectField
              label={t("calendar.filter")}
              controlSize="sm"
              containerClassName="w-56"
              value={filter ?? ""}
              onChange={(e) => go({ resource: e.target.value })}
              options={[
                ...(view === "day"
                  ? [
                      { value: "all", label: t("calendar.filter.all") },
                      { value: "doctors", label: t("calendar.filter.doctors") },
                    ]
                  : []),
                ...resources.map((r) => ({ value: r.id, label: r.name })),
              ]}
            />
            <div
              role="group"
              aria-label={t("calendar.view")}
              className="flex rounded-lg border border-slate-300 p-0.5"
            >
              {(["day", "week"] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  aria-pressed={view === v}
                  onClick={() =>
                    go({
                      view: v,
                      resource:
                        v === "week" && (filter === "all" || filter === "doctors")
                          ? resources[0]?.id
                          : filter,
                    })
                  }
                  className={cn(
                    "rounded-md px-3 py-1 text-sm font-medium",
                    view === v ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100",
                  )}
                >
                  {t(v === "day" ? "calendar.view.day" : "calendar.view.week")}
                </button>
              ))}
            </div>
          </div>
        </div>

        {loading ? (
          <div className="grid h-64 place-items-center text-sm text-slate-500">
            {t("ui.loading")}
          </div>
        ) : error && !list.data ? (
          <QueryError
            error={error}
            onRetry={() => {
              void practitioners.refetch();
              void rooms.refetch();
              void list.refetch();
            }}
          />
        ) : columns.length === 0 ? (
          <EmptyState title={t("calendar.empty.title")} description={t("calendar.empty.body")} />
        ) : (
          <div
            className="-mx-5 overflow-x-auto border-t border-slate-200"
            aria-busy={list.isFetching}
          >
            <div
              className="grid min-w-full"
              style={{
                gridTemplateColumns: `4.5rem repeat(${columns.length}, minmax(${view === "week" ? 7 : 9}rem, 1fr))`,
              }}
            >
              <div className="sticky top-0 z-20 border-b border-slate-200 bg-white" />
              {columns.map((c) => (
                <div
                  key={c.key}
                  className={cn(
                    "sticky top-0 z-20 border-b border-s border-slate-200 bg-white px-2 py-2 text-center",
                    c.date === today && view === "week" && "text-brand-700",
                  )}
                >
                  <div className="truncate text-sm font-semibold text-slate-900" title={c.label}>
                    {c.label}
                  </div>
                  <div className="truncate text-xs text-slate-500">
                    {c.sublabel ?? (view === "week" ? c.resource.name : t("calendar.doctor"))}
                  </div>
                </div>
              ))}
              <div className="relative" style={{ height }}>
                {hours.map((h) => (
                  <div
                    key={h}
                    className={cn(
                      "absolute end-2 text-xs whitespace-nowrap text-slate-500 tabular-nums",
                      h === startMinute ? "translate-y-0.5" : "-translate-y-2",
                    )}
                    style={{ top: (h - startMinute) * PX_PER_MINUTE }}
                  >
                    {fmt.clock(h)}
                  </div>
                ))}
              </div>
              {columns.map((c) => (
                <DayColumn
                  key={c.key}
                  column={c}
                  view={view}
                  timeZone={timeZone}
                  startMinute={startMinute}
                  endMinute={endMinute}
                  hours={hours}
                  schedule={scheduleOf.get(c.resource.id)}
                  appointments={(list.data ?? []).filter(
                    (a) =>
                      a.resourceIds.includes(c.resource.id) &&
                      toLocal(a.startsAt, timeZone).date === c.date,
                  )}
                  fmt={fmt}
                  canWrite={canWrite}
                  onSlot={(start) => setBooking({ key: Date.now(), resource: c.resource, start })}
                  onOpen={setOpenId}
                />
              ))}
            </div>
          </div>
        )}
        {list.data && list.data.length === 0 && columns.length > 0 && (
          <p className="pt-3 text-sm text-slate-500">{t("calendar.noAppointments")}</p>
        )}
      </Card>
      {booking && (
        <BookingDialog
          key={booking.key}
          target={booking}
          timeZone={timeZone}
          onClose={() => setBooking(null)}
          onBooked={() => void utils.appointment.list.invalidate()}
        />
      )}
      {openId && (
        <AppointmentDialog
          id={openId}
          timeZone={timeZone}
          canWrite={canWrite}
          onClose={() => setOpenId(null)}
        />
      )}
    </>
  );
}

/**
 * Working hours of a resource on a date as minutes of the organization's wall clock, from the
 * engine's own expansion (its rules and exceptions in its zone, DST applied), so the calendar
 * shows exactly the hours bookings are offered in. Null while the schedule loads.
 */
function workingIntervals(schedule: Schedule | undefined, date: string, timeZone: string) {
  if (!schedule) return null;
  const calendar = {
    timeZone: schedule.resource.timeZone,
    rules: schedule.rules,
    exceptions: schedule.exceptions.map((e) => ({
      from: e.startsOn,
      to: e.endsOn,
      closed: e.closed,
      intervals: e.intervals,
    })),
  };
  return workingHoursOnDate(calendar, date, timeZone);
}

function DayColumn({
  column,
  view,
  timeZone,
  startMinute,
  endMinute,
  hours,
  schedule,
  appointments,
  fmt,
  canWrite,
  onSlot,
  onOpen,
}: {
  column: Column;
  view: "day" | "week";
  timeZone: string;
  startMinute: number;
  endMinute: number;
  hours: number[];
  schedule: Schedule | undefined;
  appointments: Appointment[];
  fmt: ReturnType<typeof zonedFormat>;
  canWrite: boolean;
  onSlot: (start: Date) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  // useNow re-renders the column every minute; the hours only change with the schedule
  // (kept as the same object until a refetch brings other data), the date or the zone.
  const working = useMemo(
    () => workingIntervals(schedule, column.date, timeZone),
    [schedule, column.date, timeZone],
  );
  const now = useNow();
  const slots: { minute: number; start: Date }[] = [];
  if (canWrite) {
    for (let m = startMinute; m < endMinute; m += STEP) {
      const start = fromLocal(column.date, m, timeZone);
      if (start.getTime() > now) slots.push({ minute: m, start });
    }
  }
  const top = (minute: number) => (minute - startMinute) * PX_PER_MINUTE;

  return (
    <div
      className={cn(
        "relative border-s border-slate-200",
        working
          ? "bg-[repeating-linear-gradient(135deg,#f1f5f9_0,#f1f5f9_6px,#f8fafc_6px,#f8fafc_12px)]"
          : "bg-white",
      )}
      style={{ height: (endMinute - startMinute) * PX_PER_MINUTE }}
      data-testid={`column-${column.resource.id}-${column.date}`}
    >
      {working?.map((w) => (
        <div
          key={w.start}
          aria-hidden="true"
          className="absolute inset-x-0 bg-white"
          style={{
            top: top(Math.max(w.start, startMinute)),
            height: (Math.min(w.end, endMinute) - Math.max(w.start, startMinute)) * PX_PER_MINUTE,
          }}
        />
      ))}
      {hours.map((h) => (
        <div
          key={h}
          aria-hidden="true"
          className="pointer-events-none absolute inset-x-0 border-t border-slate-200"
          style={{ top: top(h) }}
        />
      ))}
      {slots.map((s) => (
        <button
          key={s.minute}
          type="button"
          className="group absolute inset-x-0 z-0 text-start focus:outline-2 focus:outline-brand-600"
          style={{ top: top(s.minute), height: STEP * PX_PER_MINUTE }}
          aria-label={
            view === "week"
              ? t("calendar.slot.day", {
                  resource: column.resource.name,
                  day: fmt.shortDay(column.date),
                  time: fmt.time(s.start),
                })
              : t("calendar.slot", { resource: column.resource.name, time: fmt.time(s.start) })
          }
          onClick={() => onSlot(s.start)}
        >
          <span className="hidden h-full items-center rounded bg-brand-50 px-1.5 text-[11px] font-medium text-brand-800 ring-1 ring-brand-200 group-hover:flex group-focus:flex">
            + {fmt.time(s.start)}
          </span>
        </button>
      ))}
      {appointments.map((a) => {
        const s = toLocal(a.startsAt, timeZone);
        const e = toLocal(a.endsAt, timeZone);
        const endMin = e.date === s.date ? e.minutes : 1440;
        const faded = a.status === "completed" || a.status === "no_show";
        return (
          <button
            key={a.id}
            type="button"
            onClick={() => onOpen(a.id)}
            aria-label={`${a.patientName ?? t("calendar.held")}, ${a.serviceName}, ${fmt.time(a.startsAt)}–${fmt.time(a.endsAt)}`}
            data-testid="appointment-block"
            className={cn(
              "absolute inset-x-1 z-10 overflow-hidden rounded-md border-s-4 px-1.5 py-0.5 text-start text-xs shadow-sm ring-1 ring-black/5 hover:shadow-md focus:outline-2 focus:outline-brand-600",
              faded && "opacity-60",
              a.status === "in_progress" && "ring-2 ring-emerald-500",
              a.status === "held" && "border-dashed",
            )}
            style={{
              top: top(Math.max(s.minutes, startMinute)) + 1,
              height: Math.max((endMin - Math.max(s.minutes, startMinute)) * PX_PER_MINUTE - 2, 16),
              backgroundColor: `${a.colour}1f`,
              borderInlineStartColor: a.colour,
            }}
          >
            <span className="block truncate font-semibold text-slate-900">
              {fmt.time(a.startsAt)} {a.patientName ?? t("calendar.held")}
            </span>
            <span className="block truncate text-slate-700">{a.serviceName}</span>
          </button>
        );
      })}
    </div>
  );
}
