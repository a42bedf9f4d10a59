// Account — being built in this change; replaced by its screen.
export function PatientLedgerPage() {
  return <p className="text-sm text-slate-600">Account</p>;
}
