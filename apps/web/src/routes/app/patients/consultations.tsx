// Consultations — being built in this change; replaced by its screen.
export function PatientConsultationsPage() {
  return <p className="text-sm text-slate-600">Consultations</p>;
}
