// Security headers set once per request from a list made at start-up, for every route
// (/trpc above all): @fastify/helmet calls `helmet(options)` on every request, which parses the
// Content-Security-Policy directives and rebuilds every header middleware each time (2–3% of
// the server's CPU on appointment.list). The list is what @fastify/helmet itself does to a
// response with these options — recorded once by running it on a throwaway server, so the
// names (with helmet's casing), values and order are helmet's own — and replayed on the raw
// response in the same onRequest position. The options must be static: a directive given as a
// function of the request would be frozen at its first value (startSecurityHeaders refuses
// them). test/trpc-security-headers.test.ts compares the answers with @fastify/helmet's.
import fastifyHelmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import Fastify, { type FastifyInstance } from "fastify";

type Operation = { set: string; value: string | number | readonly string[] } | { remove: string };

/** What @fastify/helmet does to a response's headers with `options`, in order. */
async function recordHelmet(options: FastifyHelmetOptions): Promise<Operation[]> {
  const probe = Fastify({ logger: false });
  const operations: Operation[] = [];
  let recording = false;
  // Registered before helmet, so it runs first and watches what helmet's own hook does.
  probe.addHook("onRequest", (request, reply, done) => {
    const raw = reply.raw;
    const setHeader = raw.setHeader.bind(raw);
    const removeHeader = raw.removeHeader.bind(raw);
    recording = true;
    raw.setHeader = (name, value) => {
      if (recording) operations.push({ set: name, value });
      return setHeader(name, value);
    };
    raw.removeHeader = (name) => {
      if (recording) operations.push({ remove: name });
      removeHeader(name);
    };
    done();
  });
  await probe.register(fastifyHelmet, options);
  probe.addHook("onRequest", (_request, _reply, done) => {
    recording = false;
    done();
  });
  probe.get("/", () => "");
  await probe.inject({ method: "GET", url: "/" });
  await probe.close();
  return operations;
}

function hasFunction(value: unknown): boolean {
  if (typeof value === "function") return true;
  if (Array.isArray(value)) return value.some(hasFunction);
  if (value && typeof value === "object") return Object.values(value).some(hasFunction);
  return false;
}

/** Registers the onRequest hook that sets @fastify/helmet's headers with `options`. */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: FastifyHelmetOptions,
): Promise<void> {
  if (hasFunction(options)) {
    throw new Error("security headers: options computed per request need @fastify/helmet itself");
  }
  const operations = await recordHelmet(options);
  app.addHook("onRequest", (_request, reply, done) => {
    const raw = reply.raw;
    for (const operation of operations) {
      if ("set" in operation) raw.setHeader(operation.set, operation.value);
      else raw.removeHeader(operation.remove);
    }
    done();
  });
}
