// One upload at a time with its progress and the server's refusal (413 too large, 415 wrong
// type) in its own words.
import { Alert, ProgressBar, useT } from "@caredesk/ui";
import { useCallback, useEffect, useRef, useState } from "react";
import { uploadFile, UploadError, type FilePurpose, type UploadedFile } from "../lib/files";

export interface UploadState {
  /** Null when idle. */
  progress: number | null;
  fileName: string | null;
  error: string | null;
}

export function useUpload(organizationId: string) {
  const t = useT();
  const [state, setState] = useState<UploadState>({ progress: null, fileName: null, error: null });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const upload = useCallback(
    async (file: File, purpose: FilePurpose): Promise<UploadedFile | null> => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setState({ progress: 0, fileName: file.name, error: null });
      try {
        const uploaded = await uploadFile({
          organizationId,
          purpose,
          file,
          signal: abort.signal,
          networkMessage: t("upload.failed"),
          onProgress: (progress) => setState((s) => ({ ...s, progress })),
        });
        setState({ progress: null, fileName: null, error: null });
        return uploaded;
      } catch (error) {
        if (error instanceof UploadError && error.code === "ABORTED") return null;
        setState({
          progress: null,
          fileName: file.name,
          error: error instanceof UploadError ? error.message : t("upload.failed"),
        });
        return null;
      }
    },
    [organizationId, t],
  );

  const reset = useCallback(() => setState({ progress: null, fileName: null, error: null }), []);
  return { ...state, uploading: state.progress !== null, upload, reset };
}

/** The progress bar while uploading and the refusal after; nothing when idle. */
export function UploadStatus({ state }: { state: UploadState }) {
  const t = useT();
  if (state.progress !== null) {
    const label = t("upload.progress", { name: state.fileName ?? "" });
    return (
      <div className="flex flex-col gap-1.5">
        <div className="flex items-center justify-between text-xs text-slate-600">
          <span className="truncate">{label}</span>
          <span className="tabular-nums">{Math.round(state.progress)}%</span>
        </div>
        <ProgressBar value={state.progress} label={label} />
      </div>
    );
  }
  if (state.error) {
    return (
      <Alert tone="error" title={t("upload.refused", { name: state.fileName ?? "" })}>
        {state.error}
      </Alert>
    );
  }
  return null;
}

export function formatBytes(bytes: number, formatNumber: (n: number) => string): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10)} KB`;
  return `${formatNumber(Math.round(bytes / (1024 * 104.8576)) / 10)} MB`;
}
