/** Only same-app paths: "//evil.example" and absolute URLs would be open redirects. */
export function safeRedirect(target: string | undefined, fallback: string): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}
