// Service and doctor ("any" or one) for self-booking, in the portal and on the public page.
import { SelectField, useI18n } from "@caredesk/ui";
import { formatMoney } from "../lib/money";

export interface BookableOffer {
  currency: string;
  services: { id: string; name: string; durationMinutes: number; priceMinor: number }[];
  practitioners: { resourceId: string; name: string; title: string | null }[];
}

/** "Dr Amira Haddad", or the name alone. */
export function doctorLabel(p: { name: string; title: string | null }): string {
  return p.title ? `${p.title} ${p.name}` : p.name;
}

export function ServiceDoctorFields({
  offer,
  serviceId,
  doctor,
  onServiceChange,
  onDoctorChange,
}: {
  offer: BookableOffer;
  serviceId: string;
  /** A practitioner's resource id, or "any". */
  doctor: string;
  onServiceChange: (serviceId: string) => void;
  onDoctorChange: (doctor: string) => void;
}) {
  const { t, tag } = useI18n();
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField
        label={t("portalBook.service")}
        value={serviceId}
        placeholder={t("booking.service.choose")}
        onChange={(e) => onServiceChange(e.target.value)}
        options={offer.services.map((s) => ({
          value: s.id,
          label: `${s.name} · ${t("portalBook.minutes", { minutes: s.durationMinutes })} · ${formatMoney(s.priceMinor, offer.currency, tag)}`,
        }))}
      />
      <SelectField
        label={t("portalBook.doctor")}
        value={doctor}
        onChange={(e) => onDoctorChange(e.target.value)}
        options={[
          { value: "any", label: t("portalBook.anyDoctor") },
          ...offer.practitioners.map((p) => ({ value: p.resourceId, label: doctorLabel(p) })),
        ]}
      />
    </div>
  );
}
