// A failed request on screen: the server's wording (or a plain "network" message) and a retry.
import { CenteredLayout, ErrorState, useT } from "@caredesk/ui";
import { useRouter, type ErrorComponentProps } from "@tanstack/react-router";
import { errorMessage } from "./errors";

export function ApiErrorState({
  error,
  onRetry,
  retrying = false,
}: {
  error: unknown;
  onRetry: () => void;
  retrying?: boolean;
}) {
  const t = useT();
  return (
    <ErrorState
      message={errorMessage(error, t("ui.error.network"))}
      onRetry={onRetry}
      retrying={retrying}
    />
  );
}

/** A whole page that could not load: what went wrong, and a way to try again. */
export function LoadErrorPage(props: { error: unknown; onRetry: () => void; retrying?: boolean }) {
  return (
    <CenteredLayout>
      <ApiErrorState {...props} />
    </CenteredLayout>
  );
}

/** A route's `errorComponent`: its loading step failed; retrying runs it again. */
export function RouteLoadError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return <LoadErrorPage error={error} onRetry={() => void router.invalidate()} />;
}
