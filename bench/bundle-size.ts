/**
 * The JavaScript a page loads first: the `<script src="/_next/static/…">` tags of its server-rendered HTML
 * (signed in), each fetched from `next start` and gzipped at level 9, summed. Measured for the compute page and a
 * model's version history page (issue 14: each ≤ 300 KB gzip).
 *
 * A `nomodule` script (Next.js's legacy polyfills, ~39 KB gzip) is listed and summed apart: browsers that run ES
 * modules — every browser the studio supports — neither fetch nor run it, so it is not part of the total.
 */
import zlib from "node:zlib";

/** The pages measured, below a workspace: the compute page and the history of a model the seed gives four versions. */
export const BUNDLE_PAGES = ["compute", "models/credit-default-classifier"] as const;
/** Issue 14: what a page loads first, gzipped, at most. */
export const TARGET_FIRST_LOAD_GZIP_BYTES = 300 * 1024;

export interface BundleFigure {
  pagePath: string;
  htmlStatus: number;
  htmlBytes: number;
  htmlGzipBytes: number;
  files: BundleFile[];
  /** The first load: every script except the `nomodule` ones. */
  totalBytes: number;
  totalGzipBytes: number;
  /** The `nomodule` scripts, which only browsers without ES modules fetch. */
  noModuleGzipBytes: number;
}

export interface BundleFile {
  src: string;
  noModule: boolean;
  bytes: number;
  gzipBytes: number;
}

const gz = (b: Buffer) => zlib.gzipSync(b, { level: 9 }).length;
const sum = (files: BundleFile[], size: (f: BundleFile) => number | false) =>
  files.reduce((s, f) => s + (size(f) || 0), 0);
const loaded = (f: BundleFigure) => f.files.filter((x) => !x.noModule);

/**
 * Every `<script … src="…">` whose path is under /_next/static, in document order, without duplicates, and whether
 * it carries `nomodule`.
 */
export function scriptSources(html: string): { src: string; noModule: boolean }[] {
  const out: { src: string; noModule: boolean }[] = [];
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))[^>]*>/gi)) {
    const raw = (m[1] ?? m[2] ?? m[3]).replace(/&amp;/g, "&");
    const pathname = raw.startsWith("http") ? new URL(raw).pathname : raw.split("?")[0];
    if (pathname.includes("/_next/static/") && !out.some((x) => x.src === raw))
      out.push({ src: raw, noModule: /\snomodule\b/i.test(m[0]) });
  }
  return out;
}

export async function benchBundleSize(
  server: { url: string; cookie: string },
  ref: { sub: string; rg: string; ws: string },
  page: (typeof BUNDLE_PAGES)[number],
): Promise<BundleFigure> {
  const pagePath = `/w/${ref.sub}/${ref.rg}/${ref.ws}/${page}`;
  const res = await fetch(server.url + pagePath, {
    headers: { cookie: server.cookie, "accept-encoding": "identity" },
    redirect: "manual",
  });
  const html = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200)
    throw new Error(`GET ${pagePath} answered ${res.status} (location: ${res.headers.get("location") ?? "-"})`);
  const srcs = scriptSources(html.toString("utf8"));
  if (!srcs.length) throw new Error(`GET ${pagePath}: no <script src> under /_next/static in the HTML`);
  const files = await Promise.all(
    srcs.map(async ({ src, noModule }): Promise<BundleFile> => {
      const r = await fetch(new URL(src, server.url), { headers: { "accept-encoding": "identity" } });
      const body = Buffer.from(await r.arrayBuffer());
      if (!r.ok) throw new Error(`GET ${src} answered ${r.status}`);
      return { src, noModule, bytes: body.length, gzipBytes: gz(body) };
    }),
  );
  return {
    pagePath,
    htmlStatus: res.status,
    htmlBytes: html.length,
    htmlGzipBytes: gz(html),
    files,
    totalBytes: sum(files, (f) => !f.noModule && f.bytes),
    totalGzipBytes: sum(files, (f) => !f.noModule && f.gzipBytes),
    noModuleGzipBytes: sum(files, (f) => f.noModule && f.gzipBytes),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Prints each page's total (and with `listFiles` every script, largest first); returns a target per page. */
export function reportBundles(
  figures: BundleFigure[],
  listFiles: boolean,
): { name: string; pass: boolean; detail: string }[] {
  for (const f of figures) {
    const noModule = f.files.length - loaded(f).length;
    console.log(
      `${f.pagePath}: ${loaded(f).length} files, ${kb(f.totalGzipBytes)} gzip (${kb(f.totalBytes)} raw); the HTML itself ${kb(f.htmlGzipBytes)} gzip (${kb(f.htmlBytes)} raw)` +
        (noModule ? `; not counted: ${noModule} nomodule file(s), ${kb(f.noModuleGzipBytes)} gzip` : ""),
    );
    if (listFiles)
      for (const file of [...f.files].sort((a, b) => b.gzipBytes - a.gzipBytes))
        console.log(
          `  ${kb(file.gzipBytes).padStart(10)} gzip ${kb(file.bytes).padStart(10)} raw  ${file.src}${file.noModule ? "  (nomodule, not counted)" : ""}`,
        );
  }
  if (!listFiles) console.log("  (--files lists them)");
  return figures.map((f) => ({
    name: `first-load JavaScript ≤ ${kb(TARGET_FIRST_LOAD_GZIP_BYTES)} gzip, ${f.pagePath.split("/").slice(5).join("/")} page`,
    pass: f.totalGzipBytes <= TARGET_FIRST_LOAD_GZIP_BYTES,
    detail: `${kb(f.totalGzipBytes)} in ${loaded(f).length} files`,
  }));
}
