#!/usr/bin/env bash
# Runs every test: lint (ESLint with the boundary checker, Prettier; a failure stops here), unit and integration (vitest; database tests on SQLite and PostgreSQL; the local workspace
# service over HTTP), then e2e in Debian's Chromium (the studio, and MSAL against a local OIDC provider).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
export NEXT_TELEMETRY_DISABLED=1

if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "==> starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"

echo "==> lint: ESLint (with the boundary checker) and Prettier"
npm run --silent lint

results="$(mktemp -d)"
status=0
# Built first: integration tests that start `next start` (network reach, replicas) use this build.
echo "==> building the studio"
npx --no-install next build >"$results/build.log" 2>&1 || { cat "$results/build.log"; exit 1; }

echo "==> unit and integration tests"
# vitest's exit code is kept for the summary: an unhandled error fails the run without failing a test, and its JSON report does not record it.
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || { echo $? >"$results/vitest.exit"; status=1; }


echo "==> e2e: studio"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx --no-install playwright test --reporter=list,json || status=1
echo "==> e2e: MSAL sign-in against a local OpenID Connect provider"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/oidc.json" npx --no-install playwright test -c e2e/oidc/playwright.config.ts --reporter=list,json || status=1

node scripts/test-summary.mjs "$results" || status=1
exit $status
