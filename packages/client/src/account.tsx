// The end of a signed-in header: who is signed in, and signing out (back to the sign-in page).
import { AccountActions } from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { ComponentProps } from "react";
import { trpc } from "./trpc";

type Shown = Pick<ComponentProps<typeof AccountActions>, "showNameFrom" | "truncateName">;

export function SignedInAccount({
  user,
  onSignedOut,
  ...shown
}: Shown & {
  user: { name: string; email: string };
  /** Forgets what this app keeps outside the query cache (e.g. the chosen organization). */
  onSignedOut?: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      onSignedOut?.();
      queryClient.clear();
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
