// Audit log — being built in this change; replaced by its screen.
export function AuditPage() {
  return <p className="text-sm text-slate-600">Audit log</p>;
}
