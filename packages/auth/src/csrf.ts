// CSRF guard for cookie-authenticated requests: anything that can change state must come
// from an allowed origin. Runs in the server before tRPC sees the request.
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfRequest {
  method: string;
  origin?: string | undefined;
  secFetchSite?: string | undefined;
}

export function isCsrfSafe(request: CsrfRequest, allowedOrigins: ReadonlySet<string>): boolean {
  if (safeMethods.has(request.method.toUpperCase())) return true;
  if (request.origin) return allowedOrigins.has(request.origin);
  return request.secFetchSite === "same-origin";
}
