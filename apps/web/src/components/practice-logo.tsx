// The practice's own logo next to Caredesk's in the header (workspace and portal), shown
// through the authorized file route; nothing when the practice has none.
import { fileUrl } from "../lib/files";

export function PracticeLogo({
  organization,
}: {
  organization: { id: string; name: string; logoFileId: string | null } | null;
}) {
  if (!organization?.logoFileId) return null;
  return (
    <img
      src={fileUrl(organization.id, organization.logoFileId, { inline: true })}
      alt={organization.name}
      data-testid="practice-logo"
      className="h-8 max-w-32 border-s border-slate-200 ps-3 object-contain"
    />
  );
}
