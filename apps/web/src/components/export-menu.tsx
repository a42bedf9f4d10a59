// A list's "Export" menu: the rows the list shows, with its current filters, as CSV or Excel.
// Plain links with `download`: the browser streams the file from the server's export route,
// so a large list never passes through the page's memory.
import { exportHref } from "@caredesk/client";
import {
  exportFormats,
  type ExportFilters,
  type ExportFormat,
  type ImportKind,
} from "@caredesk/validators";
import { buttonClasses, cn, useT, type MessageKey } from "@caredesk/ui";
import { useEffect, useRef, useState } from "react";
import { can } from "../lib/permissions";
import type { MyOrganization } from "../lib/workspace";

const formatLabels: Record<ExportFormat, MessageKey> = {
  csv: "export.csv",
  xlsx: "export.xlsx",
};

export function ExportMenu<K extends ImportKind>({
  organization,
  kind,
  filters,
  listName,
  className,
}: {
  organization: MyOrganization;
  kind: K;
  /** The list's filters as they are on screen (the search box's text etc.). */
  filters: ExportFilters<K>;
  /** What the list is called, for the menu's accessible name ("Export patients"). */
  listName: string;
  className?: string;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const frame = useRef<HTMLDivElement>(null);

  // Closes on a click elsewhere or Escape, as a menu does.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !frame.current?.contains(event.target)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (!can(organization.role, "data.export")) return null;
  const label = t("export.menuLabel", { list: listName });
  return (
    <div ref={frame} className={cn("relative", className)}>
      <button
        type="button"
        aria-expanded={open}
        aria-label={label}
        className={buttonClasses("secondary")}
        onClick={() => setOpen((o) => !o)}
      >
        {t("export.menu")}
        <svg aria-hidden="true" viewBox="0 0 20 20" className="ms-1.5 size-4" fill="currentColor">
          <path d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z" />
        </svg>
      </button>
      {open && (
        <div className="absolute end-0 z-20 mt-1 w-60 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          <ul aria-label={label} className="flex flex-col">
            {exportFormats.map((format) => (
              <li key={format}>
                <a
                  href={exportHref(organization.id, kind, format, filters)}
                  download
                  className="flex min-h-10 items-center rounded-md px-3 text-sm text-slate-800 hover:bg-slate-100"
                  // After the browser has followed the link: a link removed first goes nowhere.
                  onClick={() => setTimeout(() => setOpen(false), 0)}
                >
                  {t(formatLabels[format])}
                </a>
              </li>
            ))}
          </ul>
          <p className="px-3 pt-1 pb-2 text-xs text-slate-500">{t("export.hint")}</p>
        </div>
      )}
    </div>
  );
}
