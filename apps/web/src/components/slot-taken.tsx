// A booking that lost its slot: say so plainly and offer the next free times as buttons.
import type { Alternative } from "@caredesk/client";
import { Alert, Button, useI18n } from "@caredesk/ui";
import { useMemo } from "react";
import { zonedFormat } from "../lib/zoned";

export function SlotTaken({
  alternatives,
  timeZone,
  pending,
  onPick,
}: {
  alternatives: Alternative[];
  timeZone: string;
  pending: boolean;
  onPick: (alternative: Alternative) => void;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, timeZone), [tag, timeZone]);
  return (
    <Alert tone="warning" title={t("booking.taken.title")}>
      <p>{alternatives.length > 0 ? t("booking.taken.body") : t("booking.taken.none")}</p>
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
