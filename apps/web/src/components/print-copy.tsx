// What goes on paper: a copy of a sheet (a prescription, a receipt) rendered at the end of
// <body>, hidden on screen; in print everything else (the app, the dialog) is left out.
import type { ReactNode } from "react";
import { createPortal } from "react-dom";

const printCss = `.print-copy-root { display: none; }
@media print {
  body > :not(.print-copy-root) { display: none !important; }
  .print-copy-root { display: block; }
  dialog::backdrop { display: none; }
}`;

export function PrintCopy({ testId, children }: { testId: string; children: ReactNode }) {
  return createPortal(
    <div className="print-copy-root" data-testid={testId}>
      <style>{printCss}</style>
      {children}
    </div>,
    document.body,
  );
}
