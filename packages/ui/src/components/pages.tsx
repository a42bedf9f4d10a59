// Whole pages every app has: "not found", and the card that sign-in and sign-up sit in.
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/locales";
import { CenteredLayout, Logo } from "./app-shell";
import { buttonClasses } from "./button";
import { Card } from "./card";
import { EmptyState } from "./states";

/** An address with nothing behind it, and a way back to the app's home page. */
export function NotFoundPage({
  title = "notFound.title",
  body = "notFound.body",
  home = "notFound.home",
}: {
  title?: MessageKey;
  body?: MessageKey;
  /** The label of the link home. */
  home?: MessageKey;
}) {
  const t = useT();
  return (
    <CenteredLayout>
      <EmptyState
        titleAs="h1"
        title={t(title)}
        description={t(body)}
        action={
          <Link to="/" className={buttonClasses("secondary")}>
            {t(home)}
          </Link>
        }
      />
    </CenteredLayout>
  );
}

/** The frame of the sign-in and sign-up screens: the brand (linking home) over one card. */
export function AuthFrame({
  badge,
  title,
  lead,
  children,
  footer,
}: {
  /** Shown beside the logo (e.g. which app this is). */
  badge?: ReactNode;
  title: string;
  lead: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <CenteredLayout
      top={
        <Link to="/" className="flex items-center gap-2">
          <Logo className="text-lg" />
          {badge}
        </Link>
      }
    >
      <Card>
        <div className="py-2">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          <p className="mt-1 text-sm text-slate-600">{lead}</p>
          <div className="mt-6">{children}</div>
        </div>
      </Card>
      {footer && <p className="mt-6 text-center text-sm text-slate-600">{footer}</p>}
    </CenteredLayout>
  );
}
