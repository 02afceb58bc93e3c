import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { WS_PATH, call, start, tmpDir, until } from "./helpers";
import { resolveTokenSecret } from "../../local-workspace/server";

describe("persistence", () => {
  it("keeps state across restarts and continues transitions from stored timestamps", async () => {
    const dataDir = tmpDir();
    // slow enough that the create is still running when we stop
    let svc = await start({ dataDir, timeScale: 0.1 });
    const put = await call(svc.url, "PUT", `${WS_PATH}/computes/persist-ci`, {
      body: { properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS11_v2" } } },
    });
    expect(put.status).toBe(201);
    expect(put.body.properties.properties.state).toBe("Creating");
    await svc.close();
    expect(fs.existsSync(path.join(dataDir, "local-workspace", "state.db"))).toBe(true);

    svc = await start({ dataDir, timeScale: 0.1 });
    const got = await call(svc.url, "GET", `${WS_PATH}/computes/persist-ci`);
    expect(got.status).toBe(200);
    const done = await until(
      () => call(svc.url, "GET", `${WS_PATH}/computes/persist-ci`),
      (r) => r.body.properties.properties.state === "Running",
    );
    expect(done.body.properties.provisioningState).toBe("Succeeded");
    // seed did not run twice
    const list = await call(svc.url, "GET", `${WS_PATH}/computes`);
    expect(list.body.value.filter((c: any) => c.name === "alice-ci").length).toBe(1);
    await svc.close();
  });

  it("creates the token key file with mode 0600 when no secret is given", () => {
    const dir = tmpDir();
    const prev = process.env.LOCAL_WORKSPACE_TOKEN_SECRET;
    delete process.env.LOCAL_WORKSPACE_TOKEN_SECRET;
    try {
      const a = resolveTokenSecret(dir);
      expect(a).toMatch(/^[0-9a-f]{64}$/);
      const file = path.join(dir, "secrets", "local-workspace-token.key");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(resolveTokenSecret(dir)).toBe(a);
    } finally {
      if (prev !== undefined) process.env.LOCAL_WORKSPACE_TOKEN_SECRET = prev;
    }
  });
});
