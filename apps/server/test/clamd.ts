// A real ClamAV daemon for a test file: Debian's /usr/sbin/clamd with a temporary configuration
// (TCP on a free port of 127.0.0.1, a database holding only the EICAR test signature), started
// and stopped by the test. With this tiny database it answers PING in about half a second.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClamdScanner } from "../src/files/clamav";

export const clamdBinary = process.env.CLAMD_BINARY ?? "/usr/sbin/clamd";

/**
 * The EICAR anti-virus test file, put together here so that no file of the repository is itself
 * one (scanners on developers' machines would quarantine it).
 */
export const eicar = Buffer.from(
  ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!", "$H+H*"].join(""),
);

/** The signature clamd reports for it from the database below (`.UNOFFICIAL`: not ClamAV's). */
export const eicarSignature = "Eicar-Test-Signature.UNOFFICIAL";

/**
 * ClamAV's body-signature (.ndb) line for the EICAR string anywhere in a file of any type, so the
 * string is found inside a PNG, a PDF or a CSV as well as on its own.
 */
export function eicarDatabase(): string {
  return `Eicar-Test-Signature:0:*:${eicar.toString("hex")}\n`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface TestClamd {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

export async function createTestClamd(): Promise<TestClamd> {
  if (!existsSync(clamdBinary)) {
    throw new Error(
      `${clamdBinary} not found: install ClamAV's daemon (apt-get install -y clamav-daemon); ` +
        "the malware scanning tests start their own clamd (README, Malware scanning)",
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "caredesk-clamd-"));
  const databaseDir = join(dir, "db");
  await mkdir(databaseDir);
  await writeFile(join(databaseDir, "eicar.ndb"), eicarDatabase());
  const port = await freePort();
  const config = [
    `TCPSocket ${port}`,
    "TCPAddr 127.0.0.1",
    `DatabaseDirectory ${databaseDir}`,
    "Foreground yes",
    `LogFile ${join(dir, "clamd.log")}`,
    // No User line: clamd runs as whoever starts it (root in CI), and reads this directory.
    "StreamMaxLength 60M",
    "SelfCheck 3600",
  ].join("\n");
  const configPath = join(dir, "clamd.conf");
  await writeFile(configPath, `${config}\n`);
  const url = `tcp://127.0.0.1:${port}`;
  const probe = new ClamdScanner({ url, timeoutMs: 1_000 });
  let child: ChildProcess | null = null;

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    await exited;
  };

  return {
    url,
    async start() {
      if (child) return;
      const started = spawn(clamdBinary, ["-c", configPath], { stdio: "ignore" });
      child = started;
      const failures: Error[] = [];
      started.once("error", (error) => failures.push(error));
      started.once("exit", (code) => {
        failures.push(new Error(`clamd exited with ${code}; see ${join(dir, "clamd.log")}`));
      });
      for (let attempt = 0; attempt < 300; attempt++) {
        const [failure] = failures;
        if (failure) {
          child = null;
          throw failure;
        }
        if (await probe.ping()) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await stop();
      throw new Error("clamd did not answer PING within 30 seconds");
    },
    stop,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
