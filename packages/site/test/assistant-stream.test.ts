// The chat's live answer on the site: the stream's address carries the input the way tRPC's
// subscription link sends it, each `data:` line is read back from its superjson envelope, and
// the EventSource is closed when the answer is done, refused or dropped (never reconnecting).
import superjson from "superjson";
import { afterEach, describe, expect, it, vi } from "vitest";
import { newStreamKey, streamData, subscribe, subscriptionUrl } from "../src/islands/api";

/** An EventSource stand-in: records listeners and whether it was closed. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly listeners = new Map<string, ((event: { data: string }) => void)[]>();
  closed = false;
  constructor(
    readonly url: string,
    readonly init: { withCredentials?: boolean },
  ) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data = "") {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

function source(): FakeEventSource {
  if (!FakeEventSource.last) throw new Error("no EventSource was opened");
  return FakeEventSource.last;
}

/** A data line as the server writes it: the value's superjson envelope as JSON. */
const line = (value: unknown) => JSON.stringify(superjson.serialize(value));

afterEach(() => {
  vi.unstubAllGlobals();
  FakeEventSource.last = null;
});

describe("the assistant's live answer", () => {
  it("asks for the stream with the input as a superjson envelope in the query", () => {
    const url = subscriptionUrl("assistant.reply", { streamKey: "abc_DEF-123" });
    const [path, query] = url.split("?input=");
    expect(path).toBe("/trpc/assistant.reply");
    expect(JSON.parse(decodeURIComponent(query ?? ""))).toEqual({
      json: { streamKey: "abc_DEF-123" },
    });
  });

  it("reads a delta back from its data line, and nothing from a broken one", () => {
    expect(streamData(line({ text: "We open at 9.\n", done: false }))).toEqual({
      text: "We open at 9.\n",
      done: false,
    });
    expect(streamData("not json")).toBeNull();
  });

  it("makes stream keys of 128 random bits the server accepts", () => {
    const keys = new Set(Array.from({ length: 50 }, () => newStreamKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("passes each delta on and closes when the answer is done", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    const heard: string[] = [];
    const live = subscribe<{ text: string; done: boolean }>(
      "assistant.reply",
      { streamKey: "k".repeat(22) },
      (delta) => {
        heard.push(delta.text);
        return delta.done;
      },
    );
    source().emit("connected", "{}");
    await live.opened;
    source().emit("message", line({ text: "We are open ", done: false }));
    source().emit("message", line({ text: "until 5.", done: false }));
    expect(source().closed).toBe(false);
    source().emit("message", line({ text: "", done: true }));
    expect(heard).toEqual(["We are open ", "until 5.", ""]);
    expect(source().closed).toBe(true);
    expect(source().init.withCredentials).toBe(true);
  });

  it.each(["serialized-error", "error", "return"])("closes on %s without reconnecting", (type) => {
    vi.stubGlobal("EventSource", FakeEventSource);
    subscribe("assistant.reply", { streamKey: "k".repeat(22) }, () => false);
    source().emit(type);
    expect(source().closed).toBe(true);
  });
});
