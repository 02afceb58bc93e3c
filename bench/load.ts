/**
 * Load on the studio over HTTP (`next start`), as the security issue asks, in one run: `streams` log streams
 * (Server-Sent Events) held open on a running job while `clients` concurrent clients loop request after request
 * for `seconds`, half of them on the cached compute list (1,000 computes), half on a datastore listing (first page
 * of the 100,000-blob folder, through Azurite); then the streams' clients disconnect. Reported: throughput, p50/p99
 * and errors (target 0) per endpoint, the studio's RSS before and after, and its client connections (TCP
 * connections to its port that it has not closed) before, with the streams open, and after they dropped
 * (released = back to where they were).
 */
import fs from "node:fs";
import http from "node:http";
import type { World } from "./lib/env";
import type { NextServer } from "./lib/next-server";
import { armCall } from "./lib/arm";
import { processTree } from "./lib/cpu";
import { percentile } from "./lib/stats";
import { SMALL_BLOBS_PREFIX } from "../local-workspace/storage/seed-data";
import { workspaceId } from "../local-workspace/arm";

export interface LoadFigure {
  label: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  firstError?: string;
}

export interface LoadReport {
  clients: number;
  seconds: number;
  figures: LoadFigure[];
  rssBeforeMb: number;
  rssAfterMb: number;
  streams: {
    asked: number;
    opened: number;
    connectionsBefore: number;
    connectionsOpen: number;
    connectionsAfter: number;
    releasedMs: number | null;
  };
}

function rssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree([pid])) {
    try {
      kb += Number(/^VmRSS:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${p.pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

/**
 * Connections to the studio's port that the studio still holds: ESTABLISHED, or CLOSE_WAIT (the client left and
 * the server has not let go — a stream that is not released). From /proc/net/tcp{,6}: state 01 and 08.
 */
function clientConnections(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  let n = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) continue;
      const localPort = f[1].split(":")[1];
      if (localPort === hex && (f[3] === "01" || f[3] === "08")) n++;
    }
  }
  return n;
}

/** GET with node:http on a keep-alive agent (one socket per client); the body is read and dropped. */
function get(url: string, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", reject);
  });
}

class Recorder {
  latencies: number[] = [];
  errors = 0;
  firstError?: string;
  constructor(readonly label: string) {}
  figure(seconds: number): LoadFigure {
    return {
      label: this.label,
      requests: this.latencies.length + this.errors,
      perSecond: this.latencies.length / seconds,
      p50: percentile(this.latencies, 50),
      p99: percentile(this.latencies, 99),
      errors: this.errors,
      firstError: this.firstError,
    };
  }
}

export async function benchLoad(
  world: World,
  server: NextServer,
  opts: { seconds: number; clients: number; streams: number },
): Promise<LoadReport> {
  const { sub, rg, ws } = world.ref;
  const port = Number(new URL(server.url).port);
  const api = `${server.url}/api/ws/${sub}/${rg}/${ws}`;
  const headers = { cookie: server.cookie };
  const folder = SMALL_BLOBS_PREFIX.replace(/\/$/, "");
  const targets = [
    { url: `${api}/computes`, rec: new Recorder("cached compute list (1,000 computes)") },
    {
      url: `${api}/datastores/workspaceblobstore/files?path=${encodeURIComponent(folder)}&pageSize=100`,
      rec: new Recorder("datastore listing (first page of 100)"),
    },
  ];
  // One connection per client, as that many browsers would hold.
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  for (const t of targets) await get(t.url, headers, agent); // warm: the list cached, the credentials fetched

  // A job that logs for as long as the streams are held.
  const job = `bench_load_stream_${Date.now()}`;
  await armCall(world, "PUT", `/jobs/${job}`, {
    properties: {
      jobType: "Command",
      environmentId: "azureml:bench:1",
      computeId: `${workspaceId(sub, rg, ws)}/computes/cpu-cluster`,
      command: "for i in $(seq 1 300); do echo tick $i; sleep 1; done",
    },
  });
  const rssBeforeMb = rssMb(server.pid);
  const connectionsBefore = clientConnections(port);
  const held: http.ClientRequest[] = [];
  const opened = await Promise.all(
    Array.from(
      { length: opts.streams },
      () =>
        new Promise<boolean>((resolve) => {
          // Each stream its own connection, read until dropped, as an EventSource would.
          const req = http.get(
            `${api}/jobs/${job}/logs`,
            { headers: { ...headers, accept: "text/event-stream" } },
            (res) => {
              res.on("data", () => {});
              res.on("error", () => {});
              resolve(res.statusCode === 200);
            },
          );
          req.on("error", () => resolve(false));
          held.push(req);
        }),
    ),
  );

  const end = performance.now() + opts.seconds * 1000;
  const client = async (i: number) => {
    const { url, rec } = targets[i % targets.length];
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const status = await get(url, headers, agent);
        if (status !== 200) {
          rec.errors++;
          rec.firstError ??= `HTTP ${status}`;
        } else rec.latencies.push(performance.now() - t0);
      } catch (e) {
        rec.errors++;
        rec.firstError ??= String(e);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)));
  const seconds = (performance.now() - t0) / 1000;
  const connectionsOpen = clientConnections(port);

  for (const req of held) req.destroy();
  agent.destroy();
  const r0 = performance.now();
  let releasedMs: number | null = null;
  let connectionsAfter = clientConnections(port);
  while (performance.now() - r0 < 15_000) {
    connectionsAfter = clientConnections(port);
    if (connectionsAfter <= connectionsBefore) {
      releasedMs = performance.now() - r0;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await armCall(world, "POST", `/jobs/${job}/cancel`).catch(() => {});
  return {
    clients: opts.clients,
    seconds: opts.seconds,
    figures: targets.map((t) => t.rec.figure(seconds)),
    rssBeforeMb,
    rssAfterMb: rssMb(server.pid),
    streams: {
      asked: opts.streams,
      opened: opened.filter(Boolean).length,
      connectionsBefore,
      connectionsOpen,
      connectionsAfter,
      releasedMs,
    },
  };
}
