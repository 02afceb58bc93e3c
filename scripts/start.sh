#!/usr/bin/env bash
# Starts the whole studio: the local workspace service (unless UPSTREAM=azure) and Next.js on port 3000.
#   npm start          production build, then `next start`
#   npm start -- --dev `next dev` (hot reload)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh

export DATA_DIR="${DATA_DIR:-$PWD/data}"
export PORT="${PORT:-3000}"
export LOCAL_WORKSPACE_PORT="${LOCAL_WORKSPACE_PORT:-7070}"
mkdir -p "$DATA_DIR"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ "${UPSTREAM:-local}" != "azure" ]; then
  echo "==> local workspace service on http://127.0.0.1:$LOCAL_WORKSPACE_PORT (state in $DATA_DIR/local-workspace)"
  npx --no-install tsx local-workspace/main.ts &
  pids+=($!)
fi

if [ "${1:-}" = "--dev" ]; then
  npx --no-install next dev -p "$PORT" &
else
  if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components features lib -newer .next/BUILD_ID -type f -print -quit 2>/dev/null)" ]; then
    echo "==> building the studio"
    npx --no-install next build
  fi
  echo "==> studio on http://localhost:$PORT"
  npx --no-install next start -p "$PORT" &
fi
pids+=($!)
wait -n "${pids[@]}"
