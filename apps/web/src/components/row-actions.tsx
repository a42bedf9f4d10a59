// Edit, archive and restore on a directory row: records with history are archived, never deleted.
import { Button, useI18n } from "@caredesk/ui";

export function RowActions({
  name,
  active,
  onEdit,
  onArchive,
  onRestore,
}: {
  name: string;
  active: boolean;
  onEdit: () => void;
  onArchive: () => void;
  onRestore: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        aria-label={t("common.editNamed", { name })}
        onClick={onEdit}
      >
        {t("common.edit")}
      </Button>
      {active ? (
        <Button
          variant="ghost-danger"
          size="sm"
          aria-label={t("common.archiveNamed", { name })}
          onClick={onArchive}
        >
          {t("common.archive")}
        </Button>
      ) : (
        <Button
          variant="ghost"
          size="sm"
          aria-label={t("common.restoreNamed", { name })}
          onClick={onRestore}
        >
          {t("common.restore")}
        </Button>
      )}
    </>
  );
}
