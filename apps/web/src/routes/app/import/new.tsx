// Step 1 of an import: what the file holds and the file itself. The browser only checks the
// name and size (to save a pointless upload); the server reads the bytes and decides. Once the
// header is read the import has its own page, where the remaining steps happen.
import { errorMessage, trpc } from "@caredesk/client";
import { importKinds, importLimits, type ImportKind } from "@caredesk/validators";
import { Alert, Card, PageHeader, SelectField, useT } from "@caredesk/ui";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { FileInput } from "../../../components/file-input";
import { organizationPage } from "../../../components/organization-page";
import { UploadStatus, useUpload } from "../../../components/upload";
import { acceptFor } from "../../../lib/files";
import type { MyOrganization } from "../../../lib/workspace";
import { FormActions, kindLabels, Steps } from "./parts";

const route = getRouteApi("/app/import/new");

export const NewImportPage = organizationPage("data.import", "import.title", NewImportScreen);

/** Why a file cannot be an import, before any byte is sent; null when it may be. */
function fileProblem(file: File, t: ReturnType<typeof useT>): string | null {
  if (!/\.(csv|xlsx)$/i.test(file.name)) return t("import.file.badType", { name: file.name });
  if (file.size === 0) return t("import.file.empty", { name: file.name });
  if (file.size > importLimits.maxBytes) return t("import.file.tooBig", { name: file.name });
  return null;
}

function NewImportScreen({ organization }: { organization: MyOrganization }) {
  const t = useT();
  const navigate = useNavigate();
  const search = route.useSearch();
  const [kind, setKind] = useState<ImportKind | "">(search.kind ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [kindError, setKindError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = useUpload(organization.id);
  const start = trpc.dataImport.start.useMutation();
  const utils = trpc.useUtils();
  const busy = upload.uploading || start.isPending;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    start.reset();
    upload.reset();
    const noKind = kind === "" ? t("import.file.kindRequired") : null;
    const badFile = file ? fileProblem(file, t) : t("import.file.required");
    setKindError(noKind);
    setFileError(badFile);
    if (kind === "" || !file || badFile) return;
    const uploaded = await upload.upload(file, "import");
    if (!uploaded) return;
    try {
      const view = await start.mutateAsync({ kind, fileId: uploaded.id });
      utils.dataImport.byId.setData({ importId: view.id }, view);
      void utils.dataImport.list.invalidate();
      await navigate({ to: "/app/import/$importId", params: { importId: view.id } });
    } catch {
      // Shown from start.error below: the server's reason (no header, duplicate columns…).
    }
  };

  return (
    <>
      <PageHeader title={t("import.new")} description={t("import.file.lead")} />
      <Steps current="file" />
      <Card title={t("import.file.title")}>
        <form
          noValidate
          onSubmit={(e) => void onSubmit(e)}
          className="flex max-w-xl flex-col gap-5"
        >
          <SelectField
            label={t("import.file.kind")}
            placeholder={t("import.file.kindPlaceholder")}
            value={kind}
            error={kindError ?? undefined}
            options={importKinds.map((k) => ({ value: k, label: t(kindLabels[k]) }))}
            onChange={(e) => {
              const value = importKinds.find((k) => k === e.target.value);
              setKind(value ?? "");
              setKindError(null);
            }}
          />
          <FileInput
            label={t("import.file.file")}
            description={t("import.file.hint")}
            accept={acceptFor.import}
            error={fileError ?? undefined}
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              setFileError(chosen ? fileProblem(chosen, t) : null);
              upload.reset();
              start.reset();
            }}
          />
          <UploadStatus state={upload} />
          {start.isPending && (
            <p role="status" className="text-sm text-slate-600">
              {t("import.file.reading")}
            </p>
          )}
          {start.error && (
            <Alert tone="error" title={t("import.file.refused", { name: file?.name ?? "" })}>
              {errorMessage(start.error, t("ui.error.network"))}
            </Alert>
          )}
          <FormActions submitLabel={t("import.file.submit")} loading={busy} />
        </form>
      </Card>
    </>
  );
}
