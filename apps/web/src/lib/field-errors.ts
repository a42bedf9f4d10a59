// Every field's messages of an API error (fieldErrorOf reads one): for forms whose fields are
// not react-hook-form's, such as the form builder's and a form link's answers.
export function fieldErrorsOf(error: unknown): Readonly<Record<string, string[]>> | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data = (error as { data?: { fieldErrors?: Record<string, string[]> | null } | null }).data;
  return data?.fieldErrors ?? null;
}
