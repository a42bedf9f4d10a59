// Consultation — being built in this change; replaced by its screen.
export function ConsultationPage() {
  return <p className="text-sm text-slate-600">Consultation</p>;
}
