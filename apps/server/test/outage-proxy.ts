// A TCP proxy in front of the test database that a test can cut and restore: PostgreSQL stays
// up for everyone else while the server under test cannot reach it.
import { createServer, connect, type Server, type Socket } from "node:net";
import { createDb, type DbHandle } from "@caredesk/db";

/** Forwards TCP to PostgreSQL until cut: then connections are refused, or accepted and left hanging. */
export class Outage {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  private mode: "up" | "hang" = "up";
  /** When set, the first time a client sends this text the database goes away (refuse()). */
  private tripwire: string | null = null;
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      this.sockets.add(client);
      client.on("close", () => this.sockets.delete(client));
      client.on("error", () => client.destroy());
      if (this.mode === "hang") return; // accepted, never answered
      const upstream = connect(this.targetPort, this.host);
      this.sockets.add(upstream);
      upstream.on("close", () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      client.on("data", (chunk: Buffer) => {
        if (this.tripwire && chunk.toString("latin1").includes(this.tripwire)) {
          this.tripwire = null;
          void this.refuse();
          return;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
    this.server = server;
  }

  private dropConnections() {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** The database goes away at the moment a client sends `text` (e.g. one particular query). */
  cutWhenSent(text: string): void {
    this.tripwire = text;
  }

  /** Nothing listens any more: every connection attempt is refused at once. */
  async refuse(): Promise<void> {
    this.dropConnections();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Connections are accepted but never answered, as with a dead host behind a firewall. */
  hang(): void {
    this.mode = "hang";
    this.dropConnections();
  }

  async restore(): Promise<void> {
    // Hanging connections are dropped (their clients reconnect); live ones are left alone.
    if (this.mode === "hang") this.dropConnections();
    this.mode = "up";
    if (!this.server) await this.start();
  }
}

/**
 * A handle on `databaseUrl` that reaches it through an outage proxy, with a short connect
 * timeout (so an outage is answered in seconds), and how to close both.
 */
export async function behindOutage(databaseUrl: string, max = 2) {
  const url = new URL(databaseUrl);
  const outage = new Outage(url.hostname, Number(url.port || 5432));
  await outage.start();
  url.hostname = "127.0.0.1";
  url.port = String(outage.port);
  const proxied: DbHandle = await createDb({
    databaseUrl: url.toString(),
    max,
    connectTimeoutSeconds: 2,
  });
  return {
    outage,
    proxied,
    close: async () => {
      await proxied.close();
      await outage.refuse();
    },
  };
}
