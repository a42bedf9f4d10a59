// Directory records are archived, never deleted: their status badge, the "show archived" switch
// of a list, and the archive or restore button of a record's page.
import { Badge, Button, CheckboxField, useI18n } from "@caredesk/ui";

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useI18n();
  return (
    <Badge tone={active ? "success" : "neutral"}>
      {t(active ? "common.active" : "common.archived")}
    </Badge>
  );
}

export function ShowArchivedToggle({
  checked,
  onChange,
  containerClassName,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  containerClassName?: string;
}) {
  const { t } = useI18n();
  return (
    <CheckboxField
      containerClassName={containerClassName}
      label={t("common.showArchived")}
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

/** Archive (asks first, so the caller opens its confirmation) or restore (at once). */
export function ArchiveRestoreButton({
  active,
  restoring,
  onArchive,
  onRestore,
}: {
  active: boolean;
  restoring: boolean;
  onArchive: () => void;
  onRestore: () => void;
}) {
  const { t } = useI18n();
  return active ? (
    <Button variant="ghost-danger" onClick={onArchive}>
      {t("common.archive")}
    </Button>
  ) : (
    <Button variant="secondary" loading={restoring} onClick={onRestore}>
      {t("common.restore")}
    </Button>
  );
}
