// Form — being built in this change; replaced by its screen.
export function FormLinkPage() {
  return <p className="text-sm text-slate-600">Form</p>;
}
