import { describe, expect, it } from "vitest";
import { activeLogTails, followLog, type LogSubscriber, type TailSource } from "./log-tail";
import type { StorageBackend } from "@/lib/server/storage";

/** A log blob that grows when told to, counting the storage calls made on it. */
function growingLog() {
  let content = Buffer.alloc(0);
  const calls = { stat: 0, read: 0 };
  const backend = {
    stat: async () => {
      calls.stat++;
      return { size: content.length };
    },
    read: async (_p: string, offset: number, length: number) => {
      calls.read++;
      return content.subarray(offset, offset + length);
    },
  } as unknown as StorageBackend;
  return { backend, calls, append: (text: string) => (content = Buffer.concat([content, Buffer.from(text)])) };
}

/** A running job's log source whose status comes from `readStatus`. */
const runningSource =
  (log: ReturnType<typeof growingLog>, readStatus: () => Promise<string> = async () => "Running") =>
  async (): Promise<TailSource> => ({ backend: log.backend, path: "p", status: "Running", readStatus });

function subscriber(from = 0) {
  const got: string[] = [];
  const events: string[] = [];
  const decoder = new TextDecoder();
  const s: LogSubscriber = {
    offset: from,
    data: (bytes) => got.push(decoder.decode(bytes, { stream: true })),
    status: (status) => events.push(`status ${status}`),
    keepAlive: () => {},
    end: (_o, status) => events.push(`end ${status}`),
    failure: (m) => events.push(`failure ${m}`),
  };
  return { s, text: () => got.join(""), events };
}

const until = async (f: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("one log tail per run, however many follow it", () => {
  it("polls once for all subscribers, hands each its bytes from its own offset, ends them together", async () => {
    const log = growingLog();
    let status = "Running";
    let opened = 0;
    const source = async (): Promise<TailSource> => {
      opened++;
      return { backend: log.backend, path: "p", status, readStatus: async () => status };
    };
    log.append("line 1\n");
    const subs = Array.from({ length: 50 }, () => subscriber());
    for (const x of subs) await followLog("ws/run-a", x.s, source);
    expect(opened).toBe(1);
    await until(() => subs.every((x) => x.text() === "line 1\n"));
    // A late subscriber resuming from an offset gets only what follows it.
    const late = subscriber(5);
    await followLog("ws/run-a", late.s, source);
    log.append("line 2\n");
    await until(() => subs.every((x) => x.text() === "line 1\nline 2\n") && late.text() === "1\nline 2\n");
    const stats = log.calls.stat;
    await new Promise((r) => setTimeout(r, 1000));
    // About four polls a second for 51 subscribers, not four each.
    expect(log.calls.stat - stats).toBeLessThanOrEqual(6);
    status = "Completed";
    await until(() => [...subs, late].every((x) => x.events.includes("end Completed")));
    expect(activeLogTails()).toBe(0);
  });

  it("stops polling when its last subscriber leaves", async () => {
    const log = growingLog();
    const source = runningSource(log);
    const a = await followLog("ws/run-b", subscriber().s, source);
    const b = await followLog("ws/run-b", subscriber().s, source);
    a.leave();
    b.leave();
    await new Promise((r) => setTimeout(r, 600));
    expect(activeLogTails()).toBe(0);
    const stats = log.calls.stat;
    await new Promise((r) => setTimeout(r, 600));
    expect(log.calls.stat).toBe(stats);
  });

  it("hands on lines while the run's status is slow to answer", async () => {
    const log = growingLog();
    let statusCalls = 0;
    const source = runningSource(log, async () => {
      statusCalls++;
      await new Promise((r) => setTimeout(r, 4000));
      return "Running";
    });
    const x = subscriber();
    const { leave } = await followLog("ws/run-slow-status", x.s, source);
    // Past the first status read (after a second), so it is pending while the line lands.
    await until(() => statusCalls === 1, 3000);
    const wroteAt = Date.now();
    log.append("line while ARM is slow\n");
    await until(() => x.text() === "line while ARM is slow\n", 1000);
    expect(Date.now() - wroteAt).toBeLessThan(1000);
    expect(statusCalls).toBe(1); // one status read at a time, not one per poll
    leave();
  });

  it("ends its subscribers with the failure when reading the run's status fails", async () => {
    const log = growingLog();
    const source = runningSource(log, async () => {
      throw new Error("ARM is down");
    });
    const x = subscriber();
    await followLog("ws/run-status-fails", x.s, source);
    await until(() => x.events.some((e) => e.startsWith("failure")), 4000);
    expect(x.events).toEqual(["failure Reading the log failed."]);
    expect(activeLogTails()).toBe(0);
  });
});
