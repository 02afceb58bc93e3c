import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { API, SUB, WS_PATH, call, start, token } from "./helpers";

/** Sends the path exactly as given (no URL normalization). */
async function rawRequest(
  base: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  const auth = `Bearer ${await token(["DataScientist"])}`;
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        headers: { authorization: auth, "content-type": "application/json" },
      },
      (res) => {
        let data = "";
        res.on("data", (c) => (data += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: data }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

let svc: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  svc = await start({ timeScale: 0.02 });
});
afterAll(async () => {
  await svc.close();
});

const CI = { properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS11_v2" } } };
const computes = async () =>
  (await call(svc.url, "GET", `${WS_PATH}/computes`)).body.value.map((c: any) => c.name).sort();

describe("errors", () => {
  it("400: bad names, path tricks, unknown fields, wrong types, malformed JSON, large bodies — nothing written", async () => {
    const before = await computes();
    for (const name of ["..", "a", "1abc", "has_underscore", "a%2Fb", "x".repeat(25), "ends-", "%2E%2E"]) {
      const r = await call(svc.url, "PUT", `${WS_PATH}/computes/${name}`, { body: CI });
      expect(r.status, name).toBe(400);
      // fetch itself resolves ".." (and "%2E%2E") before sending; the raw request below checks the server
      if (!["..", "%2E%2E"].includes(name)) expect(r.body.error.code, name).toBe("InvalidResourceName");
    }
    const raw = await rawRequest(svc.url, "PUT", `${WS_PATH}/computes/..?${API}`, JSON.stringify(CI));
    expect(raw.status).toBe(400);
    const rawDots = await rawRequest(svc.url, "GET", `${WS_PATH}/computes/..?${API}`);
    expect(rawDots.status).toBe(400);
    const bad: [string, unknown][] = [
      ["unknown top-level", { ...CI, foo: 1 }],
      ["unknown in properties", { properties: { ...CI.properties, bogus: true } }],
      [
        "unknown in properties.properties",
        { properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS11_v2", gpuCount: 2 } } },
      ],
      [
        "wrong type",
        { properties: { computeType: "AmlCompute", properties: { scaleSettings: { maxNodeCount: "four" } } } },
      ],
      ["unknown computeType", { properties: { computeType: "Mainframe" } }],
      [
        "unknown vm size",
        { properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_Imaginary" } } },
      ],
      [
        "min > max",
        {
          properties: {
            computeType: "AmlCompute",
            properties: { scaleSettings: { minNodeCount: 3, maxNodeCount: 1 } },
          },
        },
      ],
      ["no properties", { location: "eastus" }],
    ];
    for (const [what, body] of bad) {
      const r = await call(svc.url, "PUT", `${WS_PATH}/computes/valid-name`, { body });
      expect(r.status, what).toBe(400);
      expect(r.body.error.code, what).toBeTruthy();
      expect(r.body.error.message, what).toBeTruthy();
    }
    const malformed = await call(svc.url, "PUT", `${WS_PATH}/computes/valid-name`, { raw: '{"properties": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("InvalidRequestContent");
    const big = await call(svc.url, "PUT", `${WS_PATH}/computes/valid-name`, {
      raw: JSON.stringify({ ...CI, tags: { big: "x".repeat(1024 * 1024 + 10) } }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("RequestEntityTooLarge");
    const noVersion = await call(svc.url, "GET", `${svc.url}${WS_PATH}/computes`);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.code).toBe("MissingApiVersionParameter");
    const oldVersion = await call(svc.url, "GET", `${WS_PATH}/computes?api-version=2021-01-01`);
    expect(oldVersion.status).toBe(400);
    const preview = await call(svc.url, "GET", `${WS_PATH}/computes?api-version=2023-04-01-preview`);
    expect(preview.status).toBe(200);
    const ws = await call(svc.url, "PUT", WS_PATH.replace("demo-workspace", "bad..ws!"), {
      body: { location: "eastus" },
    });
    expect(ws.status).toBe(400);
    const badQuota = await call(
      svc.url,
      "POST",
      `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus/updateQuotas`,
      { roles: ["Admin"], body: { value: [{ id: "x", limit: "ten" }] } },
    );
    expect(badQuota.status).toBe(400);
    expect(await computes()).toEqual(before);
  });

  it("401: missing, malformed, expired, forged, wrong audience", async () => {
    const p = `${WS_PATH}/computes`;
    const cases: [string, string | null][] = [
      ["missing", null],
      ["not bearer", "Basic abc"],
      ["garbage", "Bearer not.a.jwt"],
      ["expired", `Bearer ${await token(["Admin"], { exp: Math.floor(Date.now() / 1000) - 60 })}`],
      ["forged", `Bearer ${await token(["Admin"], { secret: "another-secret-another-secret-xx" })}`],
      ["wrong audience", `Bearer ${await token(["Admin"], { aud: "https://example.com/" })}`],
      ["wrong issuer", `Bearer ${await token(["Admin"], { iss: "someone-else" })}`],
    ];
    for (const [what, auth] of cases) {
      const r = await call(svc.url, "GET", p, { auth });
      expect(r.status, what).toBe(401);
      expect(r.body.error.code, what).toMatch(/Authentication|Token/);
    }
    const expired = await call(svc.url, "GET", p, { auth: cases[3][1] });
    expect(expired.body.error.code).toBe("ExpiredAuthenticationToken");
  });

  it("403: readers cannot write, scientists cannot update quotas", async () => {
    const before = await computes();
    expect((await call(svc.url, "PUT", `${WS_PATH}/computes/reader-ci`, { roles: ["Reader"], body: CI })).status).toBe(
      403,
    );
    expect(
      (
        await call(svc.url, "DELETE", `${WS_PATH}/computes/alice-ci?${API}&underlyingResourceAction=Delete`, {
          roles: ["Reader"],
        })
      ).status,
    ).toBe(403);
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/alice-ci/stop`, { roles: ["Reader"] })).status).toBe(403);
    expect(
      (
        await call(svc.url, "PATCH", `${WS_PATH}/computes/cpu-cluster`, {
          roles: ["Reader"],
          body: { properties: { properties: { scaleSettings: { maxNodeCount: 2 } } } },
        })
      ).status,
    ).toBe(403);
    const q = await call(
      svc.url,
      "POST",
      `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus/updateQuotas`,
      {
        roles: ["DataScientist"],
        body: { location: "eastus", value: [{ id: `${WS_PATH}/quotas/standardDSv2Family`, limit: 1 }] },
      },
    );
    expect(q.status).toBe(403);
    expect(q.body.error.code).toBe("AuthorizationFailed");
    expect(await computes()).toEqual(before);
    const quotas = await call(
      svc.url,
      "GET",
      `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus/quotas`,
      { roles: ["Reader"] },
    );
    expect(quotas.body.value.find((x: any) => x.id === `${WS_PATH}/quotas/standardDSv2Family`).limit).toBe(48);
  });

  it("404: unknown compute, workspace, route", async () => {
    expect((await call(svc.url, "GET", `${WS_PATH}/computes/nope`)).body.error.code).toBe("ResourceNotFound");
    expect((await call(svc.url, "GET", `${WS_PATH}/computes/nope`)).status).toBe(404);
    expect((await call(svc.url, "GET", WS_PATH.replace("demo-workspace", "missing-ws"))).status).toBe(404);
    expect(
      (await call(svc.url, "PUT", `${WS_PATH.replace("demo-workspace", "missing-ws")}/computes/abc`, { body: CI }))
        .status,
    ).toBe(404);
    expect((await call(svc.url, "GET", `/nothing/here`)).status).toBe(404);
  });

  it("409: type change and conflicting states", async () => {
    const r = await call(svc.url, "PUT", `${WS_PATH}/computes/alice-ci`, {
      body: { properties: { computeType: "AmlCompute", properties: { scaleSettings: { maxNodeCount: 1 } } } },
    });
    expect(r.status).toBe(409);
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/bob-ci/stop`)).status).toBe(409); // already stopped
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/alice-ci/start`)).status).toBe(409); // already running
    const created = await call(svc.url, "PUT", `${WS_PATH}/computes/slow-ci`, { body: CI });
    expect(created.status).toBe(201);
    const startWhileCreating = await call(svc.url, "POST", `${WS_PATH}/computes/slow-ci/start`);
    expect([409]).toContain(startWhileCreating.status);
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/cpu-cluster/start`)).status).toBe(400); // not an instance
  });

  it("412: If-Match and If-None-Match", async () => {
    const got = await call(svc.url, "GET", `${WS_PATH}/computes/cpu-cluster`);
    const etag = got.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const patch = { properties: { properties: { scaleSettings: { minNodeCount: 0, maxNodeCount: 3 } } } };
    const stale = await call(svc.url, "PATCH", `${WS_PATH}/computes/cpu-cluster`, {
      body: patch,
      headers: { "if-match": '"stale"' },
    });
    expect(stale.status).toBe(412);
    const again = await call(svc.url, "GET", `${WS_PATH}/computes/cpu-cluster`);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.body.properties.properties.scaleSettings.maxNodeCount).toBe(4);
    const noneMatch = await call(svc.url, "PUT", `${WS_PATH}/computes/cpu-cluster`, {
      body: { properties: { computeType: "AmlCompute" } },
      headers: { "if-none-match": "*" },
    });
    expect(noneMatch.status).toBe(412);
    const ok = await call(svc.url, "PATCH", `${WS_PATH}/computes/cpu-cluster`, {
      body: patch,
      headers: { "if-match": etag },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).not.toBe(etag);
  });

  it("provider path segments are case-insensitive", async () => {
    const p = WS_PATH.replace("resourceGroups", "resourcegroups")
      .replace("Microsoft.MachineLearningServices", "microsoft.machinelearningservices")
      .replace("workspaces", "Workspaces");
    const r = await call(svc.url, "GET", `${p}/Computes/cpu-cluster`);
    expect(r.status).toBe(200);
    expect(r.body.name).toBe("cpu-cluster");
  });
});
