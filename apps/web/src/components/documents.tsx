// A patient's documents: the list (preview, download, archive) and the upload form. Shared by
// the staff patient page and the patient's own portal; the caller says how a document is filed.
import { errorMessage, PagedListBody, useServerSubmit, type PagedQuery } from "@caredesk/client";
import { documentKinds, PortalDocumentCreateInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  ConfirmDialog,
  Dialog,
  EmptyState,
  SelectField,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { parseIsoDate, todayIso } from "../lib/dates";
import { acceptFor, fileUrl, previewKind, type UploadedFile } from "../lib/files";
import { FileInput } from "./file-input";
import { formatBytes, UploadStatus, useUpload } from "./upload";

export type DocumentKind = (typeof documentKinds)[number];

export interface DocumentItem {
  id: string;
  fileId: string;
  kind: DocumentKind;
  title: string;
  documentDate: string | null;
  createdAt: Date;
  mimeType: string;
  sizeBytes: number;
  fileName: string;
  /** Only `available` files open; `quarantined` ones are still being checked for malware. */
  fileStatus: "available" | "quarantined" | "infected";
}

/** What archiving a document needs: the caller's mutation (staff only). */
interface ArchiveDocument {
  mutateAsync: (input: { id: string }) => Promise<unknown>;
  isPending: boolean;
  error: unknown;
}

/**
 * A paged list of documents: loading, a failure with a retry, the empty state, or the table
 * with "Load more". Archiving is offered when `archive` is given.
 */
export function DocumentList({
  list,
  organizationId,
  caption,
  archive,
}: {
  list: PagedQuery<DocumentItem>;
  organizationId: string;
  caption: string;
  archive?: ArchiveDocument;
}) {
  const { t } = useI18n();
  return (
    <PagedListBody
      list={list}
      empty={
        <EmptyState title={t("documents.empty.title")} description={t("documents.empty.body")} />
      }
    >
      {(items) => (
        <DocumentsTable
          organizationId={organizationId}
          items={items}
          caption={caption}
          {...(archive
            ? {
                onArchive: async (d) => {
                  try {
                    await archive.mutateAsync({ id: d.id });
                    return true;
                  } catch {
                    // The dialog stays open and shows archive.error.
                    return false;
                  }
                },
                archivePending: archive.isPending,
                archiveError: archive.error
                  ? errorMessage(archive.error, t("ui.error.network"))
                  : null,
              }
            : {})}
        />
      )}
    </PagedListBody>
  );
}

function DocumentsTable({
  organizationId,
  items,
  caption,
  onArchive,
  archivePending = false,
  archiveError = null,
}: {
  organizationId: string;
  items: DocumentItem[];
  caption: string;
  /** Given when the viewer may archive documents. */
  onArchive?: (document: DocumentItem) => Promise<boolean>;
  archivePending?: boolean;
  archiveError?: string | null;
}) {
  const { t, formatDate, formatNumber } = useI18n();
  const [previewing, setPreviewing] = useState<DocumentItem | null>(null);
  const [archiving, setArchiving] = useState<DocumentItem | null>(null);

  return (
    <>
      <Table caption={caption}>
        <THead>
          <Tr>
            <Th>{t("documents.col.title")}</Th>
            <Th className="hidden sm:table-cell">{t("documents.col.kind")}</Th>
            <Th className="hidden md:table-cell">{t("documents.col.date")}</Th>
            <Th>
              <span className="sr-only">{t("common.col.actions")}</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {items.map((d) => {
            const date = d.documentDate ? parseIsoDate(d.documentDate) : null;
            return (
              <Tr key={d.id}>
                <Td>
                  <div className="font-medium text-slate-900">{d.title}</div>
                  <div className="text-xs text-slate-500">
                    {d.fileName} · {formatBytes(d.sizeBytes, formatNumber)}
                  </div>
                </Td>
                <Td className="hidden sm:table-cell">
                  <Badge tone="brand">{t(`documents.kind.${d.kind}`)}</Badge>
                </Td>
                <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">
                  {date ? formatDate(date) : formatDate(d.createdAt)}
                </Td>
                <Td className="text-end whitespace-nowrap">
                  {d.fileStatus === "quarantined" && (
                    <span title={t("documents.checkingHint")}>
                      <Badge tone="warning">{t("documents.checking")}</Badge>
                    </span>
                  )}
                  {d.fileStatus === "infected" && (
                    <Badge tone="danger">{t("documents.removed")}</Badge>
                  )}
                  {d.fileStatus === "available" && previewKind(d.mimeType) && (
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={t("documents.previewNamed", { title: d.title })}
                      onClick={() => setPreviewing(d)}
                    >
                      {t("documents.preview")}
                    </Button>
                  )}
                  {d.fileStatus === "available" && (
                    <a
                      href={fileUrl(organizationId, d.fileId)}
                      download={d.fileName}
                      className={buttonClasses("ghost", "sm")}
                      aria-label={t("documents.downloadNamed", { title: d.title })}
                    >
                      {t("documents.download")}
                    </a>
                  )}
                  {onArchive && (
                    <Button
                      variant="ghost-danger"
                      size="sm"
                      aria-label={t("documents.archiveNamed", { title: d.title })}
                      onClick={() => setArchiving(d)}
                    >
                      {t("common.archive")}
                    </Button>
                  )}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
      <Dialog
        open={previewing !== null}
        onClose={() => setPreviewing(null)}
        size="xl"
        title={previewing?.title ?? ""}
        description={previewing?.fileName}
        footer={
          previewing && (
            <>
              <a
                href={fileUrl(organizationId, previewing.fileId)}
                download={previewing.fileName}
                className={buttonClasses("secondary")}
              >
                {t("documents.download")}
              </a>
              <Button onClick={() => setPreviewing(null)}>{t("ui.close")}</Button>
            </>
          )
        }
      >
        {previewing && <DocumentPreview organizationId={organizationId} document={previewing} />}
      </Dialog>
      {onArchive && (
        <ConfirmDialog
          open={archiving !== null}
          title={t("documents.confirmArchive.title", { title: archiving?.title ?? "" })}
          description={t("documents.confirmArchive.body")}
          confirmLabel={t("common.archive")}
          pending={archivePending}
          error={archiveError}
          onConfirm={() => {
            if (!archiving) return;
            void onArchive(archiving).then((ok) => {
              if (ok) setArchiving(null);
            });
          }}
          onCancel={() => setArchiving(null)}
        />
      )}
    </>
  );
}

function DocumentPreview({
  organizationId,
  document,
}: {
  organizationId: string;
  document: DocumentItem;
}) {
  const { t } = useI18n();
  const src = fileUrl(organizationId, document.fileId, { inline: true });
  if (previewKind(document.mimeType) === "image") {
    return (
      <div className="grid max-h-[70vh] place-items-center overflow-auto rounded-lg bg-slate-100 p-2">
        <img src={src} alt={document.title} className="max-h-[68vh] max-w-full object-contain" />
      </div>
    );
  }
  return (
    <iframe
      src={src}
      title={t("documents.previewOf", { title: document.title })}
      className="h-[70vh] w-full rounded-lg border border-slate-200 bg-slate-100"
    />
  );
}

/** The fields of an upload; the file itself is picked beside them. */
const UploadFields = PortalDocumentCreateInput.omit({ fileId: true });

export function DocumentUploadForm({
  organizationId,
  onCreate,
  submitLabel,
}: {
  organizationId: string;
  /** Files the uploaded file on the record; throws what the API answered. */
  onCreate: (input: {
    fileId: string;
    kind: DocumentKind;
    title: string;
    documentDate?: string | null | undefined;
  }) => Promise<unknown>;
  submitLabel: string;
}) {
  const { t } = useI18n();
  const upload = useUpload(organizationId);
  // A new key gives a fresh, empty file picker after a successful upload.
  const [pickerKey, setPickerKey] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<UploadedFile | null>(null);
  const form = useForm({
    resolver: zodResolver(UploadFields),
    defaultValues: { kind: "medical_record" as DocumentKind, title: "", documentDate: todayIso() },
  });
  const { errors, isSubmitting } = form.formState;

  const { formError, submit } = useServerSubmit(form, ["kind", "title", "documentDate"]);

  const onSubmit = submit(async (values) => {
    setDone(null);
    if (!file) {
      setFileError(t("documents.upload.chooseFile"));
      return;
    }
    // A file already uploaded (when only the filing failed) is not sent twice.
    const stored = uploaded ?? (await upload.upload(file, "document"));
    if (!stored) return; // UploadStatus says why
    setUploaded(stored);
    await onCreate({ ...values, fileId: stored.id });
    setDone(t("documents.upload.done", { title: values.title }));
    setFile(null);
    setUploaded(null);
    setPickerKey((k) => k + 1);
    form.reset({ kind: values.kind, title: "", documentDate: todayIso() });
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      {done && <Alert tone="success">{done}</Alert>}
      <FileInput
        key={pickerKey}
        label={t("documents.field.file")}
        description={t("documents.field.fileHint")}
        accept={acceptFor.document}
        disabled={upload.uploading}
        error={fileError ?? undefined}
        onChange={(e) => {
          const chosen = e.target.files?.[0] ?? null;
          setFile(chosen);
          setUploaded(null);
          setFileError(null);
          setDone(null);
          upload.reset();
          // A title from the file name saves typing; the person can still change it.
          if (chosen && !form.getValues("title")) {
            form.setValue("title", chosen.name.replace(/\.[^.]+$/, "").slice(0, 200));
          }
        }}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("documents.field.kind")}
          options={documentKinds.map((k) => ({ value: k, label: t(`documents.kind.${k}`) }))}
          error={errors.kind?.message}
          {...form.register("kind")}
        />
        <TextField
          label={t("documents.field.date")}
          type="date"
          error={errors.documentDate?.message}
          {...form.register("documentDate")}
        />
      </div>
      <TextField
        label={t("documents.field.title")}
        autoComplete="off"
        error={errors.title?.message}
        {...form.register("title")}
      />
      <UploadStatus state={upload} />
      <div className="flex justify-end">
        <Button type="submit" loading={isSubmitting} disabled={upload.uploading}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
