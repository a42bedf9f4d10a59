// A stand-in for the /trpc endpoint: records each request and answers every call in it the
// way the real server would (superjson-encoded results and error shapes).
import type { AppRouter } from "@caredesk/api";
import { createTRPCClient, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import { vi } from "vitest";
import { isApiError, type ApiError } from "../src/errors";
import { apiLinks, type ApiLinkOptions } from "../src/links";

export interface Recorded {
  url: URL;
  paths: string[];
  batched: boolean;
  headers: Headers;
  body: BodyInit | null | undefined;
}

/** An error as the server's errorFormatter shapes it: its code, status, message and data. */
export interface Refusal {
  code: string;
  httpStatus: number;
  message: string;
  data?: object;
}

export type Answer = { data: unknown } | { error: Refusal };

export function fakeApi(answer: (path: string) => Answer = () => ({ data: null })) {
  const requests: Recorded[] = [];
  // The links call fetch with the URL as a string.
  const fetch = vi.fn((input: string, init?: RequestInit) => {
    const url = new URL(input, "http://caredesk.test");
    const paths = url.pathname.replace(/^\/trpc\//, "").split(",");
    const batched = url.searchParams.get("batch") === "1";
    requests.push({ url, paths, batched, headers: new Headers(init?.headers), body: init?.body });
    const envelopes = paths.map((path) => envelope(path, answer(path)));
    const [single] = envelopes;
    return Promise.resolve(
      new Response(JSON.stringify(batched ? envelopes : single), {
        status: !batched && single && "error" in single ? 400 : 200,
        headers: { "content-type": "application/json" },
      }),
    );
  });
  vi.stubGlobal("fetch", fetch);
  return { requests, fetch };
}

function envelope(path: string, answer: Answer) {
  if ("data" in answer) return { result: { data: superjson.serialize(answer.data) } };
  const { code, httpStatus, message, data } = answer.error;
  // The shape the server's errorFormatter returns, as the transformer writes it.
  const shape = {
    message,
    code: -32000,
    data: {
      code,
      httpStatus,
      path,
      fieldErrors: null,
      alternatives: null,
      ...data,
    },
  };
  return { error: superjson.serialize(shape) };
}

export function apiClient(options: ApiLinkOptions = {}): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({ links: apiLinks(options) });
}

/** The error a call ends in (fails the test when it succeeds). */
export async function failureOf(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (isApiError(error)) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

/** The error a call ends in when the server refuses it with `error`. */
export function refusal(error: Refusal): Promise<ApiError> {
  fakeApi(() => ({ error }));
  return failureOf(apiClient().auth.me.query());
}
