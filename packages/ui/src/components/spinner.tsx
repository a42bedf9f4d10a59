import { cn } from "../cn";
import { useT } from "../i18n/i18n";

export function Spinner({ className }: { className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      className={cn("size-4 animate-spin", className)}
    >
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path
        d="M22 12a10 10 0 0 0-10-10"
        stroke="currentColor"
        strokeWidth="4"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** A whole area waiting for data; announced politely to screen readers. */
export function LoadingState({ label, className }: { label?: string; className?: string }) {
  const t = useT();
  return (
    <div
      role="status"
      className={cn(
        "flex items-center justify-center gap-3 py-12 text-sm text-slate-500",
        className,
      )}
    >
      <Spinner className="size-5 text-brand-600" />
      <span>{label ?? t("ui.loading")}</span>
    </div>
  );
}
