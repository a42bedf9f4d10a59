// What an operator's page about one thing (a practice, a user) shows before the thing itself:
// loading, a "not found" under the way back, or the error with a retry. Then the page, under
// the same way back.
import { ApiErrorState, errorCode } from "@caredesk/client";
import { EmptyState, LoadingState } from "@caredesk/ui";
import type { ReactNode } from "react";

type DetailQuery<T> =
  | { isPending: true; isError: false; data: undefined }
  | {
      isPending: false;
      isError: true;
      error: unknown;
      refetch: () => Promise<unknown>;
      isRefetching: boolean;
      data: T | undefined;
    }
  | { isPending: false; isError: false; data: T };

export function DetailQuery<T>({
  query,
  back,
  notFound,
  children,
}: {
  query: DetailQuery<T>;
  /** The link back to the list, above everything but the loading state. */
  back: ReactNode;
  /** The heading when the thing does not exist (or is not visible). */
  notFound: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError) {
    if (errorCode(query.error) === "NOT_FOUND") {
      return (
        <>
          {back}
          <EmptyState titleAs="h1" title={notFound} />
        </>
      );
    }
    return (
      <ApiErrorState
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isRefetching}
      />
    );
  }
  return (
    <>
      {back}
      {children(query.data)}
    </>
  );
}
