// Addresses of the file routes that stream exports and import error files (plain links: the
// browser downloads them with the session cookie, no JavaScript reads the bytes).
import type { ExportFilters, ExportFormat, ImportKind } from "@caredesk/validators";

/**
 * `/files/<org>/exports/<kind>.<format>?<filters>`: the export of one kind of record with the
 * list's filters; empty and absent filters are left out.
 */
export function exportHref<K extends ImportKind>(
  organizationId: string,
  kind: K,
  format: ExportFormat,
  filters: ExportFilters<K> = {} as ExportFilters<K>,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters as Record<string, unknown>)) {
    if (value === undefined || value === null || value === "") continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      query.set(key, String(value));
    }
  }
  const search = query.toString();
  return `/files/${encodeURIComponent(organizationId)}/exports/${kind}.${format}${search ? `?${search}` : ""}`;
}

/** `/files/<org>/imports/<import>/errors.csv`: an import's refused rows with line and error. */
export function importErrorsHref(organizationId: string, importId: string): string {
  return `/files/${encodeURIComponent(organizationId)}/imports/${encodeURIComponent(importId)}/errors.csv`;
}
