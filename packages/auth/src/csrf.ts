// CSRF guard: anything that can change state with a browser's ambient credentials must come
// from an allowed origin. Runs in the server before tRPC sees the request.
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfRequest {
  method: string;
  origin?: string | undefined;
  secFetchSite?: string | undefined;
  /** The credential the request carries; a bearer header is never attached by a browser itself. */
  credential?: "bearer" | "cookie" | null;
  /**
   * Whether the endpoint can start a browser session (tRPC's sign-in sets a cookie). One that
   * cannot (the REST API) has nothing to forge for a request without credentials.
   */
  opensSessions?: boolean;
}

export function isCsrfSafe(request: CsrfRequest, allowedOrigins: ReadonlySet<string>): boolean {
  if (safeMethods.has(request.method.toUpperCase())) return true;
  // A bearer request's cookies are never read: no ambient authority to borrow.
  if (request.credential === "bearer") return true;
  // No credentials at an endpoint that sets none (a device asking for its token): the same.
  if (request.credential === null && request.opensSessions === false) return true;
  if (request.origin) return allowedOrigins.has(request.origin);
  return request.secFetchSite === "same-origin";
}
