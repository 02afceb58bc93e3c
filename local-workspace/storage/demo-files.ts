/**
 * Demo file contents: real example data from ../shared/azureml-examples when present, generated CSV, Parquet,
 * JSON, JSONL, logs and PNG images otherwise. Deterministic (seeded pseudo-random), so re-seeding is stable.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { writeParquet } from "./parquet-writer";

const EXAMPLES = process.env.AZUREML_EXAMPLES_DIR ?? path.resolve(__dirname, "../../../shared/azureml-examples");

function example(rel: string): Buffer | null {
  try {
    return fs.readFileSync(path.join(EXAMPLES, rel));
  } catch {
    return null;
  }
}

/** Mulberry32: small deterministic PRNG. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ["north", "south", "east", "west"];
const PRODUCTS = ["widget", "gadget", "gizmo", "doohickey", "sprocket"];

export function salesRows(month: number, n: number, seed = month) {
  const r = rng(seed * 7919);
  return Array.from({ length: n }, (_, i) => ({
    order_id: month * 100_000 + i,
    date: `2024-${String(month).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`,
    region: REGIONS[Math.floor(r() * REGIONS.length)],
    product: PRODUCTS[Math.floor(r() * PRODUCTS.length)],
    quantity: 1 + Math.floor(r() * 20),
    unit_price: Math.round((2 + r() * 98) * 100) / 100,
    returned: r() < 0.05,
  }));
}
export const SALES_COLUMNS = [
  { name: "order_id", type: "int64" },
  { name: "date", type: "string" },
  { name: "region", type: "string" },
  { name: "product", type: "string" },
  { name: "quantity", type: "int64" },
  { name: "unit_price", type: "double" },
  { name: "returned", type: "boolean" },
] as const;

export function toCsv(rows: Record<string, unknown>[], sep = ","): string {
  if (rows.length === 0) return "";
  const cols = Object.keys(rows[0]);
  const esc = (v: unknown) => {
    const s = String(v);
    return /[",\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(sep), ...rows.map((r) => cols.map((c) => esc(r[c])).join(sep))].join("\n") + "\n";
}

function trainingLog(run: number, lines: number) {
  const r = rng(run);
  const out: string[] = [];
  let loss = 2.3;
  const t0 = Date.UTC(2024, 4, 1, 12, 0, 0) + run * 3_600_000;
  for (let i = 0; i < lines; i++) {
    loss = Math.max(0.05, loss * (0.995 - r() * 0.004));
    const ts = new Date(t0 + i * 1500).toISOString();
    if (i % 50 === 0) out.push(`${ts} INFO  [trainer] epoch ${Math.floor(i / 50) + 1} started`);
    out.push(
      `${ts} INFO  [trainer] step ${i} loss=${loss.toFixed(4)} lr=${(0.001 * Math.pow(0.99, i / 50)).toExponential(3)}`,
    );
    if (r() < 0.01) out.push(`${ts} WARN  [dataloader] slow batch: ${(200 + r() * 800).toFixed(0)} ms`);
  }
  out.push(`${new Date(t0 + lines * 1500).toISOString()} INFO  [trainer] finished; final loss=${loss.toFixed(4)}`);
  return out.join("\n") + "\n";
}

// ---- PNG --------------------------------------------------------------------------------------------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** An RGB PNG drawn by `pixel(x, y) → [r, g, b]`. */
export function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", zlib.deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
function barChart(values: number[], hue: [number, number, number]) {
  const w = 320,
    h = 200,
    max = Math.max(...values);
  const bw = Math.floor(w / values.length);
  return png(w, h, (x, y) => {
    const i = Math.floor(x / bw);
    const top = h - Math.round((values[i] / max) * (h - 20));
    if (i < values.length && x % bw > 3 && y >= top) return hue;
    return y % 40 === 0 ? [225, 225, 225] : [250, 250, 250];
  });
}

/** path → contents for the default blob datastore. */
export function workspaceBlobFiles(): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {};
  const iris = example("cli/assets/data/example-data/iris.csv");
  const titanic = example("cli/assets/data/sample-data/titanic.csv");
  const mltable = example("cli/assets/data/local-mltable/MLTable");
  files["samples/iris/iris.csv"] =
    iris ??
    toCsv(
      Array.from({ length: 150 }, (_, i) => ({
        sepal_length: 5 + (i % 10) / 10,
        sepal_width: 3 + (i % 7) / 10,
        petal_length: 1 + (i % 50) / 10,
        petal_width: (i % 25) / 10,
        species: ["setosa", "versicolor", "virginica"][Math.floor(i / 50)],
      })),
    );
  files["samples/titanic/titanic.csv"] = titanic ?? toCsv(salesRows(9, 891));
  files["samples/titanic-mltable/titanic.csv"] = titanic ?? toCsv(salesRows(9, 891));
  files["samples/titanic-mltable/MLTable"] =
    mltable ??
    "paths:\n  - file: ./titanic.csv\ntransformations:\n  - read_delimited:\n      delimiter: ','\n      encoding: 'utf8'\n      header: all_files_same_headers\n";
  // The paths the Azure ML CLI examples' cloud-*.yml point at, so those YAMLs import as they are.
  files["example-data/titanic.csv"] = files["samples/titanic/titanic.csv"];
  files["example-data/mltable-sample/titanic.csv"] = files["samples/titanic/titanic.csv"];
  files["example-data/mltable-sample/MLTable"] = files["samples/titanic-mltable/MLTable"];
  for (const month of [1, 2, 3]) {
    const mm = String(month).padStart(2, "0");
    const rows = salesRows(month, 2000);
    files[`datasets/sales/2024/${mm}/sales.csv`] = toCsv(rows);
    files[`datasets/sales/2024/${mm}/sales.tsv`] = toCsv(rows.slice(0, 500), "\t");
    files[`datasets/sales/2024/${mm}/sales.parquet`] = writeParquet([...SALES_COLUMNS], rows, 500);
  }
  const r = rng(42);
  const events = Array.from({ length: 1000 }, (_, i) => ({
    id: i,
    ts: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    kind: ["click", "view", "purchase"][Math.floor(r() * 3)],
    user: `user-${Math.floor(r() * 100)}`,
    value: Math.round(r() * 10000) / 100,
  }));
  files["datasets/events/events.jsonl"] = events.map((e) => JSON.stringify(e)).join("\n") + "\n";
  files["datasets/events/schema.json"] = JSON.stringify(
    {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "event",
      type: "object",
      properties: {
        id: { type: "integer" },
        ts: { type: "string", format: "date-time" },
        kind: { enum: ["click", "view", "purchase"] },
        user: { type: "string" },
        value: { type: "number" },
      },
    },
    null,
    2,
  );
  for (let run = 1; run <= 3; run++) files[`logs/training/run-00${run}/std_log.txt`] = trainingLog(run, 2000);
  files["logs/training/run-001/metrics.json"] = JSON.stringify({ accuracy: 0.912, f1: 0.887, loss: 0.231 }, null, 2);
  files["images/charts/monthly-sales.png"] = barChart([12, 19, 7, 15, 22, 30, 26, 18, 21, 25, 28, 33], [15, 108, 189]);
  files["images/charts/returns.png"] = barChart([5, 3, 6, 2, 4, 7], [196, 49, 75]);
  files["images/thumbnails/gradient.png"] = png(128, 128, (x, y) => [x * 2, y * 2, 160]);
  files["README.md"] =
    "# workspaceblobstore\n\nDemo data for ML Studio: samples/, datasets/ (CSV, TSV, Parquet, JSON, JSONL), logs/, images/ and scale/ (100,000 small blobs).\n";
  return files;
}

export function dataLakeFiles(): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {};
  const r = rng(7);
  for (const day of ["2024-05-01", "2024-05-02"]) {
    for (const sensor of ["s-001", "s-002"]) {
      const rows = Array.from({ length: 500 }, (_, i) => ({
        sensor,
        ts: `${day}T${String(Math.floor(i / 60) % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z`,
        temperature: Math.round((18 + r() * 8) * 10) / 10,
        humidity: Math.round((30 + r() * 40) * 10) / 10,
      }));
      files[`raw/sensors/${day}/${sensor}.csv`] = toCsv(rows);
      files[`raw/sensors/${day}/${sensor}.jsonl`] = rows.map((x) => JSON.stringify(x)).join("\n") + "\n";
    }
  }
  files["curated/sensors/daily.parquet"] = writeParquet(
    [
      { name: "day", type: "string" },
      { name: "sensor", type: "string" },
      { name: "mean_temperature", type: "double" },
      { name: "readings", type: "int64" },
    ],
    ["2024-05-01", "2024-05-02"].flatMap((day) =>
      ["s-001", "s-002"].map((sensor) => ({
        day,
        sensor,
        mean_temperature: Math.round((18 + r() * 8) * 10) / 10,
        readings: 500,
      })),
    ),
  );
  return files;
}

export function sharedDatasetFiles(): Record<string, Buffer | string> {
  const iris = example("cli/assets/data/example-data/iris.csv");
  return {
    "iris/iris.csv": iris ?? toCsv(salesRows(4, 150)),
    "sales/2024-q1.parquet": writeParquet(
      [...SALES_COLUMNS],
      [...salesRows(1, 1000), ...salesRows(2, 1000), ...salesRows(3, 1000)],
      1000,
    ),
    "LICENSE.txt": "Demo data generated for ML Studio. Iris data from the Azure ML examples (MIT).\n",
  };
}

export function fileShareFiles(): Record<string, Buffer | string> {
  return {
    "Users/alice/README.md": "# Alice's files\n\nNotebooks and scratch data on the workspace file share.\n",
    "Users/alice/notebooks/explore.ipynb": JSON.stringify(
      {
        cells: [
          { cell_type: "markdown", metadata: {}, source: ["# Explore sales\n"] },
          {
            cell_type: "code",
            metadata: {},
            source: ["import pandas as pd\n", "df = pd.read_csv('sales.csv')\n"],
            outputs: [],
            execution_count: null,
          },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ),
    "Users/alice/data/sales-sample.csv": toCsv(salesRows(5, 200)),
    "Users/bob/train.py":
      "import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--data')\nargs = parser.parse_args()\nprint('training on', args.data)\n",
    "Users/bob/logs/run.log": trainingLog(9, 300),
    "shared/config.json": JSON.stringify({ experiment: "sales-forecast", compute: "cpu-cluster" }, null, 2),
  };
}
