import { cn } from "../cn";

/** A determinate progress bar (0–100), e.g. for an upload. */
export function ProgressBar({
  value,
  label,
  className,
}: {
  value: number;
  /** The accessible name, e.g. "Uploading scan.pdf". */
  label: string;
  className?: string;
}) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className={cn("h-2 w-full overflow-hidden rounded-full bg-slate-100", className)}
    >
      <div
        className="h-full rounded-full bg-brand-600 transition-[width] duration-150"
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
