// Forms — being built in this change; replaced by its screen.
export function FormsPage() {
  return <p className="text-sm text-slate-600">Forms</p>;
}
