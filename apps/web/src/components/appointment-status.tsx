// An appointment's status as a badge, and how long something has waited, in words.
import { Badge, type BadgeTone, type MessageKey, type Translate } from "@caredesk/ui";

export type AppointmentStatus =
  "held" | "pending" | "confirmed" | "in_progress" | "completed" | "cancelled" | "no_show";

const tone: Record<AppointmentStatus, BadgeTone> = {
  held: "neutral",
  pending: "warning",
  confirmed: "brand",
  in_progress: "success",
  completed: "neutral",
  cancelled: "danger",
  no_show: "danger",
};

const label: Record<AppointmentStatus, MessageKey> = {
  held: "appointment.status.held",
  pending: "appointment.status.pending",
  confirmed: "appointment.status.confirmed",
  in_progress: "appointment.status.in_progress",
  completed: "appointment.status.completed",
  cancelled: "appointment.status.cancelled",
  no_show: "appointment.status.no_show",
};

export function StatusBadge({ status, t }: { status: AppointmentStatus; t: Translate }) {
  return <Badge tone={tone[status]}>{t(label[status])}</Badge>;
}

/** "12 minutes", "3 hours", "2 days": the largest whole unit of a duration. */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t("duration.minutes", { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t("duration.hours", { count: hours });
  return t("duration.days", { count: Math.floor(hours / 24) });
}
