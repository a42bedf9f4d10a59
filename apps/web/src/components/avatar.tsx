import { cn } from "@caredesk/ui";
import { fileUrl, publicPhotoUrl } from "../lib/files";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

/**
 * A practitioner's photo, or their initials when there is none. Members read it through the
 * organization's files; visitors of the public page (`slug`) through the public photo route.
 */
export function Avatar({
  fileId,
  name,
  size = "md",
  ...from
}: {
  fileId: string | null;
  name: string;
  size?: "sm" | "md" | "lg";
} & ({ organizationId: string } | { slug: string })) {
  const box =
    size === "sm" ? "size-9 text-xs" : size === "md" ? "size-12 text-sm" : "size-24 text-2xl";
  if (fileId) {
    return (
      <img
        src={
          "slug" in from
            ? publicPhotoUrl(from.slug, fileId)
            : fileUrl(from.organizationId, fileId, { inline: true })
        }
        alt=""
        className={cn("shrink-0 rounded-full bg-slate-100 object-cover ring-1 ring-slate-200", box)}
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className={cn(
        "grid shrink-0 place-items-center rounded-full bg-brand-50 font-semibold text-brand-800 ring-1 ring-brand-200",
        box,
      )}
    >
      {initials(name)}
    </span>
  );
}
