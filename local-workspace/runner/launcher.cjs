// The step launcher: a small process that starts the local workspace service's step processes on its behalf
// (runner/process.ts forks it on the first step and ends it when no step has run for a while).
//
// Why a process of its own: Node's spawn forks the calling process, and a fork costs time in proportion to the
// caller's memory while blocking its event loop (measured here: 4 ms per spawn from an empty process, 30 ms of wall
// time from one holding 500 MB, 54 ms from 1.5 GB). The service holds hundreds of MB, so a 1,000-step pipeline
// held its ARM answers for seconds; this process stays small, so its forks stay cheap and the service never waits.
//
// Messages (JSON over the IPC channel):
//   in:  { op: "spawn", id, command, args, cwd, env, logFile, niceness }
//   out: { op: "spawned", id, pid } | { op: "error", id, message } | { op: "close", id, exitCode, signal }
// When the service goes away, even by SIGKILL, the channel closes and every step's process group is killed with it.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");

/** Process group ids of the steps running now. */
const groups = new Set();

const send = (message) => {
  if (process.connected) process.send(message);
};

function start(m) {
  let log;
  try {
    log = fs.openSync(m.logFile, "a");
  } catch (e) {
    send({ op: "error", id: m.id, message: e.message });
    send({ op: "close", id: m.id, exitCode: null, signal: null });
    return;
  }
  let child;
  try {
    // Output goes straight to the log file descriptor: nothing is buffered here, and a line is on disk (and
    // visible to a streaming reader) as soon as the step writes it. detached: a process group of its own.
    child = spawn(m.command, m.args, { cwd: m.cwd, env: m.env, stdio: ["ignore", log, log], detached: true });
  } catch (e) {
    fs.closeSync(log);
    send({ op: "error", id: m.id, message: e.message });
    send({ op: "close", id: m.id, exitCode: null, signal: null });
    return;
  }
  child.on("spawn", () => {
    groups.add(child.pid);
    try {
      os.setPriority(child.pid, m.niceness);
    } catch {
      // the step ended already
    }
    send({ op: "spawned", id: m.id, pid: child.pid });
  });
  child.on("error", (e) => send({ op: "error", id: m.id, message: e.message }));
  child.on("close", (exitCode, signal) => {
    groups.delete(child.pid);
    fs.closeSync(log);
    send({ op: "close", id: m.id, exitCode, signal });
  });
}

process.on("message", (m) => {
  if (m && m.op === "spawn") start(m);
});

process.on("disconnect", () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  process.exit(0);
});
