#!/usr/bin/env bash
# Makes a fresh clone runnable: npm packages (from the lock file) and the generated Prisma clients.
# Sourced by start.sh and test.sh so both commands work on a new machine. Reinstalls only when the lock file's
# content changed (not its mtime: a checkout or merge touches it without changing it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules/next ] || [ "$(cat node_modules/.ml-studio-lock.sha256 2>/dev/null)" != "$lock_sum" ]; then
  echo "==> installing npm packages"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.ml-studio-lock.sha256
fi
models_sum="$(cat prisma/models.prisma scripts/prisma-generate.sh | sha256sum | cut -d' ' -f1)"
if [ ! -f lib/server/db/generated/sqlite/client.ts ] || [ "$(cat lib/server/db/generated/.models.sha256 2>/dev/null)" != "$models_sum" ]; then
  echo "==> generating Prisma clients"
  bash scripts/prisma-generate.sh >/dev/null
  echo "$models_sum" > lib/server/db/generated/.models.sha256
fi
