import "server-only";
import { ApiError } from "@/lib/server/errors";
import type { StorageBackend } from "@/lib/server/storage";

const TERMINAL = ["Completed", "Failed", "Canceled"];
export const LOG_POLL_MS = 250;
const STATUS_POLL_MS = 1_000;
const KEEP_ALIVE_MS = 15_000;
const MAX_CHUNK = 256 * 1024;

/** One client following a log: told of new bytes from its own offset, of status changes, and of the end. */
export interface LogSubscriber {
  offset: number;
  data(bytes: Uint8Array, offset: number): void;
  status(status: string): void;
  keepAlive(): void;
  end(offset: number, status: string, exists: boolean): void;
  failure(message: string): void;
}

/** What a tail needs from the first subscriber's request: its storage and how to ask the run's status. */
export interface TailSource {
  backend: StorageBackend;
  path: string;
  status: string;
  readStatus(): Promise<string>;
}

/**
 * One poller per run log, however many clients follow it (a team watching one job, or 200 tabs): the blob's size
 * every 250 ms and the run's status every second are asked once for all of them, and new bytes are read once per
 * distinct offset and handed to every subscriber at that offset. It stops when its last subscriber leaves. Before,
 * each stream polled on its own: 200 open streams meant 800 storage and 200 ARM calls a second.
 */
class LogTail {
  readonly subscribers = new Set<LogSubscriber>();
  private status: string;

  constructor(
    private readonly key: string,
    private readonly source: TailSource,
  ) {
    this.status = source.status;
  }

  currentStatus() {
    return this.status;
  }

  async run() {
    const { backend, path } = this.source;
    let lastStatusAt = Date.now();
    let lastBeat = Date.now();
    let endedAndDrained = 0;
    // The run's status is asked beside the reads, never before one: a slow answer from ARM must not hold back the
    // log lines that are already in storage.
    let statusRead: Promise<void> | null = null;
    let statusFailure: unknown = null;
    try {
      while (this.subscribers.size > 0) {
        if (statusFailure) throw statusFailure;
        const size = await sizeOf(backend, path);
        let got = false;
        // Everyone behind the end catches up, one read per distinct offset.
        for (;;) {
          const behind = new Map<number, LogSubscriber[]>();
          for (const s of this.subscribers)
            if (size > s.offset) behind.set(s.offset, [...(behind.get(s.offset) ?? []), s]);
          if (behind.size === 0) break;
          for (const [offset, group] of behind) {
            const buf = await backend.read(path, offset, Math.min(MAX_CHUNK, size - offset));
            if (buf.length === 0) return this.finish((s) => s.failure("The log shrank while it was read."));
            got = true;
            for (const s of group) {
              s.offset = offset + buf.length;
              s.data(buf, s.offset);
            }
          }
        }
        if (!statusRead && Date.now() - lastStatusAt >= STATUS_POLL_MS) {
          lastStatusAt = Date.now();
          statusRead = this.source
            .readStatus()
            .then((next) => {
              if (next === this.status) return;
              this.status = next;
              for (const s of this.subscribers) s.status(next);
            })
            .catch((e: unknown) => void (statusFailure = e))
            .finally(() => void (statusRead = null));
        }
        // After the run ends, read once more (the runner's last flush may land just after the status).
        if (TERMINAL.includes(this.status) && !got && ++endedAndDrained > 2)
          return this.finish((s) => s.end(s.offset, this.status, size >= 0));
        if (Date.now() - lastBeat > KEEP_ALIVE_MS) {
          lastBeat = Date.now();
          for (const s of this.subscribers) s.keepAlive();
        }
        await new Promise((r) => setTimeout(r, LOG_POLL_MS));
      }
    } catch (e) {
      this.finish((s) => s.failure(e instanceof ApiError ? e.message : "Reading the log failed."));
    } finally {
      if (tails.get(this.key) === this) tails.delete(this.key);
    }
  }

  private finish(tell: (s: LogSubscriber) => void) {
    for (const s of [...this.subscribers]) tell(s);
    this.subscribers.clear();
  }
}

async function sizeOf(backend: StorageBackend, path: string): Promise<number> {
  try {
    return (await backend.stat(path)).size ?? 0;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return -1;
    throw e;
  }
}

const tails = new Map<string, LogTail>();

/**
 * Follows a run's log for one subscriber: joins the run's tail or starts it (with `open()`'s storage and status
 * reader; every subscriber has been authorized for the run by its own request first). Returns the status the
 * subscriber starts from and a function that leaves the tail.
 */
export async function followLog(
  key: string,
  subscriber: LogSubscriber,
  open: () => Promise<TailSource>,
): Promise<{ status: string; leave: () => void }> {
  let tail = tails.get(key);
  if (!tail) {
    const source = await open();
    tail = tails.get(key); // another subscriber may have started it meanwhile
    if (!tail) {
      tail = new LogTail(key, source);
      tails.set(key, tail);
      tail.subscribers.add(subscriber);
      void tail.run();
      return { status: tail.currentStatus(), leave: leaveOf(tail, subscriber) };
    }
  }
  tail.subscribers.add(subscriber);
  return { status: tail.currentStatus(), leave: leaveOf(tail, subscriber) };
}

const leaveOf = (tail: LogTail, s: LogSubscriber) => () => void tail.subscribers.delete(s);

/** Tails running now (the load bench and tests read it: streams must be released when clients leave). */
export function activeLogTails(): number {
  return tails.size;
}
