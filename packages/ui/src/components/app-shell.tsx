import type { ReactNode } from "react";
import { cn } from "../cn";
import { useT } from "../i18n/i18n";
import { Button } from "./button";

/** The frame of a signed-in screen: brand, main navigation, account actions, content. */
export function AppShell({
  brand,
  nav,
  actions,
  navPlacement = "inline",
  children,
}: {
  brand: ReactNode;
  nav?: ReactNode;
  actions?: ReactNode;
  /** "below": the navigation gets its own row under the brand, for apps with many sections. */
  navPlacement?: "inline" | "below";
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:start-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t("ui.skipToContent")}
      </a>
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6 lg:flex-nowrap">
          <div className="flex items-center gap-2">{brand}</div>
          {nav && navPlacement === "inline" && (
            <nav aria-label={t("ui.mainNav")} className="flex items-center gap-1">
              {nav}
            </nav>
          )}
          {actions && (
            <div className="ms-auto flex flex-wrap items-center gap-2 lg:flex-nowrap">
              {actions}
            </div>
          )}
        </div>
        {nav && navPlacement === "below" && (
          <div className="mx-auto max-w-6xl px-4 sm:px-6">
            <nav
              aria-label={t("ui.mainNav")}
              // Scrolls sideways on a phone; wraps to a second row where there is room.
              className="-mx-1 flex items-center gap-1 overflow-x-auto pb-2 sm:flex-wrap"
            >
              {nav}
            </nav>
          </div>
        )}
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}

/**
 * The end of a signed-in header: the person's name (their email on hover), the sign-out
 * button, and a notice when signing out failed.
 */
export function AccountActions({
  name,
  email,
  showNameFrom,
  truncateName = false,
  signingOut,
  signOutFailed,
  onSignOut,
}: {
  name: string;
  email: string;
  /** The breakpoint from which the name shows; below it there is only the button. */
  showNameFrom: "md" | "xl";
  truncateName?: boolean;
  signingOut: boolean;
  signOutFailed: boolean;
  onSignOut: () => void;
}) {
  const t = useT();
  return (
    <>
      <span
        className={cn(
          "hidden",
          truncateName && "max-w-40 truncate",
          "text-sm text-slate-600",
          showNameFrom === "xl" ? "xl:inline" : "md:inline",
        )}
        title={email}
      >
        {name}
      </span>
      <Button variant="secondary" size="sm" loading={signingOut} onClick={onSignOut}>
        {t("nav.signOut")}
      </Button>
      {signOutFailed && (
        <span role="alert" className="text-sm text-red-700">
          {t("auth.signOut.failed")}
        </span>
      )}
    </>
  );
}

/** Classes for a main-navigation link; pass whether it is the current page. */
export function navLinkClasses(active: boolean) {
  return cn(
    "whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
    active
      ? "bg-brand-50 text-brand-800"
      : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
  );
}

export function Logo({ className }: { className?: string }) {
  const t = useT();
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold text-slate-900", className)}>
      <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7">
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <path d="M13 8h6v5h5v6h-5v5h-6v-5H8v-6h5z" className="fill-white" />
      </svg>
      <span>{t("app.name")}</span>
    </span>
  );
}

/** A centred page with a single card, for sign-in and similar. */
export function CenteredLayout({ children, top }: { children: ReactNode; top?: ReactNode }) {
  return (
    <main
      id="main"
      className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-12"
    >
      {top}
      <div className="w-full max-w-md">{children}</div>
    </main>
  );
}
