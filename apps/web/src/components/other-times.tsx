// A booking that cannot have its time — just taken, or between two slot times: say so plainly
// and offer the nearest free times as buttons. It reads the refusal itself, so every booking
// screen shows the same thing; other refusals are the screen's to show.
import { alternativesOf, errorCode, fieldErrorOf, type Alternative } from "@caredesk/client";
import { Alert, Button, useI18n } from "@caredesk/ui";
import { useMemo } from "react";
import { zonedFormat } from "../lib/zoned";

export function OtherTimes({
  error,
  timeZone,
  pending,
  onPick,
}: {
  /** The booking's refusal; nothing is shown unless it offers other times. */
  error: unknown;
  timeZone: string;
  pending: boolean;
  onPick: (alternative: Alternative) => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  const alternatives = alternativesOf(error);
  if (!alternatives) return null;
  // A CONFLICT means the slot was just taken and carries no field errors; any other refusal
  // with alternatives (a start between two slot times) says why on `start`.
  const reason = errorCode(error) !== "CONFLICT" ? fieldErrorOf(error, "start") : null;
  return (
    <Alert tone="warning" title={reason ? t("booking.offGrid.title") : t("booking.taken.title")}>
      <p>
        {reason ?? (alternatives.length > 0 ? t("booking.taken.body") : t("booking.taken.none"))}
      </p>
      {alternatives.length > 0 && (
        <div className="mt-3 flex flex-wrap gap-2">
          {alternatives.map((a) => (
            <Button
              key={a.start.toISOString()}
              size="sm"
              variant="secondary"
              disabled={pending}
              onClick={() => onPick(a)}
            >
              {t("booking.alternative", { time: fmt.dateTime(a.start) })}
            </Button>
          ))}
        </div>
      )}
    </Alert>
  );
}
