// The ambulance request island (a hospital's site with the feature): name, phone, the pickup
// address or the visitor's shared location, what happened; sent to `ambulance.request`, which
// answers a reference and the practice's phone. Small on purpose: fetched only on pages that
// show the form.
import { useId, useState, type FormEvent } from "react";
import { ApiError, mutate, newIdempotencyKey } from "./api";
import type { AmbulanceIslandProps } from "./props";

/** Textareas are the only control the booking island's CSS does not style. */
export const ambulanceCss = `
.cd-book-field textarea{width:100%;min-height:4.5rem;padding-block:.5rem;padding-inline:.75rem;border:1px solid #64748b;border-radius:min(var(--cd-r),.75rem);background:#fff;color:#0f172a;font:inherit;resize:vertical}
.cd-book-field textarea:focus-visible{outline:3px solid var(--focus,var(--cd-accent));outline-offset:2px}
.cd-book-field textarea[aria-invalid=true]{border-color:#b91c1c}
.cd-amb-urgent{background:#b91c1c;color:#fff}
`;

type Field = "requesterName" | "phone" | "pickupAddress" | "condition";
type Located = { latitude: number; longitude: number } | "locating" | "failed" | null;

export function AmbulanceIsland({ props }: { props: AmbulanceIslandProps }) {
  const m = (key: string, values: Record<string, string | number> = {}) =>
    (props.messages[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) =>
      String(values[name] ?? `{${name}}`),
    );
  const [values, setValues] = useState<Record<Field, string>>({
    requesterName: "",
    phone: "",
    pickupAddress: "",
    condition: "",
  });
  const [located, setLocated] = useState<Located>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<{ reference: string; phone: string } | null>(null);
  const titleId = useId();

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const shared = typeof located === "object" && located !== null ? located : null;

  const locate = () => {
    if (!("geolocation" in navigator)) {
      setLocated("failed");
      return;
    }
    setLocated("locating");
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocated({
          latitude: Math.round(p.coords.latitude * 1e6) / 1e6,
          longitude: Math.round(p.coords.longitude * 1e6) / 1e6,
        });
        setErrors((e) => ({ ...e, pickupAddress: undefined }));
      },
      () => setLocated("failed"),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const missing: Partial<Record<Field, string>> = {};
    if (!values.requesterName.trim()) missing.requesterName = m("nameRequired");
    if (!values.phone.trim()) missing.phone = m("phoneRequired");
    if (!values.pickupAddress.trim() && !shared) missing.pickupAddress = m("locationRequired");
    if (!values.condition.trim()) missing.condition = m("conditionRequired");
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length > 0) return;
    setPending(true);
    try {
      const answer = await mutate<{ reference: string; practicePhone: string | null }>(
        "ambulance.request",
        {
          slug: props.slug,
          requesterName: values.requesterName,
          phone: values.phone,
          pickupAddress: values.pickupAddress,
          latitude: shared?.latitude ?? null,
          longitude: shared?.longitude ?? null,
          condition: values.condition,
          idempotencyKey: key,
        },
      );
      setDone({ reference: answer.reference, phone: values.phone });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      const known: Partial<Record<Field, string>> = {};
      for (const field of ["requesterName", "phone", "pickupAddress", "condition"] as const) {
        const message = fields[field]?.[0];
        if (message) known[field] = message;
      }
      const place = fields.latitude?.[0] ?? fields.longitude?.[0];
      if (place && !known.pickupAddress) known.pickupAddress = place;
      setErrors(known);
      if (Object.keys(known).length === 0) {
        setFormError(error instanceof ApiError && error.shape ? error.shape.message : m("network"));
      }
    } finally {
      setPending(false);
    }
  };

  if (done) {
    return (
      <div className="cd-book" aria-labelledby={titleId}>
        <div className="cd-book-alert cd-book-alert-ok" role="status" data-testid="ambulance-sent">
          <p className="cd-book-alert-title" id={titleId}>
            {m("doneTitle")}
          </p>
          <p>{m("doneBody", { phone: done.phone })}</p>
        </div>
        <dl className="cd-book-summary cd-book-panel">
          <dt>{m("reference")}</dt>
          <dd className="cd-book-ref">{done.reference}</dd>
        </dl>
        {props.phone && (
          <p>
            <a
              className="cd-book-button cd-book-secondary"
              href={`tel:${props.phone.replace(/[^+\d]/g, "")}`}
            >
              {m("call", { phone: props.phone })}
            </a>
          </p>
        )}
        <div className="cd-book-actions">
          <button
            type="button"
            className="cd-book-button cd-book-ghost"
            onClick={() => {
              setDone(null);
              setKey(newIdempotencyKey());
              setValues((v) => ({ ...v, pickupAddress: "", condition: "" }));
              setLocated(null);
            }}
          >
            {m("again")}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form
      className="cd-book"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="ambulance-form"
    >
      {formError && (
        <div className="cd-book-alert cd-book-alert-error" role="alert">
          <p>{formError}</p>
        </div>
      )}
      <div className="cd-book-pair">
        <Input
          label={m("name")}
          name="requesterName"
          autoComplete="name"
          value={values.requesterName}
          error={errors.requesterName}
          onChange={set("requesterName")}
        />
        <Input
          label={m("phone")}
          name="phone"
          type="tel"
          autoComplete="tel"
          hint={m("phoneHint")}
          value={values.phone}
          error={errors.phone}
          onChange={set("phone")}
        />
      </div>
      <Input
        label={m("address")}
        name="pickupAddress"
        multiline
        autoComplete="street-address"
        hint={m("addressHint")}
        value={values.pickupAddress}
        error={errors.pickupAddress}
        onChange={set("pickupAddress")}
      />
      <div className="cd-book-actions">
        {shared ? (
          <>
            <p className="cd-book-muted" role="status">
              {m("located", { latitude: shared.latitude, longitude: shared.longitude })}
            </p>
            <button
              type="button"
              className="cd-book-button cd-book-ghost"
              onClick={() => setLocated(null)}
            >
              {m("clearLocation")}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="cd-book-button cd-book-secondary"
            aria-disabled={located === "locating"}
            onClick={locate}
          >
            {located === "locating" ? m("locating") : m("useLocation")}
          </button>
        )}
      </div>
      {located === "failed" && (
        <p className="cd-book-error" role="alert">
          {m("locationFailed")}
        </p>
      )}
      <Input
        label={m("condition")}
        name="condition"
        multiline
        hint={m("conditionHint")}
        value={values.condition}
        error={errors.condition}
        onChange={set("condition")}
      />
      <div>
        <button type="submit" className="cd-book-button cd-amb-urgent" aria-disabled={pending}>
          {pending ? m("sending") : m("submit")}
        </button>
      </div>
    </form>
  );
}

function Input({
  label,
  name,
  value,
  error,
  hint,
  type = "text",
  multiline = false,
  autoComplete,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  type?: string;
  multiline?: boolean;
  autoComplete?: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim();
  const common = {
    id,
    name,
    value,
    autoComplete,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  };
  return (
    <div className="cd-book-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          dir={type === "tel" ? "ltr" : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && (
        <p className="cd-book-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="cd-book-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
