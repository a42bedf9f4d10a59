// Lookups the directory screens share: department names for ids, and the options of a
// department picker.
import { trpc } from "@caredesk/client";
import type { SelectOption } from "@caredesk/ui";
import { useMemo } from "react";

/** Every department (archived ones too, so old records still show their name). */
export function useDepartments() {
  const query = trpc.department.list.useQuery({ includeInactive: true, limit: 100 });
  const data = query.data;
  const lookups = useMemo(() => {
    const items = data?.items ?? [];
    const names = new Map(items.map((d) => [d.id, d.name]));
    const options: SelectOption[] = items
      .filter((d) => d.active)
      .map((d) => ({ value: d.id, label: d.name }));
    return {
      items,
      nameOf: (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null),
      /** Active departments, plus `keep` (the record's current one) even when archived. */
      options: (keep?: string | null): SelectOption[] => {
        const current = keep ? items.find((d) => d.id === keep && !d.active) : undefined;
        return current ? [...options, { value: current.id, label: current.name }] : options;
      },
    };
  }, [data]);
  return { query, ...lookups };
}

/** Form helpers: "" from a select or input means "none". */
export const emptyToNull = (value: unknown) => (value === "" || value === undefined ? null : value);
export const toOptionalNumber = (value: unknown) =>
  value === "" || value === null || value === undefined ? null : Number(value);

/** "Dr. Amal Haddad": how a practitioner is named on screen. */
export const displayName = (p: { title: string | null; name: string }) =>
  p.title ? `${p.title} ${p.name}` : p.name;
