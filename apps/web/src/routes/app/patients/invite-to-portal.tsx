// "Invite to portal": emails the patient a link to set up their portal access at the address on
// their record; the account they make (or sign in with) is linked to this record on accepting.
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import { Alert, Button, Card, useT } from "@caredesk/ui";

export function InviteToPortal({
  patient,
}: {
  patient: { id: string; email: string | null; userId: string | null };
}) {
  const t = useT();
  const invite = trpc.patient.invite.useMutation();
  // A patient with portal access already needs no invitation.
  if (patient.userId) return null;

  return (
    <Card title={t("portalAccess.invite")}>
      <div className="flex flex-col gap-3">
        {invite.isSuccess ? (
          <Alert tone="success">{t("portalAccess.invited", { email: invite.data.email })}</Alert>
        ) : invite.isError ? (
          <Alert tone="error">
            {fieldErrorOf(invite.error, "email") ??
              errorMessage(invite.error, t("ui.error.network"))}
          </Alert>
        ) : null}
        {patient.email ? (
          <>
            <p className="text-sm text-slate-600">
              {t("portalAccess.inviteHint", { email: patient.email })}
            </p>
            <Button
              variant="secondary"
              loading={invite.isPending}
              onClick={() => invite.mutate({ patientId: patient.id })}
            >
              {t("portalAccess.invite")}
            </Button>
          </>
        ) : (
          <p className="text-sm text-slate-500">{t("portalAccess.inviteNoEmail")}</p>
        )}
      </div>
    </Card>
  );
}
