import { describe, expect, it } from "vitest";
import { fork } from "node:child_process";
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

  it("starts steps from the small launcher process, not from the service's own (a fork of a big process is slow and blocks it)", async () => {
    const dir = tmp();
    const logFile = path.join(dir, "log");
    // Field 4 of /proc/<pid>/stat is the parent's pid: the shell's parent is the launcher.
    await runStepProcess({
      script: `cut -d" " -f4 /proc/$$/stat`,
      cwd: dir,
      env: {},
      logFile,
      signal: new AbortController().signal,
    });
    const parent = Number(fs.readFileSync(logFile, "utf8").trim());
    expect(parent).not.toBe(process.pid);
    expect(fs.readFileSync(`/proc/${parent}/cmdline`, "utf8")).toContain("launcher.cjs");
  });
});

const stillRunning = (pid: number) => {
  try {
    return !/ Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("the step launcher", () => {
  it("kills its steps' process groups when the service goes away (its channel closes, as on kill -9)", async () => {
    const dir = tmp();
    const marker = path.join(dir, "child.pid");
    const launcher = fork(path.resolve("local-workspace/runner/launcher.cjs"), [], { execArgv: [], stdio: "ignore" });
    const spawned = new Promise<number>((resolve) =>
      launcher.on("message", (m: { op: string; pid: number }) => m.op === "spawned" && resolve(m.pid)),
    );
    launcher.send({
      op: "spawn",
      id: 1,
      command: "bash",
      args: ["-c", `sleep 30 & echo $! > ${marker}; wait`],
      cwd: dir,
      env: { PATH: process.env.PATH },
      logFile: path.join(dir, "log"),
      niceness: 10,
    });
    const shell = await spawned;
    while (!fs.existsSync(marker) || !fs.readFileSync(marker, "utf8").trim())
      await new Promise((r) => setTimeout(r, 20));
    const sleeper = Number(fs.readFileSync(marker, "utf8"));
    expect(stillRunning(sleeper)).toBe(true);
    const exited = new Promise((r) => launcher.once("exit", r));
    launcher.disconnect();
    await exited;
    await new Promise((r) => setTimeout(r, 100));
    expect(stillRunning(shell)).toBe(false);
    expect(stillRunning(sleeper)).toBe(false);
  });
});
