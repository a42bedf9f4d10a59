// The calendar as a WAI-ARIA grid: one row per 15 minutes, one column per doctor, room or day.
// One Tab stop (a roving tabindex); the arrow keys, Home/End and Page Up/Down move between
// cells, Enter or Space books a free time or opens an appointment. The time column and the
// header row stay in view while the grid scrolls.
import { cn, useI18n } from "@caredesk/ui";
import { memo, useId, useRef, useState, type KeyboardEvent } from "react";
import type { zonedFormat } from "../../lib/zoned";
import {
  type Appointment,
  type Cell,
  type Column,
  cellKey,
  localSpan,
  patientConfirmedAt,
} from "./calendar-model";
import {
  appointmentNameTail,
  appointmentTone,
  ConfirmedMark,
  RequestTag,
  SpokenComma,
} from "./calendar-parts";

const PX_PER_MINUTE = 1.2;
const ROW_PX = 15 * PX_PER_MINUTE;
/** Rows Page Up / Page Down move by: an hour. */
const PAGE_ROWS = 4;

export interface GridColumn extends Column {
  cells: Cell[];
}

export function CalendarGrid({
  columns,
  minutes,
  view,
  today,
  label,
  timeZone,
  fmt,
  busy,
  onBook,
  onOpen,
}: {
  columns: GridColumn[];
  /** The start minute of every row. */
  minutes: number[];
  view: "day" | "week";
  today: string;
  /** What the grid shows, e.g. the day. */
  label: string;
  timeZone: string;
  fmt: ReturnType<typeof zonedFormat>;
  busy: boolean;
  onBook: (column: Column, cell: Cell) => void;
  onOpen: (appointment: Appointment, column: Column, cell: Cell) => void;
}) {
  const { t, dir } = useI18n();
  const hintId = useId();
  const gridRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<{ row: number; col: number } | null>(null);

  // Where the Tab stop is: the last cell used, else the first free time, else the first cell.
  const rows = minutes.length;
  const cols = columns.length;
  let current = active;
  if (!current) {
    outer: for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (columns[c]?.cells[r]?.state === "free") {
          current = { row: r, col: c };
          break outer;
        }
      }
    }
  }
  const at = {
    row: Math.min(Math.max(current?.row ?? 0, 0), rows - 1),
    col: Math.min(Math.max(current?.col ?? 0, 0), cols - 1),
  };

  const cellElement = (row: number, col: number) =>
    gridRef.current?.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"]`) ?? null;

  const moveTo = (row: number, col: number) => {
    const next = {
      row: Math.min(Math.max(row, 0), rows - 1),
      col: Math.min(Math.max(col, 0), cols - 1),
    };
    setActive(next);
    const element = cellElement(next.row, next.col);
    if (element) {
      element.focus({ preventScroll: true });
      element.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  };

  const activate = (column: GridColumn, cell: Cell) => {
    const [first] = cell.appointments;
    if (first && (cell.state === "appointment" || cell.state === "busy")) {
      onOpen(first, column, cell);
    } else if (cell.state === "free") {
      onBook(column, cell);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    // Keys pressed on a button inside a cell (focused by a click) are the button's own.
    if (!target.hasAttribute("data-row")) return;
    const forward = dir === "rtl" ? -1 : 1;
    const { row, col } = at;
    switch (event.key) {
      case "ArrowDown":
        moveTo(row + 1, col);
        break;
      case "ArrowUp":
        moveTo(row - 1, col);
        break;
      case "ArrowRight":
        moveTo(row, col + forward);
        break;
      case "ArrowLeft":
        moveTo(row, col - forward);
        break;
      case "PageDown":
        moveTo(row + PAGE_ROWS, col);
        break;
      case "PageUp":
        moveTo(row - PAGE_ROWS, col);
        break;
      case "Home":
        moveTo(event.ctrlKey ? 0 : row, 0);
        break;
      case "End":
        moveTo(event.ctrlKey ? rows - 1 : row, cols - 1);
        break;
      case "Enter":
      case " ": {
        const column = columns[col];
        const cell = column?.cells[row];
        if (column && cell) activate(column, cell);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const template = `4.5rem repeat(${cols}, minmax(${view === "week" ? 7 : 9}rem, 1fr))`;
  const minWidth = `calc(4.5rem + ${cols} * ${view === "week" ? 7 : 9}rem)`;

  return (
    <>
      <p id={hintId} className="sr-only">
        {t("calendar.grid.hint")}
      </p>
      <div
        className="-mx-5 max-h-[max(28rem,calc(100dvh-15rem))] overflow-auto overscroll-contain border-t border-slate-200"
        aria-busy={busy}
      >
        <div
          ref={gridRef}
          role="grid"
          aria-label={t("calendar.grid", { range: label })}
          aria-describedby={hintId}
          className="min-w-full"
          style={{ minWidth }}
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            const cell = (event.target as HTMLElement).closest<HTMLElement>("[data-row]");
            if (!cell) return;
            const row = Number(cell.dataset.row);
            const col = Number(cell.dataset.col);
            if (row !== at.row || col !== at.col) setActive({ row, col });
          }}
        >
          <div
            role="row"
            className="sticky top-0 z-30 grid border-b border-slate-200 bg-white"
            style={{ gridTemplateColumns: template }}
          >
            <div role="columnheader" className="sticky start-0 z-10 bg-white">
              <span className="sr-only">{t("calendar.time")}</span>
            </div>
            {columns.map((c) => (
              <div
                key={c.key}
                role="columnheader"
                className={cn(
                  "min-w-0 border-s border-slate-200 px-2 py-2 text-center",
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
          </div>
          {minutes.map((minute, row) => (
            <div
              key={minute}
              role="row"
              className="grid"
              style={{ gridTemplateColumns: template, height: ROW_PX }}
            >
              <div
                role="rowheader"
                className={cn(
                  "sticky start-0 z-20 border-e border-slate-200 bg-white pe-2 text-end text-xs text-slate-500 tabular-nums",
                  minute % 60 === 0 && row > 0 && "border-t",
                )}
              >
                <span className={minute % 60 === 0 ? "leading-4" : "sr-only"}>
                  {fmt.clock(minute)}
                </span>
              </div>
              {columns.map((column, col) => {
                const cell = column.cells[row];
                if (!cell) return <div key={column.key} role="gridcell" />;
                return (
                  <GridCell
                    key={column.key}
                    column={column}
                    cell={cell}
                    row={row}
                    col={col}
                    tabbable={row === at.row && col === at.col}
                    view={view}
                    timeZone={timeZone}
                    fmt={fmt}
                    onBook={onBook}
                    onOpen={onOpen}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </>
  );
}

// Memoized: moving the Tab stop re-renders the two cells it leaves and enters, not all of them.
const GridCell = memo(function GridCell({
  column,
  cell,
  row,
  col,
  tabbable,
  view,
  timeZone,
  fmt,
  onBook,
  onOpen,
}: {
  column: Column;
  cell: Cell;
  row: number;
  col: number;
  tabbable: boolean;
  view: "day" | "week";
  timeZone: string;
  fmt: ReturnType<typeof zonedFormat>;
  onBook: (column: Column, cell: Cell) => void;
  onOpen: (appointment: Appointment, column: Column, cell: Cell) => void;
}) {
  const { t } = useI18n();
  const time = fmt.time(cell.start);
  const hour = cell.minute % 60 === 0;
  const slotLabel =
    view === "week"
      ? t("calendar.slot.day", {
          resource: column.resource.name,
          day: fmt.shortDay(column.date),
          time,
        })
      : t("calendar.slot", { resource: column.resource.name, time });
  const taken = cell.state === "appointment" || cell.state === "busy";

  return (
    <div
      role="gridcell"
      tabIndex={tabbable ? 0 : -1}
      data-row={row}
      data-col={col}
      data-state={cell.state}
      data-return-key={cellKey(column.key, cell.minute)}
      className={cn(
        "group relative min-w-0 scroll-mt-14 scroll-ms-[4.5rem] border-s border-slate-200 outline-none focus:z-20 focus:ring-2 focus:ring-brand-600 focus:ring-inset",
        hour && row > 0 && "border-t",
        !hour && cell.minute % 30 === 0 && "border-t border-t-slate-100",
        taken
          ? "bg-transparent"
          : cell.state === "closed"
            ? "bg-[repeating-linear-gradient(135deg,#e2e8f0_0,#e2e8f0_2px,#f8fafc_2px,#f8fafc_8px)]"
            : cell.state === "past" || cell.state === "notice"
              ? "bg-slate-100"
              : "bg-white",
      )}
    >
      {cell.state === "free" ? (
        <button
          type="button"
          tabIndex={-1}
          aria-label={slotLabel}
          className="absolute inset-0 text-start"
          onClick={() => onBook(column, cell)}
        >
          <span className="hidden h-full items-center rounded bg-brand-50 px-1.5 text-[11px] font-medium text-brand-800 ring-1 ring-brand-200 group-hover:flex group-focus:flex">
            + {time}
          </span>
        </button>
      ) : cell.state === "appointment" ? (
        cell.appointments.map((a) => (
          <AppointmentBlock
            key={a.id}
            appointment={a}
            cell={cell}
            date={column.date}
            timeZone={timeZone}
            fmt={fmt}
            onOpen={() => onOpen(a, column, cell)}
          />
        ))
      ) : (
        <span className="sr-only">
          {cell.state === "busy"
            ? t("calendar.cell.busy", {
                name: cell.appointments[0]?.patientName ?? t("calendar.held"),
              })
            : cell.state === "closed"
              ? t("calendar.cell.closed")
              : cell.state === "past"
                ? t("calendar.cell.past")
                : cell.state === "notice"
                  ? t("calendar.cell.notice")
                  : cell.state === "loading"
                    ? t("ui.loading")
                    : t("calendar.cell.free")}
        </span>
      )}
    </div>
  );
});

function AppointmentBlock({
  appointment: a,
  cell,
  date,
  timeZone,
  fmt,
  onOpen,
}: {
  appointment: Appointment;
  cell: Cell;
  date: string;
  timeZone: string;
  fmt: ReturnType<typeof zonedFormat>;
  onOpen: () => void;
}) {
  const { t } = useI18n();
  const span = localSpan(a, date, timeZone);
  const from = Math.max(span.start, cell.minute);
  const confirmed = patientConfirmedAt(a) !== null;
  return (
    <button
      type="button"
      tabIndex={-1}
      onClick={onOpen}
      data-testid="appointment-block"
      data-status={a.status}
      className={cn(
        "absolute inset-x-1 z-10 overflow-hidden rounded-md border-s-4 px-1.5 py-0.5 text-start text-xs shadow-sm ring-1 ring-black/5 group-focus:ring-2 group-focus:ring-brand-600 hover:shadow-md",
        appointmentTone(a),
      )}
      style={{
        top: (from - cell.minute) * PX_PER_MINUTE + 1,
        height: Math.max((span.end - from) * PX_PER_MINUTE - 2, 16),
        backgroundColor: a.status === "pending" ? undefined : `${a.colour}1f`,
        borderInlineStartColor: a.colour,
      }}
    >
      {/* Named by its content: the visible words, commas for screen readers between them. */}
      <span className="flex items-center gap-1 font-semibold text-slate-900">
        {confirmed && <ConfirmedMark t={t} spokenElsewhere />}
        <span className="truncate">
          {fmt.time(a.startsAt)} {a.patientName ?? t("calendar.held")}
        </span>
        {a.status === "pending" && (
          <>
            <SpokenComma />
            <RequestTag t={t} className="ms-auto shrink-0" />
          </>
        )}
      </span>
      <SpokenComma />
      <span className="block truncate text-slate-700">{a.serviceName}</span>
      <span className="sr-only">{appointmentNameTail(a, t, fmt)}</span>
    </button>
  );
}
