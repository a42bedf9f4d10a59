// Signing out, and the end of a signed-in header: who is signed in and the sign-out button.
import { AccountActions } from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { ComponentProps } from "react";
import { trpc } from "./trpc";

type Shown = Pick<ComponentProps<typeof AccountActions>, "showNameFrom" | "truncateName">;

/**
 * Signing out: the server ends the session, then the app forgets everything it cached for
 * that person before `onSignedOut` runs (e.g. going to the sign-in page).
 */
export function useSignOut({
  onSignedOut,
}: { onSignedOut?: () => void | Promise<void> } = {}): ReturnType<
  typeof trpc.auth.signOut.useMutation
> {
  const queryClient = useQueryClient();
  return trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      queryClient.clear();
      await onSignedOut?.();
    },
  });
}

export function SignedInAccount({
  user,
  onSignedOut,
  ...shown
}: Shown & {
  user: { name: string; email: string };
  /** Forgets what this app keeps outside the query cache (e.g. the chosen organization). */
  onSignedOut?: () => void;
}) {
  const navigate = useNavigate();
  const signOut = useSignOut({
    onSignedOut: async () => {
      onSignedOut?.();
      await navigate({ to: "/signin" });
    },
  });
  return (
    <AccountActions
      name={user.name}
      email={user.email}
      {...shown}
      signingOut={signOut.isPending}
      signOutFailed={signOut.isError}
      onSignOut={() => signOut.mutate()}
    />
  );
}
