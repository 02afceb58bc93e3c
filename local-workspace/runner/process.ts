import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The niceness of a step's processes (0 is the default, 19 the lowest priority). */
export const STEP_NICENESS = 10;

export type StepProcessResult = { exitCode: number | null; signal: NodeJS.Signals | null; canceled: boolean };

/**
 * Runs one step's bound script under bash in its own process group, appending stdout and stderr line by line to
 * `logFile` (the file the studio streams) as they come. Aborting the signal kills the whole group, so a step's
 * children end with it. A step that crashes only ends its own process: errors come back as a result.
 */
export function runStepProcess(opts: {
  script: string;
  cwd: string;
  env: Record<string, string>;
  logFile: string;
  signal: AbortSignal;
  onSpawn?: (pid: number) => void;
}): Promise<StepProcessResult> {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.openSync(opts.logFile, "a");
  return new Promise((resolve) => {
    if (opts.signal.aborted) {
      fs.closeSync(log);
      resolve({ exitCode: null, signal: null, canceled: true });
      return;
    }
    // Output goes straight to the log file descriptor: nothing is buffered in this process, and a line is on disk
    // (and visible to a streaming reader) as soon as the step writes it.
    const child = spawn("bash", ["-c", opts.script], {
      cwd: opts.cwd,
      // Only what the step needs: the service's own secrets and settings stay out of user code.
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        LANG: "C.UTF-8",
        PYTHONUNBUFFERED: "1",
        ...opts.env,
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", log, log],
      detached: true,
    });
    let canceled = false;
    const kill = () => {
      canceled = true;
      if (child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM");
          setTimeout(() => {
            try {
              process.kill(-child.pid!, "SIGKILL");
            } catch {
              /* already gone */
            }
          }, 3000).unref();
        } catch {
          /* already gone */
        }
      }
    };
    opts.signal.addEventListener("abort", kill, { once: true });
    child.on("spawn", () => {
      if (!child.pid) return;
      // Jobs run beside the studio and the user's browser on one machine: at a lower priority (nice 10, inherited
      // by the step's children) a training step takes the idle CPU and never makes the studio's pages wait on it.
      try {
        os.setPriority(child.pid, STEP_NICENESS);
      } catch {
        /* the step ended already */
      }
      opts.onSpawn?.(child.pid);
    });
    child.on("error", (err) => {
      fs.appendFileSync(opts.logFile, `\n[runner] could not start the step: ${err.message}\n`);
    });
    child.on("close", (exitCode, signal) => {
      opts.signal.removeEventListener("abort", kill);
      fs.closeSync(log);
      resolve({ exitCode, signal, canceled });
    });
  });
}
