// Treatment plans — being built in this change; replaced by its screen.
export function PortalPlansPage() {
  return <p className="text-sm text-slate-600">Treatment plans</p>;
}
