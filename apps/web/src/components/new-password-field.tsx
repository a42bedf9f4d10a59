// The one field where someone chooses a password (sign-up, reset, accepting an invitation):
// a password manager's "new password", with the rule written under it.
import { TextField, useT } from "@caredesk/ui";
import type { ComponentProps } from "react";

export function NewPasswordField(
  props: Omit<ComponentProps<typeof TextField>, "type" | "autoComplete" | "description">,
) {
  const t = useT();
  return (
    <TextField
      type="password"
      autoComplete="new-password"
      description={t("auth.field.passwordHint")}
      {...props}
    />
  );
}
