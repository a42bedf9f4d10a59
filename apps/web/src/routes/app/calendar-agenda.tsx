// The calendar on a phone: one doctor (or room) at a time, the day's free times as large tap
// targets and its appointments, all in time order. Tapping a time opens the same booking dialog.
import { cn, EmptyState, LoadingState, SelectField, useI18n } from "@caredesk/ui";
import type { zonedFormat } from "../../lib/zoned";
import {
  type Appointment,
  type Cell,
  type Column,
  cellKey,
  patientConfirmedAt,
} from "./calendar-model";
import type { GridColumn } from "./calendar-grid";
import { appointmentTone, ConfirmedMark, RequestTag } from "./calendar-parts";

type Entry =
  { kind: "free"; cells: Cell[] } | { kind: "appointment"; appointment: Appointment; cell: Cell };

export function CalendarAgenda({
  columns,
  selected,
  onSelect,
  fmt,
  onBook,
  onOpen,
}: {
  columns: GridColumn[];
  selected: GridColumn;
  onSelect: (key: string) => void;
  fmt: ReturnType<typeof zonedFormat>;
  onBook: (column: Column, cell: Cell) => void;
  onOpen: (appointment: Appointment, column: Column, cell: Cell) => void;
}) {
  const { t } = useI18n();
  const entries: Entry[] = [];
  for (const cell of selected.cells) {
    if (cell.state === "appointment") {
      for (const appointment of cell.appointments) {
        entries.push({ kind: "appointment", appointment, cell });
      }
    } else if (cell.state === "free") {
      const last = entries[entries.length - 1];
      if (last?.kind === "free") last.cells.push(cell);
      else entries.push({ kind: "free", cells: [cell] });
    } else if (cell.state !== "busy") {
      // A closed, past or too-soon time splits the free times into separate runs.
      entries.push({ kind: "free", cells: [] });
    }
  }
  const shown = entries.filter((e) => e.kind === "appointment" || e.cells.length > 0);
  const free = selected.cells.filter((c) => c.state === "free").length;
  const loading = selected.cells.some((c) => c.state === "loading");

  return (
    <div className="flex flex-col gap-4 border-t border-slate-200 pt-4">
      <SelectField
        label={t("calendar.agenda.resource")}
        value={selected.key}
        onChange={(e) => onSelect(e.target.value)}
        options={columns.map((c) => ({
          value: c.key,
          label: c.sublabel ? `${c.label} (${c.sublabel})` : c.label,
        }))}
      />
      {loading ? (
        <LoadingState />
      ) : shown.length === 0 ? (
        <EmptyState title={t("calendar.agenda.empty")} />
      ) : (
        <>
          <p className="text-sm text-slate-600" aria-live="polite">
            {t("calendar.agenda.free", { count: free })}
          </p>
          <ol
            className="flex flex-col gap-3"
            aria-label={selected.label}
            data-testid="calendar-agenda"
          >
            {shown.map((entry) =>
              entry.kind === "appointment" ? (
                <li key={entry.appointment.id}>
                  <AgendaAppointment
                    appointment={entry.appointment}
                    returnKey={cellKey(selected.key, entry.cell.minute)}
                    fmt={fmt}
                    onOpen={() => onOpen(entry.appointment, selected, entry.cell)}
                  />
                </li>
              ) : (
                <li key={`free-${entry.cells[0]?.minute ?? 0}`}>
                  <ul className="grid grid-cols-3 gap-2 min-[420px]:grid-cols-4">
                    {entry.cells.map((cell) => (
                      <li key={cell.minute}>
                        <button
                          type="button"
                          data-return-key={cellKey(selected.key, cell.minute)}
                          data-testid="agenda-free-time"
                          aria-label={t("calendar.slot", {
                            resource: selected.resource.name,
                            time: fmt.time(cell.start),
                          })}
                          onClick={() => onBook(selected, cell)}
                          className="flex min-h-11 w-full items-center justify-center rounded-lg border border-brand-200 bg-brand-50 px-2 text-sm font-medium text-brand-800 tabular-nums hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 active:bg-brand-100"
                        >
                          {fmt.time(cell.start)}
                        </button>
                      </li>
                    ))}
                  </ul>
                </li>
              ),
            )}
          </ol>
        </>
      )}
    </div>
  );
}

function AgendaAppointment({
  appointment: a,
  returnKey,
  fmt,
  onOpen,
}: {
  appointment: Appointment;
  returnKey: string;
  fmt: ReturnType<typeof zonedFormat>;
  onOpen: () => void;
}) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      onClick={onOpen}
      data-return-key={returnKey}
      data-testid="agenda-appointment"
      data-status={a.status}
      className={cn(
        "flex min-h-11 w-full flex-col gap-0.5 rounded-lg border-s-4 px-3 py-2 text-start text-sm shadow-sm ring-1 ring-black/5 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
        appointmentTone(a),
      )}
      style={{
        backgroundColor: a.status === "pending" ? undefined : `${a.colour}1f`,
        borderInlineStartColor: a.colour,
      }}
    >
      <span className="flex flex-wrap items-center gap-2">
        <span className="font-semibold text-slate-900 tabular-nums">
          {fmt.time(a.startsAt)}–{fmt.time(a.endsAt)}
        </span>
        {a.status === "pending" && <RequestTag t={t} />}
        {patientConfirmedAt(a) && <ConfirmedMark t={t} withText />}
      </span>
      <span className="font-medium text-slate-900">{a.patientName ?? t("calendar.held")}</span>
      <span className="text-slate-600">{a.serviceName}</span>
    </button>
  );
}
