// Forms — being built in this change; replaced by its screen.
export function PatientFormsPage() {
  return <p className="text-sm text-slate-600">Forms</p>;
}
