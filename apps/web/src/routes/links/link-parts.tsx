// What the pages behind message links share: the answer to an unusable link, and the result
// of using one, which takes the focus so a screen reader hears it at once.
import { errorCode, errorMessage } from "@caredesk/client";
import {
  buttonClasses,
  CenteredLayout,
  EmptyState,
  ErrorState,
  LoadingState,
  useT,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useEffect, useRef, type ReactNode } from "react";

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

/**
 * A link page until its token's answer is in: no token, an unusable one (BAD_REQUEST), a
 * failure of ours (worth another try), loading; then the page itself with the answer.
 */
export function LinkQueryGate<T>({
  token,
  query,
  children,
}: {
  token: string | undefined;
  query: {
    data: T | undefined;
    error: unknown;
    isError: boolean;
    isRefetching: boolean;
    refetch: () => unknown;
  };
  children: (data: T, token: string) => ReactNode;
}) {
  const t = useT();
  if (!token) return <InvalidLink message={t("auth.link.missing")} />;
  if (query.isError) {
    if (errorCode(query.error) === "BAD_REQUEST") {
      return <InvalidLink message={errorMessage(query.error, t("ui.error.unknown"))} />;
    }
    return (
      <CenteredLayout>
        <ErrorState
          message={errorMessage(query.error, t("ui.error.network"))}
          onRetry={() => void query.refetch()}
          retrying={query.isRefetching}
        />
      </CenteredLayout>
    );
  }
  if (query.data === undefined) {
    return (
      <CenteredLayout>
        <LoadingState />
      </CenteredLayout>
    );
  }
  return <>{children(query.data, token)}</>;
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
