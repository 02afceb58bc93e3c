/**
 * A small Parquet writer for demo data, tests and benchmarks (no Parquet writer is installed): flat schemas of
 * required INT64, DOUBLE, BOOLEAN and UTF-8 string columns, PLAIN encoding, uncompressed, one data page per
 * column chunk, any number of row groups. Files it writes are read back with hyparquet in the tests.
 */
export type ParquetColumnType = "int64" | "double" | "string" | "boolean";
export interface ParquetColumn {
  name: string;
  type: ParquetColumnType;
}

// ---- Thrift compact protocol -------------------------------------------------------------------------
const T = { BOOL_TRUE: 1, BOOL_FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

class CompactWriter {
  private bytes: number[] = [];
  private lastField: number[] = [0];
  varint(n: bigint | number) {
    let v = BigInt(n);
    while (v >= 0x80n) {
      this.bytes.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  zigzag(n: number | bigint) {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  fieldHeader(id: number, type: number) {
    const delta = id - this.lastField[this.lastField.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.lastField[this.lastField.length - 1] = id;
  }
  i32(id: number, v: number) {
    this.fieldHeader(id, T.I32);
    this.zigzag(v);
  }
  i64(id: number, v: number | bigint) {
    this.fieldHeader(id, T.I64);
    this.zigzag(v);
  }
  string(id: number, s: string) {
    this.fieldHeader(id, T.BINARY);
    this.rawBinary(Buffer.from(s, "utf8"));
  }
  rawBinary(b: Uint8Array) {
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
  }
  listHeader(id: number, elemType: number, size: number) {
    this.fieldHeader(id, T.LIST);
    if (size < 15) this.bytes.push((size << 4) | elemType);
    else {
      this.bytes.push(0xf0 | elemType);
      this.varint(size);
    }
  }
  beginStruct(id?: number) {
    if (id !== undefined) this.fieldHeader(id, T.STRUCT);
    this.lastField.push(0);
  }
  endStruct() {
    this.bytes.push(0);
    this.lastField.pop();
  }
  toBuffer() {
    return Buffer.from(this.bytes);
  }
}

const TYPE_CODE: Record<ParquetColumnType, number> = { boolean: 0, int64: 2, double: 5, string: 6 };

function plainEncode(type: ParquetColumnType, values: unknown[]): Buffer {
  if (type === "int64") {
    const b = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => b.writeBigInt64LE(BigInt(v as number | bigint), i * 8));
    return b;
  }
  if (type === "double") {
    const b = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => b.writeDoubleLE(Number(v), i * 8));
    return b;
  }
  if (type === "boolean") {
    const b = Buffer.alloc(Math.ceil(values.length / 8));
    values.forEach((v, i) => {
      if (v) b[i >> 3] |= 1 << (i & 7);
    });
    return b;
  }
  const parts: Buffer[] = [];
  for (const v of values) {
    const s = Buffer.from(String(v), "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32LE(s.length);
    parts.push(len, s);
  }
  return Buffer.concat(parts);
}

/** Writes rows (objects keyed by column name) as Parquet, `rowGroupSize` rows per row group. */
export function writeParquet(columns: ParquetColumn[], rows: Record<string, unknown>[], rowGroupSize = 10_000): Buffer {
  if (columns.length === 0) throw new Error("writeParquet: no columns");
  const chunks: Buffer[] = [Buffer.from("PAR1")];
  let offset = 4;
  const rowGroups: {
    columns: { type: ParquetColumnType; name: string; offset: number; size: number; n: number }[];
    bytes: number;
    n: number;
  }[] = [];
  for (let start = 0; start < rows.length || (start === 0 && rows.length === 0); start += rowGroupSize) {
    const slice = rows.slice(start, start + rowGroupSize);
    const group = { columns: [] as (typeof rowGroups)[number]["columns"], bytes: 0, n: slice.length };
    for (const col of columns) {
      const data = plainEncode(
        col.type,
        slice.map((r) => r[col.name]),
      );
      const h = new CompactWriter();
      h.beginStruct();
      h.i32(1, 0); // DATA_PAGE
      h.i32(2, data.length);
      h.i32(3, data.length);
      h.beginStruct(5);
      h.i32(1, slice.length);
      h.i32(2, 0); // PLAIN
      h.i32(3, 3); // RLE
      h.i32(4, 3); // RLE
      h.endStruct();
      h.endStruct();
      const header = h.toBuffer();
      chunks.push(header, data);
      const size = header.length + data.length;
      group.columns.push({ type: col.type, name: col.name, offset, size, n: slice.length });
      group.bytes += size;
      offset += size;
    }
    rowGroups.push(group);
    if (rows.length === 0) break;
  }
  return finish(chunks, buildFooter(columns, rows.length, rowGroups));
}

function buildFooter(
  columns: ParquetColumn[],
  numRows: number,
  rowGroups: {
    columns: { type: ParquetColumnType; name: string; offset: number; size: number; n: number }[];
    bytes: number;
    n: number;
  }[],
): Buffer {
  const m = new CompactWriter();
  m.beginStruct();
  m.i32(1, 1);
  m.listHeader(2, T.STRUCT, columns.length + 1);
  m.beginStruct();
  m.string(4, "schema");
  m.i32(5, columns.length);
  m.endStruct();
  for (const col of columns) {
    m.beginStruct();
    m.i32(1, TYPE_CODE[col.type]);
    m.i32(3, 0); // REQUIRED
    m.string(4, col.name);
    if (col.type === "string") m.i32(6, 0); // UTF8
    m.endStruct();
  }
  m.i64(3, numRows);
  m.listHeader(4, T.STRUCT, rowGroups.length);
  for (const g of rowGroups) {
    m.beginStruct();
    m.listHeader(1, T.STRUCT, g.columns.length);
    for (const c of g.columns) {
      m.beginStruct();
      m.i64(2, c.offset);
      m.beginStruct(3);
      m.i32(1, TYPE_CODE[c.type]);
      m.listHeader(2, T.I32, 2);
      m.zigzag(0);
      m.zigzag(3);
      m.listHeader(3, T.BINARY, 1);
      m.rawBinary(Buffer.from(c.name, "utf8"));
      m.i32(4, 0); // UNCOMPRESSED
      m.i64(5, c.n);
      m.i64(6, c.size);
      m.i64(7, c.size);
      m.i64(9, c.offset);
      m.endStruct();
      m.endStruct();
    }
    m.i64(2, g.bytes);
    m.i64(3, g.n);
    m.endStruct();
  }
  m.string(6, "ml-studio parquet-writer");
  m.endStruct();
  return m.toBuffer();
}

function finish(chunks: Buffer[], footer: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.length);
  return Buffer.concat([...chunks, footer, len, Buffer.from("PAR1")]);
}
