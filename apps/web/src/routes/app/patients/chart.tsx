// Dental chart — being built in this change; replaced by its screen.
export function PatientChartPage() {
  return <p className="text-sm text-slate-600">Dental chart</p>;
}
