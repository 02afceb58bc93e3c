/**
 * Validates answers against the response schemas of Azure ML's OpenAPI 2.0 files (the shared
 * azure-ml-rest-spec/2022-10-01, read as they are, never copied) with ajv. Swagger 2.0 with Microsoft's extensions
 * is not JSON Schema, so each definition is translated the way ARM's own response validator (oav) reads it:
 *
 * - `allOf` is flattened: a definition's properties are its parents' plus its own, so `additionalProperties: false`
 *   on a child refuses what neither it nor its parents declare (plain JSON Schema would refuse the parents' too).
 * - A definition with a `discriminator` is polymorphic where it is referenced: the subtype whose
 *   `x-ms-discriminator-value` (or name) equals the discriminator property is validated; an unknown value falls
 *   back to the base.
 * - `x-ms-enum` with `modelAsString: true` is extensible: other values are accepted, as ARM does.
 * - null is accepted where `x-nullable` is true, or, when `x-nullable` is absent, for properties that are not
 *   required (oav's rule).
 * - Properties marked `x-ms-secret` must not carry a value in any answer but those of the POST list-secrets
 *   operations (listKeys, listSecrets): ARM's rule that secrets are write-only. They are therefore also not
 *   `required` in other answers.
 * - Error statuses are validated against the operation's `default` response.
 * - `$ref`s into files that are not in the shared folder (Azure's common-types: Resource, systemData, Sku,
 *   ManagedServiceIdentity, ErrorResponse) cannot be checked: they are open schemas, and a definition built on one
 *   does not refuse undeclared properties (they may be the missing parent's).
 */
import fs from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

type Json = Record<string, any>;
const FILES = ["machineLearningServices.json", "mfe.json", "workspaceFeatures.json"];
const ID = "https://ml-studio.local/spec/";

/** Objects (the spec's enum definitions also say `additionalProperties: false`, which means nothing for a string). */
const isObject = (s: Json) =>
  !!(s.allOf || s.properties || s.type === "object" || (s.type === undefined && s.additionalProperties !== undefined));

export interface Operation {
  file: string;
  method: string;
  template: string;
  operationId: string;
  responses: Record<string, { schema?: Json }>;
}

export class OpenApiContract {
  private docs: Record<string, Json> = {};
  private ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  private emitted = new Set<string>();
  private ops: (Operation & { re: RegExp; literal: number })[] = [];
  private validators = new Map<string, ValidateFunction>();
  /** Whether the schema being translated is a list-secrets answer (secrets allowed). */
  private secretsAllowed = false;

  constructor(dir: string) {
    for (const f of FILES) this.docs[f] = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    const always = () => true;
    for (const f of ["int32", "int64", "float", "double", "byte", "binary", "password"]) this.ajv.addFormat(f, always);
    this.ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
    this.ajv.addFormat(
      "duration",
      /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/,
    );
    this.ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat("uri", (s: string) => URL.canParse(s));
    for (const [file, doc] of Object.entries(this.docs))
      for (const [template, item] of Object.entries<Json>(doc.paths ?? {}))
        for (const [method, op] of Object.entries<Json>(item)) {
          if (!op || typeof op !== "object" || !op.responses) continue;
          const re = new RegExp(
            "^" + template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+") + "$",
            "i",
          );
          this.ops.push({
            file,
            method: method.toUpperCase(),
            template,
            operationId: op.operationId,
            responses: op.responses,
            re,
            literal: template.replace(/\{[^}]+\}/g, "").length,
          });
        }
  }

  /** Every operation id of the shared files. */
  operationIds(): string[] {
    return this.ops.map((o) => o.operationId);
  }

  /** The spec's operation for a request, the most literal template winning (`…/computes/{name}/listKeys`). */
  operation(method: string, urlPath: string): Operation | null {
    const p = urlPath.split("?")[0];
    const hits = this.ops.filter((o) => o.method === method.toUpperCase() && o.re.test(p));
    return hits.sort((a, b) => b.literal - a.literal)[0] ?? null;
  }

  /** Problems of `body` against the operation's schema for `status` (none when the body is valid). */
  validate(op: Operation, status: number, body: unknown): string[] {
    const response = op.responses[String(status)] ?? (status >= 400 ? op.responses.default : undefined);
    if (!response) return [`status ${status} is not a response of ${op.operationId} (${Object.keys(op.responses)})`];
    if (!response.schema) return body === undefined || body === "" ? [] : [`${op.operationId} ${status} has no body`];
    const key = `${op.file}|${op.method}|${op.template}|${status}`;
    let v = this.validators.get(key);
    if (!v) {
      this.secretsAllowed = op.method === "POST" && /List(Keys|Secrets)$/i.test(op.operationId);
      v = this.ajv.compile(this.convert(response.schema, op.file, false));
      this.validators.set(key, v);
    }
    if (v(body)) return [];
    // The failed branches of a nullable (anyOf with null) or discriminated (if/then/else) place only repeat the
    // real error found inside them.
    const real = (v.errors ?? []).filter(
      (e) =>
        !["if", "anyOf"].includes(e.keyword) &&
        !(e.keyword === "type" && e.params.type === "null" && /\/anyOf\/1\/type$/.test(e.schemaPath)),
    );
    return real.map(
      (e) =>
        `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? `: '${e.params.additionalProperty}'` : ""}${e.params && "allowedValues" in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ""}`,
    );
  }

  // ---- translation

  private resolve(ref: string, from: string): { file: string; name: string } | null {
    const [filePart, pointer] = ref.split("#");
    const file = filePart ? path.basename(filePart) : from;
    if (!this.docs[file] || (filePart && !FILES.includes(filePart.replace(/^\.\//, "")))) return null;
    const m = /^\/definitions\/(.+)$/.exec(pointer ?? "");
    return m ? { file, name: m[1] } : null;
  }
  private def(file: string, name: string): Json {
    return this.docs[file].definitions[name];
  }

  /** Subtypes (transitively) of a discriminated base, with their discriminator values. */
  private subtypes(file: string, name: string): { file: string; name: string; value: string }[] {
    const out: { file: string; name: string; value: string }[] = [];
    const walk = (bf: string, bn: string) => {
      for (const [f, doc] of Object.entries(this.docs))
        for (const [n, d] of Object.entries<Json>(doc.definitions ?? {}))
          if ((d.allOf ?? []).some((a: Json) => a.$ref && this.same(this.resolve(a.$ref, f), bf, bn))) {
            out.push({ file: f, name: n, value: d["x-ms-discriminator-value"] ?? n });
            walk(f, n);
          }
    };
    walk(file, name);
    return out;
  }
  private same(r: { file: string; name: string } | null, file: string, name: string) {
    return !!r && r.file === file && r.name === name;
  }

  /** The id of a definition's schema: `poly` picks a subtype by discriminator, `flat` is the definition itself. */
  private ensure(file: string, name: string, kind: "poly" | "flat"): string {
    const id = `${ID}${this.secretsAllowed ? "secrets" : "plain"}/${file}/${kind}/${name}`;
    if (this.emitted.has(id)) return id;
    this.emitted.add(id);
    const d = this.def(file, name);
    let schema: Json;
    if (kind === "poly" && d.discriminator) {
      const prop = d.discriminator;
      schema = { $ref: this.ensure(file, name, "flat") };
      for (const s of this.subtypes(file, name).reverse())
        schema = {
          if: { properties: { [prop]: { const: s.value } }, required: [prop] },
          then: { $ref: this.ensure(s.file, s.name, "flat") },
          else: schema,
        };
    } else if (kind === "poly") {
      schema = { $ref: this.ensure(file, name, "flat") };
    } else if (isObject(d)) {
      schema = this.objectSchema(this.flatten(file, name), file);
    } else {
      schema = this.convert(d, file, false); // enums and other scalar definitions
    }
    this.ajv.addSchema({ ...schema, $id: id });
    return id;
  }

  private flatten(
    file: string,
    name: string,
    seen = new Set<string>(),
  ): {
    properties: Json;
    required: string[];
    additionalProperties: any;
    open: boolean;
    file: Record<string, string>;
  } {
    const d = this.def(file, name);
    const out = {
      properties: {} as Json,
      required: [] as string[],
      additionalProperties: undefined as any,
      open: false,
      file: {} as Record<string, string>,
    };
    const key = `${file}/${name}`;
    if (seen.has(key)) return out;
    seen.add(key);
    for (const parent of d.allOf ?? []) {
      if (parent.$ref) {
        const r = this.resolve(parent.$ref, file);
        if (!r) {
          out.open = true;
          continue;
        }
        const p = this.flatten(r.file, r.name, seen);
        Object.assign(out.properties, p.properties);
        Object.assign(out.file, p.file);
        out.required.push(...p.required);
        out.open ||= p.open;
        if (p.additionalProperties !== undefined) out.additionalProperties = p.additionalProperties;
      } else {
        for (const [k, v] of Object.entries<Json>(parent.properties ?? {})) {
          out.properties[k] = v;
          out.file[k] = file;
        }
        out.required.push(...(parent.required ?? []));
      }
    }
    for (const [k, v] of Object.entries<Json>(d.properties ?? {})) {
      out.properties[k] = v;
      out.file[k] = file;
    }
    out.required.push(...(d.required ?? []));
    if (d.additionalProperties !== undefined) out.additionalProperties = d.additionalProperties;
    return out;
  }

  private objectSchema(
    flat: {
      properties: Json;
      required: string[];
      additionalProperties: any;
      open: boolean;
      file?: Record<string, string>;
    },
    file: string,
  ): Json {
    const secret = (v: Json) => v["x-ms-secret"] === true && !this.secretsAllowed;
    const required = [...new Set(flat.required)].filter((k) => !flat.properties[k] || !secret(flat.properties[k]));
    const properties = Object.fromEntries(
      Object.entries<Json>(flat.properties).map(([k, v]) => [
        k,
        secret(v)
          ? { type: "null", description: "x-ms-secret: never in this answer" }
          : this.convert(v, flat.file?.[k] ?? file, v["x-nullable"] ?? !required.includes(k)),
      ]),
    );
    const schema: Json = { type: "object", properties, required };
    if (flat.additionalProperties === false) {
      if (!flat.open) schema.additionalProperties = false;
    } else if (flat.additionalProperties && typeof flat.additionalProperties === "object")
      schema.additionalProperties = this.convert(
        flat.additionalProperties,
        file,
        flat.additionalProperties["x-nullable"] ?? false,
      );
    return schema;
  }

  /** One swagger schema → JSON Schema; `nullable` says whether null is accepted in this place. */
  convert(s: Json, file: string, nullable: boolean): Json {
    let out: Json;
    if (s.$ref) {
      const r = this.resolve(s.$ref, file);
      out = r ? { $ref: this.ensure(r.file, r.name, "poly") } : {};
    } else if (s.allOf) {
      out = this.objectSchema({ ...this.flattenInline(s, file), open: false }, file);
    } else {
      out = {};
      if (s.type) out.type = s.type === "file" ? "string" : s.type;
      if (s.format && s.type === "string") out.format = s.format;
      for (const k of [
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "pattern",
        "exclusiveMinimum",
        "exclusiveMaximum",
      ])
        if (s[k] !== undefined) out[k] = s[k];
      if (s.enum && !(s["x-ms-enum"]?.modelAsString === true)) out.enum = s.enum;
      if (s.items) out.items = this.convert(s.items, file, s.items["x-nullable"] ?? false);
      if (isObject(s))
        Object.assign(
          out,
          this.objectSchema(
            {
              properties: s.properties ?? {},
              required: s.required ?? [],
              additionalProperties: s.additionalProperties,
              open: false,
            },
            file,
          ),
          s.type ? {} : { type: undefined },
        );
      if (out.type === undefined) delete out.type;
    }
    return nullable ? { anyOf: [out, { type: "null" }] } : out;
  }

  private flattenInline(s: Json, file: string) {
    const merged = { properties: {} as Json, required: [] as string[], additionalProperties: s.additionalProperties };
    for (const part of [...s.allOf, { properties: s.properties, required: s.required }]) {
      if (part.$ref) {
        const r = this.resolve(part.$ref, file);
        if (!r) continue;
        const p = this.flatten(r.file, r.name);
        Object.assign(merged.properties, p.properties);
        merged.required.push(...p.required);
      } else {
        Object.assign(merged.properties, part.properties ?? {});
        merged.required.push(...(part.required ?? []));
      }
    }
    return merged;
  }
}
