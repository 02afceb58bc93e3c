/** Text sniffing and CSV header detection. Pure: shared by server and browser. */

/**
 * Decides whether bytes are text: NUL bytes or many control characters mean binary; invalid UTF-8 (other than
 * a character cut at the end of a partial read) means it is not UTF-8 text.
 */
export function sniffText(
  buf: Uint8Array,
  _partial = true,
): { ok: true; text: string } | { ok: false; reason: string } {
  const sample = buf.subarray(0, Math.min(buf.length, 8192));
  let control = 0;
  for (const b of sample) {
    if (b === 0) return { ok: false, reason: "it contains NUL bytes" };
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.02)
    return { ok: false, reason: "it contains binary control bytes" };
  // Trim up to 3 bytes of a multi-byte character cut by the range read.
  let end = buf.length;
  for (let i = 1; i <= 3 && i <= buf.length; i++) {
    const b = buf[buf.length - i];
    if ((b & 0xc0) === 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (need > i) end = buf.length - i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(0, end));
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false, reason: "it is not valid UTF-8" };
  }
}

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const looksTyped = (v: string) =>
  NUMERIC.test(v.trim()) || /^\d{4}-\d{2}-\d{2}/.test(v.trim()) || /^(true|false)$/i.test(v.trim());

/**
 * A first row is a header when its cells are distinct, non-empty, and none looks like a number or date while
 * some column below it does; or, for all-text data, when the first row is distinct and unlike the rows below.
 */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length < 2) return rows.length === 1 && rows[0].every((c) => c.trim() !== "" && !looksTyped(c));
  const [first, ...rest] = rows;
  if (first.some((c) => c.trim() === "") || new Set(first).size !== first.length) return false;
  if (first.some(looksTyped)) return false;
  const body = rest.slice(0, 50);
  const typedColumn = first.some(
    (_, i) => body.filter((r) => r[i] !== undefined && looksTyped(r[i])).length > body.length / 2,
  );
  if (typedColumn) return true;
  // All text: a header's values do not repeat in their column.
  return first.every((c, i) => !body.some((r) => r[i] === c));
}
