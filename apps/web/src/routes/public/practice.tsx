// The public practice page (/p/:slug): who the practice is, what it offers, and self-booking
// without an account — service → doctor (or any) → day → time → details → confirmation.
import type { RouterOutputs } from "@caredesk/api";
import {
  type Alternative,
  alternativesOf,
  applyServerErrors,
  errorCode,
  trpc,
} from "@caredesk/client";
import { PublicBookingDetails } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  FormatLocale,
  LoadingState,
  NotFoundPage,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { Avatar } from "../../components/avatar";
import { OtherTimes } from "../../components/other-times";
import { QueryError } from "../../components/query-error";
import { ServiceDoctorFields, doctorLabel } from "../../components/service-doctor-fields";
import { SlotPicker } from "../../components/slot-picker";
import { newIdempotencyKey } from "../../lib/booking";
import { formatMoney } from "../../lib/money";
import { todayIn, zonedFormat } from "../../lib/zoned";

const route = getRouteApi("/p/$slug");

type Practice = RouterOutputs["public"]["practice"];
type Slot = RouterOutputs["public"]["availability"]["slots"][number];
type Booked = RouterOutputs["public"]["book"];

export function PublicPracticePage() {
  const { slug } = route.useParams();
  const practice = trpc.public.practice.useQuery({ slug }, { retry: false });

  if (practice.isPending) return <LoadingState />;
  if (practice.isError) {
    return errorCode(practice.error) === "NOT_FOUND" ? (
      <NotFoundPage title="public.notFound.title" body="public.notFound.body" />
    ) : (
      <main className="mx-auto max-w-5xl p-6">
        <QueryError error={practice.error} onRetry={() => void practice.refetch()} />
      </main>
    );
  }
  // Dates, times and prices as the practice writes them.
  return (
    <FormatLocale tag={practice.data.locale}>
      <PracticeView practice={practice.data} slug={slug} />
    </FormatLocale>
  );
}

/** The coming week's hours, from the doctors' schedules and the practice's holidays. */
function OpeningHours({ practice }: { practice: Practice }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, practice.timeZone), [tag, practice.timeZone]);
  return (
    <Card
      title={t("public.hours")}
      description={t("public.hours.lead", { zone: practice.timeZone })}
    >
      <dl
        className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm"
        aria-label={t("public.hours")}
      >
        {practice.openingHours.map((day, i) => (
          <div key={day.date} className="contents" data-testid="opening-day" data-date={day.date}>
            <dt className={i === 0 ? "font-semibold text-slate-900" : "text-slate-600"}>
              {i === 0 ? `${t("public.hours.today")} · ` : ""}
              {fmt.shortDay(day.date)}
            </dt>
            <dd className="text-slate-900 tabular-nums">
              {day.open.length === 0 ? (
                <span className="text-slate-500">{t("public.hours.closed")}</span>
              ) : (
                day.open.map((o) => `${fmt.time(o.start)} – ${fmt.time(o.end)}`).join(", ")
              )}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function PracticeView({ practice, slug }: { practice: Practice; slug: string }) {
  const { t, tag } = useI18n();
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 p-4 sm:p-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold text-slate-900">{practice.name}</h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <Badge tone="brand">{t(`org.kind.${practice.kind}`)}</Badge>
          {practice.departments.length > 0 && (
            <span aria-label={t("public.departments")}>
              {practice.departments.map((d) => d.name).join(" · ")}
            </span>
          )}
        </p>
      </header>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <div className="flex flex-col gap-6">
          <Card title={t("public.services")}>
            {practice.services.length === 0 ? (
              <EmptyState title={t("public.noServices")} />
            ) : (
              <ul className="divide-y divide-slate-100" aria-label={t("public.services")}>
                {practice.services.map((s) => (
                  <li key={s.id} className="flex items-center justify-between gap-3 py-2">
                    <span className="flex items-center gap-2">
                      <span
                        aria-hidden="true"
                        className="h-3 w-3 rounded-full"
                        style={{ backgroundColor: s.colour }}
                      />
                      <span className="font-medium text-slate-900">{s.name}</span>
                    </span>
                    <span className="text-sm text-slate-600 tabular-nums">
                      {t("portalBook.minutes", { minutes: s.durationMinutes })} ·{" "}
                      {formatMoney(s.priceMinor, practice.currency, tag)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <OpeningHours practice={practice} />
          <Card title={t("public.doctors")}>
            {practice.practitioners.length === 0 ? (
              <EmptyState title={t("public.noDoctors")} />
            ) : (
              <ul className="divide-y divide-slate-100" aria-label={t("public.doctors")}>
                {practice.practitioners.map((p) => (
                  <li key={p.resourceId} className="flex items-center gap-3 py-2">
                    <Avatar slug={slug} fileId={p.photoFileId} name={p.name} />
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{doctorLabel(p)}</p>
                      {p.specialization && (
                        <p className="text-sm text-slate-600">{p.specialization}</p>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <BookingWidget practice={practice} slug={slug} />
      </div>
    </main>
  );
}

function BookingWidget({ practice, slug }: { practice: Practice; slug: string }) {
  const { t, tag } = useI18n();
  const { timeZone } = practice;
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const [serviceId, setServiceId] = useState("");
  const [doctor, setDoctor] = useState("any");
  const [week, setWeek] = useState(() => todayIn(timeZone));
  const [slot, setSlot] = useState<Slot | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);

  const search = trpc.public.availability.useQuery(
    {
      slug,
      serviceId,
      practitionerResourceId: doctor === "any" ? null : doctor,
      fromDate: week,
      days: 7,
      limit: 500,
    },
    { enabled: serviceId !== "" },
  );

  if (booked) {
    return (
      <Card title={t("public.done.title")}>
        <div className="flex flex-col gap-3" data-testid="public-booked">
          <Alert tone="success">
            {t("public.done.body", {
              service: booked.serviceName,
              time: fmt.dateTime(booked.startsAt),
            })}
          </Alert>
          <dl className="grid grid-cols-[7rem_1fr] gap-y-1.5 text-sm">
            <dt className="text-slate-500">{t("public.done.reference")}</dt>
            <dd className="font-mono font-medium text-slate-900">{booked.reference}</dd>
          </dl>
          <p className="text-sm text-slate-600">{t("public.done.status")}</p>
          <p className="text-xs text-slate-500">{t("calendar.zone", { zone: timeZone })}</p>
          <div>
            <Button
              variant="secondary"
              onClick={() => {
                setBooked(null);
                setSlot(null);
                void search.refetch();
              }}
            >
              {t("public.done.again")}
            </Button>
          </div>
        </div>
      </Card>
    );
  }

  return (
    <Card title={t("public.book.title")} description={t("calendar.zone", { zone: timeZone })}>
      {practice.services.length === 0 ? (
        <EmptyState title={t("public.noServices")} />
      ) : (
        <div className="flex flex-col gap-5">
          <p className="text-sm text-slate-600">{t("public.book.lead")}</p>
          <ServiceDoctorFields
            offer={practice}
            serviceId={serviceId}
            doctor={doctor}
            onServiceChange={(id) => {
              setServiceId(id);
              setSlot(null);
            }}
            onDoctorChange={(d) => {
              setDoctor(d);
              setSlot(null);
            }}
          />
          {serviceId && !slot && (
            <SlotPicker
              timeZone={timeZone}
              week={week}
              onWeekChange={setWeek}
              query={search}
              selected={slot}
              onSelect={setSlot}
            />
          )}
          {serviceId && slot && (
            <DetailsForm
              practice={practice}
              slug={slug}
              serviceId={serviceId}
              doctor={doctor === "any" ? null : doctor}
              slot={slot}
              onChangeTime={() => setSlot(null)}
              onPick={(a) => setSlot({ start: a.start, end: a.end, resourceIds: a.resourceIds })}
              onBooked={setBooked}
            />
          )}
        </div>
      )}
    </Card>
  );
}

function DetailsForm({
  practice,
  slug,
  serviceId,
  doctor,
  slot,
  onChangeTime,
  onPick,
  onBooked,
}: {
  practice: Practice;
  slug: string;
  serviceId: string;
  doctor: string | null;
  slot: Slot;
  onChangeTime: () => void;
  onPick: (alternative: Alternative) => void;
  onBooked: (booked: Booked) => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, practice.timeZone), [tag, practice.timeZone]);
  const utils = trpc.useUtils();
  // One key per chosen time: a double submit books once, a new time is a new booking.
  const [key, setKey] = useState(newIdempotencyKey);
  const [formError, setFormError] = useState<string | null>(null);
  const book = trpc.public.book.useMutation();
  const form = useForm({
    resolver: zodResolver(PublicBookingDetails),
    defaultValues: { firstName: "", lastName: "", mobile: "", email: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const service = practice.services.find((s) => s.id === serviceId);
  const doctorName =
    practice.practitioners.find((p) => slot.resourceIds.includes(p.resourceId))?.name ?? null;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const booked = await book.mutateAsync({
        ...values,
        slug,
        serviceId,
        practitionerResourceId: doctor,
        start: slot.start,
        idempotencyKey: key,
      });
      void utils.public.availability.invalidate();
      onBooked(booked);
    } catch (error) {
      if (alternativesOf(error)) return;
      setFormError(
        applyServerErrors(
          error,
          form.setError,
          ["firstName", "lastName", "mobile", "email"],
          t("ui.error.network"),
        ),
      );
    }
  });

  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-[6rem_1fr] gap-y-1.5 rounded-lg bg-slate-50 p-3 text-sm">
        <dt className="text-slate-500">{t("appointment.service")}</dt>
        <dd className="font-medium text-slate-900">{service?.name}</dd>
        <dt className="text-slate-500">{t("portalBook.doctor")}</dt>
        <dd className="font-medium text-slate-900">{doctorName ?? t("portalBook.anyDoctor")}</dd>
        <dt className="text-slate-500">{t("appointment.when")}</dt>
        <dd className="font-medium text-slate-900" data-testid="public-chosen-time">
          {fmt.dateTime(slot.start)}
        </dd>
      </dl>
      <OtherTimes
        error={book.error}
        timeZone={practice.timeZone}
        pending={book.isPending}
        onPick={(alternative) => {
          // The details typed stay; the offered time is a new booking attempt.
          book.reset();
          setKey(newIdempotencyKey());
          onPick(alternative);
        }}
      />
      {/* Set only for refusals that offer no other times (see onSubmit). */}
      {formError && <Alert tone="error">{formError}</Alert>}
      <form
        noValidate
        onSubmit={onSubmit}
        className="flex flex-col gap-4"
        aria-label={t("public.book.details")}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t("public.book.firstName")}
            autoComplete="given-name"
            error={errors.firstName?.message}
            {...form.register("firstName")}
          />
          <TextField
            label={t("public.book.lastName")}
            autoComplete="family-name"
            error={errors.lastName?.message}
            {...form.register("lastName")}
          />
        </div>
        <TextField
          label={t("public.book.mobile")}
          type="tel"
          autoComplete="tel"
          description={t("public.book.mobileHint")}
          error={errors.mobile?.message}
          {...form.register("mobile")}
        />
        <TextField
          label={t("public.book.email")}
          type="email"
          autoComplete="email"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <div className="flex flex-wrap justify-between gap-2">
          <Button type="button" variant="ghost" onClick={onChangeTime}>
            {t("public.book.change")}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t("public.book.submit")}
          </Button>
        </div>
      </form>
    </div>
  );
}
