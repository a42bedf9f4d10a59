// From an appointment to its consultation: opens the note written for the visit, or starts it
// (which puts a confirmed visit in progress on the calendar).
import { errorMessage, trpc } from "@caredesk/client";
import { Alert, Button, useI18n } from "@caredesk/ui";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";

export function OpenConsultation({
  appointmentId,
  patientId,
}: {
  appointmentId: string;
  patientId: string;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const start = trpc.consultation.start.useMutation();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const open = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const written = await utils.consultation.list.fetch({ patientId, limit: 100 });
      const note =
        written.items.find((item) => item.appointmentId === appointmentId) ??
        (await start.mutateAsync({ patientId, appointmentId }));
      void utils.appointment.invalidate();
      await navigate({
        to: "/app/patients/$patientId/consultations/$consultationId",
        params: { patientId, consultationId: note.id },
      });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-2 border-t border-slate-100 pt-4">
      <div>
        <Button size="sm" variant="secondary" loading={busy} onClick={() => void open()}>
          {t("consultations.fromAppointment")}
        </Button>
      </div>
      {failure !== null && (
        <Alert tone="error">{errorMessage(failure, t("ui.error.unknown"))}</Alert>
      )}
    </div>
  );
}
