// The practice's logo: uploaded, shown, replaced or removed. In the practice settings and in the
// website wizard's business profile (app header, printouts, emails and the public site use it).
import { trpc } from "@caredesk/client";
import { Alert, Button, Card, ConfirmDialog, useT } from "@caredesk/ui";
import { useState } from "react";
import { acceptFor, fileUrl } from "../lib/files";
import { FileInput } from "./file-input";
import { UploadStatus, useUpload } from "./upload";

export function LogoCard({
  organization,
  title,
  description,
}: {
  organization: { id: string; name: string; logoFileId: string | null };
  title: string;
  description: string;
}) {
  const t = useT();
  const utils = trpc.useUtils();
  const upload = useUpload(organization.id);
  const setLogo = trpc.organization.setLogo.useMutation({
    // The header reads the logo from auth.me; the settings and the website show it too.
    onSuccess: () =>
      Promise.all([
        utils.auth.me.invalidate(),
        utils.organization.settings.invalidate(),
        utils.site.get.invalidate(),
      ]),
  });
  const [confirmRemove, setConfirmRemove] = useState(false);
  const fieldError = setLogo.error?.data?.fieldErrors?.fileId?.[0];
  const busy = upload.uploading || setLogo.isPending;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const uploaded = await upload.upload(file, "logo");
    if (uploaded) setLogo.mutate({ fileId: uploaded.id });
  };

  return (
    <Card title={title} description={description}>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
        <div className="flex h-20 w-40 shrink-0 items-center justify-center rounded-lg border border-dashed border-slate-300 bg-slate-50 p-2">
          {organization.logoFileId ? (
            <img
              src={fileUrl(organization.id, organization.logoFileId, { inline: true })}
              alt={t("settings.logo.preview", { name: organization.name })}
              className="max-h-full max-w-full object-contain"
            />
          ) : (
            <span className="text-xs text-slate-500">{t("settings.logo.none")}</span>
          )}
        </div>
        <div className="flex min-w-0 flex-1 flex-col gap-3">
          <FileInput
            label={organization.logoFileId ? t("settings.logo.replace") : t("settings.logo.upload")}
            description={t("settings.logo.hint")}
            accept={acceptFor.logo}
            disabled={busy}
            error={fieldError}
            onChange={(e) => {
              void onFile(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
          <UploadStatus state={upload} />
          {setLogo.error && !fieldError && <Alert tone="error">{setLogo.error.message}</Alert>}
          {organization.logoFileId && (
            <div>
              <Button
                variant="ghost-danger"
                size="sm"
                disabled={busy}
                onClick={() => setConfirmRemove(true)}
              >
                {t("settings.logo.remove")}
              </Button>
            </div>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirmRemove}
        title={t("settings.logo.remove.title")}
        description={t("settings.logo.remove.body")}
        confirmLabel={t("settings.logo.remove")}
        tone="danger"
        pending={setLogo.isPending}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() =>
          setLogo.mutate({ fileId: null }, { onSettled: () => setConfirmRemove(false) })
        }
      />
    </Card>
  );
}
