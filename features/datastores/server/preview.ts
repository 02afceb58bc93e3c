import "server-only";
import Papa from "papaparse";
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer } from "hyparquet";
import { ApiError } from "@/lib/server/errors";
import { openDatastore, type StorageBackend } from "@/lib/server/storage";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { INLINE_IMAGE_TYPES, contentTypeFor, previewKindFor } from "@/lib/domain/preview";
import { URL_TTL_SECONDS, type Preview } from "@/lib/domain/datastores";
import { sniffText, detectHeader } from "../sniff";

/** Bytes read for a table or text preview: enough for a few hundred rows of any sane width. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;
export const TABLE_PREVIEW_ROWS = 100;
export const PARQUET_PREVIEW_ROWS = 50;
/** JSON documents up to this size are parsed whole; bigger ones are shown as text. */
const JSON_WHOLE_BYTES = 2 * 1024 * 1024;

function notText(path: string, why: string): never {
  throw new ApiError(
    422,
    "NotText",
    `'${path}' does not look like text (${why}); it cannot be previewed as ${previewKindFor(path)}.`,
  );
}

async function readText(backend: StorageBackend, path: string, offset: number, length: number) {
  const buf = await backend.read(path, offset, length);
  const sniff = sniffText(buf, offset + buf.length < Number.MAX_SAFE_INTEGER);
  if (!sniff.ok) notText(path, sniff.reason);
  return { text: sniff.text, bytes: buf.length };
}

/** Cuts an incomplete last line (we read a prefix of the file). */
function wholeLines(text: string, complete: boolean) {
  if (complete) return { text, cut: false };
  const i = text.lastIndexOf("\n");
  return i < 0 ? { text, cut: true } : { text: text.slice(0, i + 1), cut: true };
}

export async function previewFile(
  ctx: WorkspaceContext,
  name: string,
  path: string,
  apiBase: string,
): Promise<Preview> {
  const { backend } = await openDatastore(ctx, name);
  const stat = await backend.stat(path);
  const size = stat.size ?? 0;
  const kind = previewKindFor(path);
  switch (kind) {
    case "csv":
    case "tsv": {
      const { text, bytes } = await readText(backend, path, 0, Math.min(size, TEXT_PREVIEW_BYTES));
      const { text: lines } = wholeLines(text, bytes >= size);
      const parsed = Papa.parse<string[]>(lines, {
        delimiter: kind === "tsv" ? "\t" : "",
        skipEmptyLines: "greedy",
        preview: TABLE_PREVIEW_ROWS + 1,
      });
      const data = parsed.data.filter((r) => Array.isArray(r));
      if (data.length === 0)
        return {
          kind: "table",
          format: kind,
          columns: [],
          rows: [],
          headerDetected: false,
          truncated: false,
          bytesRead: bytes,
          size,
          problems: size === 0 ? ["The file is empty."] : [],
        };
      const problems = parsed.errors.slice(0, 5).map((e) => `Row ${(e.row ?? 0) + 1}: ${e.message}`);
      const width = Math.max(...data.map((r) => r.length));
      const inconsistent = data.filter((r) => r.length !== data[0].length).length;
      if (inconsistent > 0)
        problems.push(
          `${inconsistent} of the first ${data.length} rows have a different number of fields than the first row.`,
        );
      const headerDetected = detectHeader(data);
      const columns = headerDetected
        ? data[0].map((c, i) => c || `column_${i + 1}`)
        : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
      const rows = (headerDetected ? data.slice(1) : data).slice(0, TABLE_PREVIEW_ROWS);
      return {
        kind: "table",
        format: kind,
        columns,
        rows,
        headerDetected,
        truncated: bytes < size || data.length > TABLE_PREVIEW_ROWS,
        bytesRead: bytes,
        size,
        problems,
      };
    }
    case "parquet": {
      let bytesRead = 0;
      const file: AsyncBuffer = {
        byteLength: size,
        async slice(start: number, end?: number) {
          const stop = end ?? size;
          const buf = await backend.read(path, start, stop - start);
          bytesRead += buf.length;
          return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
        },
      };
      try {
        if (size < 12) throw new Error("too small to be Parquet");
        const magic = Buffer.from(await file.slice(0, 4)).toString("latin1");
        if (magic !== "PAR1") throw new Error("it does not start with the Parquet magic bytes");
        const metadata = await parquetMetadataAsync(file, { initialFetchSize: 64 * 1024 });
        const schema = parquetSchema(metadata).children.map((c) => ({
          name: c.element.name,
          type: String(c.element.logical_type?.type ?? c.element.converted_type ?? c.element.type ?? "group"),
        }));
        const n = Math.min(Number(metadata.num_rows), PARQUET_PREVIEW_ROWS);
        const rows =
          n > 0 ? await parquetReadObjects({ file, metadata, rowStart: 0, rowEnd: n, rowFormat: "object" }) : [];
        return {
          kind: "parquet",
          schema,
          rows: JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? Number(v) : v))),
          numRows: Number(metadata.num_rows),
          rowGroups: metadata.row_groups.length,
          bytesRead,
          size,
        };
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(
          422,
          "MalformedParquet",
          `'${path}' is not a readable Parquet file: ${(e as Error).message}.`,
        );
      }
    }
    case "json": {
      if (size > JSON_WHOLE_BYTES) {
        const { text, bytes } = await readText(backend, path, 0, TEXT_PREVIEW_BYTES);
        return { kind: "text", text, tail: false, truncated: true, bytesRead: bytes, size };
      }
      const { text, bytes } = await readText(backend, path, 0, size);
      try {
        return { kind: "json", value: JSON.parse(text), truncated: false, bytesRead: bytes, size };
      } catch (e) {
        throw new ApiError(422, "MalformedJson", `'${path}' is not valid JSON: ${(e as Error).message}.`);
      }
    }
    case "jsonl": {
      const { text, bytes } = await readText(backend, path, 0, Math.min(size, TEXT_PREVIEW_BYTES));
      const { text: lines } = wholeLines(text, bytes >= size);
      const records: unknown[] = [];
      const badLines: number[] = [];
      lines.split("\n").forEach((line, i) => {
        if (line.trim() === "" || records.length >= TABLE_PREVIEW_ROWS) return;
        try {
          records.push(JSON.parse(line));
        } catch {
          badLines.push(i + 1);
        }
      });
      return { kind: "jsonl", records, badLines, truncated: bytes < size, bytesRead: bytes, size };
    }
    case "text": {
      // Logs are read at their end: the tail is what people look for.
      const start = Math.max(0, size - TEXT_PREVIEW_BYTES);
      const { text, bytes } = await readText(backend, path, start, size - start);
      const shown = start > 0 ? text.slice(text.indexOf("\n") + 1) : text;
      return { kind: "text", text: shown, tail: start > 0, truncated: start > 0, bytesRead: bytes, size };
    }
    case "image": {
      const type = contentTypeFor(path);
      if (!INLINE_IMAGE_TYPES.has(type)) return { kind: "none", reason: "This image type is not shown inline.", size };
      const head = await backend.read(path, 0, 16);
      if (!isImage(head)) throw new ApiError(422, "NotAnImage", `'${path}' does not contain image data.`);
      const url = await backend.downloadUrl(path, URL_TTL_SECONDS, { attachment: false });
      return {
        kind: "image",
        url: url ?? `${apiBase}/datastores/${encodeURIComponent(name)}/content?${new URLSearchParams({ path })}`,
        contentType: type,
        size,
      };
    }
    default:
      return { kind: "none", reason: "There is no previewer for this file type; download it instead.", size };
  }
}

function isImage(b: Buffer) {
  return (
    (b[0] === 0x89 && b.subarray(1, 4).toString("latin1") === "PNG") ||
    (b[0] === 0xff && b[1] === 0xd8) ||
    b.subarray(0, 3).toString("latin1") === "GIF" ||
    (b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP") ||
    b.subarray(0, 2).toString("latin1") === "BM"
  );
}
