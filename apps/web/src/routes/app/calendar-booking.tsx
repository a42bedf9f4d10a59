// Booking from an empty calendar slot: find the patient as you type, pick the service, book.
// One idempotency key per opening, so a double click or a retry never books twice.
import {
  type Alternative,
  alternativesOf,
  errorMessage,
  fieldErrorOf,
  trpc,
} from "@caredesk/client";
import {
  Alert,
  Button,
  cn,
  Dialog,
  SelectField,
  Spinner,
  TextAreaField,
  TextField,
  useDebouncedValue,
  useI18n,
} from "@caredesk/ui";
import type { RouterOutputs } from "@caredesk/api";
import { keepPreviousData } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { OtherTimes } from "../../components/other-times";
import { newIdempotencyKey } from "../../lib/booking";
import { zonedFormat } from "../../lib/zoned";

/** A column of the calendar: a doctor or a room. */
export interface CalendarResource {
  id: string;
  name: string;
  kind: "practitioner" | "room";
  departmentId: string | null;
}

export interface BookingTarget {
  resource: CalendarResource;
  start: Date;
}

type Service = RouterOutputs["service"]["list"]["items"][number];

/** The services a column can give: a doctor only those of their department (or of none). */
export function eligibleServices<S extends Pick<Service, "requirements">>(
  services: readonly S[],
  resource: CalendarResource,
): S[] {
  return services.filter(
    (s) =>
      resource.kind !== "practitioner" ||
      s.requirements
        .filter((r) => r.kind === "practitioner")
        .every((r) => !r.departmentId || r.departmentId === resource.departmentId),
  );
}

export function BookingDialog({
  target,
  timeZone,
  onClose,
  onBooked,
}: {
  target: BookingTarget;
  timeZone: string;
  onClose: () => void;
  onBooked: () => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [start, setStart] = useState(target.start);
  const [resourceIds, setResourceIds] = useState([target.resource.id]);
  const [query, setQuery] = useState("");
  const [patient, setPatient] = useState<{ id: string; name: string } | null>(null);
  const [serviceId, setServiceId] = useState("");
  const [notes, setNotes] = useState("");
  const [missing, setMissing] = useState<{ patient?: string; service?: string }>({});
  const search = useDebouncedValue(query.trim(), 250);

  const patients = trpc.patient.list.useQuery(
    { search: search || undefined, limit: 8 },
    // The last results stay under the pointer while the next search runs, so a click
    // aimed at a name never lands on a loading row instead.
    { enabled: patient === null, placeholderData: keepPreviousData },
  );
  const services = trpc.service.list.useQuery({ limit: 100 });
  // Only services whose notice this start still meets: the others would be refused.
  const [openedAt] = useState(Date.now);
  const eligible = eligibleServices(services.data?.items ?? [], target.resource).filter(
    (s) => start.getTime() >= openedAt + s.minNoticeMinutes * 60_000,
  );
  const serviceRef = useRef<HTMLSelectElement>(null);

  const book = trpc.appointment.book.useMutation({
    onSuccess: () => {
      onBooked();
      onClose();
    },
  });
  const alternatives = alternativesOf(book.error);
  // With other times offered, the alert already says why the start was refused.
  const startError = book.error && !alternatives ? fieldErrorOf(book.error, "start") : null;

  const submit = (at: Date = start, ids: string[] = resourceIds, key = idempotencyKey) => {
    const problems = {
      ...(patient ? {} : { patient: t("booking.patient.required") }),
      ...(serviceId ? {} : { service: t("booking.service.required") }),
    };
    setMissing(problems);
    if (!patient || !serviceId) return;
    book.mutate({
      patientId: patient.id,
      serviceId,
      start: at,
      resourceIds: ids,
      idempotencyKey: key,
      kind: "in_person",
      notes: notes.trim() || null,
    });
  };

  const pickAlternative = (alternative: Alternative) => {
    // A different request: a new key, the alternative's own resources.
    const key = newIdempotencyKey();
    setIdempotencyKey(key);
    setStart(alternative.start);
    setResourceIds(alternative.resourceIds.length > 0 ? alternative.resourceIds : resourceIds);
    submit(alternative.start, alternative.resourceIds, key);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={t("booking.title")}
      description={t("booking.with", {
        resource: target.resource.name,
        time: fmt.dateTime(start),
        zone: timeZone,
      })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={book.isPending}>
            {t("ui.cancel")}
          </Button>
          <Button onClick={() => submit()} loading={book.isPending}>
            {t("booking.submit")}
          </Button>
        </>
      }
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <OtherTimes
          error={book.error}
          timeZone={timeZone}
          pending={book.isPending}
          onPick={pickAlternative}
        />
        {book.error && !alternatives && !startError && (
          <Alert tone="error">{errorMessage(book.error, t("ui.error.unknown"))}</Alert>
        )}

        <div className="flex flex-col gap-1.5">
          {patient ? (
            <div className="flex items-center justify-between gap-3 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2">
              <div>
                <p className="text-xs font-medium text-slate-500">{t("booking.patient")}</p>
                <p className="text-sm font-semibold text-slate-900" data-testid="booking-patient">
                  {patient.name}
                </p>
              </div>
              <Button variant="ghost" size="sm" onClick={() => setPatient(null)}>
                {t("booking.patient.change")}
              </Button>
            </div>
          ) : (
            <>
              <TextField
                label={t("booking.patientSearch")}
                description={t("booking.patientSearch.hint")}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                error={missing.patient}
                autoFocus
                autoComplete="off"
              />
              <ul
                aria-label={t("booking.patient.results")}
                className="max-h-48 overflow-y-auto rounded-lg border border-slate-200"
              >
                {patients.isPending ? (
                  <li className="flex items-center gap-2 px-3 py-2 text-sm text-slate-500">
                    <Spinner /> {t("ui.loading")}
                  </li>
                ) : patients.isError ? (
                  <li className="px-3 py-2 text-sm text-red-700">
                    {errorMessage(patients.error, t("ui.error.network"))}
                  </li>
                ) : patients.data.items.length === 0 ? (
                  <li className="px-3 py-2 text-sm text-slate-500">{t("booking.patient.none")}</li>
                ) : (
                  patients.data.items.map((p) => (
                    <li key={p.id} className="border-b border-slate-100 last:border-0">
                      <button
                        type="button"
                        className="flex w-full items-center justify-between gap-3 px-3 py-2 text-start text-sm hover:bg-slate-50 focus:bg-brand-50 focus:outline-none"
                        onClick={() => {
                          setPatient({ id: p.id, name: `${p.firstName} ${p.lastName}` });
                          setMissing((m) => ({ ...m, patient: undefined }));
                          // The search field goes away: keep keyboard focus in the form.
                          requestAnimationFrame(() => serviceRef.current?.focus());
                        }}
                      >
                        <span className="font-medium text-slate-900">
                          {p.firstName} {p.lastName}
                        </span>
                        <span className="text-xs text-slate-500 tabular-nums">{p.mobile}</span>
                      </button>
                    </li>
                  ))
                )}
              </ul>
            </>
          )}
        </div>

        <SelectField
          ref={serviceRef}
          label={t("booking.service")}
          value={serviceId}
          onChange={(e) => setServiceId(e.target.value)}
          placeholder={services.isPending ? t("ui.loading") : t("booking.service.choose")}
          error={missing.service}
          options={eligible.map((s) => ({
            value: s.id,
            label: t("booking.service.option", { name: s.name, minutes: s.durationMinutes }),
          }))}
        />

        <div
          className={cn(
            "rounded-lg border px-3 py-2",
            startError ? "border-red-300 bg-red-50" : "border-slate-200",
          )}
        >
          <p className="text-xs font-medium text-slate-500">{t("booking.start")}</p>
          <p className="text-sm font-semibold text-slate-900">
            {fmt.dateTime(start)} <span className="font-normal text-slate-500">({timeZone})</span>
          </p>
          {startError && <p className="mt-1 text-sm text-red-700">{startError}</p>}
        </div>

        <TextAreaField
          label={t("booking.notes")}
          value={notes}
          rows={2}
          maxLength={2000}
          onChange={(e) => setNotes(e.target.value)}
        />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
