// What the pages behind message links share: the answer to an unusable link, and the result
// of using one, which takes the focus so a screen reader hears it at once.
import { buttonClasses, CenteredLayout, EmptyState, useT } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useEffect, useRef } from "react";

export function InvalidLink({ message }: { message: string }) {
  const t = useT();
  return (
    <CenteredLayout>
      <EmptyState
        titleAs="h1"
        title={t("link.invalid.title")}
        description={message}
        action={
          <Link to="/" className={buttonClasses("secondary")}>
            {t("link.home")}
          </Link>
        }
      />
    </CenteredLayout>
  );
}

export function LinkResult({
  title,
  body,
  testId,
}: {
  title: string;
  body: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      data-testid={testId}
      className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-emerald-900 focus:outline-2 focus:outline-offset-2 focus:outline-emerald-600"
    >
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 text-sm">{body}</p>
    </div>
  );
}
