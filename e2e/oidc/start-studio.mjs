// Starts a studio for the MSAL/OIDC e2e test on its own port with its own env (see playwright.config.ts).
// `next dev` allows one dev server per project directory (.next/dev/lock), and the main e2e harness may run one
// in the repository at the same time, so this runs from a throwaway copy of the sources (node_modules hard-linked).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = process.env.OIDC_E2E_STUDIO_PORT ?? "3100";
const copy = path.join(process.env.OIDC_E2E_DIR ?? "/tmp/mls-oidc-e2e", "studio");
const SKIP = new Set([
  "node_modules",
  ".git",
  ".next",
  "data",
  "test-results",
  "playwright-report",
  "e2e",
  "test",
  "bench",
  "tsconfig.tsbuildinfo",
]);

fs.rmSync(copy, { recursive: true, force: true });
fs.mkdirSync(copy, { recursive: true });
for (const entry of fs.readdirSync(repo)) {
  if (SKIP.has(entry)) continue;
  fs.cpSync(path.join(repo, entry), path.join(copy, entry), { recursive: true });
}
try {
  execFileSync("cp", ["-al", path.join(repo, "node_modules"), path.join(copy, "node_modules")]);
} catch {
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(copy, "node_modules"));
}
console.log(`[oidc-e2e] studio copy at ${copy}; next dev on port ${port}`);
const child = spawn(path.join(copy, "node_modules/.bin/next"), ["dev", "-p", port], {
  cwd: copy,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
child.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => child.kill(sig));
