// One appointment from the calendar: details, the status steps the lifecycle allows,
// moving it to another free time, and cancelling with a reason.
import type { RouterOutputs } from "@caredesk/api";
import { alternativesOf, errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Dialog,
  LoadingState,
  TextAreaField,
  TextField,
  useI18n,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { useMemo, useState } from "react";
import { OpenConsultation } from "../../components/open-consultation";
import { OtherTimes } from "../../components/other-times";
import { QueryError } from "../../components/query-error";
import { can } from "../../lib/permissions";
import { useWorkspace } from "../../lib/workspace";
import { toLocal, zonedFormat } from "../../lib/zoned";
import { patientConfirmedAt } from "./calendar-model";
import { ConfirmedMark, RequestTag } from "./calendar-parts";

type Detail = RouterOutputs["appointment"]["byId"];
type Status = Detail["status"];
type Settable = "confirmed" | "in_progress" | "completed" | "no_show";

/** Visits that happen (or happened): they have a consultation to open or start. */
const seen = new Set<Status>(["confirmed", "in_progress", "completed"]);

/** Mirrors the server's transition table; the server still decides. */
const next: Record<Status, readonly (Settable | "cancelled")[]> = {
  held: ["confirmed", "cancelled"],
  pending: ["confirmed", "cancelled"],
  confirmed: ["in_progress", "completed", "no_show", "cancelled"],
  in_progress: ["completed"],
  completed: [],
  cancelled: [],
  no_show: [],
};

export const statusTone: Record<Status, BadgeTone> = {
  held: "neutral",
  pending: "warning",
  confirmed: "brand",
  in_progress: "success",
  completed: "success",
  cancelled: "danger",
  no_show: "danger",
};

export const statusLabel: Record<Status, MessageKey> = {
  held: "appointment.status.held",
  pending: "appointment.status.pending",
  confirmed: "appointment.status.confirmed",
  in_progress: "appointment.status.in_progress",
  completed: "appointment.status.completed",
  cancelled: "appointment.status.cancelled",
  no_show: "appointment.status.no_show",
};

const actionLabel: Record<Settable, MessageKey> = {
  confirmed: "appointment.action.confirmed",
  in_progress: "appointment.action.in_progress",
  completed: "appointment.action.completed",
  no_show: "appointment.action.no_show",
};

export function AppointmentDialog({
  id,
  timeZone,
  canWrite,
  onClose,
}: {
  id: string;
  timeZone: string;
  canWrite: boolean;
  onClose: () => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const utils = trpc.useUtils();
  const appointment = trpc.appointment.byId.useQuery({ id });
  const [mode, setMode] = useState<"view" | "reschedule" | "cancel">("view");
  const refresh = () => {
    void utils.appointment.list.invalidate();
    void utils.appointment.byId.invalidate({ id });
  };
  const setStatus = trpc.appointment.setStatus.useMutation({ onSuccess: refresh });

  const { organization } = useWorkspace();
  const consult = organization ? can(organization.role, "consultation.write") : false;
  const a = appointment.data;
  const confirmedAt = a ? patientConfirmedAt(a) : null;
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={a ? (a.patientName ?? t("calendar.held")) : t("appointment.title")}
      description={
        a ? `${a.serviceName} · ${fmt.range(a.startsAt, a.endsAt)} (${timeZone})` : undefined
      }
      footer={
        mode === "view" ? (
          <Button variant="secondary" onClick={onClose}>
            {t("ui.close")}
          </Button>
        ) : undefined
      }
    >
      {appointment.isPending ? (
        <LoadingState />
      ) : appointment.isError ? (
        <QueryError error={appointment.error} onRetry={() => void appointment.refetch()} />
      ) : a ? (
        <div className="flex flex-col gap-4">
          <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-500">{t("appointment.status")}</dt>
            <dd>
              <Badge tone={statusTone[a.status]} className="capitalize">
                <span data-testid="appointment-status">{t(statusLabel[a.status])}</span>
              </Badge>
              {a.status === "pending" && <RequestTag t={t} className="ms-2" />}
            </dd>
            {confirmedAt && (
              <>
                <dt className="text-slate-500">{t("calendar.patientConfirmed")}</dt>
                <dd className="flex items-center gap-2 text-slate-900">
                  <ConfirmedMark t={t} />
                  {fmt.dateTime(confirmedAt)}
                </dd>
              </>
            )}
            <dt className="text-slate-500">{t("appointment.when")}</dt>
            <dd className="text-slate-900">{fmt.range(a.startsAt, a.endsAt)}</dd>
            <dt className="text-slate-500">{t("appointment.service")}</dt>
            <dd className="flex items-center gap-2 text-slate-900">
              <span
                aria-hidden="true"
                className="size-2.5 rounded-full"
                style={{ backgroundColor: a.colour }}
              />
              {a.serviceName}
            </dd>
            <dt className="text-slate-500">{t("appointment.resources")}</dt>
            <dd className="text-slate-900">{a.resources.map((r) => r.name).join(", ")}</dd>
            {a.notes && (
              <>
                <dt className="text-slate-500">{t("booking.notes")}</dt>
                <dd className="whitespace-pre-wrap text-slate-900">{a.notes}</dd>
              </>
            )}
            {a.cancellationReason && (
              <>
                <dt className="text-slate-500">{t("appointment.cancel.reason")}</dt>
                <dd className="text-slate-900">{a.cancellationReason}</dd>
              </>
            )}
          </dl>

          {setStatus.error && (
            <Alert tone="error">{errorMessage(setStatus.error, t("ui.error.unknown"))}</Alert>
          )}

          {canWrite && mode === "view" && canRemind(a) && <SendReminder id={a.id} />}

          {consult && mode === "view" && a.patientId && seen.has(a.status) && (
            <OpenConsultation appointmentId={a.id} patientId={a.patientId} />
          )}

          {canWrite && mode === "view" && next[a.status].length > 0 && (
            <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
              {next[a.status].map((to) =>
                to === "cancelled" ? null : (
                  <Button
                    key={to}
                    size="sm"
                    variant={to === "no_show" ? "secondary" : "primary"}
                    loading={setStatus.isPending && setStatus.variables.status === to}
                    disabled={setStatus.isPending}
                    onClick={() => setStatus.mutate({ id: a.id, status: to, version: a.version })}
                  >
                    {t(actionLabel[to])}
                  </Button>
                ),
              )}
              {(a.status === "confirmed" || a.status === "pending" || a.status === "held") && (
                <Button size="sm" variant="secondary" onClick={() => setMode("reschedule")}>
                  {t("appointment.reschedule")}
                </Button>
              )}
              {next[a.status].includes("cancelled") && (
                <Button size="sm" variant="danger" onClick={() => setMode("cancel")}>
                  {t("appointment.cancel")}
                </Button>
              )}
            </div>
          )}
          {mode === "reschedule" && (
            <Reschedule
              appointment={a}
              timeZone={timeZone}
              onDone={() => {
                refresh();
                setMode("view");
              }}
              onCancel={() => setMode("view")}
            />
          )}
          {mode === "cancel" && (
            <CancelForm
              appointment={a}
              onDone={() => {
                refresh();
                setMode("view");
              }}
              onCancel={() => setMode("view")}
            />
          )}
        </div>
      ) : null}
    </Dialog>
  );
}

/** A reminder goes to a patient's appointment still to come (the server decides the rest). */
function canRemind(a: Detail): boolean {
  return (
    a.patientId !== null &&
    (a.status === "pending" || a.status === "confirmed") &&
    a.startsAt.getTime() > Date.now()
  );
}

const channelWord: Record<string, MessageKey> = {
  email: "appointment.reminder.channel.email",
  sms: "appointment.reminder.channel.sms",
  push: "appointment.reminder.channel.push",
  mobile: "appointment.reminder.channel.mobile",
};

/** Sends the appointment's reminder now, with its confirm and cancel links. */
function SendReminder({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const send = trpc.appointment.sendReminder.useMutation();
  const sentBy = send.data
    ? new Intl.ListFormat(lang, { type: "conjunction" }).format(
        send.data.channels.map((c) => (channelWord[c] ? t(channelWord[c]) : c)),
      )
    : null;
  const refusal = send.error
    ? (fieldErrorOf(send.error, "id") ?? errorMessage(send.error, t("ui.error.unknown")))
    : null;
  return (
    <div className="flex flex-col gap-2 border-t border-slate-100 pt-4">
      <div>
        <Button
          size="sm"
          variant="secondary"
          loading={send.isPending}
          onClick={() => send.mutate({ id })}
        >
          {t("appointment.reminder.send")}
        </Button>
      </div>
      {sentBy && !send.isPending && (
        <Alert tone="success">{t("appointment.reminder.sent", { channels: sentBy })}</Alert>
      )}
      {refusal && <Alert tone="error">{refusal}</Alert>}
    </div>
  );
}

function Reschedule({
  appointment: a,
  timeZone,
  onDone,
  onCancel,
}: {
  appointment: Detail;
  timeZone: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const [date, setDate] = useState(() => toLocal(a.startsAt, timeZone).date);
  // Its own doctor, room and equipment, with its own time counted as free.
  const slots = trpc.appointment.rescheduleOptions.useQuery({
    id: a.id,
    fromDate: date,
    days: 1,
    limit: 100,
  });
  const move = trpc.appointment.reschedule.useMutation({ onSuccess: onDone });
  const alternatives = alternativesOf(move.error);
  const startError = move.error ? fieldErrorOf(move.error, "start") : null;
  const moveTo = (start: Date) => move.mutate({ id: a.id, start, version: a.version });

  return (
    <section
      className="flex flex-col gap-3 border-t border-slate-100 pt-4"
      aria-label={t("appointment.reschedule")}
    >
      <h3 className="text-sm font-semibold text-slate-900">{t("appointment.reschedule")}</h3>
      <TextField
        type="date"
        label={t("appointment.reschedule.date")}
        value={date}
        onChange={(e) => e.target.value && setDate(e.target.value)}
        containerClassName="max-w-48"
      />
      <OtherTimes
        error={move.error}
        timeZone={timeZone}
        pending={move.isPending}
        onPick={(alt) => moveTo(alt.start)}
      />
      {move.error && !alternatives && (
        <Alert tone="error">{startError ?? errorMessage(move.error, t("ui.error.unknown"))}</Alert>
      )}
      <p className="text-xs text-slate-500">{t("calendar.zone", { zone: timeZone })}</p>
      {slots.isPending ? (
        <LoadingState />
      ) : slots.isError ? (
        <QueryError error={slots.error} onRetry={() => void slots.refetch()} />
      ) : slots.data.slots.length === 0 ? (
        <p className="text-sm text-slate-500">{t("appointment.reschedule.none")}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {slots.data.slots.map((s) => (
            <Button
              key={s.start.toISOString()}
              size="sm"
              variant="secondary"
              disabled={move.isPending}
              onClick={() => moveTo(s.start)}
            >
              {fmt.time(s.start)}
            </Button>
          ))}
        </div>
      )}
      <div className="flex justify-end">
        <Button variant="ghost" size="sm" onClick={onCancel}>
          {t("ui.cancel")}
        </Button>
      </div>
    </section>
  );
}

function CancelForm({
  appointment: a,
  onDone,
  onCancel,
}: {
  appointment: Detail;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const cancel = trpc.appointment.cancel.useMutation({ onSuccess: onDone });
  return (
    <form
      className="flex flex-col gap-3 border-t border-slate-100 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) {
          setError(t("appointment.cancel.required"));
          return;
        }
        cancel.mutate({ id: a.id, reason: reason.trim(), version: a.version });
      }}
    >
      <TextAreaField
        label={t("appointment.cancel.reason")}
        value={reason}
        rows={2}
        maxLength={500}
        onChange={(e) => {
          setReason(e.target.value);
          setError(null);
        }}
        error={
          error ?? (cancel.error ? (fieldErrorOf(cancel.error, "reason") ?? undefined) : undefined)
        }
      />
      {cancel.error && !fieldErrorOf(cancel.error, "reason") && (
        <Alert tone="error">{errorMessage(cancel.error, t("ui.error.unknown"))}</Alert>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={onCancel} disabled={cancel.isPending}>
          {t("appointment.keep")}
        </Button>
        <Button type="submit" variant="danger" size="sm" loading={cancel.isPending}>
          {t("appointment.cancel.submit")}
        </Button>
      </div>
    </form>
  );
}
