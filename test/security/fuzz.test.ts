/**
 * Every write route gets generated bad input, derived from the zod schemas the route itself declares
 * (`route().schemas`, turned into JSON Schema): a property of the right name with a value of the wrong type, a
 * string past its maxLength or outside its enum or pattern, a number under its minimum or a fraction where an
 * integer goes, an unknown field, and whole bodies that are not objects at all (null, arrays, unicode, nesting,
 * more than the 1 MiB limit). Upload routes (raw bodies) get bad queries instead. Every answer must be a 4xx with
 * a message — never a 5xx — and no request may reach the upstream (the recording proxy counts them), so nothing
 * was written.
 */
import fc from "fast-check";
import { z, type ZodType } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverRoutes, startStudio, type Studio } from "../support/studio";
import { TABLE } from "../routes/route-table";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  enum?: unknown[];
  items?: JsonSchema;
};

const weird = fc.constantFrom(
  "../../etc/passwd",
  "..\\..\\windows",
  "%2e%2e%2f%2e%2e%2f",
  "\u0000\u0001\u202e",
  "名前 🙂",
  "<script>alert(1)</script>",
  "a".repeat(5000),
);

/** Values that cannot satisfy `js` (by type, or by the constraint it declares). */
function violating(js: JsonSchema): fc.Arbitrary<unknown> | null {
  const types = Array.isArray(js.type) ? js.type : js.type ? [js.type] : [];
  if (!types.length || types.includes("null")) return null;
  const wrongType: fc.Arbitrary<unknown>[] = [];
  if (!types.includes("string")) wrongType.push(fc.string(), weird);
  if (!types.some((t) => t === "number" || t === "integer")) wrongType.push(fc.integer(), fc.double({ noNaN: true }));
  if (!types.includes("boolean")) wrongType.push(fc.boolean());
  if (!types.includes("object")) wrongType.push(fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
  if (!types.includes("array")) wrongType.push(fc.array(fc.string(), { maxLength: 3 }));
  wrongType.push(fc.constant(null));
  const bad = [...wrongType];
  if (types.includes("string")) {
    if (js.maxLength !== undefined)
      bad.push(fc.constant("x".repeat(js.maxLength + 1)), fc.constant("é".repeat(js.maxLength + 1)));
    if (js.enum) bad.push(weird.filter((v) => !js.enum!.includes(v)));
    if (js.pattern) {
      const re = new RegExp(js.pattern, "u");
      bad.push(weird.filter((v) => !re.test(v)));
    }
  }
  if (types.includes("integer")) bad.push(fc.constant(1.5));
  if (types.some((t) => t === "number" || t === "integer")) {
    const min = js.minimum ?? js.exclusiveMinimum;
    if (min !== undefined) bad.push(fc.constant(min - 1), fc.constant(-1e12));
  }
  return fc.oneof(...bad);
}

function jsonSchemaOf(schema: ZodType): JsonSchema | null {
  try {
    return z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as JsonSchema;
  } catch {
    return null;
  }
}

/** Bodies derived from a valid one: one property (top level or one level down) made invalid, or an unknown field. */
function badBodies(valid: unknown, js: JsonSchema | null): fc.Arbitrary<unknown> {
  const whole: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(null, [], "a string", 42, true),
    weird,
    fc.constant(JSON.parse("[".repeat(500) + "]".repeat(500))),
  ];
  if (!js?.properties || typeof valid !== "object" || valid === null || Array.isArray(valid)) return fc.oneof(...whole);
  const mutations: fc.Arbitrary<unknown>[] = [];
  const base = valid as Record<string, unknown>;
  for (const [key, prop] of Object.entries(js.properties)) {
    const v = violating(prop);
    if (v) mutations.push(v.map((bad) => ({ ...base, [key]: bad })));
    // One level down, inside a property the valid body has.
    const inner = base[key];
    if (prop.properties && inner && typeof inner === "object" && !Array.isArray(inner))
      for (const [k2, p2] of Object.entries(prop.properties)) {
        const v2 = violating(p2);
        if (v2) mutations.push(v2.map((bad) => ({ ...base, [key]: { ...(inner as object), [k2]: bad } })));
      }
  }
  if (js.additionalProperties === false)
    mutations.push(
      fc
        .tuple(fc.constantFrom("__proto__x", "isAdmin", "role", "zzUnknown"), fc.jsonValue())
        .map(([k, v]) => ({ ...base, [k]: v })),
    );
  return fc.oneof(...whole, ...(mutations.length ? mutations : whole));
}

let s: Studio;
beforeAll(async () => {
  s = await startStudio();
});
afterAll(async () => {
  await s?.close();
});

const writes = discoverRoutes().flatMap((r) =>
  r.methods
    .filter((m) => UNSAFE.has(m))
    .map((m) => ({ key: `${r.pattern} ${m}`, file: r.file, pattern: r.pattern, method: m })),
);

describe.each(writes)("$key", (w) => {
  it("generated bad input → 4xx with a message, never a 5xx, nothing reaches the upstream", async () => {
    const entry = TABLE[w.key];
    expect(entry, `${w.key} has a route-table entry`).toBeDefined();
    const mod = (await import(/* @vite-ignore */ w.file)) as Record<
      string,
      { schemas?: { body?: ZodType; bodyType: string } }
    >;
    const schemas = mod[w.method].schemas!;
    expect(schemas, "built with route()").toBeDefined();

    const check = async (opts: { body?: unknown; raw?: string; query?: Record<string, string> }) => {
      const before = s.proxy!.state.requests.length;
      const res = await s.call(w.method, w.pattern, entry.params, { as: "admin", query: entry.query, ...opts });
      const upstream = s.proxy!.state.requests.slice(before);
      const what = `${res.status} ${res.text.slice(0, 300)} for ${JSON.stringify(opts).slice(0, 300)}`;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(typeof res.body?.error?.message, what).toBe("string");
      expect(res.body.error.message.length, what).toBeGreaterThan(0);
      expect(upstream, what).toEqual([]);
    };

    if (schemas.bodyType === "binary") {
      // Raw uploads: the query names the file; bad paths and sizes are refused before anything is streamed.
      const badQuery = fc.record({
        path: fc.oneof(
          fc.constantFrom("../../etc/passwd", "/abs/path", "a/../../b", "", "a\\b"),
          fc.constant("x".repeat(5000)),
        ),
        size: fc.constantFrom("-1", "abc", "1e309", "", "1.5"),
      });
      await fc.assert(
        fc.asyncProperty(badQuery, async (query) =>
          check({ query: { ...(entry.query ?? {}), ...query }, raw: "hello" }),
        ),
        { numRuns: RUNS },
      );
      return;
    }
    if (!schemas.body) {
      // No body declared: a body of any kind is still refused or ignored, never a crash; a non-JSON one is a 415.
      const res = await s.call(w.method, w.pattern, entry.params, {
        as: "admin",
        query: entry.query,
        raw: "<xml/>",
        headers: { "content-type": "application/xml" },
      });
      expect(res.status).toBe(415);
      return;
    }
    const js = jsonSchemaOf(schemas.body);
    await fc.assert(
      fc.asyncProperty(badBodies(entry.body, js), async (body) => check({ body })),
      { numRuns: RUNS },
    );
    // Past the 1 MiB limit, and not JSON at all.
    await check({ raw: JSON.stringify({ blob: "x".repeat(1024 * 1024 + 10) }) });
    await check({ raw: "{not json" });
  });
});
