// The /trpc endpoint: tRPC's own Fastify plugin, with a leaner path for plain queries and
// mutations in front of it.
//
// Why: tRPC's Fastify adapter turns every request into a Fetch `Request` (a `Headers` copy,
// a `URL`, an `AbortController` whose abort on close builds a `DOMException`) and reads back a
// Fetch `Response` through a web stream. On `appointment.list` that adaptation cost more of
// the server's CPU than the procedure's own work (CPU profile: undici's Request/Response,
// web streams, abort signals). The lean path runs the same typed router the same way —
// tRPC's own `getRequestInfo` decodes the call(s) and inputs, the procedure is called with the
// same context from the same `createContext`, errors go through `getTRPCErrorFromUnknown`,
// the router's error formatter (`getErrorShape`) and `onError`, the status comes from
// `getHTTPStatusCode`, headers from `responseMeta` — and writes the body straight to Fastify.
//
// It follows `resolveResponse` (@trpc/server 11.19, src/unstable-core-do-not-import/http/
// resolveResponse.ts) for JSON queries and mutations, single or batched (GET and POST), and
// hands everything else, before anything has run, to `fastifyRequestHandler` (the plugin's own
// handler): subscriptions (SSE), streamed batches (`trpc-accept: application/jsonl`), form data
// and other content types, HEAD/OPTIONS and other methods, unknown or lazily loaded procedures,
// a method a procedure does not accept, mixed batches, connection parameters, and paths that
// need a second URI decoding. test/trpc-lean.test.ts sends the same requests to both paths and
// compares status, headers and bodies.
//
// Differences, none of them visible to a tRPC client: the body is sent with a Content-Length
// instead of chunked, and procedures on this path get no abort signal (only subscriptions,
// which stay on tRPC's adapter, use one).
import { Readable } from "node:stream";
import type { AnyTRPCRouter } from "@trpc/server";
import {
  fastifyRequestHandler,
  type FastifyTRPCPluginOptions,
} from "@trpc/server/adapters/fastify";
import {
  getErrorShape,
  getHTTPStatusCode,
  getRequestInfo,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
  TRPCError,
  type AnyRootTypes,
  type RootConfig,
  type TRPCRequestInfo,
} from "@trpc/server/unstable-core-do-not-import";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

type TrpcOptions<TRouter extends AnyTRPCRouter> = FastifyTRPCPluginOptions<TRouter>["trpcOptions"];

/** One answer of the response, before the transformer. */
type Item = { error: unknown } | { result: { data: unknown } };

/** @fastify/compress's default threshold: smaller string bodies are sent uncompressed. */
const compressThreshold = 1024;

/** What `getRequestInfo` reads of a Fetch Request, over Fastify's request. */
function requestLike(request: FastifyRequest) {
  const headers = request.headers;
  const get = (name: string): string | null => {
    const value = headers[name];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : String(value);
  };
  return {
    method: request.method,
    headers: { get, has: (name: string) => headers[name] !== undefined },
    // What Request.json() does with the string body tRPC's content parser keeps.
    json: () => Promise.resolve().then(() => JSON.parse(request.body as string) as unknown),
    signal: undefined,
  };
}

/** resolveResponse's `isDataStream`: an answer only a streaming link can carry. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  return Object.values(value).some(isPromise) || Object.values(value).some(isAsyncIterable);
}

/** Whether the lean path serves this request; false leaves it to tRPC's adapter untouched. */
function isLeanCall(request: FastifyRequest, router: AnyTRPCRouter, path: string, batch: boolean) {
  const method = request.method;
  const contentType = request.headers["content-type"];
  if (method === "GET") {
    if (contentType !== undefined && !contentType.startsWith("application/json")) return false;
  } else if (method === "POST") {
    if (!contentType?.startsWith("application/json") || typeof request.body !== "string") {
      return false;
    }
  } else {
    return false;
  }
  if (request.headers["trpc-accept"] !== undefined) return false;
  const accept = request.headers.accept;
  if (accept?.includes("application/jsonl")) return false;
  const procedures = router._def.procedures as Record<string, { _def: { type: string } }>;
  let type: string | null = null;
  for (const name of batch ? path.split(",") : [path]) {
    const procedure = procedures[name];
    if (!procedure) return false;
    const procedureType = procedure._def.type;
    if (type !== null && procedureType !== type) return false;
    type = procedureType;
  }
  return (type === "query" && method === "GET") || (type === "mutation" && method === "POST");
}

/**
 * Serves `${prefix}/:path` like `fastifyTRPCPlugin` (same content parsers, same route), with
 * the lean path for plain JSON queries and mutations.
 */
export function trpcLeanPlugin<TRouter extends AnyTRPCRouter>(
  fastify: FastifyInstance,
  opts: { trpcOptions: TrpcOptions<TRouter> },
  done: (err?: Error) => void,
) {
  const trpcOptions = opts.trpcOptions;
  const router = trpcOptions.router;
  const config = router._def._config as RootConfig<AnyRootTypes>;
  fastify.removeContentTypeParser("application/json");
  fastify.addContentTypeParser("application/json", { parseAs: "string" }, (_, body, next) => {
    next(null, body);
  });
  fastify.removeContentTypeParser("multipart/form-data");
  fastify.addContentTypeParser("multipart/form-data", {}, (_, body, next) => {
    next(null, body);
  });

  fastify.all("/:path", async (request, reply) => {
    const path = (request.params as { path: string }).path;
    const url = request.url;
    const queryAt = url.indexOf("?");
    const search = queryAt === -1 ? "" : url.slice(queryAt + 1);
    const searchParams = new URLSearchParams(search);
    const batch = searchParams.get("batch") === "1";
    const lean =
      !path.includes("%") &&
      !searchParams.has("connectionParams") &&
      isLeanCall(request, router, path, batch);
    if (!lean) {
      await fastifyRequestHandler({ ...trpcOptions, req: request, res: reply, path });
      return;
    }

    let info: TRPCRequestInfo;
    try {
      const like = requestLike(request);
      info = await getRequestInfo({
        req: like as unknown as Request,
        path,
        router,
        searchParams,
        headers: like.headers as unknown as Headers,
        url: null,
      });
    } catch {
      // Whatever tRPC refuses here, its adapter answers (nothing has run yet).
      await fastifyRequestHandler({ ...trpcOptions, req: request, res: reply, path });
      return;
    }

    // The context, once for every call of a batch; a failure becomes each call's error.
    let ctx: unknown;
    let ctxError: TRPCError | undefined;
    try {
      ctx = await trpcOptions.createContext?.({
        ...trpcOptions,
        req: request,
        res: reply,
        path,
        info,
      } as never);
    } catch (cause) {
      ctxError = getTRPCErrorFromUnknown(cause);
    }

    const onError = (
      error: TRPCError,
      callPath: string | undefined,
      input: unknown,
      type: "query" | "mutation" | "subscription" | "unknown",
    ) => {
      trpcOptions.onError?.({ error, path: callPath, input, ctx, type, req: request });
    };

    const outcomes = await Promise.all(
      info.calls.map(async (call): Promise<[TRPCError | undefined, unknown]> => {
        const procedure = call.procedure;
        try {
          // isLeanCall found every procedure; kept for the type.
          if (!procedure) throw new TRPCError({ code: "NOT_FOUND" });
          if (ctxError) throw ctxError;
          const data: unknown = await procedure({
            path: call.path,
            getRawInput: call.getRawInput,
            ctx,
            type: procedure._def.type,
            signal: undefined,
            batchIndex: call.batchIndex,
          });
          return [undefined, data];
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          onError(error, call.path, call.result(), procedure?._def.type ?? "unknown");
          return [error, undefined];
        }
      }),
    );

    const shapeOf = (
      error: TRPCError,
      call: TRPCRequestInfo["calls"][number] | undefined,
    ): unknown =>
      getErrorShape({
        config,
        ctx: ctxError ? undefined : ctx,
        error,
        input: call?.result(),
        path: call?.path,
        type: call?.procedure?._def.type ?? info.type,
      });

    let untransformed: Item[];
    let errors: TRPCError[];
    const single = !info.isBatchCall;
    const first = outcomes[0];
    if (single && first && first[0] === undefined && isDataStream(first[1])) {
      // resolveResponse throws this one outside the call: onError without a path or input.
      const error = new TRPCError({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message:
          "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink",
      });
      onError(error, undefined, undefined, info.type);
      untransformed = [{ error: shapeOf(error, undefined) }];
      errors = [error];
    } else {
      errors = [];
      untransformed = outcomes.map(([error, data], index) => {
        const call = info.calls[index];
        let failure = error;
        if (!failure && !single && isDataStream(data)) {
          failure = new TRPCError({
            code: "UNSUPPORTED_MEDIA_TYPE",
            message:
              "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink",
          });
        }
        if (failure) {
          errors.push(failure);
          return { error: shapeOf(failure, call) };
        }
        return { result: { data } };
      });
    }

    // initResponse: the status, then what responseMeta adds.
    let status = getHTTPStatusCode(untransformed as never);
    const headers: Record<string, string | string[]> = {
      "content-type": "application/json",
      vary: "trpc-accept, accept",
    };
    const meta = trpcOptions.responseMeta?.({
      ctx: ctxError ? undefined : ctx,
      info,
      paths: info.calls.map((call) => call.path),
      data: untransformed,
      errors,
      eagerGeneration: false,
      type: info.calls.find((call) => call.procedure?._def.type)?.procedure?._def.type ?? "unknown",
    } as never) as { headers?: unknown; status?: number } | undefined;
    if (meta?.headers) {
      // As a Fetch Headers object would hold them: repeated values joined by ", ".
      const entries: Iterable<[string, unknown]> =
        meta.headers instanceof Headers
          ? meta.headers.entries()
          : Object.entries(meta.headers as Record<string, unknown>);
      for (const [key, value] of entries) {
        const name = key.toLowerCase();
        if (Array.isArray(value)) {
          for (const item of value as string[]) {
            const seen = headers[name];
            headers[name] =
              seen === undefined
                ? item
                : name === "set-cookie"
                  ? [seen, item].flat()
                  : `${String(seen)}, ${item}`;
          }
        } else if (typeof value === "string") {
          headers[name] = value;
        }
      }
    }
    if (meta?.status) status = meta.status;

    const body = JSON.stringify(
      transformTRPCResponse(config, (single ? untransformed[0] : untransformed) as never),
    );
    void reply.code(status);
    for (const name in headers) void reply.header(name, headers[name]);
    // tRPC's adapter answers with a stream, which @fastify/compress compresses at any size;
    // a string is compressed only from its threshold up. Small answers stay a stream so
    // Content-Encoding is the same either way.
    return sendBody(reply, body, request.headers["accept-encoding"] !== undefined);
  });
  done();
}

function sendBody(reply: FastifyReply, body: string, mayCompress: boolean) {
  if (mayCompress && body.length < compressThreshold) {
    return reply.send(Readable.from([body]));
  }
  // The string as it is (no Buffer copy), through an identity serializer: Fastify would
  // otherwise add "; charset=utf-8" to a string's JSON content type.
  return reply.serializer(asIs).send(body);
}

const asIs = (payload: string) => payload;
