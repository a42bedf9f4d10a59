// What every provider stand-in does over HTTP: read a request's body, and post a signed
// notification to the receiver the way providers do, keeping the answer's status.
import type { IncomingMessage } from "node:http";

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** POSTs a delivery; the receiver's HTTP status, or null when it could not be reached. */
export async function postDelivery(
  url: string,
  delivery: { headers: Record<string, string>; body: string },
): Promise<number | null> {
  try {
    const answer = await fetch(url, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    await answer.arrayBuffer();
    return answer.status;
  } catch {
    return null;
  }
}
