/**
 * The storage supervisor, seen from the studio: when Azurite (or its PostgreSQL) dies, a folder listing answers a
 * clear 503 at once, and the same route answers 200 again once the supervisor has restarted the emulator, with
 * no restart of the studio and the data intact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, WS, SUB, startStudio, until, type Studio } from "../support/studio";

const BLOB = { sub: SUB, rg: RG, ws: WS, name: "workspaceblobstore" };
const FILES = "ws/[sub]/[rg]/[ws]/datastores/[name]/files";
let s: Studio;

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 300 } });
  await s.svc.seeded;
}, 120_000);
afterAll(async () => {
  await s?.close();
});

const list = () =>
  s.call("GET", FILES, BLOB, { as: "scientist", query: { path: "scale/small-blobs", pageSize: "100" } });

async function killAndRecover(pid: number) {
  const before = s.svc.storage!.supervisor.status().restarts;
  process.kill(pid, "SIGKILL");
  // The supervisor waits a second before restarting: the listing meanwhile says the storage is not answering.
  const down = await until(list, (r) => r.status !== 200, 5_000, 20);
  expect([502, 503]).toContain(down.status);
  expect(down.body.error.code).toMatch(/^Storage/);
  expect(down.body.error.message).toMatch(/storage/i);
  // Wait for the supervisor, not the first 200: after PostgreSQL's restart the old Azurite may answer once more
  // while the supervisor is still replacing it.
  const status = await until(
    async () => s.svc.storage!.supervisor.status(),
    (st) => st.state === "running" && st.restarts > before,
    90_000,
    250,
  );
  expect(status).toMatchObject({ state: "running", restarts: before + 1 });
  const up = await until(list, (r) => r.status === 200, 90_000, 250);
  expect(up.body.data.entries).toHaveLength(100);
}

describe("storage supervisor", () => {
  it("lists the folder while the emulator runs", async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.body.data.entries).toHaveLength(100);
    expect(s.svc.storage!.metadata).toBe("postgres");
  });

  it("restarts Azurite after kill -9; the route answers 503, then recovers by itself", async () => {
    const pid = s.svc.storage!.supervisor.azuritePid!;
    await killAndRecover(pid);
    expect(s.svc.storage!.supervisor.azuritePid).not.toBe(pid);
  }, 120_000);

  it("restarts PostgreSQL (and Azurite with it) after kill -9 of PostgreSQL", async () => {
    const pid = s.svc.storage!.supervisor.postgresPid!;
    await killAndRecover(pid);
    expect(s.svc.storage!.supervisor.postgresPid).not.toBe(pid);
  }, 120_000);
});
