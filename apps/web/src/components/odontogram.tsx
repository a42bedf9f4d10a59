// The interactive odontogram: the upper and lower arches as the dentist faces the patient, each
// tooth a button named by its number in the practice's numbering, drawn as five surface regions
// coloured by what was found or done there.
import { cn, useI18n } from "@caredesk/ui";
import {
  formatTooth,
  permanentArches,
  primaryArches,
  toothInfo,
  type ToothNumbering,
  type ToothSurface,
  type TreatmentStatus,
} from "@caredesk/validators";

/** What the odontogram shows of a tooth: its live conditions and treatments. */
export interface OdontogramTooth {
  conditions: { condition: string; surfaces: string[]; resolvedAt: Date | string | null }[];
  treatments: { status: TreatmentStatus; surfaces: string[]; description: string }[];
}

export const statusColours: Record<TreatmentStatus, string> = {
  planned: "#dc2626",
  in_progress: "#ea580c",
  completed: "#2563eb",
  existing: "#16a34a",
};
export const conditionColour = "#a16207";

type Region = "top" | "bottom" | "left" | "right" | "centre";

/**
 * Which surface each drawn region is. Upper teeth face outward (buccal/facial) at the top,
 * lower teeth at the bottom; mesial faces the midline, which is on the right of the patient's
 * right-hand quadrants (drawn on the left) and on the left of the others.
 */
function regionSurfaces(universal: string): Record<Region, ToothSurface> {
  const info = toothInfo(universal);
  const outer: ToothSurface = info.anterior ? "F" : "B";
  const centre: ToothSurface = info.anterior ? "I" : "O";
  const mesialOnRight = info.quadrant === 1 || info.quadrant === 4;
  return {
    top: info.arch === "upper" ? outer : "L",
    bottom: info.arch === "upper" ? "L" : outer,
    left: mesialOnRight ? "D" : "M",
    right: mesialOnRight ? "M" : "D",
    centre,
  };
}

/** Most telling first: work in progress and planned work over what is done. */
const statusRank: TreatmentStatus[] = ["in_progress", "planned", "completed", "existing"];

function surfaceColour(tooth: OdontogramTooth | undefined, surface: ToothSurface): string | null {
  if (!tooth) return null;
  for (const status of statusRank) {
    if (tooth.treatments.some((t) => t.status === status && t.surfaces.includes(surface))) {
      return statusColours[status];
    }
  }
  const live = tooth.conditions.filter((c) => !c.resolvedAt);
  if (live.some((c) => c.surfaces.includes(surface))) return conditionColour;
  return null;
}

/** A colour for the whole tooth: a treatment or condition without surfaces (a crown, an implant). */
function wholeToothColour(tooth: OdontogramTooth | undefined): string | null {
  if (!tooth) return null;
  for (const status of statusRank) {
    if (tooth.treatments.some((t) => t.status === status && t.surfaces.length === 0)) {
      return statusColours[status];
    }
  }
  const live = tooth.conditions.filter((c) => !c.resolvedAt && c.condition !== "missing");
  if (live.some((c) => c.surfaces.length === 0)) return conditionColour;
  return null;
}

const regionPaths: Record<Region, string> = {
  top: "M2 2 L30 2 L22 10 L10 10 Z",
  bottom: "M2 30 L30 30 L22 22 L10 22 Z",
  left: "M2 2 L10 10 L10 22 L2 30 Z",
  right: "M30 2 L22 10 L22 22 L30 30 Z",
  centre: "M10 10 L22 10 L22 22 L10 22 Z",
};

function ToothButton({
  universal,
  numbering,
  tooth,
  selected,
  onSelect,
}: {
  universal: string;
  numbering: ToothNumbering;
  tooth: OdontogramTooth | undefined;
  selected: boolean;
  onSelect: (universal: string) => void;
}) {
  const { t } = useI18n();
  const label = formatTooth(universal, numbering);
  const regions = regionSurfaces(universal);
  const missing = tooth?.conditions.some((c) => c.condition === "missing" && !c.resolvedAt);
  const ring = wholeToothColour(tooth);
  const upper = toothInfo(universal).arch === "upper";
  const summary = [
    ...(tooth?.conditions.filter((c) => !c.resolvedAt).map((c) => c.condition) ?? []),
    ...(tooth?.treatments.map((tr) => tr.description) ?? []),
  ].join(", ");
  return (
    <button
      type="button"
      aria-label={t("dental.tooth", { tooth: label })}
      aria-pressed={selected}
      title={summary || undefined}
      data-tooth={universal}
      onClick={() => onSelect(universal)}
      className={cn(
        "flex flex-col items-center gap-0.5 rounded-md p-0.5 focus-visible:outline-2 focus-visible:outline-brand-600",
        selected ? "bg-brand-50 ring-2 ring-brand-500" : "hover:bg-slate-50",
        upper ? "" : "flex-col-reverse",
      )}
    >
      <span
        className="text-[10px] font-medium text-slate-600 tabular-nums lg:text-xs"
        aria-hidden="true"
      >
        {label}
      </span>
      <svg viewBox="0 0 32 32" className="size-7 sm:size-9 lg:size-12" aria-hidden="true">
        {(Object.keys(regionPaths) as Region[]).map((region) => (
          <path
            key={region}
            d={regionPaths[region]}
            fill={surfaceColour(tooth, regions[region]) ?? "#ffffff"}
            stroke="#94a3b8"
            strokeWidth="1"
          />
        ))}
        {ring && (
          <rect x="1" y="1" width="30" height="30" fill="none" stroke={ring} strokeWidth="2.5" />
        )}
        {missing && <path d="M3 3 L29 29 M29 3 L3 29" stroke="#334155" strokeWidth="2.5" />}
      </svg>
    </button>
  );
}

function Arch({
  label,
  teeth,
  ...props
}: {
  label: string;
  teeth: string[];
  numbering: ToothNumbering;
  chart: ReadonlyMap<string, OdontogramTooth>;
  selected: string | null;
  onSelect: (universal: string) => void;
}) {
  const half = teeth.length / 2;
  return (
    <div role="group" aria-label={label} className="flex justify-center gap-2">
      {[teeth.slice(0, half), teeth.slice(half)].map((side, i) => (
        <div
          key={i}
          className={cn("flex gap-0.5", i === 0 ? "border-r border-slate-300 pr-2" : "")}
        >
          {side.map((universal) => (
            <ToothButton
              key={universal}
              universal={universal}
              numbering={props.numbering}
              tooth={props.chart.get(universal)}
              selected={props.selected === universal}
              onSelect={props.onSelect}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

export function Odontogram({
  numbering,
  primaryTeeth,
  chart,
  selected,
  onSelect,
}: {
  numbering: ToothNumbering;
  primaryTeeth: boolean;
  /** By stored (Universal) tooth. */
  chart: ReadonlyMap<string, OdontogramTooth>;
  selected: string | null;
  onSelect: (universal: string) => void;
}) {
  const { t } = useI18n();
  const common = { numbering, chart, selected, onSelect };
  return (
    <div className="flex flex-col gap-3 overflow-x-auto">
      <Arch label={t("dental.arch.upper")} teeth={permanentArches.upper} {...common} />
      {primaryTeeth && (
        <>
          <Arch label={t("dental.arch.upperPrimary")} teeth={primaryArches.upper} {...common} />
          <Arch label={t("dental.arch.lowerPrimary")} teeth={primaryArches.lower} {...common} />
        </>
      )}
      <Arch label={t("dental.arch.lower")} teeth={permanentArches.lower} {...common} />
      <OdontogramLegend />
    </div>
  );
}

export function OdontogramLegend() {
  const { t } = useI18n();
  const items: { colour: string; label: string }[] = [
    { colour: conditionColour, label: t("dental.legend.condition") },
    ...(Object.keys(statusColours) as TreatmentStatus[]).map((status) => ({
      colour: statusColours[status],
      label: t(`dental.legend.${status}`),
    })),
  ];
  return (
    <div className="flex flex-wrap items-center justify-center gap-3 pt-2 text-xs text-slate-600">
      <span className="font-medium">{t("dental.legend")}:</span>
      {items.map((item) => (
        <span key={item.label} className="inline-flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block size-3 rounded-sm"
            style={{ backgroundColor: item.colour }}
          />
          {item.label}
        </span>
      ))}
      <span className="inline-flex items-center gap-1">
        <svg viewBox="0 0 12 12" className="size-3" aria-hidden="true">
          <path d="M1 1 L11 11 M11 1 L1 11" stroke="#334155" strokeWidth="2" />
        </svg>
        {t("dental.legend.missing")}
      </span>
    </div>
  );
}
