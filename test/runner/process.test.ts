import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runStepProcess, STEP_NICENESS } from "@/local-workspace/runner/process";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "mls-step-"));

describe("runStepProcess", () => {
  it("writes stdout and stderr to the log as they come and reports the exit code", async () => {
    const dir = tmp();
    const logFile = path.join(dir, "std_log.txt");
    const seen: string[] = [];
    const ctl = new AbortController();
    const watcher = setInterval(() => fs.existsSync(logFile) && seen.push(fs.readFileSync(logFile, "utf8")), 20);
    const result = await runStepProcess({
      script: 'echo one; echo two >&2; sleep 0.3; echo "$GREETING"; exit 3',
      cwd: dir,
      env: { GREETING: "hi" },
      logFile,
      signal: ctl.signal,
    });
    clearInterval(watcher);
    expect(result).toEqual({ exitCode: 3, signal: null, canceled: false });
    expect(fs.readFileSync(logFile, "utf8")).toBe("one\ntwo\nhi\n");
    // The first lines were readable before the step ended.
    expect(seen.some((s) => s.includes("one") && !s.includes("hi"))).toBe(true);
  });

  it("runs the step and what it starts at a lower priority than the studio", async () => {
    const dir = tmp();
    const logFile = path.join(dir, "log");
    // Field 19 of /proc/<pid>/stat is the niceness; read by a child of the step's shell, after the spawn settled.
    await runStepProcess({
      script: `sleep 0.3; sh -c 'cut -d" " -f19 /proc/$$/stat'`,
      cwd: dir,
      env: {},
      logFile,
      signal: new AbortController().signal,
    });
    expect(Number(fs.readFileSync(logFile, "utf8").trim())).toBe(STEP_NICENESS);
  });

  it("cancel ends the step and its children", async () => {
    const dir = tmp();
    const ctl = new AbortController();
    const marker = path.join(dir, "child.pid");
    const started = Date.now();
    const p = runStepProcess({
      script: `sleep 30 & echo $! > ${marker}; wait`,
      cwd: dir,
      env: {},
      logFile: path.join(dir, "log"),
      signal: ctl.signal,
    });
    while (!fs.existsSync(marker) || !fs.readFileSync(marker, "utf8").trim())
      await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    const result = await p;
    expect(result.canceled).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const childPid = Number(fs.readFileSync(marker, "utf8"));
    await new Promise((r) => setTimeout(r, 100));
    // Gone, or a zombie waiting for init to reap it: either way no longer running.
    const stat = fs.existsSync(`/proc/${childPid}/stat`) ? fs.readFileSync(`/proc/${childPid}/stat`, "utf8") : "";
    expect(stat === "" || / Z /.test(stat)).toBe(true);
  });
});
