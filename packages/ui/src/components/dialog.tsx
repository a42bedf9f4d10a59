// Built on the native <dialog>: the browser gives focus trapping, Escape and the
// inert background, which is what an accessible modal needs.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { cn } from "../cn";
import { useT } from "../i18n/i18n";
import { Alert } from "./alert";
import { Button } from "./button";

export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = "md",
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  /** "lg" for forms with several fields, "xl" for previews. */
  size?: "md" | "lg" | "xl";
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={cn(
        "m-auto rounded-xl bg-white p-0 text-slate-900 shadow-xl",
        size === "md" && "w-[min(28rem,calc(100vw-2rem))]",
        size === "lg" && "w-[min(40rem,calc(100vw-2rem))]",
        size === "xl" && "w-[min(64rem,calc(100vw-2rem))]",
      )}
    >
      {open && (
        <div className="flex flex-col gap-4 p-6">
          <div>
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            {description && (
              <p id={descriptionId} className="mt-2 text-sm text-slate-600">
                {description}
              </p>
            )}
          </div>
          {children}
          {footer && <div className="flex flex-wrap justify-end gap-2">{footer}</div>}
        </div>
      )}
    </dialog>
  );
}

export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel,
  tone = "danger",
  pending = false,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel?: string;
  tone?: "danger" | "primary";
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} disabled={pending}>
            {t("ui.cancel")}
          </Button>
          <Button variant={tone} onClick={onConfirm} loading={pending}>
            {confirmLabel ?? t("ui.confirm")}
          </Button>
        </>
      }
    >
      {error && <Alert tone="error">{error}</Alert>}
    </Dialog>
  );
}
