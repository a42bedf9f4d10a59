import type { ReactNode } from "react";
import { useT } from "../i18n/i18n";
import { Button } from "./button";

export function EmptyState({
  title,
  description,
  action,
  titleAs: Title = "p",
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  /** Use a heading when the empty state is the whole page. */
  titleAs?: "p" | "h1" | "h2" | "h3";
}) {
  return (
    <div className="flex flex-col items-center gap-2 px-4 py-12 text-center">
      <div
        aria-hidden="true"
        className="mb-2 grid size-12 place-items-center rounded-full bg-slate-100 text-slate-400"
      >
        <svg
          viewBox="0 0 24 24"
          fill="none"
          className="size-6"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path d="M3 7.5 12 3l9 4.5M3 7.5V16.5L12 21m-9-13.5 9 4.5m0 9 9-4.5V7.5M12 21v-9m9-4.5L12 12" />
        </svg>
      </div>
      <Title className="text-base font-semibold text-slate-900">{title}</Title>
      {description && <p className="max-w-md text-sm text-slate-500">{description}</p>}
      {action && <div className="mt-3">{action}</div>}
    </div>
  );
}

export function ErrorState({
  title,
  message,
  onRetry,
  retrying = false,
}: {
  title?: ReactNode;
  message?: ReactNode;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  const t = useT();
  return (
    <div role="alert" className="flex flex-col items-center gap-2 px-4 py-12 text-center">
      <div
        aria-hidden="true"
        className="mb-2 grid size-12 place-items-center rounded-full bg-red-50 text-red-500"
      >
        <svg
          viewBox="0 0 24 24"
          fill="none"
          className="size-6"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path d="M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" />
        </svg>
      </div>
      <p className="text-base font-semibold text-slate-900">{title ?? t("ui.error.title")}</p>
      {message && <p className="max-w-md text-sm text-slate-600">{message}</p>}
      {onRetry && (
        <Button variant="secondary" className="mt-3" onClick={onRetry} loading={retrying}>
          {t("ui.retry")}
        </Button>
      )}
    </div>
  );
}
