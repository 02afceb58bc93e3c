#!/usr/bin/env bash
# Makes a fresh clone runnable: npm packages (from the lock file) and the generated Prisma clients.
# Sourced by start.sh and test.sh so both commands work on a new machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing npm packages"
  npm ci --no-audit --no-fund
fi
if [ ! -f lib/server/db/generated/sqlite/client.ts ] || [ prisma/models.prisma -nt lib/server/db/generated/sqlite/client.ts ]; then
  echo "==> generating Prisma clients"
  bash scripts/prisma-generate.sh >/dev/null
fi
