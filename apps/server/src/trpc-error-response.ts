// Errors raised by Fastify plugins before tRPC runs (rate limit, CSRF) are sent in tRPC's
// own wire shape, so the typed client surfaces them like any other procedure error.
import type { FastifyReply, FastifyRequest } from "fastify";
import superjson from "superjson";

const jsonRpcCodes = {
  FORBIDDEN: -32003,
  TOO_MANY_REQUESTS: -32029,
  PAYLOAD_TOO_LARGE: -32413,
  BAD_REQUEST: -32600,
} as const;

export type PreTrpcCode = keyof typeof jsonRpcCodes;

export function isTrpcRequest(request: FastifyRequest): boolean {
  return request.url.startsWith("/trpc/");
}

export function trpcErrorBody(
  request: FastifyRequest,
  code: PreTrpcCode,
  httpStatus: number,
  message: string,
) {
  const path = request.url.slice("/trpc/".length).split("?")[0] ?? "";
  const procedures = decodeURIComponent(path).split(",");
  const one = (procedure: string) =>
    superjson.serialize({
      message,
      code: jsonRpcCodes[code],
      data: { code, httpStatus, path: procedure, fieldErrors: null },
    });
  const batched = /[?&]batch=1(&|$)/.test(request.url);
  return batched ? procedures.map((p) => ({ error: one(p) })) : { error: one(procedures[0] ?? "") };
}

export function sendPreTrpcError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: PreTrpcCode,
  httpStatus: number,
  message: string,
) {
  if (isTrpcRequest(request)) {
    return reply.status(httpStatus).send(trpcErrorBody(request, code, httpStatus, message));
  }
  return reply.status(httpStatus).send({ statusCode: httpStatus, error: code, message });
}
