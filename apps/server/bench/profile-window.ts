// CPU profiles of one side of a side-by-side run only: with BENCH_PROFILE_DIR set, each call of
// the wrapped function is profiled (the main thread: the server, the product code, the database
// client; load clients on worker threads are not in it) and written as
// `<dir>/<label>-<n>.cpuprofile`, for a summary by package and function.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { resolve } from "node:path";

let session: Session | undefined;
const counts = new Map<string, number>();

export function profiled<T>(label: string, run: () => Promise<T>): () => Promise<T> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return run;
  return async () => {
    if (!session) {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
    }
    await session.post("Profiler.start");
    try {
      return await run();
    } finally {
      const { profile } = await session.post("Profiler.stop");
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      mkdirSync(dir, { recursive: true });
      writeFileSync(resolve(dir, `${label}-${n}.cpuprofile`), JSON.stringify(profile));
    }
  };
}
