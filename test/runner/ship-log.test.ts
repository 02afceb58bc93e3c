import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { shipLog } from "@/local-workspace/runner/job-storage";

/** An append blob that records each append and when it came. */
function recordingBlob() {
  const appends: { at: number; text: string }[] = [];
  const container = {
    getAppendBlobClient: () => ({
      createIfNotExists: async () => ({}),
      appendBlock: async (buf: Buffer) => void appends.push({ at: Date.now(), text: buf.toString("utf8") }),
    }),
  } as unknown as ContainerClient;
  return { container, appends, text: () => appends.map((a) => a.text).join("") };
}

const until = async (f: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

function logFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-ship-"));
  return path.join(dir, "std_log.txt"); // not there yet: a step's log is created by its first line
}

describe("shipLog", () => {
  it("ships a line of a quiet log as soon as it is written, long before the gap", async () => {
    const blob = recordingBlob();
    const file = logFolder();
    const shipper = shipLog(blob.container, file, "log", 800);
    await new Promise((r) => setTimeout(r, 850)); // past the first ship's gap
    for (const line of ["one\n", "two\n", "three\n"]) {
      const wroteAt = Date.now();
      fs.appendFileSync(file, line);
      await until(() => blob.text().endsWith(line), 1_000);
      // Well under the 800 ms gap and the 1 s fallback timer: the change itself shipped it.
      expect(blob.appends.at(-1)!.at - wroteAt).toBeLessThan(200);
      await new Promise((r) => setTimeout(r, 850));
    }
    await shipper.stop();
    expect(blob.text()).toBe("one\ntwo\nthree\n");
  });

  it("appends a chatty log at most once per gap, and stop() ships the rest", async () => {
    const blob = recordingBlob();
    const file = logFolder();
    const shipper = shipLog(blob.container, file, "log", 100);
    const lines: string[] = [];
    const started = Date.now();
    for (let i = 0; Date.now() - started < 1_000; i++) {
      const line = `line ${i}\n`;
      fs.appendFileSync(file, line);
      lines.push(line);
      await new Promise((r) => setTimeout(r, 2));
    }
    await shipper.stop();
    expect(blob.text()).toBe(lines.join(""));
    expect(lines.length).toBeGreaterThan(100);
    // About ten appends for a second of lines (plus the last flush), not one per line.
    expect(blob.appends.length).toBeLessThanOrEqual(14);
    for (let i = 2; i < blob.appends.length - 1; i++)
      expect(blob.appends[i].at - blob.appends[i - 1].at).toBeGreaterThanOrEqual(95);
  });
});
