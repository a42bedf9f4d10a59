// Record access — being built in this change; replaced by its screen.
export function PatientAccessPage() {
  return <p className="text-sm text-slate-600">Record access</p>;
}
