// The public API over tRPC's HTTP wire format with superjson, by plain fetch (no client
// library: the page's JavaScript stays small). Answers are `{ result: { data } }` or
// `{ error }`, each a superjson envelope; subscriptions are read with an EventSource.
import superjson from "superjson";

export interface Slot {
  start: Date;
  end: Date;
  resourceIds: string[];
}

export interface Booked {
  reference: string;
  serviceName: string;
  startsAt: Date;
}

export interface ApiErrorShape {
  message: string;
  code: number;
  data?: {
    code?: string;
    httpStatus?: number;
    fieldErrors?: Record<string, string[]> | null;
    alternatives?: Slot[] | null;
  };
}

/** A refusal the server answered with, or a request that never got an answer (`shape` null). */
export class ApiError extends Error {
  constructor(readonly shape: ApiErrorShape | null) {
    super(shape?.message ?? "network");
  }
  get code(): string | null {
    return this.shape?.data?.code ?? null;
  }
  get fieldErrors(): Record<string, string[]> {
    return this.shape?.data?.fieldErrors ?? {};
  }
  get alternatives(): Slot[] | null {
    return this.shape?.data?.alternatives ?? null;
  }
}

async function read<T>(response: Promise<Response>): Promise<T> {
  let body: { result?: { data?: unknown }; error?: unknown };
  try {
    body = (await (await response).json()) as typeof body;
  } catch {
    throw new ApiError(null);
  }
  if (body.error) {
    throw new ApiError(superjson.deserialize(body.error as never));
  }
  if (!body.result) throw new ApiError(null);
  return superjson.deserialize(body.result.data as never);
}

export function query<T>(path: string, input: unknown, signal?: AbortSignal): Promise<T> {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  return read<T>(
    fetch(`/trpc/${path}?input=${encoded}`, {
      headers: { accept: "application/json" },
      credentials: "same-origin",
      signal,
    }),
  );
}

export function mutate<T>(path: string, input: unknown): Promise<T> {
  return read<T>(
    fetch(`/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(superjson.serialize(input)),
    }),
  );
}

/** A subscription's event stream: tRPC's SSE GET, the input a superjson envelope. */
export function subscriptionUrl(path: string, input: unknown): string {
  return `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

/** The value of one `data:` line of a subscription's stream (a superjson envelope), or null. */
export function streamData<T>(data: string): T | null {
  try {
    return superjson.deserialize<T>(JSON.parse(data) as never);
  } catch {
    return null;
  }
}

export interface Listening {
  /** Resolves once the server listens, the stream failed, or it took too long to open. */
  opened: Promise<void>;
  close(): void;
}

/** How long a question waits for its live stream to open: the stream is only a preview. */
const openWaitMs = 1500;

/**
 * Listens to a subscription with an EventSource until `onData` answers true, the server ends it
 * or refuses it, the connection drops (no reconnecting), or `close()`.
 */
export function subscribe<T>(
  path: string,
  input: unknown,
  onData: (value: T) => boolean,
): Listening {
  if (typeof EventSource === "undefined") return { opened: Promise.resolve(), close() {} };
  const source = new EventSource(subscriptionUrl(path, input), { withCredentials: true });
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    markOpen = resolve;
    setTimeout(resolve, openWaitMs);
  });
  const close = () => {
    source.close();
    markOpen();
  };
  source.addEventListener("connected", () => markOpen());
  source.addEventListener("message", (event: MessageEvent<string>) => {
    const value = streamData<T>(event.data);
    if (value !== null && onData(value)) close();
  });
  source.addEventListener("return", close);
  source.addEventListener("serialized-error", close);
  source.addEventListener("error", close);
  return { opened, close };
}

/** A question's live-stream key: 16 random bytes, base64url (22 characters). */
export function newStreamKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A fresh key per booking attempt: a double submit books once, a new time is a new booking. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
