import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The niceness of a step's processes (0 is the default, 19 the lowest priority). */
export const STEP_NICENESS = 10;

export type StepProcessResult = { exitCode: number | null; signal: NodeJS.Signals | null; canceled: boolean };

type LauncherMessage =
  | { op: "spawned"; id: number; pid: number }
  | { op: "error"; id: number; message: string }
  | { op: "close"; id: number; exitCode: number | null; signal: NodeJS.Signals | null };

interface Launch {
  spawned(pid: number): void;
  error(message: string): void;
  close(exitCode: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * The step launcher (launcher.cjs, where the why is): forked on the first step, told to start each step's process,
 * and let go once no step has run for LAUNCHER_IDLE_MS, so an idle service keeps no extra process. One per service
 * process.
 */
class StepLauncher {
  private child: ChildProcess | null = null;
  private readonly launches = new Map<number, Launch>();
  /** Process groups of the steps running now, by launch. */
  private readonly groups = new Map<number, number>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  start(
    request: { command: string; args: string[]; cwd: string; env: Record<string, string>; logFile: string },
    launch: Launch,
  ) {
    const child = this.ensure();
    const id = this.nextId++;
    this.launches.set(id, launch);
    this.hold();
    child.send({ op: "spawn", id, niceness: STEP_NICENESS, ...request });
  }

  private ensure(): ChildProcess {
    if (this.child?.connected) return this.child;
    // Plain node with a small environment: not the service's loader (tsx) or its secrets.
    const child = fork(path.join(__dirname, "launcher.cjs"), [], {
      execArgv: [],
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "json",
    });
    child.on("message", (m: LauncherMessage) => {
      const launch = this.launches.get(m.id);
      if (!launch) return;
      if (m.op === "spawned") {
        this.groups.set(m.id, m.pid);
        launch.spawned(m.pid);
      } else if (m.op === "error") launch.error(m.message);
      else {
        this.launches.delete(m.id);
        this.groups.delete(m.id);
        launch.close(m.exitCode, m.signal);
        this.hold();
      }
    });
    // If it ends under running steps (killed from outside), they end with it: a step is never left running unseen.
    child.on("exit", () => {
      if (this.child === child) this.child = null;
      for (const [id, launch] of this.launches) {
        const group = this.groups.get(id);
        if (group)
          try {
            process.kill(-group, "SIGKILL");
          } catch {
            /* already gone */
          }
        this.launches.delete(id);
        this.groups.delete(id);
        launch.error("the step launcher ended");
        launch.close(null, "SIGKILL");
      }
    });
    this.child = child;
    return child;
  }

  /** Keeps this process alive while steps run; after LAUNCHER_IDLE_MS without one, lets the launcher go. */
  private hold() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const child = this.child;
    if (!child) return;
    if (this.launches.size > 0) {
      child.ref();
      child.channel?.ref();
      return;
    }
    child.unref();
    child.channel?.unref();
    this.idleTimer = setTimeout(() => {
      if (this.launches.size === 0 && this.child === child) {
        this.child = null;
        child.disconnect();
      }
    }, LAUNCHER_IDLE_MS);
    this.idleTimer.unref();
  }
}

// Ten minutes: long enough that a run of jobs reuses one launcher (and that its CPU, which the service is charged
// for when it ends, is not charged to the first idle minute after the demo job of a first start), short enough
// that a machine left alone gets its memory back.
const LAUNCHER_IDLE_MS = 10 * 60_000;
const launcher = new StepLauncher();

/**
 * Runs one step's bound script under bash in its own process group, appending stdout and stderr line by line to
 * `logFile` (the file the studio streams) as they come. Aborting the signal kills the whole group, so a step's
 * children end with it. A step that crashes only ends its own process: errors come back as a result. The process
 * is started by the step launcher, at nice STEP_NICENESS: jobs run beside the studio and the user's browser on one
 * machine, and at a lower priority (inherited by the step's children) a training step takes the idle CPU and never
 * makes the studio's pages wait on it.
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
  return new Promise((resolve) => {
    if (opts.signal.aborted) {
      resolve({ exitCode: null, signal: null, canceled: true });
      return;
    }
    let canceled = false;
    let pid: number | null = null;
    const killGroup = () => {
      if (!pid) return; // killed as soon as it is known (spawned below)
      const group = pid;
      try {
        process.kill(-group, "SIGTERM");
        setTimeout(() => {
          try {
            process.kill(-group, "SIGKILL");
          } catch {
            /* already gone */
          }
        }, 3000).unref();
      } catch {
        /* already gone */
      }
    };
    const kill = () => {
      canceled = true;
      killGroup();
    };
    opts.signal.addEventListener("abort", kill, { once: true });
    launcher.start(
      {
        command: "bash",
        args: ["-c", opts.script],
        cwd: opts.cwd,
        // Only what the step needs: the service's own secrets and settings stay out of user code.
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: process.env.HOME ?? "/tmp",
          LANG: "C.UTF-8",
          PYTHONUNBUFFERED: "1",
          ...opts.env,
        },
        logFile: opts.logFile,
      },
      {
        spawned: (spawnedPid) => {
          pid = spawnedPid;
          if (canceled) killGroup();
          else opts.onSpawn?.(spawnedPid);
        },
        error: (message) => fs.appendFileSync(opts.logFile, `\n[runner] could not start the step: ${message}\n`),
        close: (exitCode, signal) => {
          opts.signal.removeEventListener("abort", kill);
          resolve({ exitCode, signal, canceled });
        },
      },
    );
  });
}
