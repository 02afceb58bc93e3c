/**
 * zod schema of a PipelineGraph as drafts store it and routes accept it. Structural only:
 * semantic checks (types, cycles, compute) are validateGraph's.
 */
import { z } from "../zod";
import { DATA_TYPES, IO_TYPES } from "./types";

const literal = z.union([z.string().max(10_000), z.number(), z.boolean()]);
const name = z.string().min(1).max(255);
const position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
const stringMap = z.record(z.string(), z.string());
const anyMap = z.record(z.string(), z.unknown());

const componentInput = z.strictObject({
  type: z.enum(IO_TYPES),
  description: z.string().optional(),
  optional: z.boolean().optional(),
  default: literal.optional(),
  enum: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
const componentSpec = z.strictObject({
  name,
  version: z.string().optional(),
  displayName: z.string().optional(),
  description: z.string().optional(),
  type: z.literal("command"),
  tags: stringMap.optional(),
  isDeterministic: z.boolean().optional(),
  inputs: z.record(z.string(), componentInput),
  outputs: z.record(z.string(), z.strictObject({ type: z.enum(DATA_TYPES), description: z.string().optional() })),
  command: z.string(),
  environment: z.union([z.string(), anyMap]),
  code: z.string().optional(),
  source: anyMap,
});

const componentNode = z.strictObject({
  kind: z.literal("component"),
  id: name,
  componentRef: z.string().min(1).max(1024),
  component: componentSpec,
  inlineCommand: z.literal(true).optional(),
  displayName: z.string().max(256).optional(),
  compute: z.string().max(300).optional(),
  inputs: z.record(
    z.string(),
    z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("literal"), value: literal }),
      z.strictObject({ kind: z.literal("parent"), input: name }),
    ]),
  ),
  outputs: z.record(
    z.string(),
    z.strictObject({
      parentOutput: name.optional(),
      mode: z.string().optional(),
      path: z.string().optional(),
      extra: anyMap.optional(),
    }),
  ),
  extra: anyMap.optional(),
  position,
});
const dataNode = z.strictObject({
  kind: z.literal("data"),
  id: name,
  dataType: z.enum(DATA_TYPES),
  path: z.string().max(2048),
  mode: z.string().optional(),
  label: z.string().max(256).optional(),
  position,
});

const graphFields = {
  displayName: z.string().max(256).optional(),
  description: z.string().max(5000).optional(),
  experimentName: z.string().max(256).optional(),
  tags: stringMap.optional(),
  settings: z.strictObject({
    defaultCompute: z.string().max(300).optional(),
    defaultDatastore: z.string().max(300).optional(),
    continueOnStepFailure: z.boolean().optional(),
    extra: anyMap.optional(),
  }),
  inputs: z.record(
    z.string(),
    z.strictObject({
      type: z.enum(IO_TYPES),
      value: literal.optional(),
      path: z.string().optional(),
      mode: z.string().optional(),
      description: z.string().optional(),
      optional: z.boolean().optional(),
    }),
  ),
  outputs: z.record(
    z.string(),
    z.strictObject({
      type: z.enum(DATA_TYPES).optional(),
      mode: z.string().optional(),
      path: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  edges: z
    .array(z.strictObject({ id: z.string(), source: name, sourcePort: name, target: name, targetPort: name }))
    .max(20000),
};

/** The packed form (pack.ts) drafts and submissions travel and rest in; nodes must name a carried component. */
export const packedGraphSchema = z
  .strictObject({
    ...graphFields,
    components: z.record(z.string().max(64), componentSpec),
    nodes: z
      .array(
        z.discriminatedUnion("kind", [
          componentNode.omit({ component: true }).extend({ componentKey: z.string().max(64) }),
          dataNode,
        ]),
      )
      .max(5000),
  })
  .superRefine((g, ctx) => {
    g.nodes.forEach((n, i) => {
      if (n.kind === "component" && !(n.componentKey in g.components))
        ctx.addIssue({
          code: "custom",
          path: ["nodes", i, "componentKey"],
          message: `node ${n.id} names component "${n.componentKey}", which components does not carry`,
        });
    });
  });
