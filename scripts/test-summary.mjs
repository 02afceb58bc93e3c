// Adds up the vitest and Playwright JSON reports into one closing line: "N passed, N failed, N skipped".
// A run that failed without a failing test is counted too and named: a test file that could not load or whose
// hook failed (its own entry in the report), or vitest's non-zero exit with neither (an unhandled error, printed
// by vitest above and absent from its JSON report).
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0,
  failed = 0,
  skipped = 0;
const problems = [];
const file = (f) => path.join(dir, f);
const read = (f) => (fs.existsSync(file(f)) ? JSON.parse(fs.readFileSync(file(f), "utf8")) : null);

const vitest = read("vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  for (const suite of vitest.testResults) {
    const testFailed = suite.assertionResults.some((t) => t.status === "failed");
    if (suite.status === "failed" && !testFailed) {
      failed += 1;
      problems.push(
        `vitest: ${path.relative(process.cwd(), suite.name)} failed outside its tests: ${suite.message || "(no message)"}`,
      );
    }
  }
  if (!vitest.success && vitest.numFailedTests === 0 && !problems.length) {
    failed += 1;
    problems.push(
      `vitest: ${vitest.numFailedTestSuites} suites failed outside their tests (a hook; see its output above)`,
    );
  }
} else {
  failed += 1;
  problems.push("vitest: no report was written");
}
if (fs.existsSync(file("vitest.exit")) && vitest?.success !== false) {
  failed += 1;
  problems.push(
    `vitest exited ${fs.readFileSync(file("vitest.exit"), "utf8").trim()} with every test passed: an unhandled error (see "Unhandled Errors" in its output above)`,
  );
}

for (const f of ["e2e.json", "oidc.json"]) {
  const pw = read(f);
  if (!pw) {
    failed += 1;
    problems.push(`playwright: no report ${f}`);
    continue;
  }
  passed += pw.stats.expected;
  failed += pw.stats.unexpected + pw.stats.flaky;
  skipped += pw.stats.skipped;
  for (const error of pw.errors ?? []) {
    failed += 1;
    problems.push(`playwright (${f}): ${error.message?.split("\n")[0] ?? "error outside a test"}`);
  }
}
for (const problem of problems) console.log(problem);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
