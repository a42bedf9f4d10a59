// Uploads and downloads of files. Not tRPC: bytes go to the Fastify file routes as
// multipart/form-data, through XMLHttpRequest so the screen can show real upload progress.
// The returned file id is then linked to a record by a tRPC mutation.

export const filePurposes = [
  "document",
  "photo",
  "certificate",
  "logo",
  "prescription",
  "product_image",
  "import",
] as const;
export type FilePurpose = (typeof filePurposes)[number];

export interface UploadedFile {
  id: string;
  mimeType: string;
  sizeBytes: number;
  originalName: string;
  purpose: FilePurpose;
}

/** What the file picker offers; the server decides by the bytes, whatever this says. */
export const acceptFor: Record<FilePurpose, string> = {
  photo: "image/png,image/jpeg,image/webp",
  document:
    "application/pdf,image/png,image/jpeg,image/webp,text/plain,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  certificate: "application/pdf,image/png,image/jpeg,image/webp",
  logo: "image/png,image/jpeg,image/webp",
  prescription: "application/pdf,image/png,image/jpeg,image/webp",
  product_image: "image/png,image/jpeg,image/webp",
  import: ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const maxBytesFor: Record<FilePurpose, number> = {
  photo: 5 * 1024 * 1024,
  document: 10 * 1024 * 1024,
  certificate: 10 * 1024 * 1024,
  logo: 2 * 1024 * 1024,
  prescription: 10 * 1024 * 1024,
  product_image: 5 * 1024 * 1024,
  import: 50 * 1024 * 1024,
};

/** A refused or failed upload. `message` is the server's own wording when it sent one. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

function serverError(body: unknown): { code: string | null; message: string | null } {
  if (typeof body !== "object" || body === null || !("error" in body)) {
    return { code: null, message: null };
  }
  const error: unknown = body.error;
  if (typeof error !== "object" || error === null) return { code: null, message: null };
  return {
    code: "code" in error && typeof error.code === "string" ? error.code : null,
    message: "message" in error && typeof error.message === "string" ? error.message : null,
  };
}

function isUploadedFile(body: unknown): body is UploadedFile {
  return (
    typeof body === "object" &&
    body !== null &&
    "id" in body &&
    typeof body.id === "string" &&
    "mimeType" in body &&
    typeof body.mimeType === "string"
  );
}

export interface UploadOptions {
  organizationId: string;
  purpose: FilePurpose;
  file: File;
  /** Called with 0–100 as bytes leave the browser. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  /** Wording for a network failure (no answer at all). */
  networkMessage: string;
}

export function uploadFile({
  organizationId,
  purpose,
  file,
  onProgress,
  signal,
  networkMessage,
}: UploadOptions): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(
      "POST",
      `/files/${encodeURIComponent(organizationId)}?purpose=${encodeURIComponent(purpose)}`,
    );
    xhr.withCredentials = true;
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.((event.loaded / event.total) * 100);
    };
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status === 201 && isUploadedFile(body)) {
        onProgress?.(100);
        resolve(body);
        return;
      }
      const { code, message } = serverError(body);
      reject(new UploadError(message ?? networkMessage, xhr.status, code));
    };
    xhr.onerror = () => reject(new UploadError(networkMessage, 0, null));
    xhr.onabort = () => reject(new UploadError("aborted", 0, "ABORTED"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });

    const body = new FormData();
    body.append("file", file, file.name);
    xhr.send(body);
  });
}

/** Where a stored file is downloaded (attachment) or, with `inline`, shown in the page. */
/** A doctor's photo as the public practice page shows it (no account needed). */
export function publicPhotoUrl(slug: string, fileId: string): string {
  return `/files/public/${encodeURIComponent(slug)}/${encodeURIComponent(fileId)}`;
}

export function fileUrl(
  organizationId: string,
  fileId: string,
  { inline = false }: { inline?: boolean } = {},
): string {
  const path = `/files/${encodeURIComponent(organizationId)}/${encodeURIComponent(fileId)}`;
  return inline ? `${path}?inline=1` : path;
}

/** PDFs and images can be previewed in the page; other types are only downloaded. */
export function previewKind(mimeType: string): "image" | "pdf" | null {
  if (mimeType === "application/pdf") return "pdf";
  if (mimeType === "image/png" || mimeType === "image/jpeg" || mimeType === "image/webp") {
    return "image";
  }
  return null;
}
