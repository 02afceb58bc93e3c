/**
 * Compute keys and instance schedules as 2022-10-01 defines them: listKeys for the types ComputeSecrets has
 * (AKS, VirtualMachine, Databricks), secrets given at create never in a GET, and ComputeInstance start/stop
 * schedules (cron and recurrence) with a clear 400 for a bad one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUB, WS_PATH, call, sdkClient, start, RG, WS } from "./helpers";
import { cronProblem } from "../../local-workspace/resources/computes";

let svc: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  svc = await start({ timeScale: 0.001 });
});
afterAll(async () => {
  await svc.close();
});

const ci = (schedules: unknown) => ({
  location: "eastus",
  properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS11_v2", schedules } },
});

describe("compute instance schedules", () => {
  it("stores cron and recurrence start/stop schedules with ids, statuses and defaults", async () => {
    const r = await call(svc.url, "PUT", `${WS_PATH}/computes/sched-ci`, {
      body: ci({
        computeStartStop: [
          {
            action: "Stop",
            triggerType: "Cron",
            cron: { expression: "0 18 * * MON-FRI", timeZone: "W. Europe Standard Time" },
          },
          {
            action: "Start",
            status: "Disabled",
            triggerType: "Recurrence",
            recurrence: {
              frequency: "Week",
              interval: 1,
              schedule: { hours: [8], minutes: [30], weekDays: ["Monday"] },
            },
          },
        ],
      }),
    });
    expect(r.status).toBe(201);
    const got = await sdkClient(svc.url).computeOperations.get(RG, WS, "sched-ci");
    const schedules = (got.properties as any).properties.schedules.computeStartStop;
    expect(schedules).toMatchObject([
      {
        action: "Stop",
        status: "Enabled",
        provisioningStatus: "Completed",
        triggerType: "Cron",
        cron: { expression: "0 18 * * MON-FRI", timeZone: "W. Europe Standard Time" },
        schedule: { status: "Enabled", provisioningStatus: "Completed" },
      },
      { action: "Start", status: "Disabled", recurrence: { frequency: "Week", interval: 1, timeZone: "UTC" } },
    ]);
    expect(schedules[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(schedules[0].id).not.toBe(schedules[1].id);
  });

  it("refuses a bad cron, a trigger without its settings and an unknown action with a 400 naming the field; nothing is created", async () => {
    const cases: [unknown, RegExp][] = [
      [
        { computeStartStop: [{ action: "Stop", triggerType: "Cron", cron: { expression: "61 18 * * *" } }] },
        /minute field '61'/,
      ],
      [{ computeStartStop: [{ action: "Stop", triggerType: "Cron", cron: { expression: "0 18 * *" } }] }, /5 fields/],
      [{ computeStartStop: [{ action: "Stop", triggerType: "Cron" }] }, /cron/],
      [{ computeStartStop: [{ action: "Restart" }] }, /action/],
      [
        {
          computeStartStop: [
            { action: "Start", triggerType: "Recurrence", recurrence: { frequency: "Fortnight", interval: 1 } },
          ],
        },
        /frequency/,
      ],
    ];
    for (const [schedules, message] of cases) {
      const r = await call(svc.url, "PUT", `${WS_PATH}/computes/bad-sched`, { body: ci(schedules) });
      expect(r.status, JSON.stringify(schedules)).toBe(400);
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.message).toMatch(/schedules\.computeStartStop\.0/);
      expect(r.body.error.target).toMatch(/^properties\.properties\.schedules\.computeStartStop\.0/);
    }
    expect((await call(svc.url, "GET", `${WS_PATH}/computes/bad-sched`)).status).toBe(404);
  });

  it("cronProblem accepts NCronTab's five fields and names the field at fault", () => {
    for (const ok of ["0 18 * * *", "*/15 8-18 * * 1-5", "0 0 1,15 JAN-JUN SUN", "30 6 * * 7"])
      expect(cronProblem(ok)).toBeNull();
    expect(cronProblem("0 24 * * *")).toMatch(/hour/);
    expect(cronProblem("0 0 0 * *")).toMatch(/day-of-month/);
    expect(cronProblem("0 0 * 13 *")).toMatch(/month/);
    expect(cronProblem("0 0 * * 5-2")).toMatch(/day-of-week/);
    expect(cronProblem("*/0 * * * *")).toMatch(/minute/);
  });
});

describe("compute keys", () => {
  it("keeps a VM's credentials and a Databricks token out of GET and returns them from listKeys", async () => {
    const vm = {
      properties: {
        computeType: "VirtualMachine",
        resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm2`,
        properties: {
          address: "10.0.0.10",
          sshPort: 22,
          administratorAccount: {
            username: "azureuser",
            password: "vm-Secret-123",
            privateKeyData: "PRIVATE-KEY-DATA",
          },
        },
      },
    };
    expect((await call(svc.url, "PUT", `${WS_PATH}/computes/keys-vm`, { body: vm })).status).toBe(201);
    const get = await call(svc.url, "GET", `${WS_PATH}/computes/keys-vm`);
    expect(get.body.properties.properties.administratorAccount).toEqual({ username: "azureuser" });
    expect(get.text).not.toMatch(/vm-Secret-123|PRIVATE-KEY-DATA/);
    const list = await call(svc.url, "GET", `${WS_PATH}/computes`);
    expect(list.text).not.toMatch(/vm-Secret-123|PRIVATE-KEY-DATA/);
    const keys = await call(svc.url, "POST", `${WS_PATH}/computes/keys-vm/listKeys`);
    expect(keys.body).toEqual({
      computeType: "VirtualMachine",
      administratorAccount: {
        username: "azureuser",
        password: "vm-Secret-123",
        publicKeyData: null,
        privateKeyData: "PRIVATE-KEY-DATA",
      },
    });
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/keys-vm/listKeys`, { roles: ["Reader"] })).status).toBe(
      403,
    );

    await call(svc.url, "PUT", `${WS_PATH}/computes/keys-dbx`, {
      body: {
        properties: {
          computeType: "Databricks",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbx2`,
          properties: { databricksAccessToken: "dapi-0123456789", workspaceUrl: "https://adb-2.azuredatabricks.net" },
        },
      },
    });
    expect((await call(svc.url, "GET", `${WS_PATH}/computes/keys-dbx`)).text).not.toMatch(/dapi-0123456789/);
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/keys-dbx/listKeys`)).body).toEqual({
      computeType: "Databricks",
      databricksAccessToken: "dapi-0123456789",
    });
  });

  it("answers 404 for the types without keys, naming those that have them", async () => {
    for (const name of ["alice-ci", "cpu-cluster", "k8s-inference"]) {
      const r = await call(svc.url, "POST", `${WS_PATH}/computes/${name}/listKeys`);
      expect(r.status, name).toBe(404);
      expect(r.body.error.message).toMatch(/only AKS, VirtualMachine and Databricks computes have keys/);
    }
  });
});
