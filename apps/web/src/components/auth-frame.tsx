import { Card, CenteredLayout, Logo } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";

/** The shared frame of the sign-in and sign-up screens. */
export function AuthFrame({
  title,
  lead,
  children,
  footer,
}: {
  title: string;
  lead: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <CenteredLayout
      top={
        <Link to="/">
          <Logo className="text-lg" />
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
      <p className="mt-6 text-center text-sm text-slate-600">{footer}</p>
    </CenteredLayout>
  );
}
