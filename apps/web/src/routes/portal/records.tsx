// Records — being built in this change; replaced by its screen.
export function PortalRecordsPage() {
  return <p className="text-sm text-slate-600">Records</p>;
}
