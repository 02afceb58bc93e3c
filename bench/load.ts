/**
 * Load on the studio over HTTP (`next start`), as the security issue asks: many clients at once on
 *  - the cached compute list (1,000 computes),
 *  - a datastore listing (first page of the big folder, through Azurite),
 * each for `seconds` with `clients` concurrent clients looping request after request; then `streams` open log
 * streams (Server-Sent Events) on a running job, held, then dropped by the clients. Reported: throughput, p50/p99,
 * errors (target 0), the studio's RSS before and after, and its open sockets before, with the streams open and
 * after they are dropped (released = back to where they were).
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
    socketsBefore: number;
    socketsOpen: number;
    socketsAfter: number;
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

/** Open TCP sockets of the studio's process tree. */
function sockets(pid: number): number {
  let n = 0;
  for (const p of processTree([pid])) {
    try {
      for (const fd of fs.readdirSync(`/proc/${p.pid}/fd`)) {
        try {
          if (fs.readlinkSync(`/proc/${p.pid}/fd/${fd}`).startsWith("socket:")) n++;
        } catch {
          // closed meanwhile
        }
      }
    } catch {
      // gone meanwhile
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

async function hammer(
  label: string,
  url: string,
  headers: Record<string, string>,
  clients: number,
  ms: number,
  agent: http.Agent,
): Promise<LoadFigure> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const end = performance.now() + ms;
  const client = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const status = await get(url, headers, agent);
        if (status !== 200) {
          errors++;
          firstError ??= `HTTP ${status}`;
        } else latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - t0) / 1000;
  return {
    label,
    requests: latencies.length + errors,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    firstError,
  };
}

export async function benchLoad(
  world: World,
  server: NextServer,
  opts: { seconds: number; clients: number; streams: number },
): Promise<LoadReport> {
  const { sub, rg, ws } = world.ref;
  const api = `${server.url}/api/ws/${sub}/${rg}/${ws}`;
  const headers = { cookie: server.cookie };
  // One connection per client, as that many browsers would hold.
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  // Warm: the compute list cached, the storage credentials fetched.
  await (await fetch(`${api}/computes`, { headers })).arrayBuffer();
  const folder = SMALL_BLOBS_PREFIX.replace(/\/$/, "");
  const listing = `${api}/datastores/workspaceblobstore/files?path=${encodeURIComponent(folder)}&pageSize=100`;
  await (await fetch(listing, { headers })).arrayBuffer();

  const rssBeforeMb = rssMb(server.pid);
  const figures = [
    await hammer(
      "cached compute list (1,000 computes)",
      `${api}/computes`,
      headers,
      opts.clients,
      opts.seconds * 1000,
      agent,
    ),
    await hammer("datastore listing (first page of 100)", listing, headers, opts.clients, opts.seconds * 1000, agent),
  ];

  // A job that logs for as long as the streams are held.
  const job = `bench_load_stream_${Date.now()}`;
  const wsId = workspaceId(sub, rg, ws);
  await armCall(world, "PUT", `/jobs/${job}`, {
    properties: {
      jobType: "Command",
      environmentId: "azureml:bench:1",
      computeId: `${wsId}/computes/cpu-cluster`,
      command: "for i in $(seq 1 300); do echo tick $i; sleep 1; done",
    },
  });
  const socketsBefore = sockets(server.pid);
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
  await new Promise((r) => setTimeout(r, 3000));
  const socketsOpen = sockets(server.pid);
  for (const req of held) req.destroy();
  agent.destroy();
  const t0 = performance.now();
  let releasedMs: number | null = null;
  let socketsAfter = sockets(server.pid);
  while (performance.now() - t0 < 15_000) {
    socketsAfter = sockets(server.pid);
    if (socketsAfter <= socketsBefore + 2) {
      releasedMs = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await armCall(world, "POST", `/jobs/${job}/cancel`).catch(() => {});
  await new Promise((r) => setTimeout(r, 1000));
  return {
    clients: opts.clients,
    seconds: opts.seconds,
    figures,
    rssBeforeMb,
    rssAfterMb: rssMb(server.pid),
    streams: {
      asked: opts.streams,
      opened: opened.filter(Boolean).length,
      socketsBefore,
      socketsOpen,
      socketsAfter,
      releasedMs,
    },
  };
}
