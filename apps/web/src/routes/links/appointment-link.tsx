// A reminder's link, opened without signing in: what the appointment is, then the one thing
// the link can do (confirm the patient will come, or cancel). Opening the page changes
// nothing — a mail scanner fetching the link uses nothing up; the patient's click does.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  AuthFrame,
  Button,
  TextAreaField,
  useT,
  type MessageKey,
  type Translate,
} from "@caredesk/ui";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { LinkResult, LinkQueryGate } from "./link-parts";
import { practiceWhen } from "./practice-when";

const route = getRouteApi("/appointment-link");

type Linked = RouterOutputs["link"]["appointment"];

const statusWord: Record<Linked["status"], MessageKey> = {
  held: "appointment.status.held",
  pending: "appointment.status.pending",
  confirmed: "appointment.status.confirmed",
  in_progress: "appointment.status.in_progress",
  completed: "appointment.status.completed",
  cancelled: "appointment.status.cancelled",
  no_show: "appointment.status.no_show",
};

export function AppointmentLinkPage() {
  const { token } = route.useSearch();
  const linked = trpc.link.appointment.useQuery(
    { token: token ?? "" },
    {
      enabled: Boolean(token),
      // The answer is the link's, and using the link makes it answer "invalid": ask once.
      retry: false,
      staleTime: Infinity,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  );

  return (
    <LinkQueryGate token={token} query={linked}>
      {(data, present) => <LinkedAppointment token={present} linked={data} />}
    </LinkQueryGate>
  );
}

function LinkedAppointment({ token, linked }: { token: string; linked: Linked }) {
  const t = useT();
  const when = practiceWhen(linked.startsAt, linked.locale, linked.timeZone);
  const confirm = linked.action === "confirm";
  return (
    <AuthFrame
      title={t(confirm ? "link.confirm.title" : "link.cancel.title")}
      lead={t(confirm ? "link.confirm.lead" : "link.cancel.lead", {
        practice: linked.practiceName,
      })}
    >
      <dl
        className="mb-6 grid grid-cols-[6rem_1fr] gap-x-4 gap-y-2 text-sm"
        data-testid="link-appointment"
      >
        <dt className="text-slate-500">{t("link.practice")}</dt>
        <dd className="font-medium text-slate-900">{linked.practiceName}</dd>
        <dt className="text-slate-500">{t("link.service")}</dt>
        <dd className="text-slate-900">{linked.serviceName}</dd>
        <dt className="text-slate-500">{t("link.when")}</dt>
        <dd className="text-slate-900">
          <time dateTime={linked.startsAt.toISOString()}>{when}</time>
          <span className="block text-xs text-slate-500">
            {t("link.zone", { zone: linked.timeZone })}
          </span>
        </dd>
      </dl>
      {confirm ? (
        <ConfirmAction token={token} linked={linked} when={when} t={t} />
      ) : (
        <CancelAction token={token} linked={linked} t={t} />
      )}
    </AuthFrame>
  );
}

const active = (status: Linked["status"]) => status === "pending" || status === "confirmed";

function ConfirmAction({
  token,
  linked,
  when,
  t,
}: {
  token: string;
  linked: Linked;
  when: string;
  t: Translate;
}) {
  const confirm = trpc.link.confirmAppointment.useMutation();
  if (confirm.isSuccess || linked.patientConfirmed) {
    return (
      <LinkResult
        title={t("link.confirm.done")}
        body={t("link.confirm.doneBody", { when })}
        testId="link-confirmed"
      />
    );
  }
  if (!active(linked.status)) {
    return (
      <Alert tone="info">
        {t("link.confirm.notActive", { status: t(statusWord[linked.status]).toLowerCase() })}
      </Alert>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {confirm.isError && (
        <Alert tone="error">{errorMessage(confirm.error, t("ui.error.network"))}</Alert>
      )}
      <Button
        className="w-full"
        loading={confirm.isPending}
        onClick={() => confirm.mutate({ token })}
      >
        {t("link.confirm.submit")}
      </Button>
    </div>
  );
}

function CancelAction({ token, linked, t }: { token: string; linked: Linked; t: Translate }) {
  const cancel = trpc.link.cancelAppointment.useMutation();
  const [reason, setReason] = useState("");
  if (cancel.isSuccess || linked.status === "cancelled") {
    return (
      <LinkResult
        title={t("link.cancel.done")}
        body={t("link.cancel.doneBody", { practice: linked.practiceName })}
        testId="link-cancelled"
      />
    );
  }
  if (!active(linked.status)) {
    return (
      <Alert tone="info">
        {t("link.cancel.notActive", { status: t(statusWord[linked.status]).toLowerCase() })}
      </Alert>
    );
  }
  const reasonError = cancel.error ? fieldErrorOf(cancel.error, "reason") : null;
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = reason.trim();
        cancel.mutate({ token, ...(trimmed ? { reason: trimmed } : {}) });
      }}
    >
      <TextAreaField
        label={t("link.cancel.reason")}
        description={t("link.cancel.reasonHint")}
        value={reason}
        rows={3}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
        error={reasonError ?? undefined}
      />
      {cancel.isError && !reasonError && (
        <Alert tone="error">{errorMessage(cancel.error, t("ui.error.network"))}</Alert>
      )}
      <Button type="submit" variant="danger" className="w-full" loading={cancel.isPending}>
        {t("link.cancel.submit")}
      </Button>
    </form>
  );
}
