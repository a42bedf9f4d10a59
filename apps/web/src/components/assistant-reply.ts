// How the assistant's answers are laid out in the portal's chat: the order of an answer's
// actions (an emergency's call first), a slot action as the booking it asks for, and the
// word-by-word reveal of an answer's text (purely visual; the answer arrives whole).
/** The longest a reveal takes, however long the answer. */
export const revealMs = 400;

/**
 * The actions of an answer in the order they are shown: on an emergency the call actions come
 * first (shown large), the rest keep the order the server gave.
 */
export function orderActions<A extends { kind: string }>(
  actions: readonly A[],
  emergency: boolean,
): A[] {
  if (!emergency) return [...actions];
  return [...actions.filter((a) => a.kind === "call"), ...actions.filter((a) => a.kind !== "call")];
}

/** A slot action as `appointment.bookMine` takes it: the doctor, when named, is preferred. */
export function bookingOf(
  action: { serviceId: string; start: Date; practitionerResourceId: string | null },
  idempotencyKey: string,
): { serviceId: string; start: Date; resourceIds: string[]; idempotencyKey: string } {
  return {
    serviceId: action.serviceId,
    start: action.start,
    resourceIds: action.practitionerResourceId ? [action.practitionerResourceId] : [],
    idempotencyKey,
  };
}

/**
 * The part of `text` shown `elapsedMs` into its reveal: whole words (with the spaces and line
 * breaks after them), more of them as time passes, all of it by `totalMs`.
 */
export function revealedText(text: string, elapsedMs: number, totalMs = revealMs): string {
  const words = text.match(/\S+\s*/g);
  if (!words || elapsedMs >= totalMs) return text;
  const leading = text.slice(0, text.length - words.join("").length);
  const shown = Math.max(1, Math.ceil((Math.max(0, elapsedMs) / totalMs) * words.length));
  return leading + words.slice(0, shown).join("");
}
