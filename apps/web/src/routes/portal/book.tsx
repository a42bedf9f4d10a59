// Self-booking in the portal: service → doctor (or any) → day → time → confirm, and the
// patient's own appointments with cancel and reschedule. Every time is the practice's clock.
// Made for a phone: services are cards with their whole price, and picking a time brings the
// confirm button into view with focus on it.
import type { RouterOutputs } from "@caredesk/api";
import {
  type Alternative,
  alternativesOf,
  errorMessage,
  fieldErrorOf,
  trpc,
} from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  cn,
  EmptyState,
  LoadingState,
  PageHeader,
  SelectField,
  TextAreaField,
  useI18n,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { OtherTimes } from "../../components/other-times";
import { QueryError } from "../../components/query-error";
import { type BookableOffer, doctorLabel } from "../../components/service-doctor-fields";
import { SlotPicker } from "../../components/slot-picker";
import { newIdempotencyKey } from "../../lib/booking";
import { formatMoney } from "../../lib/money";
import { useWorkspace } from "../../lib/workspace";
import { useNow, todayIn, zonedFormat } from "../../lib/zoned";
import { statusLabel, statusTone } from "../app/calendar-appointment";
import { PayForConsultation } from "./pay";

type Slot = RouterOutputs["availability"]["search"]["slots"][number];
type Mine = RouterOutputs["appointment"]["mine"][number];

export function PortalBookPage() {
  const { t, tag } = useI18n();
  const { organization } = useWorkspace();
  const timeZone = organization?.timeZone ?? "UTC";
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const utils = trpc.useUtils();
  const catalog = trpc.availability.catalog.useQuery();
  const [serviceId, setServiceId] = useState("");
  const [doctor, setDoctor] = useState("any");
  const [week, setWeek] = useState(() => todayIn(timeZone));
  const [slot, setSlot] = useState<Slot | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [booked, setBooked] = useState<string | null>(null);
  const [kind, setKind] = useState<"in_person" | "video">("in_person");
  // A video consultation booked pending: paid next, on this page.
  const [toPay, setToPay] = useState<string | null>(null);
  // Bumped when the patient picks a time: the confirm step then comes into view with focus.
  const [picked, setPicked] = useState(0);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const summaryId = useId();

  const search = trpc.availability.search.useQuery(
    {
      serviceId,
      practitionerResourceId: doctor === "any" ? null : doctor,
      fromDate: week,
      days: 7,
      limit: 500,
    },
    { enabled: serviceId !== "" },
  );
  const book = trpc.appointment.bookMine.useMutation({
    onSuccess: (appointment) => {
      const booking = {
        service: catalog.data?.services.find((s) => s.id === appointment.serviceId)?.name ?? "",
        time: fmt.dateTime(appointment.startsAt),
      };
      const payNow = appointment.status === "pending" && appointment.kind === "video";
      setToPay(payNow ? appointment.id : null);
      setBooked(t(payNow ? "pay.booked" : "portalBook.booked", booking));
      setSlot(null);
      setKey(newIdempotencyKey());
      void utils.appointment.mine.invalidate();
      void utils.availability.search.invalidate();
    },
  });
  const alternatives = alternativesOf(book.error);

  useEffect(() => {
    const button = confirmRef.current;
    if (picked === 0 || !button) return;
    // Beside the times on a wide screen it is already in view; on a phone it is far below.
    const box = button.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      button.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    }
    button.focus({ preventScroll: true });
  }, [picked]);

  const confirm = (chosen: { start: Date; resourceIds: string[] }, idempotencyKey = key) => {
    setBooked(null);
    setToPay(null);
    book.mutate({
      serviceId,
      start: chosen.start,
      resourceIds: chosen.resourceIds,
      idempotencyKey,
      kind,
    });
  };
  const pickAlternative = (alternative: Alternative) => {
    const fresh = newIdempotencyKey();
    setKey(fresh);
    setSlot({
      start: alternative.start,
      end: alternative.end,
      resourceIds: alternative.resourceIds,
    });
    confirm(alternative, fresh);
  };

  const doctorName = (ids: string[]) =>
    catalog.data?.practitioners.find((p) => ids.includes(p.resourceId))?.name ?? null;
  const service = catalog.data?.services.find((s) => s.id === serviceId);

  return (
    <>
      <PageHeader
        title={t("portalBook.title")}
        description={t("portalBook.lead", { zone: timeZone })}
        actions={
          <Link to="/portal" className="text-sm font-medium text-brand-700 hover:underline">
            {t("portalBook.back")}
          </Link>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <Card title={t("portalBook.choose")} description={t("calendar.zone", { zone: timeZone })}>
          {catalog.isPending ? (
            <LoadingState />
          ) : catalog.isError ? (
            <QueryError error={catalog.error} onRetry={() => void catalog.refetch()} />
          ) : catalog.data.services.length === 0 ? (
            <EmptyState title={t("portalBook.noServices")} />
          ) : (
            <div className="flex flex-col gap-5">
              <ServicePicker
                offer={catalog.data}
                serviceId={serviceId}
                onChange={(id) => {
                  setServiceId(id);
                  setSlot(null);
                }}
              />
              <SelectField
                label={t("pay.kind")}
                value={kind}
                containerClassName="sm:max-w-sm"
                onChange={(e) => setKind(e.target.value === "video" ? "video" : "in_person")}
                options={[
                  { value: "in_person", label: t("pay.kind.in_person") },
                  { value: "video", label: t("pay.kind.video") },
                ]}
              />
              <SelectField
                label={t("portalBook.doctor")}
                value={doctor}
                containerClassName="sm:max-w-sm"
                onChange={(e) => {
                  setDoctor(e.target.value);
                  setSlot(null);
                }}
                options={[
                  { value: "any", label: t("portalBook.anyDoctor") },
                  ...catalog.data.practitioners.map((p) => ({
                    value: p.resourceId,
                    label: doctorLabel(p),
                  })),
                ]}
              />
              {serviceId && (
                <SlotPicker
                  timeZone={timeZone}
                  week={week}
                  onWeekChange={setWeek}
                  query={search}
                  selected={slot}
                  onSelect={(s) => {
                    setSlot(s);
                    setBooked(null);
                    book.reset();
                    setPicked((n) => n + 1);
                  }}
                />
              )}
            </div>
          )}
        </Card>

        <Card title={t("portalBook.confirm")}>
          <div className="flex flex-col gap-3">
            {booked && <Alert tone="success">{booked}</Alert>}
            {toPay && (
              <PayForConsultation
                appointmentId={toPay}
                onPaid={() => {
                  setToPay(null);
                  setBooked(t("pay.paid"));
                }}
              />
            )}
            <OtherTimes
              error={book.error}
              timeZone={timeZone}
              pending={book.isPending}
              onPick={pickAlternative}
            />
            {book.error && !alternatives && (
              <Alert tone="error">
                {fieldErrorOf(book.error, "start") ??
                  errorMessage(book.error, t("ui.error.unknown"))}
              </Alert>
            )}
            {slot && service ? (
              <>
                <dl id={summaryId} className="grid grid-cols-[6rem_1fr] gap-y-1.5 text-sm">
                  <dt className="text-slate-500">{t("appointment.service")}</dt>
                  <dd className="font-medium text-slate-900">{service.name}</dd>
                  <dt className="text-slate-500">{t("portalBook.doctor")}</dt>
                  <dd className="font-medium text-slate-900">
                    {doctorName(slot.resourceIds) ?? t("portalBook.anyDoctor")}
                  </dd>
                  <dt className="text-slate-500">{t("appointment.when")}</dt>
                  <dd className="font-medium text-slate-900" data-testid="portal-chosen-time">
                    {fmt.dateTime(slot.start)}
                  </dd>
                </dl>
                <p className="text-xs text-slate-500">{t("calendar.zone", { zone: timeZone })}</p>
                <Button
                  ref={confirmRef}
                  loading={book.isPending}
                  aria-describedby={summaryId}
                  className="scroll-my-6"
                  onClick={() => confirm(slot)}
                >
                  {t("portalBook.submit")}
                </Button>
              </>
            ) : (
              !booked && <p className="text-sm text-slate-500">{t("portalBook.pickSlot")}</p>
            )}
          </div>
        </Card>
      </div>
      <MyAppointments timeZone={timeZone} />
    </>
  );
}

/** Services as cards: the whole name, duration and price, never cut off on a phone. */
function ServicePicker({
  offer,
  serviceId,
  onChange,
}: {
  offer: BookableOffer;
  serviceId: string;
  onChange: (serviceId: string) => void;
}) {
  const { t, tag } = useI18n();
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium text-slate-700">
        {t("portalBook.service")}
      </legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {offer.services.map((s) => (
          <label
            key={s.id}
            data-testid="service-option"
            className={cn(
              "flex min-h-11 cursor-pointer items-start justify-between gap-3 rounded-lg border px-3 py-2.5 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
              serviceId === s.id
                ? "border-brand-600 bg-brand-50"
                : "border-slate-300 hover:border-slate-400",
            )}
          >
            <span className="flex min-w-0 items-start gap-2.5">
              <input
                type="radio"
                name="portal-service"
                value={s.id}
                checked={serviceId === s.id}
                onChange={() => onChange(s.id)}
                className="mt-0.5 size-4 shrink-0 accent-brand-600"
              />
              <span className="min-w-0">
                <span className="block font-medium break-words text-slate-900">{s.name}</span>
                <span className="block text-xs text-slate-500">
                  {t("portalBook.minutes", { minutes: s.durationMinutes })}
                </span>
              </span>
            </span>
            <span
              data-testid="service-price"
              className="shrink-0 font-semibold whitespace-nowrap text-slate-900 tabular-nums"
            >
              {formatMoney(s.priceMinor, offer.currency, tag)}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function MyAppointments({ timeZone }: { timeZone: string }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const mine = trpc.appointment.mine.useQuery();
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const [paying, setPaying] = useState<string | null>(null);
  const now = useNow();
  const upcoming = (mine.data ?? []).filter((a) => a.endsAt.getTime() >= now);

  return (
    <Card
      title={t("portalBook.mine.title")}
      description={t("calendar.zone", { zone: timeZone })}
      className="mt-6"
    >
      {mine.isPending ? (
        <LoadingState />
      ) : mine.isError ? (
        <QueryError error={mine.error} onRetry={() => void mine.refetch()} />
      ) : upcoming.length === 0 ? (
        <EmptyState title={t("portalBook.mine.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label={t("portalBook.mine.title")}>
          {upcoming.map((a) => (
            <li key={a.id} className="flex flex-col gap-3 py-3" data-testid="my-appointment">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="flex items-center gap-3">
                  <span
                    aria-hidden="true"
                    className="h-10 w-1.5 rounded-full"
                    style={{ backgroundColor: a.colour }}
                  />
                  <div>
                    <p className="font-medium text-slate-900">{a.serviceName}</p>
                    <p className="text-sm text-slate-600">{fmt.range(a.startsAt, a.endsAt)}</p>
                  </div>
                  <Badge tone={statusTone[a.status]}>{t(statusLabel[a.status])}</Badge>
                </div>
                {(a.status === "confirmed" || a.status === "pending") && (
                  <div className="flex gap-2">
                    {a.status === "pending" && a.kind === "video" && (
                      <Button size="sm" onClick={() => setPaying(a.id === paying ? null : a.id)}>
                        {t("pay.action")}
                      </Button>
                    )}
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => {
                        setMoving(a.id === moving ? null : a.id);
                        setCancelling(null);
                      }}
                    >
                      {t("appointment.reschedule")}
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        setCancelling(a.id === cancelling ? null : a.id);
                        setMoving(null);
                      }}
                    >
                      {t("portalBook.mine.cancel")}
                    </Button>
                  </div>
                )}
              </div>
              {paying === a.id && (
                <PayForConsultation appointmentId={a.id} onPaid={() => setPaying(null)} />
              )}
              {cancelling === a.id && (
                <CancelMine appointment={a} onDone={() => setCancelling(null)} />
              )}
              {moving === a.id && (
                <RescheduleMine
                  appointment={a}
                  timeZone={timeZone}
                  onDone={() => setMoving(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function CancelMine({ appointment, onDone }: { appointment: Mine; onDone: () => void }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const cancel = trpc.appointment.cancelMine.useMutation({
    onSuccess: () => {
      void utils.appointment.mine.invalidate();
      onDone();
    },
  });
  return (
    <form
      className="flex flex-col gap-2 rounded-lg bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return setMissing(true);
        cancel.mutate({ id: appointment.id, reason: reason.trim() });
      }}
    >
      <TextAreaField
        label={t("appointment.cancel.reason")}
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setMissing(false);
        }}
        error={missing ? t("appointment.cancel.required") : undefined}
      />
      {cancel.error && (
        <Alert tone="error">{errorMessage(cancel.error, t("ui.error.unknown"))}</Alert>
      )}
      <div className="flex justify-end">
        <Button type="submit" size="sm" variant="danger" loading={cancel.isPending}>
          {t("appointment.cancel.submit")}
        </Button>
      </div>
    </form>
  );
}

function RescheduleMine({
  appointment,
  timeZone,
  onDone,
}: {
  appointment: Mine;
  timeZone: string;
  onDone: () => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const utils = trpc.useUtils();
  const [week, setWeek] = useState(() => todayIn(timeZone));
  const [chosen, setChosen] = useState<Slot | null>(null);
  // Times with the same doctor (moving keeps the appointment's resources); its own time
  // counts as free, so a small shift is offered too.
  const slots = trpc.appointment.rescheduleOptionsMine.useQuery({
    id: appointment.id,
    fromDate: week,
    days: 7,
    limit: 500,
  });
  const move = trpc.appointment.rescheduleMine.useMutation({
    onSuccess: () => {
      void utils.appointment.mine.invalidate();
      onDone();
    },
  });
  const alternatives = alternativesOf(move.error);
  const moveTo = (start: Date) =>
    move.mutate({ id: appointment.id, start, version: appointment.version });
  return (
    <div className="flex flex-col gap-3 rounded-lg bg-slate-50 p-3">
      <p className="text-sm font-medium text-slate-800">{t("portalBook.reschedule.title")}</p>
      <SlotPicker
        timeZone={timeZone}
        week={week}
        onWeekChange={(w) => {
          setWeek(w);
          setChosen(null);
        }}
        query={slots}
        selected={chosen}
        onSelect={(s) => {
          setChosen(s);
          move.reset();
        }}
      />
      <OtherTimes
        error={move.error}
        timeZone={timeZone}
        pending={move.isPending}
        onPick={(a) => moveTo(a.start)}
      />
      {move.error && !alternatives && (
        <Alert tone="error">
          {fieldErrorOf(move.error, "start") ?? errorMessage(move.error, t("ui.error.unknown"))}
        </Alert>
      )}
      {chosen && (
        <div className="flex justify-end">
          <Button size="sm" loading={move.isPending} onClick={() => moveTo(chosen.start)}>
            {t("portalBook.reschedule.submit", { time: fmt.dateTime(chosen.start) })}
          </Button>
        </div>
      )}
    </div>
  );
}
