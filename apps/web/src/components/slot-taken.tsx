// A booking that cannot have its time — just taken, or between two slot times: say so plainly
// and offer the nearest free times as buttons.
import type { Alternative } from "@caredesk/client";
import { Alert, Button, useI18n } from "@caredesk/ui";
import { useMemo } from "react";
import { zonedFormat } from "../lib/zoned";

export function SlotTaken({
  alternatives,
  reason = null,
  timeZone,
  pending,
  onPick,
}: {
  alternatives: Alternative[];
  /** Why, when it is not that someone just took it (`alternativesReason`). */
  reason?: string | null;
  timeZone: string;
  pending: boolean;
  onPick: (alternative: Alternative) => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
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
