// The booking island of a practice's public site: service → doctor (or any) → day → time →
// details → confirmation, without an account. It replaces the server-rendered fallback.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { ApiError, mutate, newIdempotencyKey, query, type Booked, type Slot } from "./api";
import { translator, type Translate } from "./messages";
import { parseBookingHash, type BookingIslandProps } from "./props";
import { addDays, formatMoney, localDate, todayIn, zonedFormat } from "./time";

type Fmt = ReturnType<typeof zonedFormat>;

interface Search {
  /** What the answer is for; an answer for another request means "still loading". */
  key: string;
  status: "loading" | "error" | "done";
  slots: Slot[];
}

export function BookingIsland({ props, root }: { props: BookingIslandProps; root: HTMLElement }) {
  const t = useMemo(() => translator(props.lang, props.messages), [props.lang, props.messages]);
  const fmt = useMemo(
    () => zonedFormat(props.formatTag, props.timeZone),
    [props.formatTag, props.timeZone],
  );
  const knownDoctor = (id: string | undefined) =>
    id && props.doctors.some((d) => d.resourceId === id) ? id : undefined;
  const knownService = (id: string | undefined) =>
    id && props.services.some((s) => s.id === id) ? id : undefined;

  // A link's time ("#book?…&start=") is looked for in the week starting on its day (from today).
  const dayOf = (start: Date | undefined) => {
    if (!start) return null;
    const day = localDate(start, props.timeZone);
    return day < todayIn(props.timeZone) ? null : day;
  };
  const initial = parseBookingHash(location.hash);
  const [serviceId, setServiceId] = useState(
    knownService(initial?.serviceId) ??
      knownService(props.preselect?.serviceId) ??
      (props.services.length === 1 ? (props.services[0]?.id ?? "") : ""),
  );
  const [doctor, setDoctor] = useState(
    knownDoctor(initial?.doctor) ?? knownDoctor(props.preselect?.practitionerResourceId) ?? "any",
  );
  const [week, setWeek] = useState(() => dayOf(initial?.start) ?? todayIn(props.timeZone));
  /** The time a link asked for, selected when the answer for its day comes, if it is free. */
  const wanted = useRef<{ start: Date; serviceId: string; doctor: string; week: string }>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  /** A link chose the time: the visitor's details are next, so the first field gets focus. */
  const focusDetails = useRef(false);
  useEffect(() => {
    if (!slot || !focusDetails.current) return;
    focusDetails.current = false;
    root.querySelector<HTMLInputElement>('input[name="firstName"]')?.focus({ preventScroll: true });
  }, [slot, root]);
  const [booked, setBooked] = useState<Booked | null>(null);
  const [answer, setAnswer] = useState<Search>({ key: "", status: "loading", slots: [] });
  const [reload, setReload] = useState(0);
  const searchKey = `${serviceId}|${doctor}|${week}|${reload}`;
  const search: Search =
    answer.key === searchKey ? answer : { key: searchKey, status: "loading", slots: [] };

  // A link on the page ("#book?service=…") chooses the service (and doctor) and brings the
  // booking into view.
  useEffect(() => {
    const onHash = (first: boolean) => {
      const chosen = parseBookingHash(location.hash);
      if (!chosen) return;
      const service = knownService(chosen.serviceId);
      if (service) setServiceId(service);
      const doc = knownDoctor(chosen.doctor);
      if (doc) setDoctor(doc);
      const day = service ? dayOf(chosen.start) : null;
      // A time any doctor may take is looked for among every doctor's.
      if (day && !doc) setDoctor("any");
      wanted.current =
        service && day && chosen.start
          ? { start: chosen.start, serviceId: service, doctor: doc ?? "any", week: day }
          : null;
      if (day) {
        setWeek(day);
        // Read the day's times afresh: the time must still be free (the first read is fresh).
        if (!first) setReload((n) => n + 1);
      }
      setSlot(null);
      setBooked(null);
      root.scrollIntoView({ block: "start" });
      root.querySelector<HTMLElement>("select, button")?.focus({ preventScroll: true });
    };
    const onChange = () => onHash(false);
    if (initial) onHash(true);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- listens once
  }, []);

  useEffect(() => {
    if (!serviceId) return;
    const controller = new AbortController();
    const key = `${serviceId}|${doctor}|${week}|${reload}`;
    query<{ slots: Slot[] }>(
      "public.availability",
      {
        slug: props.slug,
        serviceId,
        practitionerResourceId: doctor === "any" ? null : doctor,
        fromDate: week,
        days: 7,
        limit: 500,
      },
      controller.signal,
    ).then(
      (data) => {
        setAnswer({ key, status: "done", slots: data.slots });
        const want = wanted.current;
        if (want && want.serviceId === serviceId && want.week === week && want.doctor === doctor) {
          wanted.current = null;
          const free = data.slots.find(
            (s) =>
              s.start.getTime() === want.start.getTime() &&
              (doctor === "any" || s.resourceIds.includes(doctor)),
          );
          // Still free: chosen, ready for the visitor's details. Taken: the day's list shows.
          if (free) {
            focusDetails.current = true;
            setSlot(free);
          }
        }
      },
      () => {
        if (!controller.signal.aborted) setAnswer({ key, status: "error", slots: [] });
      },
    );
    return () => controller.abort();
  }, [props.slug, serviceId, doctor, week, reload, root]);

  const service = props.services.find((s) => s.id === serviceId);

  if (booked) {
    return (
      <section className="cd-book" aria-labelledby="cd-book-done">
        <h3 id="cd-book-done" className="cd-book-title">
          {t("book.doneTitle")}
        </h3>
        <div className="cd-book-stack" data-testid="public-booked">
          <p className="cd-book-alert cd-book-alert-ok" role="status">
            {t("book.doneBody", {
              service: booked.serviceName,
              time: fmt.dateTime(booked.startsAt),
            })}
          </p>
          <dl className="cd-book-summary">
            <dt>{t("book.reference")}</dt>
            <dd className="cd-book-ref">{booked.reference}</dd>
          </dl>
          <p className="cd-book-muted">{t("book.doneStatus")}</p>
          <p className="cd-book-muted">{t("book.zone", { zone: props.timeZone })}</p>
          <div>
            <button
              type="button"
              className="cd-book-button cd-book-secondary"
              onClick={() => {
                setBooked(null);
                setSlot(null);
                setReload((n) => n + 1);
              }}
            >
              {t("book.again")}
            </button>
          </div>
        </div>
      </section>
    );
  }

  return (
    // The page's section around the island carries the heading ("Book an appointment").
    <div className="cd-book">
      <p className="cd-book-muted">{t("book.zone", { zone: props.timeZone })}</p>
      {props.services.length === 0 ? (
        <p className="cd-book-empty">{t("book.noServices")}</p>
      ) : (
        <div className="cd-book-stack">
          <div className="cd-book-pair">
            <Select
              label={t("book.service")}
              value={serviceId}
              onChange={(id) => {
                setServiceId(id);
                setSlot(null);
              }}
            >
              <option value="" disabled>
                {t("book.chooseService")}
              </option>
              {props.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {`${s.name} · ${t("book.minutes", { minutes: fmt.number(s.durationMinutes) })} · ${formatMoney(s.priceMinor, props.currency, props.formatTag)}`}
                </option>
              ))}
            </Select>
            <Select
              label={t("book.doctor")}
              value={doctor}
              onChange={(d) => {
                setDoctor(d);
                setSlot(null);
              }}
            >
              <option value="any">{t("book.anyDoctor")}</option>
              {props.doctors.map((d) => (
                <option key={d.resourceId} value={d.resourceId}>
                  {d.name}
                </option>
              ))}
            </Select>
          </div>
          {serviceId && !slot && (
            <SlotPicker
              t={t}
              fmt={fmt}
              lang={props.lang}
              timeZone={props.timeZone}
              week={week}
              onWeekChange={(w) =>
                setWeek(w < todayIn(props.timeZone) ? todayIn(props.timeZone) : w)
              }
              search={search}
              onRetry={() => setReload((n) => n + 1)}
              onSelect={setSlot}
            />
          )}
          {service && slot && (
            <DetailsForm
              t={t}
              fmt={fmt}
              props={props}
              serviceId={service.id}
              serviceName={service.name}
              doctor={doctor === "any" ? null : doctor}
              slot={slot}
              onChangeTime={() => setSlot(null)}
              onPick={setSlot}
              onBooked={(b) => {
                setBooked(b);
                root.scrollIntoView({ block: "start" });
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}

function Select({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="cd-book-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

function SlotPicker({
  t,
  fmt,
  lang,
  timeZone,
  week,
  onWeekChange,
  search,
  onRetry,
  onSelect,
}: {
  t: Translate;
  fmt: Fmt;
  lang: "en" | "ar";
  timeZone: string;
  week: string;
  onWeekChange: (week: string) => void;
  search: Search;
  onRetry: () => void;
  onSelect: (slot: Slot) => void;
}) {
  const [day, setDay] = useState<string | null>(null);
  const byDay = new Map<string, Slot[]>();
  for (const s of search.slots) {
    const d = localDate(s.start, timeZone);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const shownDay = day && byDay.has(day) ? day : (days.find((d) => byDay.has(d)) ?? null);
  const moveWeek = (by: number) => {
    onWeekChange(addDays(week, by));
    setDay(null);
  };
  // Arrows point the way the page reads.
  const [back, forward] = lang === "ar" ? ["›", "‹"] : ["‹", "›"];
  const loading = search.status === "loading";

  return (
    <section aria-label={t("book.day")} className="cd-book-stack">
      <div className="cd-book-week">
        <button
          type="button"
          className="cd-book-button cd-book-ghost"
          disabled={week <= todayIn(timeZone)}
          onClick={() => moveWeek(-7)}
        >
          <span aria-hidden="true">{back}</span> {t("book.prevWeek")}
        </button>
        <span className="cd-book-range">
          {fmt.dayMonth(week)} – {fmt.dayMonth(addDays(week, 6))}
        </span>
        <button type="button" className="cd-book-button cd-book-ghost" onClick={() => moveWeek(7)}>
          {t("book.nextWeek")} <span aria-hidden="true">{forward}</span>
        </button>
      </div>
      {search.status === "error" ? (
        <div className="cd-book-alert cd-book-alert-error" role="alert">
          <p>{t("book.loadError")}</p>
          <button type="button" className="cd-book-button cd-book-secondary" onClick={onRetry}>
            {t("book.retry")}
          </button>
        </div>
      ) : (
        <div aria-busy={loading} className={loading ? "cd-book-loading" : undefined}>
          {loading && (
            <p className="cd-book-muted" role="status">
              {t("book.loading")}
            </p>
          )}
          <div className="cd-book-days" role="group" aria-label={t("book.day")}>
            {days.map((d) => {
              const count = loading ? 0 : (byDay.get(d)?.length ?? 0);
              return (
                <button
                  key={d}
                  type="button"
                  data-date={d}
                  disabled={count === 0}
                  aria-pressed={shownDay === d}
                  onClick={() => setDay(d)}
                  className="cd-book-day"
                >
                  <span className="cd-book-day-name">{fmt.weekday(d)}</span>
                  <span className="cd-book-day-date">{fmt.dayMonth(d)}</span>
                  <span className="cd-book-day-count">
                    {t("book.free", { count: fmt.number(count) })}
                  </span>
                </button>
              );
            })}
          </div>
          {!loading &&
            (shownDay ? (
              <div className="cd-book-times" role="group" aria-label={t("book.times")}>
                {(byDay.get(shownDay) ?? []).map((s) => (
                  <button
                    key={s.start.toISOString()}
                    type="button"
                    className="cd-book-time"
                    onClick={() => onSelect(s)}
                  >
                    {fmt.time(s.start)}
                  </button>
                ))}
              </div>
            ) : (
              <p className="cd-book-muted">{t("book.noSlots")}</p>
            ))}
        </div>
      )}
    </section>
  );
}

type FieldName = "firstName" | "lastName" | "mobile" | "email";
const fieldNames: FieldName[] = ["firstName", "lastName", "mobile", "email"];

function DetailsForm({
  t,
  fmt,
  props,
  serviceId,
  serviceName,
  doctor,
  slot,
  onChangeTime,
  onPick,
  onBooked,
}: {
  t: Translate;
  fmt: Fmt;
  props: BookingIslandProps;
  serviceId: string;
  serviceName: string;
  doctor: string | null;
  slot: Slot;
  onChangeTime: () => void;
  onPick: (slot: Slot) => void;
  onBooked: (booked: Booked) => void;
}) {
  // One key per chosen time: a double submit books once, a new time is a new booking.
  const [key, setKey] = useState(newIdempotencyKey);
  const [values, setValues] = useState<Record<FieldName, string>>({
    firstName: "",
    lastName: "",
    mobile: "",
    email: "",
  });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const doctorName =
    props.doctors.find((d) => slot.resourceIds.includes(d.resourceId))?.name ?? t("book.anyDoctor");

  const focusFirstError = useCallback((names: FieldName[]) => {
    const first = fieldNames.find((f) => names.includes(f));
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const local: Partial<Record<FieldName, string>> = {};
    if (!values.firstName.trim()) local.firstName = t("book.firstNameRequired");
    if (!values.lastName.trim()) local.lastName = t("book.lastNameRequired");
    if (!values.mobile.trim()) local.mobile = t("book.mobileRequired");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstError(Object.keys(local) as FieldName[]);
      return;
    }
    setPending(true);
    setRefusal(null);
    try {
      const booked = await mutate<Booked>("public.book", {
        slug: props.slug,
        serviceId,
        practitionerResourceId: doctor,
        start: slot.start,
        idempotencyKey: key,
        firstName: values.firstName,
        lastName: values.lastName,
        mobile: values.mobile,
        email: values.email,
      });
      onBooked(booked);
    } catch (error) {
      const refused = error instanceof ApiError ? error : new ApiError(null);
      if (refused.alternatives) {
        setRefusal(refused);
        return;
      }
      if (!refused.shape) {
        setFormError(t("book.network"));
        return;
      }
      const placed: Partial<Record<FieldName, string>> = {};
      const leftover: string[] = [];
      for (const [field, messages] of Object.entries(refused.fieldErrors)) {
        if ((fieldNames as string[]).includes(field))
          placed[field as FieldName] = messages.join(" ");
        else leftover.push(messages.join(" "));
      }
      setErrors(placed);
      const placedNames = Object.keys(placed) as FieldName[];
      setFormError(
        leftover.length > 0 ? leftover.join(" ") : placedNames.length > 0 ? null : refused.message,
      );
      focusFirstError(placedNames);
    } finally {
      setPending(false);
    }
  };

  const field = (
    name: FieldName,
    label: string,
    extra: Pick<React.ComponentProps<"input">, "type" | "autoComplete" | "dir">,
    hint?: string,
  ) => (
    <TextField
      name={name}
      label={label}
      value={values[name]}
      error={errors[name]}
      hint={hint}
      onChange={(v) => setValues((old) => ({ ...old, [name]: v }))}
      {...extra}
    />
  );

  const alternatives = refusal?.alternatives ?? null;
  const offGrid =
    refusal && refusal.code !== "CONFLICT" ? (refusal.fieldErrors.start?.join(" ") ?? null) : null;

  return (
    <div className="cd-book-stack">
      <dl className="cd-book-summary cd-book-panel">
        <dt>{t("book.service")}</dt>
        <dd>{serviceName}</dd>
        <dt>{t("book.doctor")}</dt>
        <dd>{doctorName}</dd>
        <dt>{t("book.when")}</dt>
        <dd data-testid="public-chosen-time">{fmt.dateTime(slot.start)}</dd>
      </dl>
      {alternatives && (
        <div className="cd-book-alert cd-book-alert-warn" role="alert">
          <p className="cd-book-alert-title">
            {offGrid ? t("book.offGridTitle") : t("book.takenTitle")}
          </p>
          <p>{offGrid ?? (alternatives.length > 0 ? t("book.takenBody") : t("book.takenNone"))}</p>
          {alternatives.length > 0 && (
            <div className="cd-book-times">
              {alternatives.map((a) => (
                <button
                  key={a.start.toISOString()}
                  type="button"
                  className="cd-book-button cd-book-secondary"
                  disabled={pending}
                  onClick={() => {
                    // The details typed stay; the offered time is a new booking attempt.
                    setRefusal(null);
                    setKey(newIdempotencyKey());
                    onPick(a);
                  }}
                >
                  {t("book.alternative", { time: fmt.dateTime(a.start) })}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {formError && (
        <p className="cd-book-alert cd-book-alert-error" role="alert">
          {formError}
        </p>
      )}
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => void submit(e)}
        className="cd-book-stack"
        aria-label={t("book.details")}
      >
        <div className="cd-book-pair">
          {field("firstName", t("book.firstName"), { autoComplete: "given-name" })}
          {field("lastName", t("book.lastName"), { autoComplete: "family-name" })}
        </div>
        {field(
          "mobile",
          t("book.mobile"),
          { type: "tel", autoComplete: "tel", dir: "ltr" },
          t("book.mobileHint"),
        )}
        {field("email", t("book.email"), { type: "email", autoComplete: "email", dir: "ltr" })}
        <div className="cd-book-actions">
          <button type="button" className="cd-book-button cd-book-ghost" onClick={onChangeTime}>
            {t("book.change")}
          </button>
          <button type="submit" className="cd-book-button cd-book-primary" aria-disabled={pending}>
            {pending ? t("book.sending") : t("book.submit")}
          </button>
        </div>
      </form>
    </div>
  );
}

function TextField({
  name,
  label,
  value,
  error,
  hint,
  onChange,
  ...rest
}: {
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  hint?: string | undefined;
  onChange: (value: string) => void;
} & Pick<React.ComponentProps<"input">, "type" | "autoComplete" | "dir">) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="cd-book-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
        {...rest}
      />
      {hint && (
        <p id={`${id}-hint`} className="cd-book-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="cd-book-error">
          {error}
        </p>
      )}
    </div>
  );
}
