// Entry point: `node dist/index.js` (production) or `tsx watch src/index.ts` (dev).
import { buildServer } from "./app";
import { openDatabase } from "./database";
import { loadEnv } from "./env";

const env = loadEnv();
const database = await openDatabase(env, (msg) => console.log(msg));
const app = await buildServer({ env, database });

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, "shutting down: draining requests");
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

await app.listen({ host: env.HOST, port: env.PORT });
console.log(`Caredesk is running at ${env.appOrigin}  (admin: ${env.appOrigin}/admin/)`);
