// What a record's page shows until its query has the record: loading, or the failure in a card
// ("not found" with a way back, anything else with a retry).
import { Card, LoadingState } from "@caredesk/ui";
import type { ReactNode } from "react";
import { QueryError } from "./query-error";

/** Render only while the query is pending or has failed. */
export function RecordFallback({
  query,
  notFoundTitle,
  notFoundBody,
  notFoundAction,
}: {
  query: {
    isPending: boolean;
    error: unknown;
    isRefetching: boolean;
    refetch: () => Promise<unknown>;
  };
  notFoundTitle: string;
  notFoundBody: string;
  notFoundAction: ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  return (
    <Card>
      <QueryError
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isRefetching}
        notFoundTitle={notFoundTitle}
        notFoundBody={notFoundBody}
        notFoundAction={notFoundAction}
      />
    </Card>
  );
}
