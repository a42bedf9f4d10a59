// A failed query, said plainly: "not found" (also what another organization's id gets) is
// a normal outcome with a way back, anything else offers a retry.
import { ApiErrorState, errorCode } from "@caredesk/client";
import { EmptyState } from "@caredesk/ui";
import type { ReactNode } from "react";

export function isNotFound(error: unknown): boolean {
  const code = errorCode(error);
  // A malformed id in the URL is as absent as a foreign one.
  return code === "NOT_FOUND" || code === "BAD_REQUEST";
}

export function QueryError({
  error,
  onRetry,
  retrying,
  notFoundTitle,
  notFoundBody,
  notFoundAction,
}: {
  error: unknown;
  onRetry: () => void;
  retrying?: boolean;
  notFoundTitle?: string;
  notFoundBody?: string;
  notFoundAction?: ReactNode;
}) {
  if (notFoundTitle && isNotFound(error)) {
    return (
      <EmptyState
        titleAs="h1"
        title={notFoundTitle}
        description={notFoundBody}
        action={notFoundAction}
      />
    );
  }
  return <ApiErrorState error={error} onRetry={onRetry} retrying={retrying} />;
}
