// What a service needs at once: e.g. one practitioner of cardiology plus one echo machine.
import { useI18n } from "@caredesk/ui";
import { useCallback } from "react";

export interface Requirement {
  kind: "practitioner" | "room" | "equipment";
  departmentId?: string | null | undefined;
  category?: string | null | undefined;
}

/** "Practitioner · Cardiology", "Equipment · echo machine". */
export function useRequirementLabel() {
  const { t } = useI18n();
  return useCallback(
    (r: Requirement, departmentName: (id: string | null | undefined) => string | null) => {
      const kind = t(`services.requirement.kind.${r.kind}`);
      const details = [departmentName(r.departmentId), r.category].filter(Boolean);
      return details.length > 0 ? `${kind} · ${details.join(", ")}` : kind;
    },
    [t],
  );
}
