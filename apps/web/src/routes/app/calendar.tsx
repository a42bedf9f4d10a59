// The staff calendar: a day (one column per doctor and room) or a week (one column per day
// for one resource), drawn on the organization's wall clock and kept live over SSE. On a phone
// it becomes a one-doctor agenda. Closed and too-soon times are shown, never offered.
import { trpc } from "@caredesk/client";
import {
  Button,
  Card,
  cn,
  EmptyState,
  PageHeader,
  SelectField,
  useI18n,
  useMediaQuery,
} from "@caredesk/ui";
import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";
import { ExportMenu } from "../../components/export-menu";
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
import { CalendarAgenda } from "./calendar-agenda";
import { AppointmentDialog } from "./calendar-appointment";
import {
  BookingDialog,
  eligibleServices,
  type BookingTarget,
  type CalendarResource,
} from "./calendar-booking";
import { CalendarGrid, type GridColumn } from "./calendar-grid";
import {
  type Appointment,
  type Cell,
  type Column,
  type Schedule,
  buildCells,
  cellKey,
  STEP,
  workingIntervals,
} from "./calendar-model";

const routeApi = getRouteApi("/app/calendar/");

/** The department filter outlives a reload, like the rest of a receptionist's set-up. */
const departmentKey = "caredesk.calendar.department";

type Hours = { start: number; end: number }[];

// Working hours only change with the schedule (kept as the same object until a refetch brings
// other data), the date or the zone: worked out once each, not on every minute's re-render.
const hoursCache = new WeakMap<Schedule, Map<string, Hours>>();

function workingOf(schedule: Schedule | undefined, day: string, timeZone: string): Hours | null {
  if (!schedule) return null;
  let byDay = hoursCache.get(schedule);
  if (!byDay) {
    byDay = new Map<string, Hours>();
    hoursCache.set(schedule, byDay);
  }
  const key = `${day}|${timeZone}`;
  let hours = byDay.get(key);
  if (!hours) {
    hours = workingIntervals(schedule, day, timeZone);
    byDay.set(key, hours);
  }
  return hours;
}

function storedDepartment(): string {
  try {
    return localStorage.getItem(departmentKey) ?? "all";
  } catch {
    return "all";
  }
}

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
  // Below tablet width the grid gives way to a one-column agenda of the day.
  const wide = useMediaQuery("(min-width: 768px)", true);
  const view = wide ? (search.view ?? "day") : "day";
  const canWrite = organization ? can(organization.role, "appointment.write") : false;

  const practitioners = trpc.practitioner.list.useQuery({ limit: 100 });
  const rooms = trpc.resource.list.useQuery({ kind: "room", limit: 100 });
  const departments = trpc.department.list.useQuery({ limit: 100 });
  const services = trpc.service.list.useQuery({ limit: 100 }, { staleTime: 60_000 });
  const [department, setDepartment] = useState(storedDepartment);
  const [booking, setBooking] = useState<(BookingTarget & { key: number }) | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [agendaKey, setAgendaKey] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  // The cell (or agenda time) a dialog was opened from: focus goes back there when it closes.
  const [returnTo, setReturnTo] = useState<string | null>(null);
  const dialogOpen = booking !== null || openId !== null;

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

  const departmentList = departments.data?.items ?? [];
  // A department of another practice (or archived since) shows everyone.
  const departmentShown = departmentList.some((d) => d.id === department) ? department : "all";
  const inDepartment = useMemo(
    () =>
      departmentShown === "all"
        ? resources
        : resources.filter((r) => r.departmentId === departmentShown),
    [resources, departmentShown],
  );
  const chooseDepartment = (id: string) => {
    setDepartment(id);
    // A doctor or room chosen under "Show" that is not in the department gives way to it.
    const chosen = resources.find((r) => r.id === search.resource);
    if (chosen && id !== "all" && chosen.departmentId !== id) {
      const first = resources.find((r) => r.departmentId === id);
      go({ resource: view === "week" ? first?.id : "all" });
    }
    try {
      localStorage.setItem(departmentKey, id);
    } catch {
      // Private windows may refuse storage; the filter still applies to this visit.
    }
  };

  const filter = search.resource ?? (view === "week" ? inDepartment[0]?.id : "all");
  const days = useMemo(
    () =>
      view === "week" ? Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(date), i)) : [date],
    [view, date],
  );
  const columns: Column[] = useMemo(() => {
    if (view === "week") {
      const resource = resources.find((r) => r.id === filter) ?? inDepartment[0] ?? resources[0];
      if (!resource) return [];
      return days.map((d) => ({ key: d, resource, date: d, label: fmt.shortDay(d) }));
    }
    const shown = !wide
      ? inDepartment
      : filter === "all"
        ? inDepartment
        : filter === "doctors"
          ? inDepartment.filter((r) => r.kind === "practitioner")
          : resources.filter((r) => r.id === filter);
    return shown.map((r) => ({
      key: r.id,
      resource: r,
      date,
      label: r.name,
      ...(r.kind === "room" ? { sublabel: t("calendar.room") } : {}),
    }));
  }, [view, wide, resources, inDepartment, filter, date, days, fmt, t]);

  const shownDoctor = practitioners.data?.items.find((p) => p.resourceId === filter);
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
  const schedulesVersion = schedules.map((s) => s.dataUpdatedAt).join(",");

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
  const minutes = Array.from(
    { length: (endMinute - startMinute) / STEP },
    (_, i) => startMinute + i * STEP,
  );

  const now = useNow();
  const serviceItems = services.data?.items;
  const gridColumns: GridColumn[] = useMemo(
    () =>
      columns.map((c) => {
        // The shortest notice of what this column can give: sooner than that, nothing can
        // be booked, so those times are not offered.
        const eligible = serviceItems ? eligibleServices(serviceItems, c.resource) : [];
        const notice =
          eligible.length > 0 ? Math.min(...eligible.map((s) => s.minNoticeMinutes)) : null;
        return {
          ...c,
          cells: buildCells({
            date: c.date,
            timeZone,
            startMinute,
            endMinute,
            working: workingOf(scheduleOf.get(c.resource.id), c.date, timeZone),
            appointments: (list.data ?? []).filter(
              (a) =>
                a.resourceIds.includes(c.resource.id) &&
                toLocal(a.startsAt, timeZone).date === c.date,
            ),
            now,
            noticeMinutes: notice,
            canWrite,
          }),
        };
      }),
    // scheduleOf and workingOf are rebuilt every render; schedulesVersion says when they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      columns,
      list.data,
      schedulesVersion,
      serviceItems,
      now,
      canWrite,
      startMinute,
      endMinute,
      timeZone,
    ],
  );

  const book = (column: Column, cell: Cell) => {
    setReturnTo(cellKey(column.key, cell.minute));
    setBooking({ key: Date.now(), resource: column.resource, start: cell.start });
  };
  const open = (appointment: Appointment, column: Column, cell: Cell) => {
    setReturnTo(cellKey(column.key, cell.minute));
    setOpenId(appointment.id);
  };

  // When a dialog closes, focus goes back to where it was opened from — also when that time
  // has just turned into the appointment booked there (the list refetches after closing).
  useEffect(() => {
    if (dialogOpen || !returnTo) return;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    document.querySelector<HTMLElement>(`[data-return-key="${CSS.escape(returnTo)}"]`)?.focus();
  }, [dialogOpen, returnTo, list.data]);
  // A click elsewhere on the page means the user has moved on: stop steering focus.
  useEffect(() => {
    if (dialogOpen) return;
    const forget = () => setReturnTo(null);
    document.addEventListener("pointerdown", forget);
    return () => document.removeEventListener("pointerdown", forget);
  }, [dialogOpen]);

  const agendaColumn =
    gridColumns.find((c) => c.key === agendaKey) ??
    gridColumns.find((c) => c.key === search.resource) ??
    gridColumns[0];

  const loading = practitioners.isPending || rooms.isPending;
  const error = practitioners.error ?? rooms.error ?? list.error;
  // Without its working hours a column offers nothing: say so instead of loading forever.
  const scheduleError = schedules.find((s) => s.error && !s.data)?.error;

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
        actions={
          organization && (
            <ExportMenu
              organization={organization}
              kind="appointments"
              listName={t("calendar.title")}
              filters={{
                from: firstDay,
                to: lastDay,
                // One doctor's column(s) on screen: that doctor's appointments only.
                ...(shownDoctor ? { practitionerId: shownDoctor.id } : {}),
              }}
            />
          )
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
          <div className="flex w-full flex-wrap items-end gap-2 md:w-auto">
            <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
              {t("calendar.date")}
              <input
                type="date"
                value={date}
                onChange={(e) => e.target.value && go({ date: e.target.value })}
                className="h-9 rounded-lg border border-slate-300 px-2 text-sm"
              />
            </label>
            {departmentList.length > 0 && (
              <SelectField
                label={t("calendar.department")}
                controlSize="sm"
                containerClassName="w-48 max-md:w-full"
                value={departmentShown}
                onChange={(e) => chooseDepartment(e.target.value)}
                options={[
                  { value: "all", label: t("calendar.department.all") },
                  ...departmentList.map((d) => ({ value: d.id, label: d.name })),
                ]}
              />
            )}
            {wide && (
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
                  ...inDepartment.map((r) => ({ value: r.id, label: r.name })),
                ]}
              />
            )}
            {wide && (
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
                            ? inDepartment[0]?.id
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
            )}
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
        ) : gridColumns.length === 0 ? (
          <EmptyState title={t("calendar.empty.title")} description={t("calendar.empty.body")} />
        ) : scheduleError ? (
          <QueryError
            error={scheduleError}
            onRetry={() => schedules.forEach((s) => void s.refetch())}
          />
        ) : wide ? (
          <CalendarGrid
            columns={gridColumns}
            minutes={minutes}
            view={view}
            today={today}
            label={
              view === "week"
                ? `${fmt.shortDay(firstDay)} – ${fmt.shortDay(lastDay)}`
                : fmt.day(date)
            }
            timeZone={timeZone}
            fmt={fmt}
            busy={list.isFetching}
            onBook={book}
            onOpen={open}
          />
        ) : agendaColumn ? (
          <CalendarAgenda
            columns={gridColumns}
            selected={agendaColumn}
            onSelect={setAgendaKey}
            fmt={fmt}
            onBook={book}
            onOpen={open}
          />
        ) : null}
        {wide && list.data && list.data.length === 0 && gridColumns.length > 0 && (
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
