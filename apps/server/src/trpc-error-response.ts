// Errors raised before tRPC runs (the CSRF guard, unreadable or oversized bodies) are sent in
// tRPC's own wire shape, so the typed client surfaces them like any other procedure error.
import { trpcBasePath } from "@caredesk/api";
import type { FastifyReply, FastifyRequest } from "fastify";
import superjson from "superjson";

const jsonRpcCodes = {
  FORBIDDEN: -32003,
  PAYLOAD_TOO_LARGE: -32413,
  BAD_REQUEST: -32600,
} as const;

type PreTrpcCode = keyof typeof jsonRpcCodes;

function isTrpcRequest(request: FastifyRequest): boolean {
  return request.url.startsWith(`${trpcBasePath}/`);
}

function trpcErrorBody(
  request: FastifyRequest,
  code: PreTrpcCode,
  httpStatus: number,
  message: string,
) {
  const path = request.url.slice(trpcBasePath.length + 1).split("?")[0] ?? "";
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
